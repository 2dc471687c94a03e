#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal_macros::dec;
use serde_json::json;

use super::*;
use crate::rules::quiz::test_support::*;

fn limited(max: Option<i32>, minutes: Option<i32>) -> Quiz {
    let mut q = quiz();
    q.max_attempts = max;
    q.time_limit = minutes;
    q
}

#[test]
fn unlimited_attempts_always_start() {
    let attempts: Vec<_> = (0..5)
        .map(|i| graded(&format!("a{i}"), at(i, 0), 10))
        .collect();
    assert_eq!(
        admit_attempt(
            &limited(None, None),
            &attempts,
            at(30, 0),
            &QuizPolicy::default()
        ),
        Ok(AttemptAdmission::Start { attempt_number: 6 })
    );
    assert_eq!(
        admit_attempt(
            &limited(Some(0), None),
            &attempts,
            at(30, 0),
            &QuizPolicy::default()
        ),
        Ok(AttemptAdmission::Start { attempt_number: 6 })
    );
}

#[test]
fn every_started_attempt_counts_toward_the_limit() {
    let attempts = [graded("a1", at(0, 0), 40), graded("a2", at(5, 0), 50)];
    assert_eq!(
        admit_attempt(
            &limited(Some(2), None),
            &attempts,
            at(30, 0),
            &QuizPolicy::default()
        ),
        Err(QuizError::MaxAttempts { limit: 2, used: 2 })
    );
    // Attempts of other quizzes do not count.
    let mut other = graded("x", at(0, 0), 10);
    other.quiz_id = "quiz-2".into();
    assert_eq!(
        admit_attempt(
            &limited(Some(1), None),
            &[other],
            at(30, 0),
            &QuizPolicy::default()
        ),
        Ok(AttemptAdmission::Start { attempt_number: 1 })
    );
}

#[test]
fn an_open_attempt_is_resumed_even_at_the_limit() {
    let attempts = [graded("a1", at(0, 0), 40), attempt("a2", at(10, 0))];
    assert_eq!(
        admit_attempt(
            &limited(Some(2), Some(30)),
            &attempts,
            at(20, 0),
            &QuizPolicy::default()
        ),
        Ok(AttemptAdmission::Resume {
            attempt_id: "a2".into(),
            deadline: Some(at(40, 0))
        })
    );
}

#[test]
fn an_expired_open_attempt_must_be_closed_first() {
    let attempts = [attempt("a1", at(0, 0))];
    let quiz = limited(Some(3), Some(10));
    // Within the 60 s grace it is still resumed.
    assert!(matches!(
        admit_attempt(&quiz, &attempts, at(11, 0), &QuizPolicy::default()),
        Ok(AttemptAdmission::Resume { .. })
    ));
    assert_eq!(
        admit_attempt(&quiz, &attempts, at(11, 1), &QuizPolicy::default()),
        Ok(AttemptAdmission::CloseExpired {
            attempt_id: "a1".into(),
            deadline: at(10, 0)
        })
    );
}

#[test]
fn submissions_within_the_grace_period_count_in_full() {
    let quiz = limited(None, Some(30));
    let attempt = attempt("a1", at(0, 0));
    let answers = [selected("q1", json!([0]))];
    let on_time =
        check_submission(&quiz, &attempt, &answers, at(29, 0), &QuizPolicy::default()).unwrap();
    assert!(!on_time.late);
    let late =
        check_submission(&quiz, &attempt, &answers, at(31, 0), &QuizPolicy::default()).unwrap();
    assert!(late.late && !late.auto_submitted);
    assert_eq!(late.counted_answers.len(), 1);
    assert_eq!(late.submitted_at, at(31, 0));
}

#[test]
fn after_the_grace_only_answers_saved_by_the_deadline_count() {
    let quiz = limited(None, Some(30));
    let attempt = attempt("a1", at(0, 0));
    let mut early = selected("q1", json!([0]));
    early.saved_at = Some(at(30, 0));
    let mut late = selected("q2", json!([1]));
    late.saved_at = Some(at(30, 1));
    let unknown = selected("q3", json!([1]));
    let check = check_submission(
        &quiz,
        &attempt,
        &[early.clone(), late, unknown],
        at(31, 1),
        &QuizPolicy::default(),
    )
    .unwrap();
    assert!(check.auto_submitted);
    assert_eq!(check.counted_answers, vec![early]);
    assert_eq!(check.discarded_question_ids, ["q2", "q3"]);
    assert_eq!(check.submitted_at, at(30, 0));
}

#[test]
fn after_the_grace_a_rejecting_policy_refuses() {
    let policy = QuizPolicy {
        late_submission: LateSubmission::Reject,
        ..QuizPolicy::default()
    };
    let quiz = limited(None, Some(30));
    assert_eq!(
        check_submission(&quiz, &attempt("a1", at(0, 0)), &[], at(31, 1), &policy),
        Err(QuizError::DeadlinePassed {
            deadline: at(30, 0),
            grace_seconds: 60,
            submitted_at: at(31, 1)
        })
    );
}

#[test]
fn without_a_time_limit_there_is_no_deadline() {
    let check = check_submission(
        &quiz(),
        &attempt("a1", at(0, 0)),
        &[],
        at(59, 0),
        &QuizPolicy::default(),
    )
    .unwrap();
    assert_eq!((check.deadline, check.late), (None, false));
}

#[test]
fn submitting_twice_is_refused() {
    let done = graded("a1", at(0, 0), 80);
    assert_eq!(
        check_submission(&quiz(), &done, &[], at(1, 0), &QuizPolicy::default()),
        Err(QuizError::AlreadySubmitted {
            attempt_id: "a1".into(),
            submitted_at: at(0, 0)
        })
    );
}

#[test]
fn which_attempt_counts() {
    let attempts = [
        graded("a1", at(0, 0), 60),
        graded("a2", at(10, 0), 90),
        graded("a3", at(20, 0), 75),
        attempt("a4", at(30, 0)),
        QuizAttempt {
            submitted_at: Some(at(45, 0)),
            ..attempt("a5", at(40, 0))
        },
    ];
    let pick = |g| aggregate_attempts(&attempts, g).map(|a| (a.score, a.attempt_id));
    assert_eq!(
        pick(AttemptGrading::Highest),
        Some((dec!(90), Some("a2".into())))
    );
    assert_eq!(
        pick(AttemptGrading::First),
        Some((dec!(60), Some("a1".into())))
    );
    assert_eq!(
        pick(AttemptGrading::Last),
        Some((dec!(75), Some("a3".into())))
    );
    assert_eq!(pick(AttemptGrading::Average), Some((dec!(75), None)));
    assert_eq!(
        aggregate_attempts(&attempts, AttemptGrading::Average).map(|a| a.graded_attempts),
        Some(3)
    );
    assert_eq!(
        aggregate_attempts(&[attempt("a", at(0, 0))], AttemptGrading::Highest),
        None
    );
}

#[test]
fn highest_ties_go_to_the_earlier_attempt_and_averages_round() {
    let attempts = [
        graded("b", at(5, 0), 80),
        graded("a", at(1, 0), 80),
        graded("c", at(9, 0), 81),
    ];
    let best = aggregate_attempts(&attempts[..2], AttemptGrading::Highest).unwrap();
    assert_eq!(best.attempt_id.as_deref(), Some("a"));
    let avg = aggregate_attempts(&attempts, AttemptGrading::Average).unwrap();
    assert_eq!(avg.score, dec!(80.33));
}
