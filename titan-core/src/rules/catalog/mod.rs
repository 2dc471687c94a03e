//! SPEC area: catalog.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the catalog rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum CatalogError {}

impl ErrorCode for CatalogError {
    fn code(&self) -> &'static str {
        match *self {}
    }

    fn message(&self, _lang: Lang) -> String {
        match *self {}
    }
}
crate::error::impl_error!(CatalogError);

/// Policy knobs of the catalog rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CatalogPolicy {}

impl CatalogPolicy {
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

impl Default for CatalogPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
