//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use titan_core::ports::{QuizRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl QuizRepository for PgUnitOfWork {
    async fn quiz(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        Err(pending("QuizRepository::quiz"))
    }

    async fn quiz_for_update(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        Err(pending("QuizRepository::quiz_for_update"))
    }

    async fn quizzes_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Quiz>> {
        Err(pending("QuizRepository::quizzes_of_course"))
    }

    async fn insert_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        Err(pending("QuizRepository::insert_quiz"))
    }

    async fn update_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        Err(pending("QuizRepository::update_quiz"))
    }

    async fn delete_quiz(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("QuizRepository::delete_quiz"))
    }

    async fn question(&mut self, id: &str) -> StoreResult<Option<Question>> {
        Err(pending("QuizRepository::question"))
    }

    async fn questions_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<Question>> {
        Err(pending("QuizRepository::questions_of_quiz"))
    }

    async fn insert_question(&mut self, question: &Question) -> StoreResult<()> {
        Err(pending("QuizRepository::insert_question"))
    }

    async fn update_question(&mut self, question: &Question) -> StoreResult<()> {
        Err(pending("QuizRepository::update_question"))
    }

    async fn delete_question(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("QuizRepository::delete_question"))
    }

    async fn attempt(&mut self, id: &str) -> StoreResult<Option<QuizAttempt>> {
        Err(pending("QuizRepository::attempt"))
    }

    async fn attempts_of_user_in_quizzes(
        &mut self,
        user_id: &str,
        quiz_ids: &[String],
    ) -> StoreResult<Vec<QuizAttempt>> {
        Err(pending("QuizRepository::attempts_of_user_in_quizzes"))
    }

    async fn attempts_of_user(&mut self, user_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        Err(pending("QuizRepository::attempts_of_user"))
    }

    async fn attempts_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        Err(pending("QuizRepository::attempts_of_quiz"))
    }

    async fn insert_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        Err(pending("QuizRepository::insert_attempt"))
    }

    async fn update_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        Err(pending("QuizRepository::update_attempt"))
    }

    async fn answers_of_attempt(&mut self, attempt_id: &str) -> StoreResult<Vec<QuestionAnswer>> {
        Err(pending("QuizRepository::answers_of_attempt"))
    }

    async fn answers_of_attempts(
        &mut self,
        attempt_ids: &[String],
    ) -> StoreResult<Vec<QuestionAnswer>> {
        Err(pending("QuizRepository::answers_of_attempts"))
    }

    async fn insert_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        Err(pending("QuizRepository::insert_answer"))
    }

    async fn update_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        Err(pending("QuizRepository::update_answer"))
    }

    async fn delete_answer(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("QuizRepository::delete_answer"))
    }
}
