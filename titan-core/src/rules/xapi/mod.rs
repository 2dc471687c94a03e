//! SPEC area: xapi.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the xapi rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum XapiError {}

impl ErrorCode for XapiError {
    fn code(&self) -> &'static str {
        match *self {}
    }

    fn message(&self, _lang: Lang) -> String {
        match *self {}
    }
}
crate::error::impl_error!(XapiError);

/// Policy knobs of the xapi rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct XapiPolicy {}

impl XapiPolicy {
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

impl Default for XapiPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
