//! Ports to services outside the store: password hashing, essay grading and the Learning
//! Record Store.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::rules::quiz::EssayGrade;

/// What an essay grader is given: the question, its rubric and model answer, and the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EssayGradingRequest {
    /// The question's id.
    pub question_id: String,
    /// The question's text.
    pub question: String,
    /// The question's rubric JSON, if any.
    pub rubric: Option<Value>,
    /// The question's model answer, if any.
    pub model_answer: Option<String>,
    /// The learner's answer.
    pub answer: String,
}

/// Why an essay grader gave no grade; the essay stays pending for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("essay grader unavailable: {reason}")]
pub struct GraderError {
    /// What went wrong (no personal data).
    pub reason: String,
}

/// Grades essays automatically (a rubric engine or a language model). A grade it returns is
/// checked by the quiz rules like a person's.
#[async_trait]
pub trait EssayGrader: Send + Sync + std::fmt::Debug {
    /// Grades one essay.
    ///
    /// # Errors
    /// [`GraderError`] when no grade can be given now.
    async fn grade(&self, request: &EssayGradingRequest) -> Result<EssayGrade, GraderError>;
}

/// The default grader: grades nothing, so every essay waits for a person.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEssayGrader;

#[async_trait]
impl EssayGrader for NoEssayGrader {
    async fn grade(&self, _request: &EssayGradingRequest) -> Result<EssayGrade, GraderError> {
        Err(GraderError {
            reason: "no automatic essay grader is configured".to_owned(),
        })
    }
}

/// What an LRS answered to one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LrsResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body (or its start), kept in `lastError` when the delivery failed.
    pub body: String,
}

/// The LRS could not be reached (DNS, connection, TLS, timeout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("LRS unreachable: {reason}")]
pub struct LrsError {
    /// What went wrong.
    pub reason: String,
}

/// A Learning Record Store: receives the outbox's statements, verbatim.
#[async_trait]
pub trait Lrs: Send + Sync + std::fmt::Debug {
    /// Sends one statement (`PUT`/`POST` with `X-Experience-API-Version: 1.0.3`).
    ///
    /// # Errors
    /// [`LrsError`] when no HTTP answer came back (the relay retries with backoff).
    async fn send(&self, statement: &Value) -> Result<LrsResponse, LrsError>;
}

/// Why a password could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("password hashing failed: {reason}")]
pub struct PasswordError {
    /// What went wrong.
    pub reason: String,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PasswordCheck {
    /// The password does not match (or the hash is unreadable).
    Mismatch,
    /// It matches.
    Match,
    /// It matches a hash of an older scheme (the legacy app's bcrypt): store a new hash.
    MatchNeedsRehash,
}

/// Hashes and verifies passwords (argon2id; legacy bcrypt hashes are verified and upgraded).
/// CPU-bound and synchronous: callers on an async runtime keep hashes out of hot loops.
pub trait PasswordHasher: Send + Sync + std::fmt::Debug {
    /// A new hash of `password` (PHC string).
    ///
    /// # Errors
    /// [`PasswordError`] when the hasher cannot run.
    fn hash(&self, password: &str) -> Result<String, PasswordError>;

    /// Checks `password` against `hash`.
    fn verify(&self, password: &str, hash: &str) -> PasswordCheck;
}
