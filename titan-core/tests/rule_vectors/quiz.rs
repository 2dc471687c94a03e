//! Dispatcher for `quiz.*` vectors (SPEC §4).
//!
//! To keep the JSON short, model objects may leave out fields the rule does not read; they are
//! filled with fixed defaults before deserialising: a quiz gets `id` "quiz-1", `moduleId`,
//! `title`, `createdAt`/`updatedAt`; a question gets `quizId`, `content` and `order` (its
//! position); an answer gets `id` "ans-{questionId}" and `attemptId` "attempt-1"; an attempt
//! gets `userId` "user-1" and `quizId` "quiz-1".

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Question, QuestionAnswer, Quiz, QuizAttempt};
use titan_core::rules::quiz::{self as rules, AttemptAnswers, EssayGrade};
use titan_core::{CoreError, Policy};

fn with_defaults(value: &Value, defaults: Value) -> Value {
    let mut out = defaults;
    if let (Value::Object(out), Value::Object(given)) = (&mut out, value) {
        for (k, v) in given {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn quiz(value: Option<&Value>) -> Quiz {
    let defaults = json!({
        "id": "quiz-1", "moduleId": "module-1", "title": "Kuis",
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"
    });
    crate::input(&with_defaults(value.unwrap_or(&Value::Null), defaults))
}

fn questions(values: &[Value]) -> Vec<Question> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let defaults = json!({"quizId": "quiz-1", "content": "?", "order": i + 1});
            crate::input(&with_defaults(v, defaults))
        })
        .collect()
}

fn question(value: &Value) -> Question {
    questions(std::slice::from_ref(value)).remove(0)
}

fn answers(values: &[Value]) -> Vec<QuestionAnswer> {
    values
        .iter()
        .map(|v| {
            let qid = v["questionId"].as_str().unwrap_or("?");
            let defaults = json!({"id": format!("ans-{qid}"), "attemptId": "attempt-1"});
            crate::input(&with_defaults(v, defaults))
        })
        .collect()
}

fn attempt(value: &Value) -> QuizAttempt {
    crate::input(&with_defaults(
        value,
        json!({"userId": "user-1", "quizId": "quiz-1"}),
    ))
}

fn attempts(values: &[Value]) -> Vec<QuizAttempt> {
    values.iter().map(attempt).collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScoreInput {
    quiz: Option<Value>,
    questions: Vec<Value>,
    #[serde(default)]
    answers: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GradeEssayInput {
    question: Value,
    answer: Value,
    grade: EssayGrade,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdmitInput {
    quiz: Option<Value>,
    #[serde(default)]
    attempts: Vec<Value>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubmissionInput {
    quiz: Option<Value>,
    attempt: Value,
    #[serde(default)]
    answers: Vec<Value>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShuffleInput {
    key: String,
    n: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderInput {
    quiz: Option<Value>,
    attempt_id: String,
    question_id: Option<String>,
    n: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MappingInput {
    order: Vec<usize>,
    displayed: Vec<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewInput {
    quiz: Option<Value>,
    attempt: Value,
    attempts_used: usize,
    has_passed: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GainInput {
    pre: Decimal,
    post: Decimal,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredAttempt {
    attempt: Value,
    #[serde(default)]
    answers: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegradeInput {
    quiz: Option<Value>,
    questions: Vec<Value>,
    attempts: Vec<StoredAttempt>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpreadInput {
    n: usize,
}

fn done<T: serde::Serialize, E: Into<CoreError>>(result: Result<T, E>) -> Result<Value, CoreError> {
    result.map(crate::output).map_err(Into::into)
}

pub fn run(rule: &str, policy: &Policy, input: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.quiz;
    Some(match rule {
        "quiz.parse_options" => {
            #[derive(Deserialize)]
            struct I {
                question: Value,
            }
            let i: I = crate::input(input);
            done(rules::parse_options(&question(&i.question)))
        }
        "quiz.score_attempt" => {
            let i: ScoreInput = crate::input(input);
            let qs = questions(&i.questions);
            done(rules::score_attempt(
                &quiz(i.quiz.as_ref()),
                &qs,
                &answers(&i.answers),
                p,
            ))
        }
        "quiz.grade_essay" => {
            let i: GradeEssayInput = crate::input(input);
            let answer = answers(std::slice::from_ref(&i.answer)).remove(0);
            done(rules::grade_essay(
                &question(&i.question),
                &answer,
                &i.grade,
            ))
        }
        "quiz.admit_attempt" => {
            let i: AdmitInput = crate::input(input);
            done(rules::admit_attempt(
                &quiz(i.quiz.as_ref()),
                &attempts(&i.attempts),
                i.now,
                p,
            ))
        }
        "quiz.check_submission" => {
            let i: SubmissionInput = crate::input(input);
            done(rules::check_submission(
                &quiz(i.quiz.as_ref()),
                &attempt(&i.attempt),
                &answers(&i.answers),
                i.now,
                p,
            ))
        }
        "quiz.aggregate_attempts" => {
            #[derive(Deserialize)]
            struct I {
                attempts: Vec<Value>,
            }
            let i: I = crate::input(input);
            Ok(crate::output(rules::aggregate_attempts(
                &attempts(&i.attempts),
                p.attempt_grading,
            )))
        }
        "quiz.shuffle_order" => {
            let i: ShuffleInput = crate::input(input);
            Ok(crate::output(rules::shuffle_order(&i.key, i.n)))
        }
        "quiz.question_order" => {
            let i: OrderInput = crate::input(input);
            let q = quiz(i.quiz.as_ref());
            Ok(crate::output(rules::question_order(&q, &i.attempt_id, i.n)))
        }
        "quiz.option_order" => {
            let i: OrderInput = crate::input(input);
            let qid = i.question_id.unwrap_or_default();
            Ok(crate::output(rules::option_order(&i.attempt_id, &qid, i.n)))
        }
        "quiz.selection_to_original" => {
            let i: MappingInput = crate::input(input);
            Ok(crate::output(rules::selection_to_original(
                &i.order,
                &i.displayed,
            )))
        }
        "quiz.review_visibility" => {
            let i: ReviewInput = crate::input(input);
            Ok(crate::output(rules::review_visibility(
                &quiz(i.quiz.as_ref()),
                &attempt(&i.attempt),
                i.attempts_used,
                i.has_passed,
            )))
        }
        "quiz.learning_gain" => {
            let i: GainInput = crate::input(input);
            done(rules::learning_gain(i.pre, i.post))
        }
        "quiz.regrade_diff" => {
            let i: RegradeInput = crate::input(input);
            let stored: Vec<AttemptAnswers> = i
                .attempts
                .iter()
                .map(|s| AttemptAnswers {
                    attempt: attempt(&s.attempt),
                    answers: answers(&s.answers),
                })
                .collect();
            let qs = questions(&i.questions);
            done(rules::regrade_diff(&quiz(i.quiz.as_ref()), &qs, &stored, p))
        }
        "quiz.spread_points" => {
            let i: SpreadInput = crate::input(input);
            Ok(crate::output(rules::spread_points(i.n)))
        }
        _ => return None,
    })
}
