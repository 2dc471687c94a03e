//! Public verification: VALID, EXPIRED, REVOKED or NOT_FOUND, with the facts a verifier needs
//! (and the NIP masked). Find the certificate with [`super::normalize_lookup_code`]; an invalid
//! code is simply NOT_FOUND.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::format_verification_code;
use crate::model::{Certificate, User, mask_nip};

/// The verification answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    /// Genuine, not revoked, not expired.
    Valid,
    /// Genuine but past `expiresAt`.
    Expired,
    /// Revoked by an admin (wins over EXPIRED).
    Revoked,
    /// No such certificate.
    NotFound,
}

/// What the verify page shows about the course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseFacts {
    /// Course title.
    pub title: String,
    /// Training credit in JP (Jam Pelajaran), as the catalog rules compute it.
    #[serde(default)]
    pub jp: Option<u32>,
}

/// The public answer for one code. NOT_FOUND carries no facts at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The verdict.
    pub verdict: Verdict,
    /// Certificate number.
    pub certificate_no: Option<String>,
    /// Verification code as shown (`XXXXX-XXXXX`).
    pub verification_code: Option<String>,
    /// Holder's name.
    pub holder_name: Option<String>,
    /// Holder's NIP, masked ([`mask_nip`]).
    pub masked_nip: Option<String>,
    /// Holder's work unit.
    pub unit_kerja: Option<String>,
    /// Course title.
    pub course_title: Option<String>,
    /// JP credit.
    pub jp: Option<u32>,
    /// Issue instant.
    pub issued_at: Option<DateTime<Utc>>,
    /// Expiry instant.
    pub expires_at: Option<DateTime<Utc>>,
    /// Revocation instant.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked (shown, so a verifier knows).
    pub revoked_reason: Option<String>,
}

impl Verification {
    fn not_found() -> Self {
        Self {
            verdict: Verdict::NotFound,
            certificate_no: None,
            verification_code: None,
            holder_name: None,
            masked_nip: None,
            unit_kerja: None,
            course_title: None,
            jp: None,
            issued_at: None,
            expires_at: None,
            revoked_at: None,
            revoked_reason: None,
        }
    }
}

/// Verifies the certificate found for a code (`None` = not found) at `now`. REVOKED wins over
/// EXPIRED; a certificate is expired from its `expiresAt` instant on.
#[must_use]
pub fn verify(
    cert: Option<&Certificate>,
    holder: Option<&User>,
    course: Option<&CourseFacts>,
    now: DateTime<Utc>,
) -> Verification {
    let Some(cert) = cert else {
        return Verification::not_found();
    };
    let verdict = if cert.revoked_at.is_some() {
        Verdict::Revoked
    } else if cert.expires_at.is_some_and(|e| now >= e) {
        Verdict::Expired
    } else {
        Verdict::Valid
    };
    Verification {
        verdict,
        certificate_no: Some(cert.certificate_no.clone()),
        verification_code: Some(format_verification_code(&cert.verification_code)),
        holder_name: holder.and_then(|u| u.name.clone()),
        masked_nip: holder.and_then(|u| u.nip.as_deref()).map(mask_nip),
        unit_kerja: holder.and_then(|u| u.unit_kerja.clone()),
        course_title: course.map(|c| c.title.clone()),
        jp: course.and_then(|c| c.jp),
        issued_at: Some(cert.issued_at),
        expires_at: cert.expires_at,
        revoked_at: cert.revoked_at,
        revoked_reason: cert.revoked_reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 10, 3, 0, 0).unwrap()
    }

    fn cert(expires_days: Option<i64>) -> Certificate {
        Certificate {
            id: "cert-1".into(),
            user_id: "u1".into(),
            course_id: "c1".into(),
            certificate_no: "CERT/2026/000001".into(),
            verification_code: "7K3QZ0M9XA".into(),
            issued_at: t0(),
            expires_at: expires_days.map(|d| t0() + Duration::days(d)),
            pdf_url: None,
            revoked_at: None,
            revoked_reason: None,
            revoked_by: None,
        }
    }

    fn holder() -> User {
        let mut u = User::new("u1", "siti@example.go.id");
        u.name = Some("Siti Rahma".into());
        u.nip = Some("199001012015032001".into());
        u.unit_kerja = Some("BKPSDM Kota Makassar".into());
        u
    }

    fn course() -> CourseFacts {
        CourseFacts {
            title: "Etika ASN".into(),
            jp: Some(4),
        }
    }

    #[test]
    fn valid_shows_the_facts_with_a_masked_nip() {
        let v = verify(Some(&cert(None)), Some(&holder()), Some(&course()), t0());
        assert_eq!(v.verdict, Verdict::Valid);
        assert_eq!(v.holder_name.as_deref(), Some("Siti Rahma"));
        assert_eq!(v.masked_nip.as_deref(), Some("1990***********001"));
        assert_eq!(v.unit_kerja.as_deref(), Some("BKPSDM Kota Makassar"));
        assert_eq!(
            (v.course_title.as_deref(), v.jp),
            (Some("Etika ASN"), Some(4))
        );
        assert_eq!(v.verification_code.as_deref(), Some("7K3QZ-0M9XA"));
        assert_eq!(v.issued_at, Some(t0()));
    }

    #[test]
    fn expired_from_the_expiry_instant() {
        let c = cert(Some(30));
        let before = t0() + Duration::days(30) - Duration::milliseconds(1);
        assert_eq!(verify(Some(&c), None, None, before).verdict, Verdict::Valid);
        let at = t0() + Duration::days(30);
        assert_eq!(verify(Some(&c), None, None, at).verdict, Verdict::Expired);
    }

    #[test]
    fn revoked_wins_over_expired_and_shows_the_reason() {
        let mut c = cert(Some(1));
        c.revoked_at = Some(t0());
        c.revoked_reason = Some("Data tidak sah".into());
        c.revoked_by = Some("admin".into());
        let v = verify(
            Some(&c),
            Some(&holder()),
            Some(&course()),
            t0() + Duration::days(5),
        );
        assert_eq!(v.verdict, Verdict::Revoked);
        assert_eq!(v.revoked_reason.as_deref(), Some("Data tidak sah"));
        let json = serde_json::to_value(&v).unwrap();
        assert!(json.get("revokedBy").is_none() && json.get("userId").is_none());
    }

    #[test]
    fn not_found_carries_nothing() {
        let v = verify(None, Some(&holder()), Some(&course()), t0());
        assert_eq!(v, Verification::not_found());
        assert!(v.holder_name.is_none() && v.certificate_no.is_none());
    }
}
