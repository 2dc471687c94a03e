//! §1 Identity and access: NIP and email checks (the newtypes live in
//! [`model::Nip`](crate::model::Nip) and [`model::Email`](crate::model::Email)), passwords,
//! account status, and the one authorisation function every use case calls.
//!
//! ```
//! use titan_core::model::Role;
//! use titan_core::rules::identity::{authorize, Action, Actor, CourseFacts, IdentityPolicy, Resource};
//!
//! let admin = Actor::new("u-admin", Role::AdminUnit, Some("BKN Pusat"));
//! let course = Resource::Course(CourseFacts::new("u-teacher", Some("BKN Pusat"), 0));
//! assert!(authorize(Some(&admin), Action::EditCourse, &course, &IdentityPolicy::default()).is_ok());
//!
//! let elsewhere = Resource::Course(CourseFacts::new("u-other", Some("Kemenkeu"), 0));
//! let err = authorize(Some(&admin), Action::EditCourse, &elsewhere, &IdentityPolicy::default());
//! assert_eq!(err.map_err(|e| titan_core::ErrorCode::code(&e)), Err("IDENTITY_FORBIDDEN"));
//! ```

mod account;
mod action;
mod authorize;
mod error;
mod resource;

#[cfg(test)]
mod authorize_contract;
#[cfg(test)]
mod authorize_tests;

use serde::{Deserialize, Serialize};

pub use self::account::{can_act, check_password};
pub use self::action::{Action, DenyReason};
pub use self::authorize::{Decision, authorize, decide};
pub use self::error::{AppointmentProblem, EmailProblem, IdentityError};
pub use self::resource::{Actor, CourseFacts, OwnerFacts, Resource, UserFacts};
pub use crate::model::NipValidation;

/// Policy knobs of the identity rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct IdentityPolicy {
    /// How a NIP is checked: `structural` (recommended) or `length_only` (*legacy*).
    pub nip_validation: NipValidation,
    /// Learners may create (personal) courses: false (recommended), true (*legacy*).
    pub learners_create_courses: bool,
    /// Minimum password length in characters: 8 in both presets.
    pub min_password_length: usize,
}

impl IdentityPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            nip_validation: NipValidation::Structural,
            learners_create_courses: false,
            min_password_length: 8,
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            nip_validation: NipValidation::LengthOnly,
            learners_create_courses: true,
            min_password_length: 8,
        }
    }
}

impl Default for IdentityPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

/// Parses a NIP under the policy's [`NipValidation`] mode.
///
/// # Errors
/// As [`Nip::parse`](crate::model::Nip::parse).
pub fn parse_nip(text: &str, policy: &IdentityPolicy) -> Result<crate::model::Nip, IdentityError> {
    crate::model::Nip::parse(text, policy.nip_validation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_differ_where_spec_says() {
        let recommended = IdentityPolicy::recommended();
        let legacy = IdentityPolicy::legacy();
        assert_eq!(IdentityPolicy::default(), recommended);
        assert_eq!(recommended.nip_validation, NipValidation::Structural);
        assert_eq!(legacy.nip_validation, NipValidation::LengthOnly);
        assert!(!recommended.learners_create_courses);
        assert!(legacy.learners_create_courses);
        assert_eq!(recommended.min_password_length, 8);
        assert_eq!(legacy.min_password_length, 8);
    }

    #[test]
    fn policy_reads_snake_case_knobs() {
        let policy: IdentityPolicy =
            serde_json::from_str(r#"{"nip_validation":"length_only"}"#).unwrap_or_default();
        assert_eq!(policy.nip_validation, NipValidation::LengthOnly);
        assert!(!policy.learners_create_courses);
    }

    #[test]
    fn parse_nip_follows_the_policy() {
        assert!(parse_nip("ABCDEFGHIJKLMNOPQR", &IdentityPolicy::legacy()).is_ok());
        assert!(parse_nip("ABCDEFGHIJKLMNOPQR", &IdentityPolicy::recommended()).is_err());
    }
}
