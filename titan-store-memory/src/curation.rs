use async_trait::async_trait;
use titan_core::model::{YtCurationCandidate, YtCurationSession};
use titan_core::ports::{CurationRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(YtCurationSession, YtCurationCandidate);

const SESSIONS_BY_CREATOR: usize = 0;
const CANDIDATE_BY_VIDEO: usize = 0;
const CANDIDATES_BY_SESSION: usize = 0;

tables! {
    CurationTables {
        sessions: Table<YtCurationSession> = Table::<YtCurationSession>::new("yt_curation_sessions")
            .unique(constraint::CURATION_SESSION_UUID, |s| Some(s.session_uuid.clone()))
            .index(|s| {
                // NULL `createdAt` sorts first, as `NULLS FIRST` would.
                let at = s.created_at.map(sort_time).unwrap_or_default();
                s.created_by.clone().map(|by| (by, at))
            }),
        candidates: Table<YtCurationCandidate> = Table::<YtCurationCandidate>::new("yt_curation_candidates")
            .unique(constraint::CURATION_CANDIDATE_VIDEO, |c| Some(key2(&c.session_id, &c.video_id)))
            // Sorted by id alone (the index orders by sort key, then id).
            .index(|c| Some((c.session_id.clone(), String::new()))),
    }
}

#[async_trait]
impl CurationRepository for MemoryUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        Ok(self.state().curation.sessions.get(id).cloned())
    }

    async fn session_for_update(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        // One writer at a time: every read of a read-write unit of work is locked.
        CurationRepository::session(self, id).await
    }

    async fn sessions_created_by(&mut self, user_id: &str) -> StoreResult<Vec<YtCurationSession>> {
        Ok(self
            .state()
            .curation
            .sessions
            .by_index(SESSIONS_BY_CREATOR, user_id)
            .cloned()
            .collect())
    }

    async fn insert_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        self.state_mut()?.curation.sessions.insert(session.clone())
    }

    async fn update_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        self.state_mut()?.curation.sessions.update(session.clone())
    }

    async fn candidate(&mut self, id: &str) -> StoreResult<Option<YtCurationCandidate>> {
        Ok(self.state().curation.candidates.get(id).cloned())
    }

    async fn candidate_by_video(
        &mut self,
        session_id: &str,
        video_id: &str,
    ) -> StoreResult<Option<YtCurationCandidate>> {
        Ok(self
            .state()
            .curation
            .candidates
            .by_unique(CANDIDATE_BY_VIDEO, &key2(session_id, video_id))
            .cloned())
    }

    async fn candidates_of_session(
        &mut self,
        session_id: &str,
    ) -> StoreResult<Vec<YtCurationCandidate>> {
        Ok(self
            .state()
            .curation
            .candidates
            .by_index(CANDIDATES_BY_SESSION, session_id)
            .cloned()
            .collect())
    }

    async fn insert_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        self.state_mut()?
            .curation
            .candidates
            .insert(candidate.clone())
    }

    async fn update_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        self.state_mut()?
            .curation
            .candidates
            .update(candidate.clone())
    }
}
