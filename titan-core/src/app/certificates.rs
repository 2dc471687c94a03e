//! Certificates (SPEC §7): issue on request, revoke, verify, list. Automatic issuance on
//! completion lives in the event pipeline ([`Titan::issue_for`]); both paths allocate the
//! per-year number inside the unit of work, so committed numbers have no gaps or duplicates.
//!
//! Who may:
//! - request one's own certificate for a COMPLETED enrolment: the learner (under either
//!   `issuance` policy: with `automatic` it returns the certificate already issued, or issues
//!   one a completion from before the policy never got);
//! - issue a learner's certificate, revoke one: unit admins of the holder (`REVOKE_CERTIFICATE`
//!   is the identity rules' name for certificate administration);
//! - verify: anyone, signed in or not;
//! - list a learner's certificates: the learner, unit admins (`VIEW_PROFILE`).

use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::model::{Certificate, User};
use crate::ports::UnitOfWork;
use crate::rules::catalog::course_durations;
use crate::rules::certificate::{
    CourseFacts as CertificateCourse, Verification, check_eligibility, normalize_lookup_code,
    revoke, verify,
};
use crate::rules::identity::{self, Action, Resource};

/// What issuing gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateIssue {
    /// The learner's certificate for the course.
    pub certificate: Certificate,
    /// False when it existed already (it is returned as it is, even if revoked or expired).
    pub newly_issued: bool,
}

impl Titan {
    /// Authorises certificate administration on `holder`'s certificates (unit admins).
    async fn authorize_certificate_admin(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        holder: &User,
    ) -> Result<User> {
        self.authorize(
            uow,
            actor,
            Action::RevokeCertificate,
            &Resource::Certificate {
                holder_unit: holder.unit_kerja.clone(),
            },
        )
        .await
    }

    /// Issues `learner_id`'s certificate for a course whose enrolment is COMPLETED, or returns
    /// the one issued before (one per learner and course). The learner asks for their own; unit
    /// admins of the learner may issue it for them. A new certificate writes its
    /// `CERTIFICATE_EARNED` outbox row, activity row and notification, and any badge it
    /// completes (`certificate_count`), in the same unit of work.
    ///
    /// # Errors
    /// `NOT_FOUND` (learner, course); `IDENTITY_*`; `PROGRESS_NOT_ENROLLED`;
    /// `CERTIFICATE_COURSE_NOT_COMPLETED`.
    pub async fn request_certificate(
        &self,
        actor: &Actor,
        learner_id: &str,
        course_id: &str,
    ) -> Result<CertificateIssue> {
        write_tx!(self, |uow| {
            let learner = uow
                .users()
                .get(learner_id)
                .await?
                .ok_or_else(|| Error::not_found("User", learner_id))?;
            let own = matches!(actor, Actor::User { id } if id == learner_id);
            if own {
                self.signed_in(uow, actor).await?;
            } else {
                self.authorize_certificate_admin(uow, actor, &learner)
                    .await?;
            }
            if uow.catalog().course(course_id).await?.is_none() {
                return Err(Error::not_found("Course", course_id));
            }
            // The enrolment lock serialises this with the learner's own events in the course.
            let enrollment = uow
                .enrollments()
                .get_for_update(learner_id, course_id)
                .await?
                .ok_or_else(|| crate::rules::progress::ProgressError::NotEnrolled {
                    course_id: course_id.to_owned(),
                })?;
            check_eligibility(enrollment.status)?;
            let now = self.now();
            let Some(occurrence) = self.issue_for(uow, learner_id, course_id, now).await? else {
                let certificate = uow
                    .certificates()
                    .for_user_course(learner_id, course_id)
                    .await?
                    .ok_or_else(|| Error::not_found("Certificate", learner_id))?;
                return Ok(CertificateIssue {
                    certificate,
                    newly_issued: false,
                });
            };
            // The learner row is locked before badges read their counts, as in the pipeline.
            let holder = uow
                .users()
                .get_for_update(learner_id)
                .await?
                .ok_or_else(|| Error::not_found("User", learner_id))?;
            let mut occurrences = vec![occurrence];
            occurrences.extend(self.award_earned_badges(uow, &holder, now).await?);
            self.record(uow, occurrences, now).await?;
            let certificate = uow
                .certificates()
                .for_user_course(learner_id, course_id)
                .await?
                .ok_or_else(|| Error::not_found("Certificate", learner_id))?;
            Ok(CertificateIssue {
                certificate,
                newly_issued: true,
            })
        })
    }

    /// Revokes a certificate with a reason (unit admins of the holder). Verification then
    /// answers REVOKED with the reason; badges already earned stay.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `CERTIFICATE_ALREADY_REVOKED`;
    /// `CERTIFICATE_REVOCATION_REASON_REQUIRED`; `CERTIFICATE_REVOCATION_REASON_TOO_LONG`.
    pub async fn revoke_certificate(
        &self,
        actor: &Actor,
        certificate_id: &str,
        reason: &str,
    ) -> Result<Certificate> {
        write_tx!(self, |uow| {
            let certificate = uow
                .certificates()
                .get_for_update(certificate_id)
                .await?
                .ok_or_else(|| Error::not_found("Certificate", certificate_id))?;
            let holder = uow
                .users()
                .get(&certificate.user_id)
                .await?
                .ok_or_else(|| Error::not_found("User", &certificate.user_id))?;
            let me = self
                .authorize_certificate_admin(uow, actor, &holder)
                .await?;
            let revoked = revoke(&certificate, &me.id, reason, self.now())?;
            uow.certificates().update(&revoked).await?;
            Ok(revoked)
        })
    }

    /// Public verification by certificate number (exact, e.g. `CERT/2026/000001`) or by
    /// verification code (case, hyphens and spaces ignored, O→0, I/L→1): VALID, EXPIRED,
    /// REVOKED or NOT_FOUND, with the holder's name, masked NIP and unit, the course and its JP,
    /// and the dates. A malformed code is simply NOT_FOUND, like an unknown one.
    ///
    /// # Errors
    /// Store failures only.
    pub async fn verify_certificate(&self, actor: &Actor, lookup: &str) -> Result<Verification> {
        read_tx!(self, |uow| {
            let principal = self.principal(uow, actor).await?;
            identity::authorize(
                principal.as_ref().map(|(a, _)| a),
                Action::VerifyCertificate,
                &Resource::Platform,
                &self.policy().identity,
            )?;
            let now = self.now();
            let typed = lookup.trim();
            let mut found = if typed.is_empty() {
                None
            } else {
                uow.certificates().by_number(typed).await?
            };
            if found.is_none()
                && let Ok(code) = normalize_lookup_code(typed)
            {
                found = uow.certificates().by_code(&code).await?;
            }
            let Some(certificate) = found else {
                return Ok(verify(None, None, None, now));
            };
            let holder = uow.users().get(&certificate.user_id).await?;
            let course = match uow.catalog().course(&certificate.course_id).await? {
                Some(course) => {
                    let modules = uow.catalog().modules_of_course(&course.id).await?;
                    let lessons = uow.catalog().lessons_of_course(&course.id).await?;
                    let jp = course_durations(&modules, &lessons).jp;
                    Some(CertificateCourse {
                        title: course.title,
                        jp: u32::try_from(jp).ok(),
                    })
                }
                None => None,
            };
            Ok(verify(
                Some(&certificate),
                holder.as_ref(),
                course.as_ref(),
                now,
            ))
        })
    }

    /// A learner's certificates, by issue time, revoked ones included (the learner, unit
    /// admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn list_certificates(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<Vec<Certificate>> {
        read_tx!(self, |uow| {
            self.learner_for(uow, actor, learner_id).await?;
            Ok(uow.certificates().of_user(learner_id).await?)
        })
    }
}
