//! SPEC §4 — quizzes: reading question options, scoring an attempt, essay grades, attempt
//! admission and deadlines, which attempt counts, deterministic shuffles, review visibility,
//! learning gain, regrade dry runs and spreading points.
//!
//! Every function here is pure. Scoring works on the seed's models ([`Quiz`](crate::model::Quiz),
//! [`Question`](crate::model::Question), [`QuestionAnswer`](crate::model::QuestionAnswer),
//! [`QuizAttempt`](crate::model::QuizAttempt)) and a [`QuizPolicy`].
//!
//! ```
//! use titan_core::rules::quiz::{shuffle_order, spread_points};
//!
//! // The same attempt always sees the same order.
//! assert_eq!(shuffle_order("attempt-1", 5), shuffle_order("attempt-1", 5));
//! // 100 points over 3 questions: 34, 33, 33.
//! let points: Vec<String> = spread_points(3).iter().map(|p| p.to_string()).collect();
//! assert_eq!(points, ["34", "33", "33"]);
//! ```

mod attempts;
mod options;
mod regrade;
mod review;
mod scoring;
mod shuffle;
mod text;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

pub use attempts::{
    AggregateScore, AttemptAdmission, SubmissionCheck, admit_attempt, aggregate_attempts,
    attempt_deadline, check_submission,
};
pub use options::{AnswerOption, OptionsProblem, parse_options};
pub use regrade::{AttemptAnswers, RegradeChange, regrade_diff};
pub use review::{
    LearningGain, ReviewVisibility, learning_gain, passes, review_visibility, spread_points,
};
pub use scoring::{AttemptScore, EssayGrade, QuestionResult, grade_essay, score_attempt};
pub use shuffle::{
    FNV_OFFSET_BASIS, FNV_PRIME, SplitMix64, fnv1a_64, option_order, question_order,
    selection_to_original, shuffle_order, to_displayed, to_original,
};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the quiz rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum QuizError {
    /// A question's `options` JSON cannot be read (or gives no answer key).
    InvalidOptions {
        /// The question.
        question_id: String,
        /// What is wrong.
        problem: OptionsProblem,
    },
    /// `selectedOptions` is not `[index, …]` (or a bare index) of existing options.
    InvalidSelection {
        /// The question.
        question_id: String,
        /// The offending value, as JSON text.
        value: String,
        /// How many options the question has.
        option_count: usize,
    },
    /// A question's `points` is negative.
    InvalidPoints {
        /// The question.
        question_id: String,
        /// The points given.
        points: Decimal,
    },
    /// The quiz's negative-marking `penalty` is outside 0..1.
    InvalidPenalty {
        /// The penalty given.
        penalty: Decimal,
    },
    /// The learner has used every allowed attempt.
    MaxAttempts {
        /// `maxAttempts` of the quiz.
        limit: i32,
        /// Attempts already started.
        used: usize,
    },
    /// The submission came after the deadline and its grace period, and policy rejects it.
    DeadlinePassed {
        /// `startedAt + timeLimit`.
        deadline: DateTime<Utc>,
        /// Grace allowed after the deadline.
        grace_seconds: u32,
        /// When the submission arrived.
        submitted_at: DateTime<Utc>,
    },
    /// The attempt was already submitted.
    AlreadySubmitted {
        /// The attempt.
        attempt_id: String,
        /// When it was submitted.
        submitted_at: DateTime<Utc>,
    },
    /// An essay grade outside 0..1.
    InvalidGrade {
        /// The fraction given.
        fraction: Decimal,
    },
    /// A grade was given for a question that is not an essay.
    NotAnEssay {
        /// The question.
        question_id: String,
    },
    /// A score outside 0..100 was given.
    InvalidScore {
        /// The score given.
        value: Decimal,
    },
    /// The attempt is still open: it cannot be graded before it is submitted.
    NotSubmitted {
        /// The attempt.
        attempt_id: String,
    },
    /// The quiz has no questions yet, so it cannot be attempted.
    NoQuestions {
        /// The quiz.
        quiz_id: String,
    },
    /// A QUIZ lesson links the quiz, so deleting it would leave a lesson nobody can complete.
    LinkedToLesson {
        /// The quiz.
        quiz_id: String,
        /// The linking lesson.
        lesson_id: String,
    },
}

impl ErrorCode for QuizError {
    fn code(&self) -> &'static str {
        match self {
            QuizError::InvalidOptions { .. } => "QUIZ_INVALID_OPTIONS",
            QuizError::InvalidSelection { .. } => "QUIZ_INVALID_SELECTION",
            QuizError::InvalidPoints { .. } => "QUIZ_INVALID_POINTS",
            QuizError::InvalidPenalty { .. } => "QUIZ_INVALID_PENALTY",
            QuizError::MaxAttempts { .. } => "QUIZ_MAX_ATTEMPTS",
            QuizError::DeadlinePassed { .. } => "QUIZ_DEADLINE_PASSED",
            QuizError::AlreadySubmitted { .. } => "QUIZ_ALREADY_SUBMITTED",
            QuizError::InvalidGrade { .. } => "QUIZ_INVALID_GRADE",
            QuizError::NotAnEssay { .. } => "QUIZ_NOT_AN_ESSAY",
            QuizError::InvalidScore { .. } => "QUIZ_INVALID_SCORE",
            QuizError::NotSubmitted { .. } => "QUIZ_NOT_SUBMITTED",
            QuizError::NoQuestions { .. } => "QUIZ_NO_QUESTIONS",
            QuizError::LinkedToLesson { .. } => "QUIZ_LINKED_TO_LESSON",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (QuizError::InvalidOptions { problem, .. }, Lang::Id) => {
                format!("Pilihan jawaban soal tidak valid ({})", problem.as_str())
            }
            (QuizError::InvalidOptions { problem, .. }, Lang::En) => {
                format!("The question's options are invalid ({})", problem.as_str())
            }
            (QuizError::InvalidSelection { option_count, .. }, Lang::Id) => {
                format!("Jawaban yang dipilih tidak valid (soal memiliki {option_count} pilihan)")
            }
            (QuizError::InvalidSelection { option_count, .. }, Lang::En) => {
                format!("The selected answer is invalid (the question has {option_count} options)")
            }
            (QuizError::InvalidPoints { points, .. }, Lang::Id) => {
                format!("Poin soal tidak boleh negatif ({points})")
            }
            (QuizError::InvalidPoints { points, .. }, Lang::En) => {
                format!("Question points cannot be negative ({points})")
            }
            (QuizError::InvalidPenalty { penalty }, Lang::Id) => {
                format!("Penalti jawaban salah harus antara 0 dan 1 ({penalty})")
            }
            (QuizError::InvalidPenalty { penalty }, Lang::En) => {
                format!("The wrong-answer penalty must be between 0 and 1 ({penalty})")
            }
            (QuizError::MaxAttempts { limit, .. }, Lang::Id) => {
                format!("Batas maksimal percobaan telah tercapai ({limit} kali)")
            }
            (QuizError::MaxAttempts { limit, .. }, Lang::En) => {
                format!("The maximum number of attempts has been reached ({limit})")
            }
            (QuizError::DeadlinePassed { grace_seconds, .. }, Lang::Id) => format!(
                "Waktu pengerjaan kuis telah habis (toleransi {grace_seconds} detik terlewati)"
            ),
            (QuizError::DeadlinePassed { grace_seconds, .. }, Lang::En) => format!(
                "The quiz time limit has passed (the {grace_seconds}-second grace period is over)"
            ),
            (QuizError::AlreadySubmitted { .. }, Lang::Id) => {
                "Percobaan kuis ini sudah dikumpulkan".to_owned()
            }
            (QuizError::AlreadySubmitted { .. }, Lang::En) => {
                "This quiz attempt has already been submitted".to_owned()
            }
            (QuizError::InvalidGrade { fraction }, Lang::Id) => {
                format!("Nilai esai harus antara 0 dan 1 ({fraction})")
            }
            (QuizError::InvalidGrade { fraction }, Lang::En) => {
                format!("An essay grade must be between 0 and 1 ({fraction})")
            }
            (QuizError::NotAnEssay { .. }, Lang::Id) => {
                "Hanya soal esai yang dinilai secara manual".to_owned()
            }
            (QuizError::NotAnEssay { .. }, Lang::En) => {
                "Only essay questions are graded by hand".to_owned()
            }
            (QuizError::InvalidScore { value }, Lang::Id) => {
                format!("Nilai harus antara 0 dan 100 ({value})")
            }
            (QuizError::InvalidScore { value }, Lang::En) => {
                format!("A score must be between 0 and 100 ({value})")
            }
            (QuizError::NotSubmitted { .. }, Lang::Id) => {
                "Percobaan kuis ini belum dikumpulkan".to_owned()
            }
            (QuizError::NotSubmitted { .. }, Lang::En) => {
                "This quiz attempt has not been submitted yet".to_owned()
            }
            (QuizError::NoQuestions { .. }, Lang::Id) => "Kuis ini belum memiliki soal".to_owned(),
            (QuizError::NoQuestions { .. }, Lang::En) => {
                "This quiz has no questions yet".to_owned()
            }
            (QuizError::LinkedToLesson { .. }, Lang::Id) => {
                "Kuis ini masih ditautkan ke sebuah materi; lepaskan tautannya terlebih dahulu"
                    .to_owned()
            }
            (QuizError::LinkedToLesson { .. }, Lang::En) => {
                "A lesson still links this quiz; unlink it first".to_owned()
            }
        }
    }
}
crate::error::impl_error!(QuizError);

/// How a MULTIPLE_CHOICE question with several correct options is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultiSelectMode {
    /// As Moodle: each correct option picked +1/c, each wrong option picked −1/w, clamped to 0..1.
    #[default]
    Partial,
    /// (correct picked − wrong picked) / c, floored at 0.
    RightMinusWrong,
    /// 1 only for exactly the correct set.
    AllOrNothing,
}

/// What the score divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreDenominator {
    /// Points of every question of the quiz (SPEC).
    #[default]
    AllQuestions,
    /// Points of the answered questions only (the original app).
    AnsweredOnly,
}

/// What happens to a submission after the deadline and its grace period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateSubmission {
    /// Accept it, but only answers saved by the deadline count.
    #[default]
    AutoSubmit,
    /// Refuse it (`QUIZ_DEADLINE_PASSED`).
    Reject,
}

/// Which attempt gives a learner's grade on a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptGrading {
    /// The best graded attempt.
    #[default]
    Highest,
    /// The most recently started graded attempt.
    Last,
    /// The first graded attempt.
    First,
    /// The mean of the graded attempts.
    Average,
}

/// Policy knobs of the quiz rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct QuizPolicy {
    /// Grading of multiple-answer MULTIPLE_CHOICE questions.
    pub multi_select_mode: MultiSelectMode,
    /// Whether SHORT_ANSWER comparison keeps letter case (default: folded).
    pub short_answer_case_sensitive: bool,
    /// What the score divides by.
    pub score_denominator: ScoreDenominator,
    /// Seconds after the deadline in which a submission still counts in full.
    pub grace_seconds: u32,
    /// What happens to a submission after the grace period.
    pub late_submission: LateSubmission,
    /// Which attempt counts.
    pub attempt_grading: AttemptGrading,
}

impl QuizPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            multi_select_mode: MultiSelectMode::Partial,
            short_answer_case_sensitive: false,
            score_denominator: ScoreDenominator::AllQuestions,
            grace_seconds: 60,
            late_submission: LateSubmission::AutoSubmit,
            attempt_grading: AttemptGrading::Highest,
        }
    }

    /// The original TITAN ULP behaviour: the score divides by the answered questions only.
    /// (The app's other quiz behaviours are gaps, not rules, and keep the recommended values.)
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            score_denominator: ScoreDenominator::AnsweredOnly,
            ..Self::recommended()
        }
    }
}

impl Default for QuizPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_differ_only_in_the_denominator() {
        let legacy = QuizPolicy::legacy();
        assert_eq!(legacy.score_denominator, ScoreDenominator::AnsweredOnly);
        assert_eq!(
            QuizPolicy {
                score_denominator: ScoreDenominator::AllQuestions,
                ..legacy
            },
            QuizPolicy::default()
        );
    }

    #[test]
    fn policy_reads_snake_case_knobs() {
        let policy: QuizPolicy = serde_json::from_str(
            r#"{"multi_select_mode":"all_or_nothing","late_submission":"reject","attempt_grading":"average"}"#,
        )
        .unwrap_or_default();
        assert_eq!(policy.multi_select_mode, MultiSelectMode::AllOrNothing);
        assert_eq!(policy.late_submission, LateSubmission::Reject);
        assert_eq!(policy.attempt_grading, AttemptGrading::Average);
        assert_eq!(policy.grace_seconds, 60);
    }

    #[test]
    fn every_error_has_a_code_and_two_messages() {
        let now = chrono::DateTime::<Utc>::UNIX_EPOCH;
        let errors = [
            QuizError::InvalidOptions {
                question_id: "q".into(),
                problem: OptionsProblem::NoCorrectOption,
            },
            QuizError::InvalidSelection {
                question_id: "q".into(),
                value: "9".into(),
                option_count: 2,
            },
            QuizError::InvalidPoints {
                question_id: "q".into(),
                points: Decimal::NEGATIVE_ONE,
            },
            QuizError::InvalidPenalty {
                penalty: Decimal::TWO,
            },
            QuizError::MaxAttempts { limit: 1, used: 1 },
            QuizError::DeadlinePassed {
                deadline: now,
                grace_seconds: 60,
                submitted_at: now,
            },
            QuizError::AlreadySubmitted {
                attempt_id: "a".into(),
                submitted_at: now,
            },
            QuizError::InvalidGrade {
                fraction: Decimal::TWO,
            },
            QuizError::NotAnEssay {
                question_id: "q".into(),
            },
            QuizError::InvalidScore {
                value: Decimal::ONE_THOUSAND,
            },
            QuizError::NotSubmitted {
                attempt_id: "a".into(),
            },
            QuizError::NoQuestions {
                quiz_id: "q".into(),
            },
            QuizError::LinkedToLesson {
                quiz_id: "q".into(),
                lesson_id: "l".into(),
            },
        ];
        for e in errors {
            assert!(e.code().starts_with("QUIZ_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::Id));
            let facts = crate::CoreError::from(e).facts();
            assert!(!facts.is_empty());
            assert!(facts.keys().all(|k| !k.contains('_')));
        }
    }
}
