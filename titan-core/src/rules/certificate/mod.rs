//! SPEC §7 Certificates: issuance (one per user and course), numbers, verification codes,
//! expiry, revocation and public verification. The PDF is an adapter's job.
//!
//! - [`number`]: `certificateNo` from a pattern (`CERT/{YYYY}/{SEQ:06}`) or the legacy epoch form.
//! - [`code`]: `verificationCode` (10 Crockford base32 characters, or legacy 8 hex) and lookup.
//! - [`issue`]: [`check_eligibility`], [`issue_certificate`] and [`revoke`].
//! - [`verify`](mod@verify): the public verification answer.
//!
//! ```
//! use titan_core::rules::certificate::{format_verification_code, normalize_lookup_code};
//!
//! assert_eq!(format_verification_code("7K3QZ0M9XA"), "7K3QZ-0M9XA");
//! assert_eq!(normalize_lookup_code("7k3qz-om9xa").as_deref(), Ok("7K3QZ0M9XA"));
//! ```

pub mod code;
pub mod issue;
pub mod number;
pub mod verify;

pub use code::{
    CROCKFORD_ALPHABET, CodeScheme, RANDOM_BYTES, format_verification_code, normalize_lookup_code,
    verification_code,
};
pub use issue::{
    IssueOutcome, IssueRequest, MAX_REASON_CHARS, MAX_VALIDITY_DAYS, check_eligibility,
    issue_certificate, revoke,
};
pub use number::{
    NumberPattern, NumberScheme, certificate_number, parse_number_pattern, sequence_year,
};
pub use verify::{CourseFacts, Verdict, Verification, verify};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};
use crate::model::EnrollmentStatus;

/// Refusals of the certificate rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum CertificateError {
    /// The policy's `number_pattern` cannot make unique numbers.
    InvalidNumberPattern {
        /// The pattern given.
        pattern: String,
        /// Why, as a stable snake_case word (`missing_seq`, `unknown_placeholder`, …).
        reason: &'static str,
    },
    /// A validity period of 0 days or longer than [`MAX_VALIDITY_DAYS`].
    InvalidValidity {
        /// The days given.
        validity_days: u32,
        /// Largest accepted value.
        max: u32,
    },
    /// A verification code that cannot be any certificate's (lookup answers NOT_FOUND).
    InvalidCode {
        /// Why: `invalid_length` or `invalid_character`.
        reason: &'static str,
    },
    /// The existing certificate passed in belongs to another user or course.
    HolderMismatch,
    /// A certificate is only issued for a COMPLETED enrolment.
    CourseNotCompleted {
        /// The enrolment's status.
        status: EnrollmentStatus,
    },
    /// The certificate is already revoked.
    AlreadyRevoked {
        /// When it was revoked.
        revoked_at: DateTime<Utc>,
    },
    /// A revocation needs a reason.
    RevocationReasonRequired,
    /// The revocation reason is too long.
    RevocationReasonTooLong {
        /// Most characters accepted.
        max: usize,
        /// Characters given.
        actual: usize,
    },
}

impl ErrorCode for CertificateError {
    fn code(&self) -> &'static str {
        match self {
            CertificateError::InvalidNumberPattern { .. } => "CERTIFICATE_INVALID_NUMBER_PATTERN",
            CertificateError::InvalidValidity { .. } => "CERTIFICATE_INVALID_VALIDITY",
            CertificateError::InvalidCode { .. } => "CERTIFICATE_INVALID_CODE",
            CertificateError::HolderMismatch => "CERTIFICATE_HOLDER_MISMATCH",
            CertificateError::CourseNotCompleted { .. } => "CERTIFICATE_COURSE_NOT_COMPLETED",
            CertificateError::AlreadyRevoked { .. } => "CERTIFICATE_ALREADY_REVOKED",
            CertificateError::RevocationReasonRequired => "CERTIFICATE_REVOCATION_REASON_REQUIRED",
            CertificateError::RevocationReasonTooLong { .. } => {
                "CERTIFICATE_REVOCATION_REASON_TOO_LONG"
            }
        }
    }

    fn message(&self, lang: Lang) -> String {
        use CertificateError as E;
        match (self, lang) {
            (E::InvalidNumberPattern { pattern, reason }, Lang::Id) => {
                format!("pola nomor sertifikat '{pattern}' tidak valid ({reason})")
            }
            (E::InvalidNumberPattern { pattern, reason }, Lang::En) => {
                format!("invalid certificate number pattern '{pattern}' ({reason})")
            }
            (E::InvalidValidity { validity_days, max }, Lang::Id) => {
                format!("masa berlaku {validity_days} hari tidak valid (1..{max})")
            }
            (E::InvalidValidity { validity_days, max }, Lang::En) => {
                format!("invalid validity of {validity_days} days (1..{max})")
            }
            (E::InvalidCode { .. }, Lang::Id) => "kode verifikasi tidak valid".to_owned(),
            (E::InvalidCode { .. }, Lang::En) => "invalid verification code".to_owned(),
            (E::HolderMismatch, Lang::Id) => {
                "sertifikat yang ada milik pengguna atau kursus lain".to_owned()
            }
            (E::HolderMismatch, Lang::En) => {
                "the existing certificate belongs to another user or course".to_owned()
            }
            (E::CourseNotCompleted { .. }, Lang::Id) => {
                "sertifikat hanya diterbitkan setelah kursus diselesaikan".to_owned()
            }
            (E::CourseNotCompleted { .. }, Lang::En) => {
                "a certificate is only issued once the course is completed".to_owned()
            }
            (E::AlreadyRevoked { .. }, Lang::Id) => "sertifikat sudah dicabut".to_owned(),
            (E::AlreadyRevoked { .. }, Lang::En) => "the certificate is already revoked".to_owned(),
            (E::RevocationReasonRequired, Lang::Id) => "alasan pencabutan wajib diisi".to_owned(),
            (E::RevocationReasonRequired, Lang::En) => "a revocation reason is required".to_owned(),
            (E::RevocationReasonTooLong { max, .. }, Lang::Id) => {
                format!("alasan pencabutan maksimal {max} karakter")
            }
            (E::RevocationReasonTooLong { max, .. }, Lang::En) => {
                format!("the revocation reason must be at most {max} characters")
            }
        }
    }
}
crate::error::impl_error!(CertificateError);

/// When certificates are issued (SPEC: automatically by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Issuance {
    /// As soon as an enrolment becomes COMPLETED (also legacy).
    #[default]
    Automatic,
    /// Only when the learner (or an admin) asks.
    OnRequest,
}

/// Policy knobs of the certificate rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CertificatePolicy {
    /// When certificates are issued (read by the use case).
    pub issuance: Issuance,
    /// How `certificateNo` is made.
    pub number_scheme: NumberScheme,
    /// The pattern for [`NumberScheme::Pattern`]: `{YYYY}`, `{MM}`, `{SEQ}`, `{SEQ:0N}`.
    pub number_pattern: String,
    /// How `verificationCode` is made.
    pub code_scheme: CodeScheme,
    /// Days from issue to expiry; `None` = never expires.
    pub validity_days: Option<u32>,
}

/// The default `number_pattern`.
pub const DEFAULT_NUMBER_PATTERN: &str = "CERT/{YYYY}/{SEQ:06}";

impl CertificatePolicy {
    /// The recommended behaviour (SPEC): `CERT/{YYYY}/{SEQ:06}`, Crockford codes, no expiry.
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            issuance: Issuance::Automatic,
            number_scheme: NumberScheme::Pattern,
            number_pattern: DEFAULT_NUMBER_PATTERN.to_owned(),
            code_scheme: CodeScheme::Crockford10,
            validity_days: None,
        }
    }

    /// The original TITAN ULP behaviour: `CERT-{epoch ms}-{0..999}` and 8 upper-case hex codes.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            number_scheme: NumberScheme::LegacyEpoch,
            code_scheme: CodeScheme::LegacyHex8,
            ..Self::recommended()
        }
    }

    /// Checks the knobs (run when a policy is loaded or saved). The pattern is checked even under
    /// the legacy scheme, so switching schemes cannot expose a broken one.
    ///
    /// # Errors
    /// [`CertificateError::InvalidNumberPattern`] or [`CertificateError::InvalidValidity`].
    pub fn validate(&self) -> Result<(), CertificateError> {
        parse_number_pattern(&self.number_pattern)?;
        issue::check_validity(self.validity_days).map(|_| ())
    }
}

impl Default for CertificatePolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn presets_differ_only_where_spec_marks_legacy() {
        let (r, l) = (
            CertificatePolicy::recommended(),
            CertificatePolicy::legacy(),
        );
        assert_eq!(r, CertificatePolicy::default());
        assert_eq!((r.issuance, r.validity_days), (l.issuance, l.validity_days));
        assert_ne!(r.number_scheme, l.number_scheme);
        assert_ne!(r.code_scheme, l.code_scheme);
        assert!(r.validate().is_ok() && l.validate().is_ok());
    }

    #[test]
    fn policy_reads_snake_case_labels() {
        let p: CertificatePolicy = serde_json::from_value(serde_json::json!({
            "number_scheme": "legacy_epoch", "code_scheme": "legacy_hex8", "validity_days": 365,
            "issuance": "on_request"
        }))
        .unwrap();
        assert_eq!(p.number_scheme, NumberScheme::LegacyEpoch);
        assert_eq!(p.code_scheme, CodeScheme::LegacyHex8);
        assert_eq!(p.validity_days, Some(365));
        assert_eq!(p.number_pattern, DEFAULT_NUMBER_PATTERN);
    }

    #[test]
    fn validate_refuses_bad_knobs() {
        let mut p = CertificatePolicy::recommended();
        p.number_pattern = "CERT/{SEQ}".into();
        assert_eq!(
            p.validate().unwrap_err().code(),
            "CERTIFICATE_INVALID_NUMBER_PATTERN"
        );
        let mut p = CertificatePolicy::recommended();
        p.validity_days = Some(0);
        assert_eq!(
            p.validate().unwrap_err().code(),
            "CERTIFICATE_INVALID_VALIDITY"
        );
    }

    #[test]
    fn errors_have_codes_and_both_languages() {
        let errors = [
            CertificateError::InvalidNumberPattern {
                pattern: "X".into(),
                reason: "missing_seq",
            },
            CertificateError::InvalidValidity {
                validity_days: 0,
                max: MAX_VALIDITY_DAYS,
            },
            CertificateError::InvalidCode {
                reason: "invalid_length",
            },
            CertificateError::HolderMismatch,
            CertificateError::CourseNotCompleted {
                status: EnrollmentStatus::InProgress,
            },
            CertificateError::AlreadyRevoked {
                revoked_at: DateTime::<Utc>::UNIX_EPOCH,
            },
            CertificateError::RevocationReasonRequired,
            CertificateError::RevocationReasonTooLong {
                max: 500,
                actual: 501,
            },
        ];
        for e in errors {
            assert!(e.code().starts_with("CERTIFICATE_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
        }
        let facts = crate::CoreError::from(CertificateError::InvalidValidity {
            validity_days: 0,
            max: 9,
        })
        .facts();
        assert_eq!(facts.get("validityDays"), Some(&serde_json::json!(0)));
    }
}
