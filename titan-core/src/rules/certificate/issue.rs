//! Issuing (one certificate per user and course) and revoking certificates.
//!
//! Eligibility (the enrolment became COMPLETED) is decided by the progress rules; the use case
//! calls [`issue_certificate`] once it holds. The store allocates `seq` for
//! [`super::sequence_year`] without gaps or duplicates, and the `Secrets` port gives the random
//! bytes; on the rare unique-code conflict the use case retries with fresh bytes.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{
    CertificateError, CertificatePolicy, RANDOM_BYTES, certificate_number, verification_code,
};
use crate::model::{Certificate, EnrollmentStatus};

/// Longest validity accepted, in days (100 years).
pub const MAX_VALIDITY_DAYS: u32 = 36_525;

/// Longest revocation reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What a new certificate needs besides the policy and the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueRequest {
    /// The new certificate's id.
    pub id: String,
    /// The holder.
    pub user_id: String,
    /// The course completed.
    pub course_id: String,
    /// The store's per-year counter value for this certificate (pattern scheme).
    pub seq: u32,
    /// CSPRNG bytes for the verification code (and the legacy number's random part).
    pub verification_random: [u8; RANDOM_BYTES],
    /// The course's own validity in days, overriding the policy's `validity_days`; the seed's
    /// `Course` has no such column, so the caller supplies it when it has one.
    #[serde(default)]
    pub course_validity_days: Option<u32>,
}

/// The certificate for a (user, course): the one already issued, or a new one to insert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "outcome",
    content = "certificate",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum IssueOutcome {
    /// Already issued: returned as it is (even if expired or revoked).
    Existing(Certificate),
    /// Newly made: the caller inserts it.
    New(Certificate),
}

impl IssueOutcome {
    /// The certificate, whichever it is.
    #[must_use]
    pub fn certificate(&self) -> &Certificate {
        match self {
            IssueOutcome::Existing(c) | IssueOutcome::New(c) => c,
        }
    }
}

/// Checks a validity period: 1..=[`MAX_VALIDITY_DAYS`] days, or none.
pub(super) fn check_validity(days: Option<u32>) -> Result<Option<Duration>, CertificateError> {
    match days {
        None => Ok(None),
        Some(d) if (1..=MAX_VALIDITY_DAYS).contains(&d) => Ok(Some(Duration::days(i64::from(d)))),
        Some(d) => Err(CertificateError::InvalidValidity {
            validity_days: d,
            max: MAX_VALIDITY_DAYS,
        }),
    }
}

/// Whether an enrolment in `status` earns its certificate: only a COMPLETED one does (SPEC §7:
/// issued when an enrolment becomes COMPLETED; on request, the same condition holds).
///
/// # Errors
/// [`CertificateError::CourseNotCompleted`] for any other status.
pub fn check_eligibility(status: EnrollmentStatus) -> Result<(), CertificateError> {
    if status == EnrollmentStatus::Completed {
        Ok(())
    } else {
        Err(CertificateError::CourseNotCompleted { status })
    }
}

/// Issues the certificate of `request.user_id` for `request.course_id`, or returns `existing`
/// (the store's certificate for that pair, if any): one per (user, course).
///
/// # Errors
/// - [`CertificateError::HolderMismatch`] when `existing` is another pair's certificate;
/// - [`CertificateError::InvalidNumberPattern`] / [`CertificateError::InvalidValidity`] for an
///   unusable policy (or course validity).
pub fn issue_certificate(
    existing: Option<&Certificate>,
    request: &IssueRequest,
    now: DateTime<Utc>,
    policy: &CertificatePolicy,
) -> Result<IssueOutcome, CertificateError> {
    if let Some(cert) = existing {
        if cert.user_id != request.user_id || cert.course_id != request.course_id {
            return Err(CertificateError::HolderMismatch);
        }
        return Ok(IssueOutcome::Existing(cert.clone()));
    }
    let validity = check_validity(request.course_validity_days.or(policy.validity_days))?;
    let expires_at = match validity {
        Some(d) => Some(
            now.checked_add_signed(d)
                .ok_or(CertificateError::InvalidValidity {
                    validity_days: request
                        .course_validity_days
                        .or(policy.validity_days)
                        .unwrap_or_default(),
                    max: MAX_VALIDITY_DAYS,
                })?,
        ),
        None => None,
    };
    Ok(IssueOutcome::New(Certificate {
        id: request.id.clone(),
        user_id: request.user_id.clone(),
        course_id: request.course_id.clone(),
        certificate_no: certificate_number(policy, now, request.seq, &request.verification_random)?,
        verification_code: verification_code(&request.verification_random, policy.code_scheme),
        issued_at: now,
        expires_at,
        pdf_url: None,
        revoked_at: None,
        revoked_reason: None,
        revoked_by: None,
    }))
}

/// Revokes `cert` (the caller has checked `actor_id` is an admin), keeping the trimmed reason.
///
/// # Errors
/// [`CertificateError::AlreadyRevoked`]; [`CertificateError::RevocationReasonRequired`] for a
/// blank reason; [`CertificateError::RevocationReasonTooLong`] past [`MAX_REASON_CHARS`].
pub fn revoke(
    cert: &Certificate,
    actor_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Certificate, CertificateError> {
    if let Some(revoked_at) = cert.revoked_at {
        return Err(CertificateError::AlreadyRevoked { revoked_at });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CertificateError::RevocationReasonRequired);
    }
    let actual = reason.chars().count();
    if actual > MAX_REASON_CHARS {
        return Err(CertificateError::RevocationReasonTooLong {
            max: MAX_REASON_CHARS,
            actual,
        });
    }
    Ok(Certificate {
        revoked_at: Some(now),
        revoked_reason: Some(reason.to_owned()),
        revoked_by: Some(actor_id.to_owned()),
        ..cert.clone()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::error::ErrorCode;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).unwrap()
    }

    fn request() -> IssueRequest {
        IssueRequest {
            id: "cert-1".into(),
            user_id: "u1".into(),
            course_id: "c1".into(),
            seq: 17,
            verification_random: [
                0x08, 0x86, 0x42, 0x98, 0xE8, 0x4A, 0x80, 0, 0, 7, 0, 0, 0, 0, 0, 0,
            ],
            course_validity_days: None,
        }
    }

    fn issue(policy: &CertificatePolicy) -> Certificate {
        match issue_certificate(None, &request(), now(), policy).unwrap() {
            IssueOutcome::New(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_a_completed_enrolment_is_eligible() {
        assert!(check_eligibility(EnrollmentStatus::Completed).is_ok());
        for status in [
            EnrollmentStatus::Enrolled,
            EnrollmentStatus::InProgress,
            EnrollmentStatus::Dropped,
        ] {
            let err = check_eligibility(status).unwrap_err();
            assert_eq!(err.code(), "CERTIFICATE_COURSE_NOT_COMPLETED");
            assert_eq!(err, CertificateError::CourseNotCompleted { status });
        }
    }

    #[test]
    fn issues_with_pattern_number_and_crockford_code() {
        let c = issue(&CertificatePolicy::recommended());
        assert_eq!(c.certificate_no, "CERT/2026/000017");
        assert_eq!(c.verification_code, "123456789A");
        assert_eq!((c.issued_at, c.expires_at), (now(), None));
        assert_eq!((c.user_id.as_str(), c.course_id.as_str()), ("u1", "c1"));
        assert!(c.revoked_at.is_none());
    }

    #[test]
    fn legacy_issues_epoch_number_and_hex_code() {
        let c = issue(&CertificatePolicy::legacy());
        assert_eq!(
            c.certificate_no,
            format!("CERT-{}-7", now().timestamp_millis())
        );
        assert_eq!(c.verification_code, "08864298");
    }

    #[test]
    fn issuing_again_returns_the_existing_one() {
        let first = issue(&CertificatePolicy::recommended());
        let again = issue_certificate(
            Some(&first),
            &request(),
            now(),
            &CertificatePolicy::legacy(),
        );
        assert_eq!(again.unwrap(), IssueOutcome::Existing(first.clone()));
        let mut other = request();
        other.course_id = "c2".into();
        assert_eq!(
            issue_certificate(
                Some(&first),
                &other,
                now(),
                &CertificatePolicy::recommended()
            ),
            Err(CertificateError::HolderMismatch)
        );
    }

    #[test]
    fn validity_sets_expiry_and_the_course_overrides_the_policy() {
        let mut p = CertificatePolicy::recommended();
        p.validity_days = Some(365);
        let c = issue(&p);
        assert_eq!(c.expires_at, Some(now() + Duration::days(365)));
        let mut r = request();
        r.course_validity_days = Some(30);
        let c = issue_certificate(None, &r, now(), &p).unwrap();
        assert_eq!(c.certificate().expires_at, Some(now() + Duration::days(30)));
        r.course_validity_days = Some(0);
        assert_eq!(
            issue_certificate(None, &r, now(), &p).unwrap_err().code(),
            "CERTIFICATE_INVALID_VALIDITY"
        );
    }

    #[test]
    fn an_invalid_pattern_is_refused_at_issue_too() {
        let mut p = CertificatePolicy::recommended();
        p.number_pattern = "CERT-{SEQ}".into();
        assert!(matches!(
            issue_certificate(None, &request(), now(), &p),
            Err(CertificateError::InvalidNumberPattern {
                reason: "missing_year",
                ..
            })
        ));
    }

    #[test]
    fn revocation_needs_a_reason_and_happens_once() {
        let c = issue(&CertificatePolicy::recommended());
        assert_eq!(
            revoke(&c, "admin", "  ", now()),
            Err(CertificateError::RevocationReasonRequired)
        );
        assert_eq!(
            revoke(&c, "admin", &"x".repeat(501), now()),
            Err(CertificateError::RevocationReasonTooLong {
                max: 500,
                actual: 501
            })
        );
        let r = revoke(&c, "admin", " Plagiarisme tugas akhir ", now()).unwrap();
        assert_eq!(r.revoked_at, Some(now()));
        assert_eq!(r.revoked_reason.as_deref(), Some("Plagiarisme tugas akhir"));
        assert_eq!(r.revoked_by.as_deref(), Some("admin"));
        assert_eq!(r.certificate_no, c.certificate_no);
        assert_eq!(
            revoke(&r, "admin", "again", now()),
            Err(CertificateError::AlreadyRevoked { revoked_at: now() })
        );
    }
}
