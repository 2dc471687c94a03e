//! SPEC area: survey.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the survey rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum SurveyError {}

impl ErrorCode for SurveyError {
    fn code(&self) -> &'static str {
        match *self {}
    }

    fn message(&self, _lang: Lang) -> String {
        match *self {}
    }
}
crate::error::impl_error!(SurveyError);

/// Policy knobs of the survey rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct SurveyPolicy {}

impl SurveyPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {}
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {}
    }
}

impl Default for SurveyPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
