//! Time limits: the grace period, auto-submission, the reject policy, expired attempts.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{AnswerInput, QuizInput};
use crate::assert_code;
use crate::model::QuizType;
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::quiz::LateSubmission;

use super::{QuizWorld, dec, id_of, stored_answers, stored_attempts, true_statements};

fn timed(max_attempts: Option<i32>) -> QuizInput {
    let mut input = QuizInput::new("Post-test", QuizType::PostTest);
    input.time_limit = Some(10);
    input.max_attempts = max_attempts;
    input
}

pub async fn a_late_submit_within_the_grace_counts_in_full(store: Arc<dyn Store>) {
    let w = QuizWorld::new(store, timed(None), &true_statements(2)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let deadline = started.deadline.unwrap();
    t.save_answers(
        &learner,
        &started.attempt.id,
        &[AnswerInput::selected(w.q(0), &[0])],
    )
    .await
    .unwrap();
    w.fx.clock.set(deadline + Duration::seconds(30));
    let result = t
        .submit_attempt(
            &learner,
            &started.attempt.id,
            &[AnswerInput::selected(w.q(1), &[0])],
        )
        .await
        .unwrap();
    assert!(result.late && !result.auto_submitted);
    assert_eq!(result.attempt.score, Some(dec("100")), "both answers count");
    assert_eq!(result.attempt.submitted_at, Some(w.fx.clock.now()));
}

pub async fn past_the_grace_only_answers_saved_by_the_deadline_count(store: Arc<dyn Store>) {
    let w = QuizWorld::new(store, timed(None), &true_statements(4)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let (attempt, deadline) = (started.attempt.id.clone(), started.deadline.unwrap());
    w.fx.clock.advance(Duration::minutes(5));
    t.save_answers(&learner, &attempt, &[AnswerInput::selected(w.q(0), &[0])])
        .await
        .unwrap();
    // Within the grace a save is taken, but it was not made by the deadline.
    w.fx.clock.set(deadline + Duration::seconds(20));
    t.save_answers(&learner, &attempt, &[AnswerInput::selected(w.q(1), &[0])])
        .await
        .unwrap();
    w.fx.clock.set(deadline + Duration::minutes(2));
    assert_code!(
        t.save_answers(&learner, &attempt, &[AnswerInput::selected(w.q(2), &[0])])
            .await,
        "QUIZ_DEADLINE_PASSED"
    );
    let result = t
        .submit_attempt(&learner, &attempt, &[AnswerInput::selected(w.q(3), &[0])])
        .await
        .unwrap();
    assert!(result.late && result.auto_submitted);
    assert_eq!(
        result.attempt.submitted_at,
        Some(deadline),
        "closed at the deadline"
    );
    assert_eq!(
        result.attempt.score,
        Some(dec("25")),
        "only the answer saved in time"
    );
    assert_eq!(result.discarded_question_ids, vec![w.q(1)]);
    let answers = stored_answers(&w.store(), &attempt).await;
    assert_eq!(
        answers
            .iter()
            .map(|a| a.question_id.clone())
            .collect::<Vec<_>>(),
        vec![w.q(0)],
        "what did not count is not kept"
    );
}

pub async fn the_reject_policy_refuses_late_submissions(store: Arc<dyn Store>) {
    let mut policy = Policy::recommended();
    policy.quiz.late_submission = LateSubmission::Reject;
    let w = QuizWorld::with_policy(store, policy, timed(Some(2)), &true_statements(2)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let started = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let (attempt, deadline) = (started.attempt.id.clone(), started.deadline.unwrap());
    t.save_answers(&learner, &attempt, &[AnswerInput::selected(w.q(0), &[0])])
        .await
        .unwrap();
    w.fx.clock.set(deadline + Duration::seconds(61));
    assert_code!(
        t.submit_attempt(&learner, &attempt, &[AnswerInput::selected(w.q(1), &[0])])
            .await,
        "QUIZ_DEADLINE_PASSED"
    );
    assert_code!(
        t.save_answers(&learner, &attempt, &[AnswerInput::selected(w.q(1), &[0])])
            .await,
        "QUIZ_DEADLINE_PASSED"
    );
    let stored = stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id).await;
    assert_eq!(
        stored,
        vec![started.attempt.clone()],
        "the refusal changed nothing"
    );
    assert_eq!(stored_answers(&w.store(), &attempt).await.len(), 1);

    // The next start closes it ungraded-as-zero and opens the second (last) attempt.
    let next = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let closed = next.closed_attempt.unwrap();
    assert_eq!(closed.id, attempt);
    assert_eq!(
        (closed.score, closed.is_passed),
        (Some(dec("0")), Some(false))
    );
    assert_eq!(closed.submitted_at, Some(deadline));
    assert!(stored_answers(&w.store(), &attempt).await.is_empty());
    assert_eq!((next.resumed, next.attempt_number), (false, 2));
}

pub async fn an_expired_attempt_is_closed_on_the_next_start(store: Arc<dyn Store>) {
    let w = QuizWorld::new(store, timed(Some(2)), &true_statements(4)).await;
    let t = &w.fx.titan;
    let learner = w.learner("budi").await;
    let first = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    t.save_answers(
        &learner,
        &first.attempt.id,
        &[AnswerInput::selected(w.q(0), &[0])],
    )
    .await
    .unwrap();
    // Still within the grace: resumed.
    w.fx.clock
        .advance(Duration::minutes(10) + Duration::seconds(59));
    let resumed = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    assert!(resumed.resumed && resumed.closed_attempt.is_none());
    w.fx.clock.advance(Duration::minutes(20));
    let second = t.start_attempt(&learner, &w.quiz.id).await.unwrap();
    let closed = second.closed_attempt.clone().unwrap();
    assert_eq!(closed.id, first.attempt.id);
    assert_eq!(
        closed.score,
        Some(dec("25")),
        "scored on what was saved in time"
    );
    assert_eq!(closed.submitted_at, first.deadline);
    assert_eq!((second.resumed, second.attempt_number), (false, 2));
    assert!(
        super::recorded(
            &w.store(),
            &format!(
                "quiz_fail:{}:{}:{}",
                id_of(&learner),
                w.quiz.id,
                first.attempt.id
            )
        )
        .await
    );

    // The last attempt expires too: the next start closes it, then the limit refuses.
    w.fx.clock.advance(Duration::hours(1));
    assert_code!(
        t.start_attempt(&learner, &w.quiz.id).await,
        "QUIZ_MAX_ATTEMPTS"
    );
    let stored = stored_attempts(&w.store(), &id_of(&learner), &w.quiz.id).await;
    assert_eq!(stored.len(), 2);
    assert!(
        stored
            .iter()
            .all(|a| a.submitted_at.is_some() && a.score.is_some()),
        "the closing stands"
    );
}
