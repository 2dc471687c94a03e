use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// What a quiz is for (`QuizType`).
    #[derive(Default)]
    QuizType { PreTest = "PRE_TEST", #[default] PostTest = "POST_TEST", KnowledgeCheck = "KNOWLEDGE_CHECK" }
}

seed_enum! {
    /// How a question is answered (`QuestionType`).
    QuestionType { MultipleChoice = "MULTIPLE_CHOICE", TrueFalse = "TRUE_FALSE", Essay = "ESSAY", ShortAnswer = "SHORT_ANSWER" }
}

/// `Quiz`, attached to a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quiz {
    pub id: String,
    pub module_id: String,
    pub title: String,
    pub description: Option<String>,
    #[serde(rename = "type", default)]
    pub quiz_type: QuizType,
    /// Percent; a score equal to it passes.
    #[serde(default = "default_passing_score")]
    pub passing_score: i32,
    /// Minutes.
    pub time_limit: Option<i32>,
    /// `None` = unlimited.
    pub max_attempts: Option<i32>,
    #[serde(default)]
    pub shuffle_questions: bool,
    #[serde(default = "yes")]
    pub show_correct_answers: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// *Titan addition*: quiz-level negative marking, a fraction of a question's points lost
    /// on a wrong single-answer response (0 = none).
    #[serde(default)]
    pub penalty: Decimal,
}

const fn default_passing_score() -> i32 {
    70
}

const fn yes() -> bool {
    true
}

impl Quiz {
    /// A new quiz with the seed's defaults (POST_TEST, pass at 70, unlimited attempts).
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        module_id: impl Into<String>,
        title: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            module_id: module_id.into(),
            title: title.into(),
            description: None,
            quiz_type: QuizType::default(),
            passing_score: default_passing_score(),
            time_limit: None,
            max_attempts: None,
            shuffle_questions: false,
            show_correct_answers: true,
            created_at: now,
            updated_at: now,
            penalty: Decimal::ZERO,
        }
    }
}

/// `Question` of a quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: String,
    pub quiz_id: String,
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    /// The question text.
    pub content: String,
    pub explanation: Option<String>,
    pub order: i32,
    #[serde(default = "one_point")]
    pub points: Decimal,
    /// `[{text, isCorrect}]`, or the legacy `{choices:[…], correctIndex:n}`.
    pub options: Option<serde_json::Value>,
    pub rubric: Option<serde_json::Value>,
    pub model_answer: Option<String>,
}

fn one_point() -> Decimal {
    Decimal::ONE
}

/// `QuizAttempt` by a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizAttempt {
    pub id: String,
    pub user_id: String,
    pub quiz_id: String,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Percent 0..100; `None` until submitted and every essay graded.
    pub score: Option<Decimal>,
    pub is_passed: Option<bool>,
}

/// `QuestionAnswer` inside an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionAnswer {
    pub id: String,
    pub attempt_id: String,
    pub question_id: String,
    /// Essay / short-answer text.
    pub answer: Option<String>,
    /// Selected option indices (original order) for MC/TF: `[index]`.
    pub selected_options: Option<serde_json::Value>,
    pub is_correct: Option<bool>,
    pub points_earned: Option<Decimal>,
    pub ai_feedback: Option<String>,
    /// *Titan addition*: when the answer was last saved (deadline rule).
    #[serde(default)]
    pub saved_at: Option<DateTime<Utc>>,
}
