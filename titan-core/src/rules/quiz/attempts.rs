//! Attempts: admission (limit, resume), the deadline and late submissions, and which attempt
//! counts.

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{AttemptGrading, LateSubmission, QuizError, QuizPolicy};
use crate::model::{QuestionAnswer, Quiz, QuizAttempt};
use crate::rules::common::round2;

/// What to do when a learner opens a quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "decision",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AttemptAdmission {
    /// Continue the open attempt (never a second one alongside it).
    Resume {
        /// The open attempt.
        attempt_id: String,
        /// Its deadline, if the quiz has a time limit.
        deadline: Option<DateTime<Utc>>,
    },
    /// The open attempt's time and grace are over: close it first (with [`check_submission`]:
    /// auto-submit, or reject so it is never graded), then ask again.
    CloseExpired {
        /// The expired attempt.
        attempt_id: String,
        /// Its deadline.
        deadline: DateTime<Utc>,
    },
    /// Start a new attempt.
    Start {
        /// 1-based number of the new attempt.
        attempt_number: usize,
    },
}

/// Whether a submission is accepted, and which answers count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionCheck {
    /// `startedAt + timeLimit`, if the quiz has a time limit.
    pub deadline: Option<DateTime<Utc>>,
    /// What to store as `submittedAt`: now, or the deadline for an auto-submitted attempt.
    pub submitted_at: DateTime<Utc>,
    /// Submitted after the deadline (within the grace period, or auto-submitted).
    pub late: bool,
    /// Past the grace period: only answers saved by the deadline count.
    pub auto_submitted: bool,
    /// The answers to score.
    pub counted_answers: Vec<QuestionAnswer>,
    /// Questions whose answers were saved too late (or with no save time) and do not count.
    pub discarded_question_ids: Vec<String>,
}

/// A learner's grade on a quiz across attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateScore {
    /// Percent 0..100, 2 decimals.
    pub score: Decimal,
    /// The attempt that gives it (`None` for an average).
    pub attempt_id: Option<String>,
    /// How many graded attempts were considered.
    pub graded_attempts: usize,
}

/// `startedAt + timeLimit` minutes; `None` when the quiz has no (positive) time limit.
#[must_use]
pub fn attempt_deadline(quiz: &Quiz, attempt: &QuizAttempt) -> Option<DateTime<Utc>> {
    let minutes = quiz.time_limit.filter(|&m| m > 0)?;
    attempt
        .started_at
        .checked_add_signed(TimeDelta::try_minutes(i64::from(minutes))?)
}

/// The end of the grace period; `None` if it lies beyond the representable future.
fn grace_end(deadline: DateTime<Utc>, policy: &QuizPolicy) -> Option<DateTime<Utc>> {
    deadline.checked_add_signed(TimeDelta::try_seconds(i64::from(policy.grace_seconds))?)
}

fn is_expired(deadline: DateTime<Utc>, now: DateTime<Utc>, policy: &QuizPolicy) -> bool {
    grace_end(deadline, policy).is_some_and(|end| now > end)
}

/// Decides whether a learner may start (or resume) an attempt on `quiz`.
///
/// `attempts` are the learner's attempts (those of other quizzes are ignored). Every started
/// attempt counts toward `maxAttempts`, submitted or not; `maxAttempts` null, 0 or negative
/// means unlimited. An open attempt is resumed (even at the limit, since it already counts)
/// unless its deadline and grace have passed.
///
/// # Errors
/// `QUIZ_MAX_ATTEMPTS` with the limit and the attempts used.
pub fn admit_attempt(
    quiz: &Quiz,
    attempts: &[QuizAttempt],
    now: DateTime<Utc>,
    policy: &QuizPolicy,
) -> Result<AttemptAdmission, QuizError> {
    let mine = || attempts.iter().filter(|a| a.quiz_id == quiz.id);
    let open = mine()
        .filter(|a| a.submitted_at.is_none())
        .max_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    if let Some(open) = open {
        let deadline = attempt_deadline(quiz, open);
        return Ok(match deadline {
            Some(deadline) if is_expired(deadline, now, policy) => AttemptAdmission::CloseExpired {
                attempt_id: open.id.clone(),
                deadline,
            },
            _ => AttemptAdmission::Resume {
                attempt_id: open.id.clone(),
                deadline,
            },
        });
    }
    let used = mine().count();
    if let Some(limit) = quiz.max_attempts.filter(|&m| m > 0)
        && usize::try_from(limit).is_ok_and(|l| used >= l)
    {
        return Err(QuizError::MaxAttempts { limit, used });
    }
    Ok(AttemptAdmission::Start {
        attempt_number: used.saturating_add(1),
    })
}

/// Checks a submission against the attempt's state and deadline.
///
/// Up to `grace_seconds` after the deadline every answer counts. Later, policy
/// `late_submission` = `auto_submit` keeps only answers whose `savedAt` is at or before the
/// deadline (an answer without `savedAt` cannot prove it and is dropped) and stamps the attempt
/// as submitted at the deadline; `reject` refuses.
///
/// # Errors
/// `QUIZ_ALREADY_SUBMITTED`; `QUIZ_DEADLINE_PASSED` under `reject`.
pub fn check_submission(
    quiz: &Quiz,
    attempt: &QuizAttempt,
    answers: &[QuestionAnswer],
    now: DateTime<Utc>,
    policy: &QuizPolicy,
) -> Result<SubmissionCheck, QuizError> {
    if let Some(submitted_at) = attempt.submitted_at {
        return Err(QuizError::AlreadySubmitted {
            attempt_id: attempt.id.clone(),
            submitted_at,
        });
    }
    let deadline = attempt_deadline(quiz, attempt);
    let all_count = |late| SubmissionCheck {
        deadline,
        submitted_at: now,
        late,
        auto_submitted: false,
        counted_answers: answers.to_vec(),
        discarded_question_ids: Vec::new(),
    };
    let Some(deadline) = deadline else {
        return Ok(all_count(false));
    };
    if !is_expired(deadline, now, policy) {
        return Ok(all_count(now > deadline));
    }
    match policy.late_submission {
        LateSubmission::Reject => Err(QuizError::DeadlinePassed {
            deadline,
            grace_seconds: policy.grace_seconds,
            submitted_at: now,
        }),
        LateSubmission::AutoSubmit => {
            let (counted, discarded): (Vec<_>, Vec<_>) = answers
                .iter()
                .partition(|a| a.saved_at.is_some_and(|saved| saved <= deadline));
            Ok(SubmissionCheck {
                deadline: Some(deadline),
                submitted_at: deadline,
                late: true,
                auto_submitted: true,
                counted_answers: counted.into_iter().cloned().collect(),
                discarded_question_ids: discarded.iter().map(|a| a.question_id.clone()).collect(),
            })
        }
    }
}

/// Chronological order of attempts, ties broken by id so the choice is deterministic.
fn order(a: &QuizAttempt) -> (DateTime<Utc>, &str) {
    (a.started_at, a.id.as_str())
}

/// The learner's grade on a quiz per `grading`: `highest` (ties: the earlier attempt), `first`
/// or `last` (by `startedAt`), or `average` (rounded to 2 decimals). Only graded attempts count
/// (submitted, with a score); scores are read clamped to 0..100. `None` without one.
#[must_use]
pub fn aggregate_attempts(
    attempts: &[QuizAttempt],
    grading: AttemptGrading,
) -> Option<AggregateScore> {
    let graded: Vec<(&QuizAttempt, Decimal)> = attempts
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .filter_map(|a| Some((a, a.score?.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED))))
        .collect();
    let count = graded.len();
    let pick = |chosen: Option<&(&QuizAttempt, Decimal)>| {
        chosen.map(|(a, s)| AggregateScore {
            score: *s,
            attempt_id: Some(a.id.clone()),
            graded_attempts: count,
        })
    };
    match grading {
        AttemptGrading::Highest => pick(
            graded
                .iter()
                .min_by(|(a, x), (b, y)| y.cmp(x).then_with(|| order(a).cmp(&order(b)))),
        ),
        AttemptGrading::First => pick(graded.iter().min_by_key(|(a, _)| order(a))),
        AttemptGrading::Last => pick(graded.iter().max_by_key(|(a, _)| order(a))),
        AttemptGrading::Average => {
            let n = Decimal::from(count);
            let sum: Decimal = graded.iter().map(|(_, s)| *s).sum();
            (count > 0).then(|| AggregateScore {
                score: round2(sum / n),
                attempt_id: None,
                graded_attempts: count,
            })
        }
    }
}

#[cfg(test)]
#[path = "attempts_tests.rs"]
mod tests;
