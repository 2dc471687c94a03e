//! Certificates: automatic and on-request issuance, revocation, public verification, the
//! legacy number and code formats, and gapless numbers under concurrent completions.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use crate::app::{Actor, BadgeInput, Registration};
use crate::assert_code;
use crate::model::{BadgeType, NotificationType, Role};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::certificate::{Issuance, Verdict};
use crate::rules::progress::CompletionEvidence;

use super::fixture::{Fixture, PASSWORD, text_lesson};
use super::gamification::{finish_course, id_of};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_certificates {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            certificates,
            [
                completing_a_course_issues_one_certificate,
                on_request_issuance_waits_for_the_learner_or_an_admin,
                revocation_needs_a_unit_admin_and_a_reason,
                verification_by_code_or_number_shows_the_facts,
                an_expired_certificate_verifies_as_expired,
                legacy_numbers_and_codes_still_verify,
                listing_certificates_is_for_the_learner_and_unit_admins,
                twelve_learners_completing_at_once_get_gapless_numbers,
            ]
        );
    };
}

fn on_request() -> Policy {
    let mut policy = Policy::recommended();
    policy.certificate.issuance = Issuance::OnRequest;
    policy
}

pub async fn completing_a_course_issues_one_certificate(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    let course = fx.course(&teacher, "Etika ASN").await;
    finish_course(&fx, &learner, &course).await;

    let certs = fx.titan.list_certificates(&learner, &me).await.unwrap();
    assert_eq!(certs.len(), 1);
    let cert = &certs[0];
    assert_eq!(cert.certificate_no, "CERT/2026/000001");
    assert_eq!(cert.verification_code.len(), 10);
    assert!(cert.expires_at.is_none() && cert.revoked_at.is_none());

    let again = fx
        .titan
        .request_certificate(&learner, &me, &course.course.id)
        .await
        .unwrap();
    assert!(!again.newly_issued);
    assert_eq!(&again.certificate, cert);

    let mut uow = fx.store.begin_read().await.unwrap();
    let key = format!("certificate_earned:{me}:{}", course.course.id);
    let row = uow
        .outbox()
        .by_idempotency_key(&key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.statement["verb"]["id"],
        "http://id.tincanapi.com/verb/earned"
    );
    let notes = uow.notifications().of_user(&me, false, 50).await.unwrap();
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.notification_type == NotificationType::CertificateIssued)
            .count(),
        1
    );
}

pub async fn on_request_issuance_waits_for_the_learner_or_an_admin(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, on_request()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let me = id_of(&learner);
    fx.titan
        .create_badge(
            &fx.admin,
            &BadgeInput::new(
                "Bersertifikat",
                BadgeType::Milestone,
                Some(json!({"type": "certificate_count", "count": 1})),
            ),
        )
        .await
        .unwrap();
    let done = fx.course(&teacher, "Etika ASN").await;
    let started = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("B1"), text_lesson("B2")],
            |_| {},
        )
        .await;
    let never = fx.course(&teacher, "Belum Diikuti").await;
    finish_course(&fx, &learner, &done).await;
    fx.titan
        .enrol(&learner, &started.course.id, None)
        .await
        .unwrap();
    super::gamification::mark_done(&fx, &learner, &started.lessons[0].id)
        .await
        .unwrap();
    assert!(
        fx.titan
            .list_certificates(&learner, &me)
            .await
            .unwrap()
            .is_empty()
    );

    assert_code!(
        fx.titan
            .request_certificate(&learner, &me, &started.course.id)
            .await,
        "CERTIFICATE_COURSE_NOT_COMPLETED"
    );
    assert_code!(
        fx.titan
            .request_certificate(&learner, &me, &never.course.id)
            .await,
        "PROGRESS_NOT_ENROLLED"
    );
    assert_code!(
        fx.titan
            .request_certificate(&learner, &me, "no-course")
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .request_certificate(&other, &me, &done.course.id)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .request_certificate(&teacher, &me, &done.course.id)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let (lan_admin, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;
    assert_code!(
        fx.titan
            .request_certificate(&lan_admin, &me, &done.course.id)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert!(
        fx.titan
            .list_certificates(&learner, &me)
            .await
            .unwrap()
            .is_empty()
    );

    let issued = fx
        .titan
        .request_certificate(&learner, &me, &done.course.id)
        .await
        .unwrap();
    assert!(issued.newly_issued);
    assert_eq!(issued.certificate.certificate_no, "CERT/2026/000001");
    let again = fx
        .titan
        .request_certificate(&learner, &me, &done.course.id)
        .await
        .unwrap();
    assert_eq!(
        (again.newly_issued, again.certificate),
        (false, issued.certificate)
    );
    // The certificate badge followed in the same unit of work.
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert_eq!(summary.badges.len(), 1);

    // A unit admin of the learner may issue it for them.
    let peer = fx.learner("dewi").await;
    finish_course(&fx, &peer, &done).await;
    let (bkn_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let by_admin = fx
        .titan
        .request_certificate(&bkn_admin, &id_of(&peer), &done.course.id)
        .await
        .unwrap();
    assert!(by_admin.newly_issued);
    assert_eq!(by_admin.certificate.certificate_no, "CERT/2026/000002");
}

pub async fn revocation_needs_a_unit_admin_and_a_reason(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    let course = fx.course(&teacher, "Etika ASN").await;
    finish_course(&fx, &learner, &course).await;
    let cert = fx.titan.list_certificates(&learner, &me).await.unwrap()[0].clone();
    let (lan_admin, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;
    let (bkn_admin, bkn_admin_user) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;

    for actor in [&learner, &teacher, &lan_admin] {
        assert_code!(
            fx.titan
                .revoke_certificate(actor, &cert.id, "Plagiat")
                .await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan
            .revoke_certificate(&Actor::Anonymous, &cert.id, "Plagiat")
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan
            .revoke_certificate(&bkn_admin, &cert.id, "   ")
            .await,
        "CERTIFICATE_REVOCATION_REASON_REQUIRED"
    );
    assert_code!(
        fx.titan
            .revoke_certificate(&bkn_admin, &cert.id, &"x".repeat(501))
            .await,
        "CERTIFICATE_REVOCATION_REASON_TOO_LONG"
    );
    assert_code!(
        fx.titan
            .revoke_certificate(&bkn_admin, "missing", "Plagiat")
            .await,
        "NOT_FOUND"
    );
    let unchanged = fx.titan.list_certificates(&learner, &me).await.unwrap();
    assert!(unchanged[0].revoked_at.is_none());

    let revoked = fx
        .titan
        .revoke_certificate(&bkn_admin, &cert.id, "  Data kehadiran dipalsukan ")
        .await
        .unwrap();
    assert_eq!(revoked.revoked_at, Some(fx.clock.now()));
    assert_eq!(
        revoked.revoked_reason.as_deref(),
        Some("Data kehadiran dipalsukan")
    );
    assert_eq!(
        revoked.revoked_by.as_deref(),
        Some(bkn_admin_user.id.as_str())
    );
    assert_code!(
        fx.titan
            .revoke_certificate(&fx.admin, &cert.id, "Lagi")
            .await,
        "CERTIFICATE_ALREADY_REVOKED"
    );

    let verdict = fx
        .titan
        .verify_certificate(&Actor::Anonymous, &cert.verification_code)
        .await
        .unwrap();
    assert_eq!(verdict.verdict, Verdict::Revoked);
    assert_eq!(
        verdict.revoked_reason.as_deref(),
        Some("Data kehadiran dipalsukan")
    );
    // Issuing again returns the revoked certificate as it is.
    let again = fx
        .titan
        .request_certificate(&learner, &me, &course.course.id)
        .await
        .unwrap();
    assert!(!again.newly_issued && again.certificate.revoked_at.is_some());
}

pub async fn verification_by_code_or_number_shows_the_facts(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let mut registration = Registration::new("budi@titan.go.id", PASSWORD)
        .named("Budi Santoso")
        .in_unit("BKN");
    registration.nip = Some("199001012015031001".into());
    let user = fx
        .titan
        .register_user(&Actor::Anonymous, &registration)
        .await
        .unwrap();
    let learner = Actor::user(user.id.clone());
    // 90 minutes of reading: 2 JP.
    let mut long = text_lesson("Bacaan Panjang");
    long.duration = Some(5400);
    let course = fx.course_with(&teacher, "Etika ASN", &[long], |_| {}).await;
    finish_course(&fx, &learner, &course).await;
    let cert = fx
        .titan
        .list_certificates(&learner, &user.id)
        .await
        .unwrap()[0]
        .clone();
    let code = cert.verification_code.clone();

    let shown = format!("{}-{}", &code[..5], &code[5..]);
    let sloppy = format!(
        " {} ",
        shown.to_lowercase().replace('0', "o").replace('1', "l")
    );
    for lookup in [
        code.clone(),
        shown.clone(),
        sloppy,
        cert.certificate_no.clone(),
    ] {
        let v = fx
            .titan
            .verify_certificate(&Actor::Anonymous, &lookup)
            .await
            .unwrap();
        assert_eq!(v.verdict, Verdict::Valid, "{lookup}");
        assert_eq!(v.verification_code.as_deref(), Some(shown.as_str()));
        assert_eq!(v.certificate_no.as_deref(), Some("CERT/2026/000001"));
        assert_eq!(v.holder_name.as_deref(), Some("Budi Santoso"));
        assert_eq!(v.masked_nip.as_deref(), Some("1990***********001"));
        assert_eq!(v.unit_kerja.as_deref(), Some("BKN"));
        assert_eq!(v.course_title.as_deref(), Some("Etika ASN"));
        assert_eq!(v.jp, Some(2));
        assert_eq!(v.issued_at, Some(cert.issued_at));
    }
    // Unknown and malformed codes are simply not found, and show nothing.
    for lookup in [
        "ZZZZZ-ZZZZZ",
        "CERT/2026/000999",
        "xyz",
        "UUUUU-UUUUU",
        "",
        "   ",
    ] {
        let v = fx.titan.verify_certificate(&learner, lookup).await.unwrap();
        assert_eq!(v.verdict, Verdict::NotFound, "{lookup:?}");
        assert!(v.holder_name.is_none() && v.certificate_no.is_none());
    }
}

pub async fn an_expired_certificate_verifies_as_expired(store: Arc<dyn Store>) {
    let mut policy = Policy::recommended();
    policy.certificate.validity_days = Some(30);
    let fx = Fixture::with_policy(store, policy).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    finish_course(&fx, &learner, &course).await;
    let cert = fx
        .titan
        .list_certificates(&learner, &id_of(&learner))
        .await
        .unwrap()[0]
        .clone();
    assert_eq!(cert.expires_at, Some(cert.issued_at + Duration::days(30)));
    fx.clock.advance(Duration::days(29));
    let v = fx
        .titan
        .verify_certificate(&Actor::Anonymous, &cert.certificate_no)
        .await
        .unwrap();
    assert_eq!(v.verdict, Verdict::Valid);
    fx.clock.advance(Duration::days(1));
    let v = fx
        .titan
        .verify_certificate(&Actor::Anonymous, &cert.certificate_no)
        .await
        .unwrap();
    assert_eq!(v.verdict, Verdict::Expired);
    assert_eq!(v.expires_at, cert.expires_at);
}

pub async fn legacy_numbers_and_codes_still_verify(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, Policy::legacy()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    finish_course(&fx, &learner, &course).await;
    let cert = fx
        .titan
        .list_certificates(&learner, &id_of(&learner))
        .await
        .unwrap()[0]
        .clone();
    let prefix = format!("CERT-{}-", fx.clock.now().timestamp_millis());
    let suffix = cert.certificate_no.strip_prefix(&prefix).unwrap();
    let n: u32 = suffix.parse().unwrap();
    assert!(n <= 999 && !suffix.starts_with('0') || suffix == "0");
    assert_eq!(cert.verification_code.len(), 8);
    assert!(
        cert.verification_code
            .chars()
            .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
    );
    let v = fx
        .titan
        .verify_certificate(&Actor::Anonymous, &cert.verification_code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(v.verdict, Verdict::Valid);
    assert_eq!(
        v.verification_code.as_deref(),
        Some(cert.verification_code.as_str())
    );
    let v = fx
        .titan
        .verify_certificate(&Actor::Anonymous, &cert.certificate_no)
        .await
        .unwrap();
    assert_eq!(v.verdict, Verdict::Valid);
}

pub async fn listing_certificates_is_for_the_learner_and_unit_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    let first = fx.course(&teacher, "Etika ASN").await;
    let second = fx.course(&teacher, "Budaya Kerja").await;
    finish_course(&fx, &learner, &first).await;
    fx.clock.advance(Duration::minutes(5));
    finish_course(&fx, &learner, &second).await;
    let mine = fx.titan.list_certificates(&learner, &me).await.unwrap();
    let courses: Vec<&str> = mine.iter().map(|c| c.course_id.as_str()).collect();
    assert_eq!(
        courses,
        [first.course.id.as_str(), second.course.id.as_str()]
    );
    let (bkn_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    assert_eq!(
        fx.titan
            .list_certificates(&bkn_admin, &me)
            .await
            .unwrap()
            .len(),
        2
    );
    let other = fx.learner("sari").await;
    assert_code!(
        fx.titan.list_certificates(&other, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.list_certificates(&Actor::Anonymous, &me).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.list_certificates(&learner, "nobody").await,
        "NOT_FOUND"
    );
}

pub async fn twelve_learners_completing_at_once_get_gapless_numbers(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    let lesson_id = course.lessons[0].id.clone();
    let mut learners = Vec::new();
    for i in 0..12 {
        let learner = fx.learner(&format!("peserta{i}")).await;
        fx.titan
            .enrol(&learner, &course.course.id, None)
            .await
            .unwrap();
        learners.push(learner);
    }
    let tasks: Vec<_> = learners
        .iter()
        .map(|learner| {
            let titan = fx.titan.clone();
            let learner = learner.clone();
            let lesson_id = lesson_id.clone();
            tokio::spawn(async move {
                titan
                    .complete_lesson(
                        &learner,
                        &lesson_id,
                        &CompletionEvidence::MarkedDone {
                            dwell_seconds: None,
                        },
                    )
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let mut numbers = Vec::new();
    let mut codes = HashSet::new();
    for learner in &learners {
        let certs = fx
            .titan
            .list_certificates(learner, &id_of(learner))
            .await
            .unwrap();
        assert_eq!(certs.len(), 1);
        numbers.push(certs[0].certificate_no.clone());
        codes.insert(certs[0].verification_code.clone());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=12).map(|n| format!("CERT/2026/{n:06}")).collect();
    assert_eq!(numbers, expected);
    assert_eq!(codes.len(), 12);
}
