//! Sessions, the calendar, QR minting, manual records, corrections and reports.

use std::sync::Arc;

use chrono::Duration;
use rust_decimal::Decimal;

use crate::app::{Actor, AttendanceCorrection, CourseInput, ManualAttendanceInput, SessionInput};
use crate::assert_code;
use crate::model::{AttendanceStatus, CheckInMethod, EnrollmentStatus, SessionType};
use crate::policy::Policy;
use crate::ports::{Clock, Store};

use super::{attendance_points, classroom, id_of, monas_session, records_of};

fn field_of(e: &crate::app::Error) -> String {
    e.facts()
        .get("field")
        .and_then(|f| f.as_str())
        .unwrap_or_default()
        .to_owned()
}

pub async fn sessions_are_managed_by_course_editors_and_validated(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let (fx, course_id) = (&c.fx, c.course.course.id.as_str());
    let start = fx.clock.now() + Duration::days(1);
    let input = monas_session("Sesi 2", start);
    assert_code!(
        fx.titan.create_session(&c.learner, course_id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    let stranger = fx.instructor("guru-lain").await;
    assert_code!(
        fx.titan.create_session(&stranger, course_id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .create_session(&Actor::Anonymous, course_id, &input)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.create_session(&c.teacher, "nope", &input).await,
        "NOT_FOUND"
    );
    let with = |change: fn(&mut SessionInput)| {
        let mut s = input.clone();
        change(&mut s);
        s
    };
    let bad = [
        ("title", with(|s| s.title = "  ".into())),
        ("endTime", with(|s| s.end_time = s.start_time)),
        ("longitude", with(|s| s.longitude = None)),
        ("latitude", with(|s| s.latitude = Some(91.0))),
        ("longitude", with(|s| s.longitude = Some(f64::NAN))),
        ("radius", with(|s| s.radius = Some(0))),
        (
            "timezone",
            with(|s| s.timezone = Some("Mars/Olympus".into())),
        ),
    ];
    for (field, session) in &bad {
        let err = fx
            .titan
            .create_session(&c.teacher, course_id, session)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "ATTENDANCE_INVALID_SESSION");
        assert_eq!(field_of(&err), *field);
    }
    assert_eq!(
        fx.titan
            .list_sessions(&c.learner, course_id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Online sessions need no place; 0 is a valid coordinate; an admin may manage too.
    let zoom = SessionInput {
        zoom_join_url: Some("https://zoom.us/j/123".into()),
        timezone: Some("Asia/Makassar".into()),
        ..SessionInput::new(
            "Webinar",
            SessionType::Zoom,
            start,
            start + Duration::hours(1),
        )
    };
    let zoom = fx
        .titan
        .create_session(&c.teacher, course_id, &zoom)
        .await
        .unwrap();
    assert_eq!(zoom.timezone.as_deref(), Some("Asia/Makassar"));
    let equator = SessionInput {
        latitude: Some(0.0),
        longitude: Some(0.0),
        ..monas_session("Khatulistiwa", start + Duration::days(1))
    };
    let equator = fx
        .titan
        .create_session(&fx.admin, course_id, &equator)
        .await
        .unwrap();
    assert_eq!(
        (equator.latitude, equator.longitude),
        (Some(0.0), Some(0.0))
    );
    let listed = fx
        .titan
        .list_sessions(&Actor::Anonymous, course_id)
        .await
        .unwrap();
    let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [c.session.id.as_str(), zoom.id.as_str(), equator.id.as_str()]
    );

    // Update keeps the id and course; a refused update changes nothing.
    let moved = monas_session(
        " Sesi 1 (pindah) ",
        c.session.start_time + Duration::hours(1),
    );
    let updated = fx
        .titan
        .update_session(&c.teacher, &c.session.id, &moved)
        .await
        .unwrap();
    assert_eq!(
        (updated.id.as_str(), updated.course_id.as_str()),
        (c.session.id.as_str(), course_id)
    );
    assert_eq!(updated.title, "Sesi 1 (pindah)");
    assert_eq!(
        updated.start_time,
        c.session.start_time + Duration::hours(1)
    );
    assert_code!(
        fx.titan
            .update_session(&c.learner, &c.session.id, &moved)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let backwards = SessionInput {
        end_time: moved.start_time - Duration::minutes(1),
        ..moved.clone()
    };
    assert_code!(
        fx.titan
            .update_session(&c.teacher, &c.session.id, &backwards)
            .await,
        "ATTENDANCE_INVALID_SESSION"
    );
    assert_code!(
        fx.titan.update_session(&c.teacher, "nope", &moved).await,
        "NOT_FOUND"
    );
    let now = fx.titan.list_sessions(&c.teacher, course_id).await.unwrap();
    assert!(now.contains(&updated));

    assert_code!(
        fx.titan.delete_session(&c.learner, &zoom.id).await,
        "IDENTITY_FORBIDDEN"
    );
    fx.titan.delete_session(&c.teacher, &zoom.id).await.unwrap();
    assert_code!(
        fx.titan.delete_session(&c.teacher, &zoom.id).await,
        "NOT_FOUND"
    );
    assert_eq!(
        fx.titan
            .list_sessions(&c.teacher, course_id)
            .await
            .unwrap()
            .len(),
        2
    );
}

pub async fn deleting_a_session_deletes_its_records_and_tokens(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let minted = fx
        .titan
        .mint_qr_token(&c.teacher, &c.session.id)
        .await
        .unwrap();
    let manual = ManualAttendanceInput {
        user_id: id_of(&c.learner),
        status: AttendanceStatus::Present,
        notes: None,
    };
    fx.titan
        .record_manual_attendance(&c.teacher, &c.session.id, &manual)
        .await
        .unwrap();
    assert_eq!(records_of(fx, &c.session.id).await.len(), 1);
    fx.titan
        .delete_session(&c.teacher, &c.session.id)
        .await
        .unwrap();
    assert!(records_of(fx, &c.session.id).await.is_empty());
    let mut uow = fx.store.begin_read().await.unwrap();
    assert!(
        uow.attendance()
            .token_by_value(&minted.token.token)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        uow.attendance()
            .session(&c.session.id)
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn the_course_calendar_is_an_ics_file_for_whoever_sees_the_course(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let start = c.session.start_time + Duration::days(7);
    let wita = SessionInput {
        timezone: Some("Asia/Makassar".into()),
        ..monas_session("Sesi Makassar", start)
    };
    let wita = fx
        .titan
        .create_session(&c.teacher, &c.course.course.id, &wita)
        .await
        .unwrap();
    let ics = fx
        .titan
        .course_calendar(&Actor::Anonymous, &c.course.course.id)
        .await
        .unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert!(ics.contains(&format!("UID:{}@titan", c.session.id)));
    assert!(ics.contains(&format!("UID:{}@titan", wita.id)));
    // 03:00 UTC is 10:00 WIB; a week later the same instant is 11:00 WITA.
    assert!(
        ics.contains("DTSTART;TZID=Asia/Jakarta:20260302T100000"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;TZID=Asia/Makassar:20260309T110000"),
        "{ics}"
    );
    assert!(ics.contains("TZID:Asia/Jakarta") && ics.contains("TZID:Asia/Makassar"));

    // A draft's calendar and sessions are for its editors only.
    let draft = fx
        .titan
        .create_course(
            &c.teacher,
            &CourseInput::new("Draf Kelas", "Kelas yang belum terbit"),
        )
        .await
        .unwrap();
    fx.titan
        .create_session(&c.teacher, &draft.id, &monas_session("Sesi draf", start))
        .await
        .unwrap();
    assert_code!(
        fx.titan.course_calendar(&c.learner, &draft.id).await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan.list_sessions(&Actor::Anonymous, &draft.id).await,
        "NOT_FOUND"
    );
    let own = fx
        .titan
        .course_calendar(&c.teacher, &draft.id)
        .await
        .unwrap();
    assert_eq!(own.matches("BEGIN:VEVENT").count(), 1);
    assert_eq!(
        fx.titan
            .list_sessions(&fx.admin, &draft.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_code!(
        fx.titan.course_calendar(&c.teacher, "nope").await,
        "NOT_FOUND"
    );
}

pub async fn qr_tokens_are_minted_by_course_editors(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let now = fx.clock.now();
    let first = fx
        .titan
        .mint_qr_token(&c.teacher, &c.session.id)
        .await
        .unwrap();
    assert_eq!(first.token.session_id, c.session.id);
    assert_eq!(first.token.token.len(), 64);
    assert!(
        first
            .token
            .token
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(first.token.created_at, now);
    assert_eq!(first.token.expires_at, now + Duration::seconds(30));
    assert_eq!(
        first.payload,
        format!("titan:att:1:{}:{}", c.session.id, first.token.token)
    );
    let second = fx
        .titan
        .mint_qr_token(&fx.admin, &c.session.id)
        .await
        .unwrap();
    assert_ne!(first.token.token, second.token.token);
    let mut uow = fx.store.begin_read().await.unwrap();
    assert_eq!(
        uow.attendance()
            .token_by_value(&first.token.token)
            .await
            .unwrap(),
        Some(first.token.clone())
    );
    drop(uow);
    assert_code!(
        fx.titan.mint_qr_token(&c.learner, &c.session.id).await,
        "IDENTITY_FORBIDDEN"
    );
    let stranger = fx.instructor("guru-lain").await;
    assert_code!(
        fx.titan.mint_qr_token(&stranger, &c.session.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.mint_qr_token(&c.teacher, "nope").await,
        "NOT_FOUND"
    );
}

pub async fn manual_records_and_corrections_keep_who_and_why(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sari = c.enrolled("sari").await;
    let outsider = fx.learner("andi").await;
    let sid = c.session.id.as_str();
    let manual = |user: &Actor, status| ManualAttendanceInput {
        user_id: id_of(user),
        status,
        notes: Some("  surat dokter ".into()),
    };
    assert_code!(
        fx.titan
            .record_manual_attendance(
                &c.learner,
                sid,
                &manual(&c.learner, AttendanceStatus::Present)
            )
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .record_manual_attendance(
                &c.teacher,
                sid,
                &manual(&outsider, AttendanceStatus::Present)
            )
            .await,
        "ATTENDANCE_NOT_ENROLLED"
    );
    let ghost = ManualAttendanceInput {
        user_id: "ghost".into(),
        ..manual(&outsider, AttendanceStatus::Present)
    };
    assert_code!(
        fx.titan
            .record_manual_attendance(&c.teacher, sid, &ghost)
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .record_manual_attendance(
                &c.teacher,
                "nope",
                &manual(&c.learner, AttendanceStatus::Present)
            )
            .await,
        "NOT_FOUND"
    );
    assert!(records_of(fx, sid).await.is_empty());

    // Any status, any time, with notes; EXCUSED pays nothing and starts nothing.
    let excused = fx
        .titan
        .record_manual_attendance(
            &c.teacher,
            sid,
            &manual(&c.learner, AttendanceStatus::Excused),
        )
        .await
        .unwrap();
    let record = excused.attendance.clone();
    assert_eq!(
        (
            record.status,
            record.check_in_method,
            record.notes.as_deref()
        ),
        (
            AttendanceStatus::Excused,
            CheckInMethod::Manual,
            Some("surat dokter")
        )
    );
    assert_eq!(record.check_in_time, fx.clock.now());
    assert_eq!(
        excused.enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Enrolled)
    );
    assert_eq!(attendance_points(fx, &c.learner).await, (0, 0));
    assert_code!(
        fx.titan
            .record_manual_attendance(
                &c.teacher,
                sid,
                &manual(&c.learner, AttendanceStatus::Present)
            )
            .await,
        "ATTENDANCE_ALREADY_CHECKED_IN"
    );
    let present = fx
        .titan
        .record_manual_attendance(&fx.admin, sid, &manual(&sari, AttendanceStatus::Present))
        .await
        .unwrap();
    assert_eq!(
        present.enrollment.map(|e| e.status),
        Some(EnrollmentStatus::InProgress)
    );
    assert_eq!(attendance_points(fx, &sari).await, (1, 20));

    // Corrections: course editors, with a reason.
    let fix = |status, reason: &str| AttendanceCorrection {
        status,
        notes: None,
        reason: reason.into(),
    };
    assert_code!(
        fx.titan
            .correct_attendance(
                &c.learner,
                &record.id,
                &fix(AttendanceStatus::Present, "saya hadir")
            )
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .correct_attendance(
                &c.teacher,
                &record.id,
                &fix(AttendanceStatus::Present, " \n ")
            )
            .await,
        "ATTENDANCE_CORRECTION_REASON_REQUIRED"
    );
    assert_code!(
        fx.titan
            .correct_attendance(&c.teacher, "nope", &fix(AttendanceStatus::Present, "x"))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        records_of(fx, sid).await.iter().find(|r| r.id == record.id),
        Some(&record)
    );
    let corrected = fx
        .titan
        .correct_attendance(
            &c.teacher,
            &record.id,
            &fix(AttendanceStatus::Present, " salah input "),
        )
        .await
        .unwrap();
    let after = &corrected.attendance;
    assert_eq!(after.status, AttendanceStatus::Present);
    assert_eq!(after.corrected_by, Some(id_of(&c.teacher)));
    assert_eq!(after.correction_reason.as_deref(), Some("salah input"));
    assert_eq!(after.notes.as_deref(), Some("surat dokter"));
    assert_eq!(
        (after.check_in_method, after.check_in_time),
        (record.check_in_method, record.check_in_time)
    );
    assert_eq!(
        corrected.enrollment.map(|e| e.status),
        Some(EnrollmentStatus::InProgress)
    );
    assert_eq!(attendance_points(fx, &c.learner).await, (1, 20));
    assert_eq!(records_of(fx, sid).await.len(), 2);
}

pub async fn reports_list_a_session_and_rate_a_learner(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sari = c.enrolled("sari").await;
    let gone = c.enrolled("gone").await;
    fx.titan
        .drop_enrolment(&gone, &c.course.course.id, None)
        .await
        .unwrap();
    c.at_start_plus(0);
    let payload = c.qr().await;
    fx.titan
        .check_in_qr(&c.learner, &c.session.id, &payload)
        .await
        .unwrap();

    let report = fx
        .titan
        .session_attendance(&c.teacher, &c.session.id)
        .await
        .unwrap();
    assert_eq!(report.session.id, c.session.id);
    assert_eq!(report.records.len(), 1);
    assert_eq!(report.without_record, vec![id_of(&sari)]);
    assert_eq!(
        (
            report.counts.present,
            report.counts.late,
            report.counts.absent
        ),
        (1, 0, 0)
    );
    assert_code!(
        fx.titan.session_attendance(&c.learner, &c.session.id).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.session_attendance(&c.teacher, "nope").await,
        "NOT_FOUND"
    );

    let course_id = c.course.course.id.as_str();
    let mine = fx
        .titan
        .learner_attendance(&c.learner, &id_of(&c.learner), course_id)
        .await
        .unwrap();
    assert_eq!(mine.rate, None, "no session has ended yet");
    assert_eq!(mine.records.len(), 1);
    assert_eq!(mine.sessions.len(), 1);
    c.at_start_plus(2 * 3600);
    let mine = fx
        .titan
        .learner_attendance(&c.learner, &id_of(&c.learner), course_id)
        .await
        .unwrap();
    assert_eq!(mine.rate, Some(Decimal::ONE_HUNDRED));
    let hers = fx
        .titan
        .learner_attendance(&c.teacher, &id_of(&sari), course_id)
        .await
        .unwrap();
    assert_eq!(
        hers.rate,
        Some(Decimal::ZERO),
        "an ended session without a record is an absence"
    );
    assert_code!(
        fx.titan
            .learner_attendance(&sari, &id_of(&c.learner), course_id)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .learner_attendance(&sari, &id_of(&sari), "nope")
            .await,
        "NOT_FOUND"
    );
}
