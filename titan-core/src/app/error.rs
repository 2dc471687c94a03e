//! [`Error`]: what a use case refuses or fails with. A rule's refusal keeps its stable code
//! (`QUIZ_MAX_ATTEMPTS`, …); missing rows, unresolved conflicts and store failures get codes of
//! their own, so every caller (Rust, Python, Kotlin, HTTP) can react to each case.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::error::{CoreError, Lang, ValidationError};
use crate::ports::StoreError;
use crate::rules::{
    attendance::AttendanceError, catalog::CatalogError, certificate::CertificateError,
    curation::CurationError, gamification::GamificationError, identity::IdentityError,
    pbgm::PbgmError, progress::ProgressError, quiz::QuizError, survey::SurveyError,
    xapi::XapiError,
};

/// A use case's refusal or failure. Nothing was written when a use case returns one.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Error {
    /// A rule refused (authorisation included): the rule's code, message and facts.
    #[error("{0}")]
    Rule(CoreError),
    /// A row the request names does not exist (or the actor may not know it exists).
    #[error("{entity} {id} not found")]
    NotFound {
        /// The model, by its seed name (`Course`, `Lesson`, …).
        entity: &'static str,
        /// The id (or key) asked for.
        id: String,
    },
    /// A unique constraint still failed after the unit of work was retried.
    #[error("unique constraint {constraint} violated")]
    Conflict {
        /// The constraint's name.
        constraint: String,
    },
    /// The store failed (unavailable, busy after every retry, unreadable row).
    #[error("{0}")]
    Store(StoreError),
}

impl Error {
    /// A missing `entity` with this id.
    #[must_use]
    pub fn not_found(entity: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound {
            entity,
            id: id.into(),
        }
    }

    /// Stable machine code: the rule's code, `NOT_FOUND`, `CONFLICT`, or `STORE_*`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Error::Rule(e) => e.code(),
            Error::NotFound { .. } => "NOT_FOUND",
            Error::Conflict { .. } => "CONFLICT",
            Error::Store(StoreError::Retryable { .. }) => "STORE_BUSY",
            Error::Store(StoreError::ReadOnly) => "STORE_READ_ONLY",
            Error::Store(StoreError::Corrupt { .. }) => "STORE_CORRUPT",
            Error::Store(StoreError::NotFound { .. }) => "NOT_FOUND",
            Error::Store(StoreError::Conflict { .. }) => "CONFLICT",
            Error::Store(_) => "STORE_UNAVAILABLE",
        }
    }

    /// Human message in `lang`; carries no personal data.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Rule(e), _) => e.message(lang),
            (Error::NotFound { entity, .. }, Lang::Id) => format!("{entity} tidak ditemukan"),
            (Error::NotFound { entity, .. }, Lang::En) => format!("{entity} not found"),
            (Error::Conflict { .. } | Error::Store(StoreError::Conflict { .. }), Lang::Id) => {
                "data yang sama sudah ada".to_owned()
            }
            (Error::Conflict { .. } | Error::Store(StoreError::Conflict { .. }), Lang::En) => {
                "the same data already exists".to_owned()
            }
            (Error::Store(StoreError::Retryable { .. }), Lang::Id) => {
                "sistem sedang sibuk, silakan coba lagi".to_owned()
            }
            (Error::Store(StoreError::Retryable { .. }), Lang::En) => {
                "the system is busy, please try again".to_owned()
            }
            (Error::Store(_), Lang::Id) => "penyimpanan data sedang bermasalah".to_owned(),
            (Error::Store(_), Lang::En) => "the data store failed".to_owned(),
        }
    }

    /// The facts behind the refusal as a JSON object with camelCase keys.
    #[must_use]
    pub fn facts(&self) -> Map<String, Value> {
        match self {
            Error::Rule(e) => e.facts(),
            Error::NotFound { entity, id } => {
                let mut m = Map::new();
                m.insert("entity".into(), json!(entity));
                m.insert("id".into(), json!(id));
                m
            }
            Error::Conflict { constraint } => {
                let mut m = Map::new();
                m.insert("constraint".into(), json!(constraint));
                m
            }
            Error::Store(e) => match serde_json::to_value(e) {
                Ok(Value::Object(mut m)) => {
                    m.remove("kind");
                    m
                }
                _ => Map::new(),
            },
        }
    }

    /// Whether running the unit of work again may succeed: a serialization failure, or a unique
    /// conflict that a fresh read will turn into the rule's own refusal.
    pub(crate) fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::Store(StoreError::Retryable { .. } | StoreError::Conflict { .. })
        )
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<CoreError> for Error {
    fn from(e: CoreError) -> Self {
        Error::Rule(e)
    }
}

macro_rules! from_rule_errors {
    ($($ty:ty),+ $(,)?) => {
        $(impl From<$ty> for Error {
            fn from(e: $ty) -> Self {
                Error::Rule(CoreError::from(e))
            }
        })+
    };
}

from_rule_errors!(
    ValidationError,
    IdentityError,
    CatalogError,
    ProgressError,
    QuizError,
    AttendanceError,
    GamificationError,
    CertificateError,
    PbgmError,
    SurveyError,
    CurationError,
    XapiError,
);

/// Result of a use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_the_rule_code_and_name_the_store_cases() {
        let rule = Error::from(ValidationError::Required { field: "title" });
        assert_eq!(rule.code(), "VALIDATION_REQUIRED");
        assert_eq!(rule.facts()["field"], "title");
        let missing = Error::not_found("Course", "c1");
        assert_eq!(missing.code(), "NOT_FOUND");
        assert_eq!(missing.facts()["id"], "c1");
        assert_eq!(missing.message(Lang::En), "Course not found");
        let busy = Error::from(StoreError::Retryable {
            reason: "40001".into(),
        });
        assert_eq!(busy.code(), "STORE_BUSY");
        assert!(busy.is_retryable());
        assert_eq!(busy.facts()["reason"], "40001");
        assert!(Error::from(StoreError::conflict("x")).is_retryable());
        assert!(!missing.is_retryable());
    }
}
