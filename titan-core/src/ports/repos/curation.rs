use async_trait::async_trait;

use crate::model::{YtCurationCandidate, YtCurationSession};
use crate::ports::StoreResult;

/// Video curation sessions and their scored candidates.
#[async_trait]
pub trait CurationRepository: Send {
    /// The curation session with `id`.
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>>;

    /// The curation session with `id`, locked until the unit of work ends. Every change to a
    /// session or its candidates (ingest, selection, assembly, transitions, finalisation) takes
    /// this lock first, so they apply one after the other and a session is finalised once.
    async fn session_for_update(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>>;

    /// The sessions started by `user_id` (Titan's `createdBy`), by `createdAt` then id.
    async fn sessions_created_by(&mut self, user_id: &str) -> StoreResult<Vec<YtCurationSession>>;

    /// Adds a session.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`CURATION_SESSION_UUID`](crate::ports::constraint::CURATION_SESSION_UUID) or the
    /// primary key.
    async fn insert_session(&mut self, session: &YtCurationSession) -> StoreResult<()>;

    /// Replaces a session.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on the session uuid.
    async fn update_session(&mut self, session: &YtCurationSession) -> StoreResult<()>;

    /// The candidate with `id`.
    async fn candidate(&mut self, id: &str) -> StoreResult<Option<YtCurationCandidate>>;

    /// The session's candidate for `video_id` (the `(sessionId, videoId)` unique key).
    async fn candidate_by_video(
        &mut self,
        session_id: &str,
        video_id: &str,
    ) -> StoreResult<Option<YtCurationCandidate>>;

    /// The session's candidates, by id. Titan's ids are UUIDv7, so this is the order they were
    /// first ingested in (the order the search returned them); the playlist keeps it.
    async fn candidates_of_session(
        &mut self,
        session_id: &str,
    ) -> StoreResult<Vec<YtCurationCandidate>>;

    /// Adds a candidate.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`CURATION_CANDIDATE_VIDEO`](crate::ports::constraint::CURATION_CANDIDATE_VIDEO) or the
    /// primary key.
    async fn insert_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()>;

    /// Replaces a candidate.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on the `(sessionId, videoId)` key.
    async fn update_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()>;
}
