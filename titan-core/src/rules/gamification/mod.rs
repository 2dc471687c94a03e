//! SPEC area: gamification.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the gamification rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum GamificationError {}

impl ErrorCode for GamificationError {
    fn code(&self) -> &'static str {
        match *self {}
    }

    fn message(&self, _lang: Lang) -> String {
        match *self {}
    }
}
crate::error::impl_error!(GamificationError);

/// Policy knobs of the gamification rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct GamificationPolicy {}

impl GamificationPolicy {
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

impl Default for GamificationPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
