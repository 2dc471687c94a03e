use async_trait::async_trait;

use crate::model::LearnerActivity;
use crate::ports::StoreResult;

/// The learner-activity journal (`learner_activity`), append-only.
#[async_trait]
pub trait ActivityRepository: Send {
    /// Appends a row.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert(&mut self, row: &LearnerActivity) -> StoreResult<()>;

    /// The learner's rows (in `course_id` only, when given), newest `occurredAt` first (then id
    /// descending), at most `limit`.
    async fn of_user(
        &mut self,
        user_id: &str,
        course_id: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<LearnerActivity>>;
}
