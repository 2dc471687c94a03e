use async_trait::async_trait;

use crate::model::Progress;
use crate::ports::{LessonRef, StoreResult};

/// A lesson of a course and whether one learner has completed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonDone {
    /// The lesson's id and duration.
    pub lesson: LessonRef,
    /// Whether the learner's progress row for it is completed.
    pub completed: bool,
}

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

    /// Every lesson of the course, in course order (module `order`, then lesson `order`, ids
    /// breaking ties, as [`lesson_refs_of_course`](crate::ports::CatalogRepository::lesson_refs_of_course)),
    /// with whether the learner completed it: what a learner's standing needs, in one read.
    async fn lessons_done_in_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Vec<LessonDone>>;

    /// How many lessons the learner has completed, over every course.
    async fn completed_count(&mut self, user_id: &str) -> StoreResult<u64>;

    /// Adds a row.
    ///
    /// # Errors
    /// `Conflict` on [`PROGRESS_USER_LESSON`](crate::ports::constraint::PROGRESS_USER_LESSON) or
    /// the primary key.
    async fn insert(&mut self, progress: &Progress) -> StoreResult<()>;

    /// Adds a row unless the learner already has one for the lesson; returns whether it was
    /// added.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_if_absent(&mut self, progress: &Progress) -> StoreResult<bool>;

    /// Replaces a row.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, progress: &Progress) -> StoreResult<()>;
}
