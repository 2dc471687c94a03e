//! SPEC area: pbgm.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the pbgm rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum PbgmError {}

impl ErrorCode for PbgmError {
    fn code(&self) -> &'static str {
        match *self {}
    }

    fn message(&self, _lang: Lang) -> String {
        match *self {}
    }
}
crate::error::impl_error!(PbgmError);

/// Policy knobs of the pbgm rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct PbgmPolicy {}

impl PbgmPolicy {
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

impl Default for PbgmPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
