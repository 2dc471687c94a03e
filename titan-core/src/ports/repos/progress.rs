use async_trait::async_trait;

use crate::model::Progress;
use crate::ports::StoreResult;

/// Lesson progress rows, one per (user, lesson).
#[async_trait]
pub trait ProgressRepository: Send {
    /// The learner's row for the lesson.
    async fn get(&mut self, user_id: &str, lesson_id: &str) -> StoreResult<Option<Progress>>;

    /// The learner's rows for these lessons (those that exist), by lesson id.
    async fn of_user_in_lessons(
        &mut self,
        user_id: &str,
        lesson_ids: &[String],
    ) -> StoreResult<Vec<Progress>>;

    /// How many lessons the learner has completed, over every course.
    async fn completed_count(&mut self, user_id: &str) -> StoreResult<u64>;

    /// Adds a row.
    ///
    /// # Errors
    /// `Conflict` on [`PROGRESS_USER_LESSON`](crate::ports::constraint::PROGRESS_USER_LESSON) or
    /// the primary key.
    async fn insert(&mut self, progress: &Progress) -> StoreResult<()>;

    /// Replaces a row.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, progress: &Progress) -> StoreResult<()>;
}
