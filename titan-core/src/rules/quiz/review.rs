//! What a learner may see after an attempt, pre/post learning gain, the pass test, and spreading
//! 100 points over a quiz's questions.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::QuizError;
use crate::model::{Quiz, QuizAttempt, QuizType};
use crate::rules::common::round_dp;

/// What the review of an attempt shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewVisibility {
    /// The attempt's score and pass/fail (after submission).
    pub show_score: bool,
    /// The learner's own responses (after submission).
    pub show_responses: bool,
    /// The right answers, each question's right/wrong mark and the explanations.
    pub show_correct_answers: bool,
}

/// Whether `score` passes a quiz whose pass mark is `passing_score` (exactly at the mark passes).
#[must_use]
pub fn passes(score: Decimal, passing_score: i32) -> bool {
    score >= Decimal::from(passing_score)
}

/// What the learner may see of `attempt`.
///
/// Nothing while the attempt is open. After submission the score and the learner's responses;
/// the right answers (with correctness marks and explanations, which would give them away) only
/// when `showCorrectAnswers` is on — and on a POST_TEST not while the learner still has
/// attempts left (`maxAttempts` null or ≤ 0 = always) and has not passed.
#[must_use]
pub fn review_visibility(
    quiz: &Quiz,
    attempt: &QuizAttempt,
    attempts_used: usize,
    has_passed: bool,
) -> ReviewVisibility {
    let submitted = attempt.submitted_at.is_some();
    let attempts_left = quiz
        .max_attempts
        .filter(|&m| m > 0)
        .is_none_or(|m| usize::try_from(m).is_ok_and(|m| attempts_used < m));
    let withheld = quiz.quiz_type == QuizType::PostTest && attempts_left && !has_passed;
    ReviewVisibility {
        show_score: submitted,
        show_responses: submitted,
        show_correct_answers: submitted && quiz.show_correct_answers && !withheld,
    }
}

/// A learner's gain from pre-test to post-test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningGain {
    /// post − pre, in percentage points.
    pub gain: Decimal,
    /// Hake's normalised gain (post − pre) / (100 − pre), 4 decimals; `None` when pre = 100
    /// (no room to gain). Negative when the learner did worse.
    pub normalized_gain: Option<Decimal>,
}

/// The learning gain between a pre-test and a post-test score (both percent 0..100).
///
/// # Errors
/// `QUIZ_INVALID_SCORE` for a score outside 0..100.
pub fn learning_gain(pre: Decimal, post: Decimal) -> Result<LearningGain, QuizError> {
    for value in [pre, post] {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(QuizError::InvalidScore { value });
        }
    }
    let gain = post - pre;
    let room = Decimal::ONE_HUNDRED - pre;
    Ok(LearningGain {
        gain,
        normalized_gain: (!room.is_zero()).then(|| round_dp(gain / room, 4)),
    })
}

/// Spreads 100 points over `n` questions in order: each gets floor(100/n), and the first
/// 100 mod n get one more. `n = 0` gives an empty list.
#[must_use]
pub fn spread_points(n: usize) -> Vec<Decimal> {
    let Some(base) = 100usize.checked_div(n) else {
        return Vec::new();
    };
    let extra = 100 % n;
    (0..n)
        .map(|i| Decimal::from(base + usize::from(i < extra)))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::rules::quiz::test_support::{at, attempt, graded, quiz};
    use rust_decimal_macros::dec;

    fn post_test(max: Option<i32>, show: bool) -> Quiz {
        let mut q = quiz();
        q.quiz_type = QuizType::PostTest;
        q.max_attempts = max;
        q.show_correct_answers = show;
        q
    }

    #[test]
    fn nothing_is_shown_during_an_attempt() {
        let v = review_visibility(&post_test(None, true), &attempt("a", at(0, 0)), 1, false);
        assert_eq!(
            v,
            ReviewVisibility {
                show_score: false,
                show_responses: false,
                show_correct_answers: false
            }
        );
    }

    #[test]
    fn post_test_answers_stay_hidden_while_attempts_remain() {
        let done = graded("a", at(0, 0), 50);
        let quiz = post_test(Some(3), true);
        assert!(!review_visibility(&quiz, &done, 1, false).show_correct_answers);
        assert!(review_visibility(&quiz, &done, 1, false).show_score);
        // Passed, or out of attempts: shown.
        assert!(review_visibility(&quiz, &done, 1, true).show_correct_answers);
        assert!(review_visibility(&quiz, &done, 3, false).show_correct_answers);
        // Unlimited attempts: hidden until passed.
        assert!(!review_visibility(&post_test(None, true), &done, 9, false).show_correct_answers);
        // showCorrectAnswers off: never.
        assert!(
            !review_visibility(&post_test(Some(1), false), &done, 1, true).show_correct_answers
        );
    }

    #[test]
    fn other_quiz_types_follow_the_flag() {
        let done = graded("a", at(0, 0), 50);
        let mut q = post_test(Some(3), true);
        for t in [QuizType::PreTest, QuizType::KnowledgeCheck] {
            q.quiz_type = t;
            assert!(review_visibility(&q, &done, 1, false).show_correct_answers);
        }
    }

    #[test]
    fn learning_gain_and_its_normalised_form() {
        let g = learning_gain(dec!(40), dec!(70)).unwrap();
        assert_eq!((g.gain, g.normalized_gain), (dec!(30), Some(dec!(0.5))));
        let g = learning_gain(dec!(100), dec!(90)).unwrap();
        assert_eq!((g.gain, g.normalized_gain), (dec!(-10), None));
        let g = learning_gain(dec!(10), dec!(40)).unwrap();
        assert_eq!(g.normalized_gain, Some(dec!(0.3333)));
        assert_eq!(
            learning_gain(dec!(-1), dec!(50)),
            Err(QuizError::InvalidScore { value: dec!(-1) })
        );
        assert_eq!(
            learning_gain(dec!(1), dec!(100.5)),
            Err(QuizError::InvalidScore { value: dec!(100.5) })
        );
    }

    #[test]
    fn spreads_one_hundred_points() {
        let as_ints = |n| {
            spread_points(n)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(as_ints(3), ["34", "33", "33"]);
        assert_eq!(as_ints(1), ["100"]);
        assert!(spread_points(0).is_empty());
        for n in [1, 3, 6, 7, 30, 99, 100, 101, 250] {
            let total: Decimal = spread_points(n).iter().sum();
            assert_eq!(total, dec!(100), "n = {n}");
        }
        assert!(passes(dec!(70), 70) && !passes(dec!(69.99), 70));
    }
}
