//! Errors: every refusal is a typed value with a stable machine code and the facts behind it.
//!
//! Each area of the rules has its own error enum (`rules::quiz::QuizError`, …) implementing
//! [`ErrorCode`]; [`CoreError`] gathers them so one `?` works across areas. Codes are stable
//! strings such as `QUIZ_MAX_ATTEMPTS`; messages are Indonesian by default, English on request.
//! Every variant has named fields, so [`CoreError::facts`] can hand them to any language as JSON.

use serde::Serialize;

use crate::rules::{
    attendance::AttendanceError, catalog::CatalogError, certificate::CertificateError,
    curation::CurationError, gamification::GamificationError, identity::IdentityError,
    pbgm::PbgmError, progress::ProgressError, quiz::QuizError, survey::SurveyError,
    xapi::XapiError,
};

/// Language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    #[serde(rename = "id")]
    Id,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// A refusal with a stable code and a message in either language.
pub trait ErrorCode: std::error::Error {
    /// Stable machine code, e.g. `QUIZ_MAX_ATTEMPTS`. Never changes once published.
    fn code(&self) -> &'static str;
    /// Human message in `lang`; carries no personal data.
    fn message(&self, lang: Lang) -> String;
}

/// Implements `Display` (the Indonesian message) and `std::error::Error` for an [`ErrorCode`] type.
macro_rules! impl_error {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::error::ErrorCode::message(
                    self,
                    $crate::error::Lang::Id,
                ))
            }
        }

        impl std::error::Error for $ty {}
    };
}
pub(crate) use impl_error;

/// A value that breaks a field-level rule (length, range, format, unknown label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ValidationError {
    /// A required value is missing or blank.
    Required {
        /// The field, by its seed name.
        field: &'static str,
    },
    /// A text is shorter than allowed (in characters).
    TooShort {
        /// The field, by its seed name.
        field: &'static str,
        /// Minimum length.
        min: usize,
        /// Length given.
        actual: usize,
    },
    /// A text is longer than allowed (in characters).
    TooLong {
        /// The field, by its seed name.
        field: &'static str,
        /// Maximum length.
        max: usize,
        /// Length given.
        actual: usize,
    },
    /// A number lies outside its range.
    OutOfRange {
        /// The field, by its seed name.
        field: &'static str,
        /// The value given.
        value: String,
        /// Smallest allowed value.
        min: String,
        /// Largest allowed value.
        max: String,
    },
    /// A value has the wrong shape.
    InvalidFormat {
        /// The field, by its seed name.
        field: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// A label that is not one of an enum's values.
    UnknownLabel {
        /// The enum.
        kind: &'static str,
        /// The label given.
        value: String,
    },
}

impl ErrorCode for ValidationError {
    fn code(&self) -> &'static str {
        match self {
            ValidationError::Required { .. } => "VALIDATION_REQUIRED",
            ValidationError::TooShort { .. } => "VALIDATION_TOO_SHORT",
            ValidationError::TooLong { .. } => "VALIDATION_TOO_LONG",
            ValidationError::OutOfRange { .. } => "VALIDATION_OUT_OF_RANGE",
            ValidationError::InvalidFormat { .. } => "VALIDATION_FORMAT",
            ValidationError::UnknownLabel { .. } => "VALIDATION_UNKNOWN_VALUE",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ValidationError::Required { field }, Lang::Id) => format!("{field} wajib diisi"),
            (ValidationError::Required { field }, Lang::En) => format!("{field} is required"),
            (ValidationError::TooShort { field, min, .. }, Lang::Id) => {
                format!("{field} minimal {min} karakter")
            }
            (ValidationError::TooShort { field, min, .. }, Lang::En) => {
                format!("{field} must be at least {min} characters")
            }
            (ValidationError::TooLong { field, max, .. }, Lang::Id) => {
                format!("{field} maksimal {max} karakter")
            }
            (ValidationError::TooLong { field, max, .. }, Lang::En) => {
                format!("{field} must be at most {max} characters")
            }
            (
                ValidationError::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                },
                Lang::Id,
            ) => {
                format!("{field} = {value} di luar rentang {min}..{max}")
            }
            (
                ValidationError::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                },
                Lang::En,
            ) => {
                format!("{field} = {value} is outside {min}..{max}")
            }
            (ValidationError::InvalidFormat { field, expected }, Lang::Id) => {
                format!("format {field} tidak valid (seharusnya {expected})")
            }
            (ValidationError::InvalidFormat { field, expected }, Lang::En) => {
                format!("{field} has an invalid format (expected {expected})")
            }
            (ValidationError::UnknownLabel { kind, value }, Lang::Id) => {
                format!("nilai {kind} tidak dikenal: {value}")
            }
            (ValidationError::UnknownLabel { kind, value }, Lang::En) => {
                format!("unknown {kind} value: {value}")
            }
        }
    }
}
impl_error!(ValidationError);

/// Any refusal of `titan-core`, by area.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum CoreError {
    /// A field-level rule.
    Validation(ValidationError),
    /// §1 identity and access.
    Identity(IdentityError),
    /// §2 catalog and enrolment.
    Catalog(CatalogError),
    /// §3 progress and completion.
    Progress(ProgressError),
    /// §4 quizzes.
    Quiz(QuizError),
    /// §5 attendance.
    Attendance(AttendanceError),
    /// §6 gamification.
    Gamification(GamificationError),
    /// §7 certificates.
    Certificate(CertificateError),
    /// §8 PBGM.
    Pbgm(PbgmError),
    /// §9 surveys.
    Survey(SurveyError),
    /// §10 curation.
    Curation(CurationError),
    /// §11 xAPI.
    Xapi(XapiError),
}

macro_rules! core_error_areas {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        $(impl From<$ty> for CoreError {
            fn from(e: $ty) -> Self {
                CoreError::$variant(e)
            }
        })+

        impl CoreError {
            fn inner(&self) -> &dyn ErrorCode {
                match self {
                    $(CoreError::$variant(e) => e,)+
                }
            }
        }
    };
}

core_error_areas! {
    Validation(ValidationError),
    Identity(IdentityError),
    Catalog(CatalogError),
    Progress(ProgressError),
    Quiz(QuizError),
    Attendance(AttendanceError),
    Gamification(GamificationError),
    Certificate(CertificateError),
    Pbgm(PbgmError),
    Survey(SurveyError),
    Curation(CurationError),
    Xapi(XapiError),
}

impl CoreError {
    /// Stable machine code, e.g. `QUIZ_MAX_ATTEMPTS`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.inner().code()
    }

    /// Human message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        self.inner().message(lang)
    }

    /// The facts behind the refusal (limit, value, …) as a JSON object with camelCase keys.
    #[must_use]
    pub fn facts(&self) -> serde_json::Map<String, serde_json::Value> {
        // Every area error serialises as `{"Variant": {fields}}` or `"Variant"`.
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(outer)) => outer
                .into_iter()
                .next()
                .and_then(|(_, inner)| match inner {
                    serde_json::Value::Object(fields) => Some(fields),
                    _ => None,
                })
                .unwrap_or_default(),
            _ => serde_json::Map::new(),
        }
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Id))
    }
}

impl std::error::Error for CoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        None
    }
}

/// Result of a rule.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
