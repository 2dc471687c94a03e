use async_trait::async_trait;

use crate::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use crate::ports::StoreResult;

/// Quizzes, questions, attempts and answers.
///
/// Writers of a learner's attempts and answers hold that learner's enrolment lock
/// ([`EnrollmentRepository::get_for_update`](crate::ports::EnrollmentRepository::get_for_update))
/// first, so attempt reads after it need no lock of their own; editors lock the quiz
/// ([`QuizRepository::quiz_for_update`]) before renumbering or rewriting its questions.
#[async_trait]
pub trait QuizRepository: Send {
    /// The quiz with `id`.
    async fn quiz(&mut self, id: &str) -> StoreResult<Option<Quiz>>;

    /// The quiz with `id`, locked until the unit of work ends (question edits of one quiz apply
    /// one after the other, so their dense `order` holds).
    async fn quiz_for_update(&mut self, id: &str) -> StoreResult<Option<Quiz>>;

    /// Every quiz of the course's modules, by module `order`, then quiz id.
    async fn quizzes_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Quiz>>;

    /// Adds a quiz.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_quiz(&mut self, quiz: &Quiz) -> StoreResult<()>;

    /// Replaces a quiz.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_quiz(&mut self, quiz: &Quiz) -> StoreResult<()>;

    /// Deletes a quiz with its questions, attempts and answers (the seed's cascades).
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_quiz(&mut self, id: &str) -> StoreResult<()>;

    /// The question with `id`.
    async fn question(&mut self, id: &str) -> StoreResult<Option<Question>>;

    /// The quiz's questions, by `order`, then id.
    async fn questions_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<Question>>;

    /// Adds a question.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_question(&mut self, question: &Question) -> StoreResult<()>;

    /// Replaces a question.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_question(&mut self, question: &Question) -> StoreResult<()>;

    /// Deletes a question with its answers (the seed's cascade).
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_question(&mut self, id: &str) -> StoreResult<()>;

    /// The attempt with `id`.
    async fn attempt(&mut self, id: &str) -> StoreResult<Option<QuizAttempt>>;

    /// The learner's attempts at these quizzes, by `startedAt` then id.
    async fn attempts_of_user_in_quizzes(
        &mut self,
        user_id: &str,
        quiz_ids: &[String],
    ) -> StoreResult<Vec<QuizAttempt>>;

    /// Every attempt of the learner, by `startedAt` then id.
    async fn attempts_of_user(&mut self, user_id: &str) -> StoreResult<Vec<QuizAttempt>>;

    /// Every attempt at the quiz, of every learner, by `startedAt` then id (editors' work:
    /// regrades and the grading queue, off the learners' hot path).
    async fn attempts_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<QuizAttempt>>;

    /// Adds an attempt.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()>;

    /// Replaces an attempt.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()>;

    /// The attempt's answers, by question id.
    async fn answers_of_attempt(&mut self, attempt_id: &str) -> StoreResult<Vec<QuestionAnswer>>;

    /// The answers of these attempts, by attempt id, then question id.
    async fn answers_of_attempts(
        &mut self,
        attempt_ids: &[String],
    ) -> StoreResult<Vec<QuestionAnswer>>;

    /// Adds an answer.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`QUESTION_ANSWER_ATTEMPT_QUESTION`](crate::ports::constraint::QUESTION_ANSWER_ATTEMPT_QUESTION)
    /// (one answer per attempt and question) or the primary key.
    async fn insert_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()>;

    /// Replaces an answer.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` as [`QuizRepository::insert_answer`].
    async fn update_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()>;

    /// Deletes an answer.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_answer(&mut self, id: &str) -> StoreResult<()>;
}
