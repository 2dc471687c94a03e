//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::{YtCurationCandidate, YtCurationSession};
use titan_core::ports::{CurationRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl CurationRepository for PgUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        Err(pending("CurationRepository::session"))
    }

    async fn session_for_update(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        Err(pending("CurationRepository::session_for_update"))
    }

    async fn sessions_created_by(&mut self, user_id: &str) -> StoreResult<Vec<YtCurationSession>> {
        Err(pending("CurationRepository::sessions_created_by"))
    }

    async fn insert_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        Err(pending("CurationRepository::insert_session"))
    }

    async fn update_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        Err(pending("CurationRepository::update_session"))
    }

    async fn candidate(&mut self, id: &str) -> StoreResult<Option<YtCurationCandidate>> {
        Err(pending("CurationRepository::candidate"))
    }

    async fn candidate_by_video(
        &mut self,
        session_id: &str,
        video_id: &str,
    ) -> StoreResult<Option<YtCurationCandidate>> {
        Err(pending("CurationRepository::candidate_by_video"))
    }

    async fn candidates_of_session(
        &mut self,
        session_id: &str,
    ) -> StoreResult<Vec<YtCurationCandidate>> {
        Err(pending("CurationRepository::candidates_of_session"))
    }

    async fn insert_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        Err(pending("CurationRepository::insert_candidate"))
    }

    async fn update_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        Err(pending("CurationRepository::update_candidate"))
    }
}
