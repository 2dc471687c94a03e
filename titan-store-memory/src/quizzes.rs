use async_trait::async_trait;
use titan_core::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use titan_core::ports::{QuizRepository, StoreError, StoreResult, constraint};

use crate::table::{Table, key2, sort_order, sort_time};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(Quiz, Question, QuizAttempt, QuestionAnswer);

const QUIZZES_BY_MODULE: usize = 0;
const QUESTIONS_BY_QUIZ: usize = 0;
const ATTEMPTS_BY_USER_QUIZ: usize = 0;
const ATTEMPTS_BY_USER: usize = 1;
const ATTEMPTS_BY_QUIZ: usize = 2;
const ANSWERS_BY_ATTEMPT: usize = 0;
const ANSWERS_BY_QUESTION: usize = 1;

tables! {
    QuizTables {
        quizzes: Table<Quiz> = Table::<Quiz>::new("Quiz")
            .index(|q| Some((q.module_id.clone(), q.id.clone()))),
        questions: Table<Question> = Table::<Question>::new("Question")
            .index(|q| Some((q.quiz_id.clone(), sort_order(q.order)))),
        attempts: Table<QuizAttempt> = Table::<QuizAttempt>::new("QuizAttempt")
            .index(|a| Some((key2(&a.user_id, &a.quiz_id), sort_time(a.started_at))))
            .index(|a| Some((a.user_id.clone(), sort_time(a.started_at))))
            .index(|a| Some((a.quiz_id.clone(), sort_time(a.started_at)))),
        answers: Table<QuestionAnswer> = Table::<QuestionAnswer>::new("QuestionAnswer")
            .unique(constraint::QUESTION_ANSWER_ATTEMPT_QUESTION, |a| {
                Some(key2(&a.attempt_id, &a.question_id))
            })
            .index(|a| Some((a.attempt_id.clone(), a.question_id.clone())))
            .index(|a| Some((a.question_id.clone(), a.attempt_id.clone()))),
    }
}

impl State {
    /// Deletes the module's quizzes with their questions, attempts and answers.
    pub(crate) fn delete_quizzes_of_module(&mut self, module_id: &str) -> StoreResult<()> {
        let quizzes: Vec<String> = self
            .quizzes
            .quizzes
            .by_index(QUIZZES_BY_MODULE, module_id)
            .map(|q| q.id.clone())
            .collect();
        for quiz_id in quizzes {
            self.delete_quiz_cascade(&quiz_id)?;
        }
        Ok(())
    }

    /// Deletes a quiz with its questions, attempts and answers.
    pub(crate) fn delete_quiz_cascade(&mut self, quiz_id: &str) -> StoreResult<()> {
        let t = &mut self.quizzes;
        let questions: Vec<String> = t
            .questions
            .by_index(QUESTIONS_BY_QUIZ, quiz_id)
            .map(|q| q.id.clone())
            .collect();
        let attempts: Vec<String> = t
            .attempts
            .by_index(ATTEMPTS_BY_QUIZ, quiz_id)
            .map(|a| a.id.clone())
            .collect();
        for attempt_id in attempts {
            let answers: Vec<String> = t
                .answers
                .by_index(ANSWERS_BY_ATTEMPT, &attempt_id)
                .map(|a| a.id.clone())
                .collect();
            for id in answers {
                t.answers.delete(&id)?;
            }
            t.attempts.delete(&attempt_id)?;
        }
        for id in questions {
            t.questions.delete(&id)?;
        }
        t.quizzes.delete(quiz_id).map(|_| ())
    }
}

/// Attempts in the repository's order: `startedAt`, then id.
fn chronological(attempts: &mut [QuizAttempt]) {
    attempts.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
}

#[async_trait]
impl QuizRepository for MemoryUnitOfWork {
    async fn quiz(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        Ok(self.state().quizzes.quizzes.get(id).cloned())
    }

    async fn quiz_for_update(&mut self, id: &str) -> StoreResult<Option<Quiz>> {
        // One writer at a time: every read of a read-write unit of work is locked.
        QuizRepository::quiz(self, id).await
    }

    async fn quizzes_of_course(&mut self, course_id: &str) -> StoreResult<Vec<Quiz>> {
        let state = self.state();
        Ok(state
            .catalog
            .modules
            .by_index(0, course_id)
            .flat_map(|m| state.quizzes.quizzes.by_index(QUIZZES_BY_MODULE, &m.id))
            .cloned()
            .collect())
    }

    async fn insert_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        self.state_mut()?.quizzes.quizzes.insert(quiz.clone())
    }

    async fn update_quiz(&mut self, quiz: &Quiz) -> StoreResult<()> {
        self.state_mut()?.quizzes.quizzes.update(quiz.clone())
    }

    async fn delete_quiz(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.delete_quiz_cascade(id)
    }

    async fn question(&mut self, id: &str) -> StoreResult<Option<Question>> {
        Ok(self.state().quizzes.questions.get(id).cloned())
    }

    async fn questions_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<Question>> {
        Ok(self
            .state()
            .quizzes
            .questions
            .by_index(QUESTIONS_BY_QUIZ, quiz_id)
            .cloned()
            .collect())
    }

    async fn insert_question(&mut self, question: &Question) -> StoreResult<()> {
        self.state_mut()?.quizzes.questions.insert(question.clone())
    }

    async fn update_question(&mut self, question: &Question) -> StoreResult<()> {
        self.state_mut()?.quizzes.questions.update(question.clone())
    }

    async fn delete_question(&mut self, id: &str) -> StoreResult<()> {
        let t = &mut self.state_mut()?.quizzes;
        if t.questions.get(id).is_none() {
            return Err(StoreError::NotFound {
                entity: "Question",
                id: id.to_owned(),
            });
        }
        let answers: Vec<String> = t
            .answers
            .by_index(ANSWERS_BY_QUESTION, id)
            .map(|a| a.id.clone())
            .collect();
        for answer in answers {
            t.answers.delete(&answer)?;
        }
        t.questions.delete(id).map(|_| ())
    }

    async fn attempt(&mut self, id: &str) -> StoreResult<Option<QuizAttempt>> {
        Ok(self.state().quizzes.attempts.get(id).cloned())
    }

    async fn attempts_of_user_in_quizzes(
        &mut self,
        user_id: &str,
        quiz_ids: &[String],
    ) -> StoreResult<Vec<QuizAttempt>> {
        let attempts = &self.state().quizzes.attempts;
        let mut out: Vec<QuizAttempt> = quiz_ids
            .iter()
            .flat_map(|q| attempts.by_index(ATTEMPTS_BY_USER_QUIZ, &key2(user_id, q)))
            .cloned()
            .collect();
        chronological(&mut out);
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    async fn attempts_of_user(&mut self, user_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        Ok(self
            .state()
            .quizzes
            .attempts
            .by_index(ATTEMPTS_BY_USER, user_id)
            .cloned()
            .collect())
    }

    async fn attempts_of_quiz(&mut self, quiz_id: &str) -> StoreResult<Vec<QuizAttempt>> {
        Ok(self
            .state()
            .quizzes
            .attempts
            .by_index(ATTEMPTS_BY_QUIZ, quiz_id)
            .cloned()
            .collect())
    }

    async fn insert_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        self.state_mut()?.quizzes.attempts.insert(attempt.clone())
    }

    async fn update_attempt(&mut self, attempt: &QuizAttempt) -> StoreResult<()> {
        self.state_mut()?.quizzes.attempts.update(attempt.clone())
    }

    async fn answers_of_attempt(&mut self, attempt_id: &str) -> StoreResult<Vec<QuestionAnswer>> {
        Ok(self
            .state()
            .quizzes
            .answers
            .by_index(ANSWERS_BY_ATTEMPT, attempt_id)
            .cloned()
            .collect())
    }

    async fn answers_of_attempts(
        &mut self,
        attempt_ids: &[String],
    ) -> StoreResult<Vec<QuestionAnswer>> {
        let mut ids: Vec<&String> = attempt_ids.iter().collect();
        ids.sort();
        ids.dedup();
        let answers = &self.state().quizzes.answers;
        Ok(ids
            .into_iter()
            .flat_map(|id| answers.by_index(ANSWERS_BY_ATTEMPT, id))
            .cloned()
            .collect())
    }

    async fn insert_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        self.state_mut()?.quizzes.answers.insert(answer.clone())
    }

    async fn update_answer(&mut self, answer: &QuestionAnswer) -> StoreResult<()> {
        self.state_mut()?.quizzes.answers.update(answer.clone())
    }

    async fn delete_answer(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.quizzes.answers.delete(id).map(|_| ())
    }
}
