//! Quizzes: authoring, taking (start/resume, sheet, save, submit), deadlines, outcomes (scores,
//! points, completion, reviews, results), essay grading and regrades, and parallel starts
//! against `maxAttempts`.

mod attempts;
mod authoring;
mod deadline;
mod grading;
mod outcomes;

pub use attempts::*;
pub use authoring::*;
pub use deadline::*;
pub use grading::*;
pub use outcomes::*;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rust_decimal::Decimal;

use crate::app::{Actor, QuestionInput, QuizInput, Titan};
use crate::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use crate::policy::Policy;
use crate::ports::system::{Argon2Passwords, DefaultIds};
use crate::ports::{EssayGrader, EssayGradingRequest, GraderError, Store};
use crate::rules::quiz::EssayGrade;

use super::fixture::{CourseFixture, Fixture};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_quiz {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            quiz,
            [
                quizzes_are_validated_and_only_editors_author_them,
                question_options_and_points_are_validated,
                questions_keep_a_dense_order_and_spread_points,
                a_linked_quiz_cannot_be_deleted_and_deleting_cascades,
                an_edit_that_orphans_a_submitted_selection_is_refused,
                taking_a_quiz_needs_an_enrolment_and_a_question,
                an_open_attempt_is_resumed_and_every_start_counts,
                the_sheet_is_shuffled_per_attempt_and_hides_the_key,
                answers_are_saved_in_original_indices_and_checked,
                a_submitted_attempt_is_closed_for_good,
                parallel_starts_open_one_attempt,
                parallel_starts_and_submits_never_exceed_max_attempts,
                a_late_submit_within_the_grace_counts_in_full,
                past_the_grace_only_answers_saved_by_the_deadline_count,
                the_reject_policy_refuses_late_submissions,
                an_expired_attempt_is_closed_on_the_next_start,
                the_score_denominator_differs_under_legacy,
                quiz_pass_pays_once_per_quiz_unless_legacy,
                passing_the_post_test_completes_the_course_with_a_certificate,
                passing_completes_the_linked_quiz_lesson,
                the_review_hides_post_test_answers_while_attempts_remain,
                results_and_learning_gain,
                an_essay_waits_for_a_person,
                the_essay_grader_grades_after_the_submission_commits,
                a_grader_failure_leaves_the_essay_pending,
                a_regrade_previews_then_applies_and_pays_new_passes_once,
            ]
        );
    };
}

/// A published course with one TEXT lesson, a quiz in its module and that quiz's questions.
#[derive(Debug, Clone)]
pub struct QuizWorld {
    pub fx: Fixture,
    pub teacher: Actor,
    pub course: CourseFixture,
    pub quiz: Quiz,
    pub questions: Vec<Question>,
}

impl QuizWorld {
    /// A world with the recommended policy.
    pub async fn new(store: Arc<dyn Store>, quiz: QuizInput, questions: &[QuestionInput]) -> Self {
        Self::with_policy(store, Policy::recommended(), quiz, questions).await
    }

    /// A world under `policy`.
    pub async fn with_policy(
        store: Arc<dyn Store>,
        policy: Policy,
        quiz: QuizInput,
        questions: &[QuestionInput],
    ) -> Self {
        let fx = Fixture::with_policy(store, policy).await;
        let teacher = fx.instructor("guru").await;
        let course = fx.course(&teacher, "Etika ASN").await;
        let quiz = fx
            .titan
            .create_quiz(&teacher, &course.module.id, &quiz)
            .await
            .expect("create quiz");
        let mut made = Vec::new();
        for q in questions {
            made.push(
                fx.titan
                    .create_question(&teacher, &quiz.id, q)
                    .await
                    .expect("create question"),
            );
        }
        Self {
            fx,
            teacher,
            course,
            quiz,
            questions: made,
        }
    }

    /// A new learner enrolled in the course.
    pub async fn learner(&self, name: &str) -> Actor {
        let learner = self.fx.learner(name).await;
        self.fx
            .titan
            .enrol(&learner, &self.course.course.id, None)
            .await
            .expect("enrol");
        learner
    }

    /// The id of question `i` (0-based, creation order).
    pub fn q(&self, i: usize) -> String {
        self.questions[i].id.clone()
    }

    /// The store under test.
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.fx.store)
    }

    /// Another engine over the same store and clock, with an essay grader.
    pub fn engine_with_grader(&self, grader: Arc<dyn EssayGrader>) -> Titan {
        Titan::builder(self.store())
            .policy(self.fx.titan.policy().clone())
            .clock(self.fx.clock.clone())
            .ids(Arc::new(DefaultIds::default()))
            .passwords(Arc::new(
                Argon2Passwords::with_cost(8, 1).expect("argon2 accepts its minimum cost"),
            ))
            .essay_grader(grader)
            .build()
            .expect("the policy is valid")
    }
}

/// `n` TRUE_FALSE questions whose answer is "Benar" (index 0), 1 point each.
#[must_use]
pub fn true_statements(n: usize) -> Vec<QuestionInput> {
    (1..=n)
        .map(|i| QuestionInput::true_false(format!("Pernyataan {i} benar?"), true))
        .collect()
}

/// The user id behind `actor`.
#[must_use]
pub fn id_of(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        _ => String::new(),
    }
}

/// A decimal from text.
#[must_use]
pub fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// The learner's attempts at the quiz, as stored.
pub async fn stored_attempts(
    store: &Arc<dyn Store>,
    user_id: &str,
    quiz_id: &str,
) -> Vec<QuizAttempt> {
    let mut uow = store.begin_read().await.unwrap();
    uow.quizzes()
        .attempts_of_user_in_quizzes(user_id, &[quiz_id.to_owned()])
        .await
        .unwrap()
}

/// The attempt's answers, as stored.
pub async fn stored_answers(store: &Arc<dyn Store>, attempt_id: &str) -> Vec<QuestionAnswer> {
    let mut uow = store.begin_read().await.unwrap();
    uow.quizzes().answers_of_attempt(attempt_id).await.unwrap()
}

/// Whether an event with this idempotency key reached the outbox.
pub async fn recorded(store: &Arc<dyn Store>, key: &str) -> bool {
    let mut uow = store.begin_read().await.unwrap();
    uow.outbox()
        .by_idempotency_key(key)
        .await
        .unwrap()
        .is_some()
}

/// The source keys of the learner's points ledger.
pub async fn ledger_keys(store: &Arc<dyn Store>, user_id: &str) -> Vec<String> {
    let mut uow = store.begin_read().await.unwrap();
    uow.gamification()
        .ledger_of_user(user_id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.source_key)
        .collect()
}

/// An essay grader that answers from a script (then fails) and notes, on every call, whether
/// the watched attempt was already visible as submitted to a fresh read: proof that the grader
/// runs after the submission committed, outside any unit of work.
#[derive(Debug)]
pub struct ScriptedGrader {
    store: Arc<dyn Store>,
    answers: Mutex<Vec<Result<EssayGrade, GraderError>>>,
    watched: Mutex<Option<String>>,
    seen_submitted: Mutex<Vec<bool>>,
}

impl ScriptedGrader {
    /// A grader giving `answers` in order, then failing.
    #[must_use]
    pub fn new(store: Arc<dyn Store>, answers: Vec<Result<EssayGrade, GraderError>>) -> Self {
        let mut answers = answers;
        answers.reverse();
        Self {
            store,
            answers: Mutex::new(answers),
            watched: Mutex::new(None),
            seen_submitted: Mutex::new(Vec::new()),
        }
    }

    /// Watch this attempt.
    pub fn watch(&self, attempt_id: &str) {
        *self.watched.lock().unwrap() = Some(attempt_id.to_owned());
    }

    /// For each call, whether the watched attempt was committed as submitted.
    #[must_use]
    pub fn calls(&self) -> Vec<bool> {
        self.seen_submitted.lock().unwrap().clone()
    }
}

#[async_trait]
impl EssayGrader for ScriptedGrader {
    async fn grade(&self, _request: &EssayGradingRequest) -> Result<EssayGrade, GraderError> {
        let watched = self.watched.lock().unwrap().clone();
        let mut submitted = false;
        if let Some(id) = watched {
            let mut uow = self.store.begin_read().await.unwrap();
            submitted = uow
                .quizzes()
                .attempt(&id)
                .await
                .unwrap()
                .is_some_and(|a| a.submitted_at.is_some());
        }
        self.seen_submitted.lock().unwrap().push(submitted);
        self.answers
            .lock()
            .unwrap()
            .pop()
            .unwrap_or(Err(GraderError {
                reason: "script used up".into(),
            }))
    }
}
