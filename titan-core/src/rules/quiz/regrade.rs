//! Regrade: re-scoring stored answers after a question changed, as a dry-run diff.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{QuizError, QuizPolicy, score_attempt};
use crate::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use crate::rules::common::round2;

/// A stored attempt with its answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptAnswers {
    /// The attempt as stored (its `score` and `isPassed` are the old result).
    pub attempt: QuizAttempt,
    /// Its answers.
    pub answers: Vec<QuestionAnswer>,
}

/// An attempt whose result a regrade would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegradeChange {
    /// The attempt.
    pub attempt_id: String,
    /// The stored score.
    pub old_score: Option<Decimal>,
    /// The score under the new questions.
    pub new_score: Option<Decimal>,
    /// The stored pass/fail.
    pub old_passed: Option<bool>,
    /// Pass/fail under the new questions.
    pub new_passed: Option<bool>,
}

/// Re-scores every submitted attempt against `questions` (the new version) and lists the
/// attempts whose score (compared at 2 decimals) or pass/fail would change. Nothing is applied:
/// the caller shows the diff, then stores the new results.
///
/// Open attempts are skipped (they are scored on submit).
///
/// # Errors
/// As [`score_attempt`]; notably `QUIZ_INVALID_SELECTION` when the new version removed an
/// option that stored answers selected, so the edit is caught before it is applied.
pub fn regrade_diff(
    quiz: &Quiz,
    questions: &[Question],
    attempts: &[AttemptAnswers],
    policy: &QuizPolicy,
) -> Result<Vec<RegradeChange>, QuizError> {
    let mut changes = Vec::new();
    for stored in attempts.iter().filter(|s| s.attempt.submitted_at.is_some()) {
        let new = score_attempt(quiz, questions, &stored.answers, policy)?;
        let old_score = stored.attempt.score.map(round2);
        if old_score != new.score || stored.attempt.is_passed != new.is_passed {
            changes.push(RegradeChange {
                attempt_id: stored.attempt.id.clone(),
                old_score: stored.attempt.score,
                new_score: new.score,
                old_passed: stored.attempt.is_passed,
                new_passed: new.is_passed,
            });
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::rules::quiz::test_support::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn lists_only_the_attempts_that_change() {
        let old = [true_false("q1", 0), true_false("q2", 0)];
        let stored = |id: &str, a1: usize, a2: usize| {
            let answers = vec![selected("q1", json!([a1])), selected("q2", json!([a2]))];
            let s = score_attempt(&quiz(), &old, &answers, &QuizPolicy::default()).unwrap();
            AttemptAnswers {
                attempt: QuizAttempt {
                    submitted_at: Some(at(10, 0)),
                    score: s.score,
                    is_passed: s.is_passed,
                    ..attempt(id, at(0, 0))
                },
                answers,
            }
        };
        let attempts = vec![
            stored("a1", 0, 0),
            stored("a2", 0, 1),
            stored("a3", 1, 0),
            AttemptAnswers {
                attempt: attempt("open", at(0, 0)),
                answers: vec![],
            },
        ];
        // The key of q2 was wrong: "Salah" is right.
        let new = [true_false("q1", 0), true_false("q2", 1)];
        let diff = regrade_diff(&quiz(), &new, &attempts, &QuizPolicy::default()).unwrap();
        assert_eq!(
            diff,
            vec![
                RegradeChange {
                    attempt_id: "a1".into(),
                    old_score: Some(dec!(100)),
                    new_score: Some(dec!(50)),
                    old_passed: Some(true),
                    new_passed: Some(false)
                },
                RegradeChange {
                    attempt_id: "a2".into(),
                    old_score: Some(dec!(50)),
                    new_score: Some(dec!(100)),
                    old_passed: Some(false),
                    new_passed: Some(true)
                },
                RegradeChange {
                    attempt_id: "a3".into(),
                    old_score: Some(dec!(50)),
                    new_score: Some(dec!(0)),
                    old_passed: Some(false),
                    new_passed: Some(false)
                },
            ]
        );
        assert!(
            regrade_diff(&quiz(), &old, &attempts, &QuizPolicy::default())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_removed_option_that_answers_used_is_caught() {
        let attempts = [AttemptAnswers {
            attempt: graded("a1", at(0, 0), 100),
            answers: vec![selected("q1", json!([2]))],
        }];
        let new = [choice("q1", 2, &[0])];
        assert!(matches!(
            regrade_diff(&quiz(), &new, &attempts, &QuizPolicy::default()),
            Err(QuizError::InvalidSelection { .. })
        ));
    }
}
