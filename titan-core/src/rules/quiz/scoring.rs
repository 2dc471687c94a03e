//! Scoring an attempt: each question's result as a fraction of its points, quiz-level negative
//! marking, the score over all (or, *legacy*, answered) questions, and essay grades.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::options::{AnswerKey, Tally, answer_key, tally_selection};
use super::text::{normalize_into, wildcard_match};
use super::{MultiSelectMode, QuizError, QuizPolicy, ScoreDenominator};
use crate::model::{Question, QuestionAnswer, QuestionType, Quiz};
use crate::rules::common::{percent, round_dp, round2};

/// The largest `points` a question may carry; keeps every sum far from `Decimal` overflow.
const MAX_POINTS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The result of one question in an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionResult {
    /// The question.
    pub question_id: String,
    /// Whether the learner gave a response (a selection, or non-blank text).
    pub answered: bool,
    /// An essay waiting for a grade.
    pub pending: bool,
    /// The grade as a fraction 0..1 of the question's points (4 decimals); `None` while pending.
    pub fraction: Option<Decimal>,
    /// `fraction × points − penalty` (2 decimals, may be negative); `None` while pending.
    pub points_earned: Option<Decimal>,
    /// Points lost to negative marking (a wrong single-answer response).
    pub penalty: Decimal,
    /// Full marks; `None` while pending.
    pub is_correct: Option<bool>,
}

/// The score of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptScore {
    /// Points earned, after penalties, never below 0 (2 decimals; graded questions only).
    pub earned: Decimal,
    /// The denominator's points: every question's, or (*legacy*) the answered ones'.
    pub possible: Decimal,
    /// Percent 0..100, 2 decimals; `None` while an essay waits for a grade.
    pub score: Option<Decimal>,
    /// `score ≥ passingScore`; `None` while an essay waits for a grade.
    pub is_passed: Option<bool>,
    /// Some essay waits for a grade.
    pub pending: bool,
    /// One result per question, in the order given.
    pub questions: Vec<QuestionResult>,
}

/// A grade for an essay, by a person or an `EssayGrader`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EssayGrade {
    /// Fraction of the question's points, 0..1.
    pub fraction: Decimal,
    /// Feedback for the learner (stored in `aiFeedback`).
    pub feedback: Option<String>,
}

fn check_points(question: &Question) -> Result<Decimal, QuizError> {
    // Integer checks on the mantissa: cheaper than `Decimal` comparisons on the hot path.
    let (mantissa, scale) = (question.points.mantissa(), question.points.scale());
    let limit = 10i128
        .checked_pow(scale)
        .and_then(|p| p.checked_mul(MAX_POINTS.mantissa()));
    if mantissa < 0 || limit.is_none_or(|limit| mantissa > limit) {
        return Err(QuizError::InvalidPoints {
            question_id: question.id.clone(),
            points: question.points,
        });
    }
    Ok(question.points)
}

fn check_penalty(quiz: &Quiz) -> Result<Decimal, QuizError> {
    if quiz.penalty < Decimal::ZERO || quiz.penalty > Decimal::ONE {
        return Err(QuizError::InvalidPenalty {
            penalty: quiz.penalty,
        });
    }
    Ok(quiz.penalty)
}

/// Finds each question's answer: in the common case answers come in question order and are
/// matched by a cursor; otherwise a sorted index is built once. The first answer for a
/// question wins (the seed keeps one per attempt and question).
struct AnswerLookup<'a> {
    answers: &'a [QuestionAnswer],
    cursor: usize,
    in_order: bool,
    sorted: Option<Vec<usize>>,
}

impl<'a> AnswerLookup<'a> {
    fn new(answers: &'a [QuestionAnswer]) -> Self {
        Self {
            answers,
            cursor: 0,
            in_order: true,
            sorted: None,
        }
    }

    fn find(&mut self, question_id: &str) -> Option<&'a QuestionAnswer> {
        let answers = self.answers;
        if self.in_order {
            // Every answer before the cursor belonged to an earlier question, so this is the first.
            if let Some(a) = answers.get(self.cursor)
                && a.question_id == question_id
            {
                self.cursor += 1;
                return Some(a);
            }
            self.in_order = false;
        }
        let id = |i: &usize| answers.get(*i).map_or("", |a| a.question_id.as_str());
        let sorted = self.sorted.get_or_insert_with(|| {
            let mut order: Vec<usize> = (0..answers.len()).collect();
            // Stable: among equal ids the earliest answer stays first.
            order.sort_by(|a, b| id(a).cmp(id(b)));
            order
        });
        let start = sorted.partition_point(|i| id(i) < question_id);
        sorted
            .get(start)
            .and_then(|&i| answers.get(i))
            .filter(|a| a.question_id == question_id)
    }
}

/// Reusable text buffers, so short answers allocate once per attempt, not per question.
#[derive(Default)]
struct Scratch {
    response: String,
    pattern: String,
}

/// A question's grade as a fraction of its points; the two common values are kept apart so the
/// hot path does no `Decimal` arithmetic for them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Zero,
    Full,
    /// Strictly between 0 and 1.
    Part(Decimal),
}

impl Mark {
    /// Clamps to 0..1 and classifies.
    fn of(fraction: Decimal) -> Self {
        if fraction <= Decimal::ZERO {
            Mark::Zero
        } else if fraction >= Decimal::ONE {
            Mark::Full
        } else {
            Mark::Part(fraction)
        }
    }

    fn of_bool(right: bool) -> Self {
        if right { Mark::Full } else { Mark::Zero }
    }
}

/// Rounds only when there are more decimals than wanted (the common values have none).
fn rounded(value: Decimal, dp: u32) -> Decimal {
    if value.scale() <= dp {
        value
    } else {
        round_dp(value, dp)
    }
}

/// One question graded, before points and penalty.
struct Graded {
    /// `None` while pending.
    fraction: Option<Mark>,
    answered: bool,
    /// TF or single-answer MC: the kind negative marking applies to.
    single_answer: bool,
}

fn choice_fraction(key: &AnswerKey<'_>, tally: Tally, mode: MultiSelectMode) -> Mark {
    let c = key.correct;
    if c <= 1 {
        return Mark::of_bool(tally.picked == 1 && tally.correct_picked == 1);
    }
    if tally.correct_picked == c && tally.wrong_picked == 0 {
        return Mark::Full;
    }
    let w = key.option_count().saturating_sub(c);
    let (cd, wd) = (Decimal::from(c), Decimal::from(w));
    let (cp, wp) = (
        Decimal::from(tally.correct_picked),
        Decimal::from(tally.wrong_picked),
    );
    let fraction = match mode {
        MultiSelectMode::AllOrNothing => Decimal::ZERO,
        MultiSelectMode::RightMinusWrong => (cp - wp) / cd,
        // With no wrong option there is nothing to subtract.
        MultiSelectMode::Partial if w == 0 => cp / cd,
        // cp/c − wp/w over one common denominator, so full marks are exactly 1.
        MultiSelectMode::Partial => (cp * wd - wp * cd) / (cd * wd),
    };
    Mark::of(fraction)
}

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

fn short_answer_fraction(
    question: &Question,
    key: &AnswerKey<'_>,
    response: &str,
    case_sensitive: bool,
    scratch: &mut Scratch,
) -> Mark {
    normalize_into(response, case_sensitive, &mut scratch.response);
    let accepts = |pattern: &str, scratch: &mut Scratch| {
        normalize_into(pattern, case_sensitive, &mut scratch.pattern);
        wildcard_match(&scratch.pattern, &scratch.response)
    };
    let matched = match key.options {
        Some(view) if key.correct > 0 => (0..view.len())
            .filter(|&i| view.is_correct(i))
            .any(|i| accepts(view.text(i), scratch)),
        _ => question
            .model_answer
            .as_deref()
            .is_some_and(|m| accepts(m, scratch)),
    };
    Mark::of_bool(matched)
}

/// An essay's stored grade: graded once `isCorrect` is set (the app leaves it null while
/// pending); the fraction is `pointsEarned / points`, clamped to 0..1.
fn stored_essay_fraction(answer: &QuestionAnswer, points: Decimal) -> Option<Mark> {
    let is_correct = answer.is_correct?;
    let fraction = match answer.points_earned {
        Some(earned) if !points.is_zero() => earned.checked_div(points).unwrap_or(Decimal::ZERO),
        _ if is_correct => Decimal::ONE,
        _ => Decimal::ZERO,
    };
    Some(Mark::of(fraction))
}

fn grade_question(
    question: &Question,
    points: Decimal,
    answer: Option<&QuestionAnswer>,
    policy: &QuizPolicy,
    scratch: &mut Scratch,
) -> Result<Graded, QuizError> {
    let key = answer_key(question)?;
    let unanswered = |single_answer| Graded {
        fraction: Some(Mark::Zero),
        answered: false,
        single_answer,
    };
    match question.question_type {
        QuestionType::MultipleChoice | QuestionType::TrueFalse => {
            let single_answer = key.correct <= 1;
            let selected = answer.and_then(|a| a.selected_options.as_ref());
            Ok(match tally_selection(question, &key, selected)? {
                Some(tally) => Graded {
                    fraction: Some(choice_fraction(&key, tally, policy.multi_select_mode)),
                    answered: true,
                    single_answer,
                },
                None => unanswered(single_answer),
            })
        }
        QuestionType::ShortAnswer => {
            let text = answer.and_then(|a| a.answer.as_deref());
            match text {
                Some(t) if !is_blank(text) => Ok(Graded {
                    fraction: Some(short_answer_fraction(
                        question,
                        &key,
                        t,
                        policy.short_answer_case_sensitive,
                        scratch,
                    )),
                    answered: true,
                    single_answer: false,
                }),
                _ => Ok(unanswered(false)),
            }
        }
        QuestionType::Essay => {
            let stored = answer.and_then(|a| stored_essay_fraction(a, points));
            let answered = stored.is_some() || !is_blank(answer.and_then(|a| a.answer.as_deref()));
            if !answered {
                // Nothing to grade: a blank essay earns 0 at once rather than waiting.
                return Ok(unanswered(false));
            }
            Ok(Graded {
                fraction: stored,
                answered: true,
                single_answer: false,
            })
        }
    }
}

/// Scores an attempt's answers against the quiz's questions.
///
/// - Each question's result is a fraction of its `points` (SPEC §4); answers are matched by
///   `questionId` (answers to other questions are ignored, the first answer per question wins).
/// - Negative marking: a wrong TF / single-answer MC response loses `quiz.penalty × points`;
///   an unanswered question loses nothing; the attempt's total never goes below 0.
/// - Score = earned / possible × 100, clamped to 0..100 and rounded to 2 decimals; `possible` is
///   every question's points (or, `score_denominator = answered_only`, the answered ones').
///   With 0 possible points the score is 0 (as the original app).
/// - `isPassed` compares the rounded score with `passingScore` (exactly at the mark passes).
/// - An essay with a response and no grade makes `score` and `isPassed` null.
///
/// # Errors
/// `QUIZ_INVALID_OPTIONS`, `QUIZ_INVALID_SELECTION`, `QUIZ_INVALID_POINTS` (negative or above
/// 1 000 000), `QUIZ_INVALID_PENALTY` (outside 0..1).
pub fn score_attempt(
    quiz: &Quiz,
    questions: &[Question],
    answers: &[QuestionAnswer],
    policy: &QuizPolicy,
) -> Result<AttemptScore, QuizError> {
    let penalty_rate = check_penalty(quiz)?;
    let mut lookup = AnswerLookup::new(answers);
    let mut scratch = Scratch::default();
    let mut results = Vec::with_capacity(questions.len());
    let (mut earned, mut possible, mut pending) = (Decimal::ZERO, Decimal::ZERO, false);
    for question in questions {
        let points = check_points(question)?;
        let answer = lookup.find(&question.id);
        let graded = grade_question(question, points, answer, policy, &mut scratch)?;
        let wrong_single = graded.single_answer && graded.answered;
        let penalty = match graded.fraction {
            Some(Mark::Zero) if wrong_single && !penalty_rate.is_zero() => penalty_rate * points,
            _ => Decimal::ZERO,
        };
        let points_earned = graded.fraction.map(|mark| match mark {
            Mark::Zero if penalty.is_zero() => Decimal::ZERO,
            Mark::Zero => -penalty,
            Mark::Full => points,
            Mark::Part(f) => f * points,
        });
        if graded.answered || policy.score_denominator == ScoreDenominator::AllQuestions {
            possible += points;
        }
        match points_earned {
            Some(p) => earned += p,
            None => pending = true,
        }
        results.push(QuestionResult {
            question_id: question.id.clone(),
            answered: graded.answered,
            pending: graded.fraction.is_none(),
            fraction: graded.fraction.map(|mark| match mark {
                Mark::Zero => Decimal::ZERO,
                Mark::Full => Decimal::ONE,
                Mark::Part(f) => rounded(f, 4),
            }),
            points_earned: points_earned.map(|p| rounded(p, 2)),
            penalty: rounded(penalty, 2),
            is_correct: graded.fraction.map(|mark| mark == Mark::Full),
        });
    }
    let earned = earned.max(Decimal::ZERO);
    let score = (!pending)
        .then(|| round2(percent(earned, possible).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)));
    Ok(AttemptScore {
        earned: round2(earned),
        possible,
        score,
        is_passed: score.map(|s| super::passes(s, quiz.passing_score)),
        pending,
        questions: results,
    })
}

/// Applies a grade to an essay answer: `pointsEarned = fraction × points`, `isCorrect` = full
/// marks, `aiFeedback` = the feedback. Score the attempt again afterwards.
///
/// # Errors
/// `QUIZ_NOT_AN_ESSAY` for another question type, `QUIZ_INVALID_GRADE` for a fraction outside
/// 0..1, `QUIZ_INVALID_POINTS` for bad `points`.
pub fn grade_essay(
    question: &Question,
    answer: &QuestionAnswer,
    grade: &EssayGrade,
) -> Result<QuestionAnswer, QuizError> {
    if question.question_type != QuestionType::Essay {
        return Err(QuizError::NotAnEssay {
            question_id: question.id.clone(),
        });
    }
    if grade.fraction < Decimal::ZERO || grade.fraction > Decimal::ONE {
        return Err(QuizError::InvalidGrade {
            fraction: grade.fraction,
        });
    }
    let points = check_points(question)?;
    Ok(QuestionAnswer {
        points_earned: Some(grade.fraction * points),
        is_correct: Some(grade.fraction == Decimal::ONE),
        ai_feedback: grade.feedback.clone(),
        ..answer.clone()
    })
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
