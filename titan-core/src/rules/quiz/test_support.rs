//! Builders shared by the quiz unit tests.

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::model::{Question, QuestionAnswer, QuestionType, Quiz, QuizAttempt};

pub(crate) fn at(minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, second)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

pub(crate) fn quiz() -> Quiz {
    Quiz::new("quiz-1", "module-1", "Post-test", at(0, 0))
}

pub(crate) fn question(id: &str, question_type: QuestionType, options: Value) -> Question {
    Question {
        id: id.to_owned(),
        quiz_id: "quiz-1".to_owned(),
        question_type,
        content: format!("Question {id}"),
        explanation: None,
        order: 1,
        points: Decimal::ONE,
        options: Some(options),
        rubric: None,
        model_answer: None,
    }
}

/// TRUE_FALSE whose correct option is `correct`.
pub(crate) fn true_false(id: &str, correct: usize) -> Question {
    question(
        id,
        QuestionType::TrueFalse,
        json!([{"text": "Benar", "isCorrect": correct == 0}, {"text": "Salah", "isCorrect": correct == 1}]),
    )
}

/// MULTIPLE_CHOICE with `n` options, the given ones correct.
pub(crate) fn choice(id: &str, n: usize, correct: &[usize]) -> Question {
    let options: Vec<Value> = (0..n)
        .map(|i| json!({"text": format!("Option {i}"), "isCorrect": correct.contains(&i)}))
        .collect();
    question(id, QuestionType::MultipleChoice, Value::Array(options))
}

pub(crate) fn short_answer(id: &str, accepted: &[&str]) -> Question {
    let options: Vec<Value> = accepted
        .iter()
        .map(|t| json!({"text": t, "isCorrect": true}))
        .collect();
    question(id, QuestionType::ShortAnswer, Value::Array(options))
}

pub(crate) fn essay(id: &str) -> Question {
    let mut q = question(id, QuestionType::Essay, Value::Null);
    q.options = None;
    q
}

pub(crate) fn selected(question_id: &str, selection: Value) -> QuestionAnswer {
    QuestionAnswer {
        id: format!("ans-{question_id}"),
        attempt_id: "attempt-1".to_owned(),
        question_id: question_id.to_owned(),
        answer: None,
        selected_options: Some(selection),
        is_correct: None,
        points_earned: None,
        ai_feedback: None,
        saved_at: None,
    }
}

pub(crate) fn typed(question_id: &str, text: &str) -> QuestionAnswer {
    QuestionAnswer {
        answer: Some(text.to_owned()),
        selected_options: None,
        ..selected(question_id, Value::Null)
    }
}

pub(crate) fn attempt(id: &str, started: DateTime<Utc>) -> QuizAttempt {
    QuizAttempt {
        id: id.to_owned(),
        user_id: "user-1".to_owned(),
        quiz_id: "quiz-1".to_owned(),
        started_at: started,
        submitted_at: None,
        score: None,
        is_passed: None,
    }
}

pub(crate) fn graded(id: &str, started: DateTime<Utc>, score: i64) -> QuizAttempt {
    QuizAttempt {
        submitted_at: Some(started),
        score: Some(Decimal::from(score)),
        is_passed: Some(score >= 70),
        ..attempt(id, started)
    }
}
