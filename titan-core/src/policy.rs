//! [`Policy`]: every knob of SPEC in one serde value, with the two presets.
//!
//! `Policy::recommended()` (the default) is the behaviour SPEC writes down;
//! `Policy::legacy()` reproduces the original TITAN ULP web app, so a team migrating from it can
//! run both side by side and get the same numbers. A policy file (JSON or TOML) only needs the
//! knobs it changes: every missing field takes the recommended value.

use serde::{Deserialize, Serialize};

use crate::error::ValidationError;
use crate::rules::{
    attendance::AttendancePolicy, catalog::CatalogPolicy, certificate::CertificatePolicy,
    curation::CurationPolicy, gamification::GamificationPolicy, identity::IdentityPolicy,
    pbgm::PbgmPolicy, progress::ProgressPolicy, quiz::QuizPolicy, survey::SurveyPolicy,
    xapi::XapiPolicy,
};

/// Every rule knob, grouped by SPEC area.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Policy {
    /// §1 identity and access.
    pub identity: IdentityPolicy,
    /// §2 catalog and enrolment.
    pub catalog: CatalogPolicy,
    /// §3 progress and completion.
    pub progress: ProgressPolicy,
    /// §4 quizzes.
    pub quiz: QuizPolicy,
    /// §5 attendance.
    pub attendance: AttendancePolicy,
    /// §6 gamification.
    pub gamification: GamificationPolicy,
    /// §7 certificates.
    pub certificate: CertificatePolicy,
    /// §8 PBGM.
    pub pbgm: PbgmPolicy,
    /// §9 surveys.
    pub survey: SurveyPolicy,
    /// §10 curation.
    pub curation: CurationPolicy,
    /// §11 xAPI, activity and notifications.
    pub xapi: XapiPolicy,
}

impl Policy {
    /// The behaviour SPEC writes down (the default).
    #[must_use]
    pub fn recommended() -> Self {
        Self::default()
    }

    /// The original TITAN ULP web app's behaviour, knob by knob.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            identity: IdentityPolicy::legacy(),
            catalog: CatalogPolicy::legacy(),
            progress: ProgressPolicy::legacy(),
            quiz: QuizPolicy::legacy(),
            attendance: AttendancePolicy::legacy(),
            gamification: GamificationPolicy::legacy(),
            certificate: CertificatePolicy::legacy(),
            pbgm: PbgmPolicy::legacy(),
            survey: SurveyPolicy::legacy(),
            curation: CurationPolicy::legacy(),
            xapi: XapiPolicy::legacy(),
        }
    }

    /// A preset by name: `recommended` or `legacy`.
    ///
    /// # Errors
    /// [`ValidationError::UnknownLabel`] for any other name.
    pub fn preset(name: &str) -> Result<Self, ValidationError> {
        match name {
            "recommended" => Ok(Self::recommended()),
            "legacy" => Ok(Self::legacy()),
            other => Err(ValidationError::UnknownLabel {
                kind: "policy preset",
                value: other.to_owned(),
            }),
        }
    }

    /// Loads a policy from JSON; missing knobs take the recommended values.
    ///
    /// # Errors
    /// [`ValidationError::InvalidFormat`] when the text is not a valid policy.
    pub fn from_json(text: &str) -> Result<Self, ValidationError> {
        serde_json::from_str(text).map_err(|_| ValidationError::InvalidFormat {
            field: "policy",
            expected: "a JSON policy document",
        })
    }

    /// Loads a policy from TOML; missing knobs take the recommended values.
    ///
    /// # Errors
    /// [`ValidationError::InvalidFormat`] when the text is not a valid policy.
    pub fn from_toml(text: &str) -> Result<Self, ValidationError> {
        toml::from_str(text).map_err(|_| ValidationError::InvalidFormat {
            field: "policy",
            expected: "a TOML policy document",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_documents_are_recommended() {
        assert_eq!(Policy::from_json("{}"), Ok(Policy::recommended()));
        assert_eq!(Policy::from_toml(""), Ok(Policy::recommended()));
    }

    #[test]
    fn presets_round_trip_through_json() {
        for preset in ["recommended", "legacy"] {
            let policy = Policy::preset(preset).unwrap_or_default();
            let text = serde_json::to_string(&policy).unwrap_or_default();
            assert_eq!(Policy::from_json(&text), Ok(policy));
        }
        assert!(Policy::preset("strict").is_err());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(Policy::from_json("[1,2]").is_err());
        assert!(Policy::from_toml("quiz = 3").is_err());
    }
}
