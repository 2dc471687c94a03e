//! [`CatalogPolicy`]: the catalog's knobs.

use serde::{Deserialize, Serialize};

/// Which checks guard a new enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentChecks {
    /// Published, dates, capacity and duplicate (SPEC).
    #[default]
    Full,
    /// Only the duplicate check (*legacy*: the original app checked nothing else).
    DuplicateOnly,
}

/// Policy knobs of the catalog rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CatalogPolicy {
    /// Enrolment may open before the course's `startDate` (default true).
    pub enrol_before_start: bool,
    /// Which checks guard a new enrolment (default `full`; *legacy* `duplicate_only`).
    pub enrolment_checks: EnrolmentChecks,
}

impl CatalogPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            enrol_before_start: true,
            enrolment_checks: EnrolmentChecks::Full,
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            enrol_before_start: true,
            enrolment_checks: EnrolmentChecks::DuplicateOnly,
        }
    }
}

impl Default for CatalogPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn legacy_loads_from_toml() {
        let p: CatalogPolicy = toml::from_str("enrolment_checks = \"duplicate_only\"").unwrap();
        assert_eq!(p, CatalogPolicy::legacy());
        assert_eq!(
            toml::from_str::<CatalogPolicy>("").unwrap(),
            CatalogPolicy::default()
        );
    }
}
