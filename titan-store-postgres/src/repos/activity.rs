//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::LearnerActivity;
use titan_core::ports::{ActivityRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl ActivityRepository for PgUnitOfWork {
    async fn insert(&mut self, row: &LearnerActivity) -> StoreResult<()> {
        Err(pending("ActivityRepository::insert"))
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        course_id: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<LearnerActivity>> {
        Err(pending("ActivityRepository::of_user"))
    }
}
