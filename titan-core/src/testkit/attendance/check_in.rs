//! The learner's own check-in: QR and GPS, the window, enrolment, LATE, the legacy preset and
//! racing check-ins.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{Actor, AttendanceCorrection, GpsPosition, SessionInput};
use crate::assert_code;
use crate::model::{AttendanceStatus, CheckInMethod, EnrollmentStatus, SessionType};
use crate::policy::Policy;
use crate::ports::{Clock, Store};

use super::{
    Classroom, assert_points_match_ledger, attendance_points, classroom, id_of, monas_session,
    records_of, south_of_monas,
};

pub async fn a_learner_checks_in_by_qr_and_is_paid_once(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    c.at_start_plus(-10 * 60);
    let payload = c.qr().await;
    let done = fx
        .titan
        .check_in_qr(&c.learner, &c.session.id, &payload)
        .await
        .unwrap();
    let record = &done.attendance;
    assert_eq!(record.status, AttendanceStatus::Present);
    assert_eq!(record.check_in_method, CheckInMethod::QrCode);
    assert_eq!(record.check_in_time, fx.clock.now());
    assert_eq!((record.latitude, record.flagged), (None, false));
    assert_eq!(
        done.enrollment.map(|e| e.status),
        Some(EnrollmentStatus::InProgress)
    );
    assert_eq!(attendance_points(fx, &c.learner).await, (1, 20));
    assert_points_match_ledger(fx, &c.learner).await;

    let learner_id = id_of(&c.learner);
    let mut uow = fx.store.begin_read().await.unwrap();
    let key = format!("attendance:{learner_id}:{}", c.session.id);
    let row = uow
        .outbox()
        .by_idempotency_key(&key)
        .await
        .unwrap()
        .unwrap();
    assert!(row.statement.to_string().contains("attended"));
    let activity = uow
        .activity()
        .of_user(&learner_id, Some(&c.course.course.id), 10)
        .await
        .unwrap();
    assert_eq!(
        activity
            .iter()
            .filter(|a| a.activity_type == "ATTENDANCE")
            .count(),
        1
    );
    drop(uow);

    let again = c.qr().await;
    assert_code!(
        fx.titan
            .check_in_qr(&c.learner, &c.session.id, &again)
            .await,
        "ATTENDANCE_ALREADY_CHECKED_IN"
    );
    assert_eq!(records_of(fx, &c.session.id).await, vec![record.clone()]);
    assert_eq!(attendance_points(fx, &c.learner).await, (1, 20));
}

pub async fn qr_check_in_refusals_write_nothing(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sid = c.session.id.as_str();
    c.at_start_plus(0);
    let other = fx
        .titan
        .create_session(
            &c.teacher,
            &c.course.course.id,
            &monas_session("Sesi 2", fx.clock.now()),
        )
        .await
        .unwrap();
    let foreign = fx.titan.mint_qr_token(&c.teacher, &other.id).await.unwrap();
    let cases = [
        ("hello".to_owned(), "ATTENDANCE_QR_MALFORMED"),
        (format!("titan:att:1:{sid}:xyz"), "ATTENDANCE_QR_MALFORMED"),
        (
            format!("titan:att:1:{sid}:{}", "0".repeat(64)),
            "ATTENDANCE_QR_INVALID",
        ),
        (foreign.payload.clone(), "ATTENDANCE_QR_WRONG_SESSION"),
        (
            format!("titan:att:1:{sid}:{}", foreign.token.token),
            "ATTENDANCE_QR_WRONG_SESSION",
        ),
    ];
    for (payload, code) in &cases {
        assert_code!(fx.titan.check_in_qr(&c.learner, sid, payload).await, *code);
    }
    // 30 s of life plus 5 s of skew.
    let stale = c.qr().await;
    fx.clock.advance(Duration::seconds(36));
    assert_code!(
        fx.titan.check_in_qr(&c.learner, sid, &stale).await,
        "ATTENDANCE_QR_EXPIRED"
    );
    let payload = c.qr().await;
    assert_code!(
        fx.titan.check_in_qr(&Actor::Anonymous, sid, &payload).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.check_in_qr(&Actor::System, sid, &payload).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.check_in_qr(&c.learner, "nope", &payload).await,
        "NOT_FOUND"
    );
    assert!(records_of(fx, sid).await.is_empty());
    assert_eq!(attendance_points(fx, &c.learner).await, (0, 0));

    fx.clock.advance(Duration::seconds(35));
    let done = fx
        .titan
        .check_in_qr(&c.learner, sid, &payload)
        .await
        .unwrap();
    assert_eq!(done.attendance.status, AttendanceStatus::Present);
    assert_eq!(
        done.attendance.check_in_time,
        c.session.start_time + Duration::seconds(71)
    );
}

pub async fn check_in_is_for_enrolled_learners_inside_the_window(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sid = c.session.id.as_str();
    let outsider = fx.learner("andi").await;
    let dropped = c.enrolled("gone").await;
    fx.titan
        .drop_enrolment(&dropped, &c.course.course.id, None)
        .await
        .unwrap();
    let sari = c.enrolled("sari").await;
    c.at_start_plus(0);
    let here = south_of_monas(10.0, Some(5.0));
    for who in [&outsider, &dropped] {
        assert_code!(
            fx.titan.check_in_gps(who, sid, &here).await,
            "ATTENDANCE_NOT_ENROLLED"
        );
    }
    c.at_start_plus(-31 * 60);
    let err = fx
        .titan
        .check_in_gps(&c.learner, sid, &here)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "ATTENDANCE_OUTSIDE_WINDOW");
    assert_eq!(
        err.facts()["opensAt"],
        serde_json::json!(c.session.start_time - Duration::minutes(30))
    );
    c.at_start_plus(2 * 3600);
    assert_code!(
        fx.titan.check_in_gps(&sari, sid, &here).await,
        "ATTENDANCE_OUTSIDE_WINDOW"
    );
    assert!(records_of(fx, sid).await.is_empty());

    c.at_start_plus(-30 * 60);
    let early = fx.titan.check_in_gps(&c.learner, sid, &here).await.unwrap();
    assert_eq!(early.attendance.status, AttendanceStatus::Present);
    c.at_start_plus(2 * 3600 - 1);
    let last = fx.titan.check_in_gps(&sari, sid, &here).await.unwrap();
    assert_eq!(last.attendance.status, AttendanceStatus::Late);
    // A second try after the window still hears "already checked in".
    c.at_start_plus(3 * 3600);
    assert_code!(
        fx.titan.check_in_gps(&c.learner, sid, &here).await,
        "ATTENDANCE_ALREADY_CHECKED_IN"
    );
    assert_eq!(records_of(fx, sid).await.len(), 2);
}

pub async fn late_after_fifteen_minutes(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sari = c.enrolled("sari").await;
    c.at_start_plus(15 * 60);
    let payload = c.qr().await;
    let on_time = fx
        .titan
        .check_in_qr(&c.learner, &c.session.id, &payload)
        .await
        .unwrap();
    assert_eq!(on_time.attendance.status, AttendanceStatus::Present);
    c.at_start_plus(15 * 60 + 1);
    let payload = c.qr().await;
    let late = fx
        .titan
        .check_in_qr(&sari, &c.session.id, &payload)
        .await
        .unwrap();
    assert_eq!(late.attendance.status, AttendanceStatus::Late);
    assert_eq!(attendance_points(fx, &c.learner).await, (1, 20));
    assert_eq!(attendance_points(fx, &sari).await, (1, 10));
}

pub async fn gps_check_in_judges_the_geofence(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sid = c.session.id.as_str();
    let mut learners = Vec::new();
    for i in 0..4 {
        learners.push(c.enrolled(&format!("peserta{i}")).await);
    }
    c.at_start_plus(0);

    let inside = fx
        .titan
        .check_in_gps(&c.learner, sid, &south_of_monas(30.0, Some(10.0)))
        .await
        .unwrap()
        .attendance;
    assert_eq!(
        (inside.check_in_method, inside.flagged),
        (CheckInMethod::Gps, false)
    );
    assert_eq!(inside.longitude, Some(super::MONAS.1));
    assert!(inside.latitude.is_some_and(|lat| lat < super::MONAS.0));
    let edge = fx
        .titan
        .check_in_gps(&learners[0], sid, &south_of_monas(110.0, Some(20.0)))
        .await
        .unwrap()
        .attendance;
    assert!(
        edge.flagged,
        "110 m with 20 m accuracy straddles a 100 m fence"
    );
    let blurry = fx
        .titan
        .check_in_gps(&learners[1], sid, &south_of_monas(5_000.0, Some(150.0)))
        .await
        .unwrap()
        .attendance;
    assert!(blurry.flagged, "accuracy over 100 m is accepted for review");

    let far = learners[2].clone();
    let err = fx
        .titan
        .check_in_gps(&far, sid, &south_of_monas(500.0, Some(10.0)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "ATTENDANCE_OUTSIDE_GEOFENCE");
    assert_eq!(err.facts()["distanceM"], serde_json::json!(500));
    assert_eq!(err.facts()["radiusM"], serde_json::json!(100));
    for (latitude, longitude) in [
        (91.0, 0.0),
        (0.0, -180.5),
        (f64::NAN, 0.0),
        (0.0, f64::INFINITY),
    ] {
        let bad = GpsPosition {
            latitude,
            longitude,
            accuracy: None,
        };
        assert_code!(
            fx.titan.check_in_gps(&far, sid, &bad).await,
            "VALIDATION_OUT_OF_RANGE"
        );
    }
    assert_code!(
        fx.titan
            .check_in_gps(&far, sid, &south_of_monas(0.0, Some(-1.0)))
            .await,
        "ATTENDANCE_INVALID_ACCURACY"
    );
    let online = SessionInput::new(
        "Webinar",
        SessionType::Zoom,
        fx.clock.now(),
        fx.clock.now() + Duration::hours(1),
    );
    let online = fx
        .titan
        .create_session(&c.teacher, &c.course.course.id, &online)
        .await
        .unwrap();
    assert_code!(
        fx.titan
            .check_in_gps(&far, &online.id, &south_of_monas(0.0, None))
            .await,
        "ATTENDANCE_GPS_NOT_CONFIGURED"
    );
    assert_eq!(records_of(fx, sid).await.len(), 3);
    assert!(records_of(fx, &online.id).await.is_empty());

    // The centre itself, with no accuracy; and a fence on the equator and the prime meridian.
    fx.titan
        .check_in_gps(&far, sid, &south_of_monas(0.0, None))
        .await
        .unwrap();
    let equator = SessionInput {
        latitude: Some(0.0),
        longitude: Some(0.0),
        ..monas_session("Khatulistiwa", fx.clock.now())
    };
    let equator = fx
        .titan
        .create_session(&c.teacher, &c.course.course.id, &equator)
        .await
        .unwrap();
    let near_zero = GpsPosition {
        latitude: 0.0,
        longitude: 0.0005,
        accuracy: Some(5.0),
    };
    let zero = fx
        .titan
        .check_in_gps(&learners[3], &equator.id, &near_zero)
        .await
        .unwrap();
    assert!(!zero.attendance.flagged);

    // A review clears the flag.
    let reviewed = fx
        .titan
        .correct_attendance(
            &c.teacher,
            &edge.id,
            &AttendanceCorrection {
                status: AttendanceStatus::Present,
                notes: None,
                reason: "terlihat di kelas".into(),
            },
        )
        .await
        .unwrap();
    assert!(!reviewed.attendance.flagged);
}

pub async fn legacy_attendance_has_long_tokens_no_window_and_a_strict_radius(
    store: Arc<dyn Store>,
) {
    let c = classroom(store, Policy::legacy()).await;
    let fx = &c.fx;
    let sid = c.session.id.as_str();
    let recommended = fx.engine_with(Policy::recommended());
    let sari = c.enrolled("sari").await;
    let dewi = c.enrolled("dewi").await;
    let eko = c.enrolled("eko").await;

    // No window: a day early is accepted (and PRESENT).
    fx.clock.set(c.session.start_time - Duration::days(1));
    let minted = fx.titan.mint_qr_token(&c.teacher, sid).await.unwrap();
    assert_eq!(
        minted.token.expires_at,
        fx.clock.now() + Duration::seconds(60)
    );
    assert_eq!(
        minted.payload,
        format!("{sid}:{}", minted.token.token),
        "the old payload"
    );
    fx.clock.advance(Duration::seconds(45));
    let early = fx
        .titan
        .check_in_qr(&c.learner, sid, &minted.payload)
        .await
        .unwrap();
    assert_eq!(early.attendance.status, AttendanceStatus::Present);

    // 60 s tokens without skew; both payload forms are read.
    c.at_start_plus(0);
    let minted = fx.titan.mint_qr_token(&c.teacher, sid).await.unwrap();
    fx.clock.advance(Duration::seconds(61));
    assert_code!(
        fx.titan.check_in_qr(&sari, sid, &minted.payload).await,
        "ATTENDANCE_QR_EXPIRED"
    );
    let minted = fx.titan.mint_qr_token(&c.teacher, sid).await.unwrap();
    assert_code!(
        recommended.check_in_qr(&sari, sid, &minted.payload).await,
        "ATTENDANCE_QR_MALFORMED"
    );
    let versioned = format!("titan:att:1:{sid}:{}", minted.token.token);
    fx.titan.check_in_qr(&sari, sid, &versioned).await.unwrap();

    // Strict radius: the accuracy earns no benefit of the doubt.
    let edge = south_of_monas(110.0, Some(20.0));
    assert_code!(
        fx.titan.check_in_gps(&dewi, sid, &edge).await,
        "ATTENDANCE_OUTSIDE_GEOFENCE"
    );
    assert!(
        recommended
            .check_in_gps(&dewi, sid, &edge)
            .await
            .unwrap()
            .attendance
            .flagged
    );
    let inside = fx
        .titan
        .check_in_gps(&eko, sid, &south_of_monas(99.0, Some(500.0)))
        .await
        .unwrap();
    assert!(!inside.attendance.flagged);

    // No enrolment check, and after the end too: LATE.
    let outsider = fx.learner("andi").await;
    c.at_start_plus(24 * 3600);
    let stranger = fx
        .titan
        .check_in_gps(&outsider, sid, &south_of_monas(0.0, None))
        .await
        .unwrap();
    assert_eq!(stranger.attendance.status, AttendanceStatus::Late);
    assert_eq!(stranger.enrollment, None);
    assert_eq!(attendance_points(fx, &outsider).await, (1, 10));
    assert_eq!(records_of(fx, sid).await.len(), 5);
}

/// Sixteen check-ins of `who` at the session, half by QR and half by GPS: exactly one wins.
async fn race(c: &Classroom, who: &Actor) {
    let fx = &c.fx;
    c.at_start_plus(0);
    let payload = c.qr().await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (titan, who) = (fx.titan.clone(), who.clone());
            let (sid, payload) = (c.session.id.clone(), payload.clone());
            tokio::spawn(async move {
                if i % 2 == 0 {
                    titan.check_in_qr(&who, &sid, &payload).await
                } else {
                    titan
                        .check_in_gps(&who, &sid, &south_of_monas(20.0, Some(5.0)))
                        .await
                }
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_eq!(e.code(), "ATTENDANCE_ALREADY_CHECKED_IN", "{e:?}"),
        }
    }
    assert_eq!(won, 1);
    let records = records_of(fx, &c.session.id).await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].user_id, id_of(who));
    assert_eq!(attendance_points(fx, who).await, (1, 20));
    assert_points_match_ledger(fx, who).await;
    let mut uow = fx.store.begin_read().await.unwrap();
    let activity = uow
        .activity()
        .of_user(&id_of(who), None, 100)
        .await
        .unwrap();
    assert_eq!(
        activity
            .iter()
            .filter(|a| a.activity_type == "ATTENDANCE")
            .count(),
        1
    );
}

pub async fn sixteen_concurrent_check_ins_make_one_record(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    race(&c, &c.learner).await;
}

pub async fn sixteen_concurrent_legacy_check_ins_without_enrolment_make_one_record(
    store: Arc<dyn Store>,
) {
    // No enrolment row to lock: only the unique constraint keeps the record single.
    let c = classroom(store, Policy::legacy()).await;
    let outsider = c.fx.learner("andi").await;
    race(&c, &outsider).await;
}
