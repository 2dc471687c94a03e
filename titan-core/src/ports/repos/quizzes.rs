use async_trait::async_trait;

use crate::model::{Quiz, QuizAttempt};
use crate::ports::StoreResult;

/// Quizzes, questions, attempts and answers.
#[async_trait]
pub trait QuizRepository: Send {
    /// The quiz with `id`.
    async fn quiz(&mut self, id: &str) -> StoreResult<Option<Quiz>>;

    /// Every quiz of the course's modules, by module `order`, then quiz id.
    async fn quizzes_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Quiz>>;

    /// The learner's attempts at these quizzes, by `startedAt` then id.
    async fn attempts_of_user_in_quizzes(
        &mut self,
        user_id: &str,
        quiz_ids: &[String],
    ) -> StoreResult<Vec<QuizAttempt>>;

    /// Every attempt of the learner, by `startedAt` then id.
    async fn attempts_of_user(&mut self, user_id: &str) -> StoreResult<Vec<QuizAttempt>>;
}
