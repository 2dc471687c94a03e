//! Points once per session, classroom completion at the attendance rate, and the absentee and
//! reminder jobs.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{
    AbsenteeSweep, Actor, AttendanceCorrection, ManualAttendanceInput, ProfileUpdate,
};
use crate::assert_code;
use crate::model::{AttendanceStatus, CheckInMethod, EnrollmentStatus, NotificationType};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::progress::CompletionEvidence;

use super::{
    Classroom, assert_points_match_ledger, attendance_points, classroom, id_of, monas_session,
    records_of,
};

fn fix(status: AttendanceStatus, reason: &str) -> AttendanceCorrection {
    AttendanceCorrection {
        status,
        notes: None,
        reason: reason.into(),
    }
}

async fn sweep(c: &Classroom) -> crate::app::AbsenteeSweepResult {
    c.fx.titan
        .mark_absentees(&Actor::System, &AbsenteeSweep::default())
        .await
        .unwrap()
}

pub async fn attendance_points_are_paid_once_per_session_even_after_corrections(
    store: Arc<dyn Store>,
) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sari = c.enrolled("sari").await;
    let tono = c.enrolled("tono").await;
    c.at_start_plus(0);
    let payload = c.qr().await;
    let record = fx
        .titan
        .check_in_qr(&c.learner, &c.session.id, &payload)
        .await
        .unwrap()
        .attendance;
    assert_eq!(attendance_points(fx, &c.learner).await, (1, 20));
    for status in [
        AttendanceStatus::Late,
        AttendanceStatus::Absent,
        AttendanceStatus::Present,
    ] {
        let done = fx
            .titan
            .correct_attendance(&c.teacher, &record.id, &fix(status, "koreksi"))
            .await
            .unwrap();
        assert_eq!(done.attendance.status, status);
        assert_eq!(
            attendance_points(fx, &c.learner).await,
            (1, 20),
            "{status:?}"
        );
    }

    c.at_start_plus(20 * 60);
    let payload = c.qr().await;
    let late = fx
        .titan
        .check_in_qr(&sari, &c.session.id, &payload)
        .await
        .unwrap()
        .attendance;
    assert_eq!(late.status, AttendanceStatus::Late);
    assert_eq!(attendance_points(fx, &sari).await, (1, 10));
    fx.titan
        .correct_attendance(
            &c.teacher,
            &late.id,
            &fix(AttendanceStatus::Present, "macet"),
        )
        .await
        .unwrap();
    assert_eq!(attendance_points(fx, &sari).await, (1, 10));

    // An absentee pays nothing until a correction makes the first ATTENDED.
    c.at_start_plus(2 * 3600);
    let run = sweep(&c).await;
    assert_eq!(run.marked.len(), 1);
    assert_eq!(attendance_points(fx, &tono).await, (0, 0));
    for status in [AttendanceStatus::Late, AttendanceStatus::Present] {
        fx.titan
            .correct_attendance(&c.teacher, &run.marked[0], &fix(status, "hadir"))
            .await
            .unwrap();
        assert_eq!(attendance_points(fx, &tono).await, (1, 10));
    }
    for who in [&c.learner, &sari, &tono] {
        assert_points_match_ledger(fx, who).await;
    }
}

pub async fn a_classroom_course_completes_only_at_the_attendance_rate(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let course_id = c.course.course.id.as_str();
    let second = fx
        .titan
        .create_session(
            &c.teacher,
            course_id,
            &monas_session("Sesi 2", c.session.start_time + Duration::days(1)),
        )
        .await
        .unwrap();
    let ani = c.learner.clone(); // misses session 1, attends session 2
    let bayu = c.enrolled("bayu").await; // attends both, reads the lesson last
    let citra = c.enrolled("citra").await; // reads the lesson, attends both
    let read = |who: Actor| {
        let titan = fx.titan.clone();
        let lesson = c.course.lessons[0].id.clone();
        async move {
            titan
                .complete_lesson(
                    &who,
                    &lesson,
                    &CompletionEvidence::MarkedDone {
                        dwell_seconds: None,
                    },
                )
                .await
                .unwrap()
                .enrollment
        }
    };
    let status_of = |who: Actor| {
        let titan = fx.titan.clone();
        async move {
            titan
                .learner_progress(&who, &id_of(&who), course_id)
                .await
                .unwrap()
        }
    };
    let ani_enrolment = read(ani.clone()).await;
    assert_eq!(
        ani_enrolment.status,
        EnrollmentStatus::InProgress,
        "no session has ended"
    );
    read(citra.clone()).await;

    c.at_start_plus(0);
    for who in [&bayu, &citra] {
        let payload = c.qr().await;
        fx.titan
            .check_in_qr(who, &c.session.id, &payload)
            .await
            .unwrap();
    }
    c.at_start_plus(2 * 3600 + 60);
    let run = sweep(&c).await;
    assert_eq!(run.marked.len(), 1, "ani");
    assert!(
        run.completed_enrollments.is_empty(),
        "attendance is not final while session 2 is to come"
    );
    let citra_waits = status_of(citra.clone()).await;
    assert_eq!(citra_waits.enrollment.status, EnrollmentStatus::InProgress);
    assert!(!citra_waits.criteria.met);

    fx.clock.set(second.start_time);
    for who in [&ani, &bayu, &citra] {
        let minted = fx
            .titan
            .mint_qr_token(&c.teacher, &second.id)
            .await
            .unwrap();
        fx.titan
            .check_in_qr(who, &second.id, &minted.payload)
            .await
            .unwrap();
    }
    fx.clock.set(second.end_time + Duration::minutes(1));
    let run = sweep(&c).await;
    assert!(run.marked.is_empty(), "everyone attended session 2");
    let citra_done = status_of(citra.clone()).await;
    assert_eq!(citra_done.enrollment.status, EnrollmentStatus::Completed);
    assert_eq!(
        run.completed_enrollments,
        vec![citra_done.enrollment.id.clone()]
    );
    let ani_now = status_of(ani.clone()).await;
    assert_eq!(ani_now.enrollment.status, EnrollmentStatus::InProgress);
    assert!(!ani_now.criteria.met, "50 % attendance");
    assert_eq!(
        status_of(bayu.clone()).await.enrollment.status,
        EnrollmentStatus::InProgress
    );

    // Bayu: lessons were the last criterion. Ani: session 1 excused → 1 of 1 counted.
    assert_eq!(read(bayu.clone()).await.status, EnrollmentStatus::Completed);
    let ani_s1 = records_of(fx, &c.session.id)
        .await
        .into_iter()
        .find(|r| r.user_id == id_of(&ani))
        .unwrap();
    let excused = fx
        .titan
        .correct_attendance(
            &c.teacher,
            &ani_s1.id,
            &fix(AttendanceStatus::Excused, "tugas dinas"),
        )
        .await
        .unwrap();
    assert_eq!(
        excused.enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Completed)
    );
    let mut uow = fx.store.begin_read().await.unwrap();
    for who in [&ani, &bayu, &citra] {
        assert!(
            uow.certificates()
                .for_user_course(&id_of(who), course_id)
                .await
                .unwrap()
                .is_some()
        );
    }
}

pub async fn absentees_are_marked_once_the_session_ends(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let sid = c.session.id.as_str();
    let absent = c.enrolled("absen").await;
    let excused = c.enrolled("izin").await;
    let gone = c.enrolled("gone").await;
    fx.titan
        .drop_enrolment(&gone, &c.course.course.id, None)
        .await
        .unwrap();
    c.at_start_plus(0);
    let payload = c.qr().await;
    fx.titan
        .check_in_qr(&c.learner, sid, &payload)
        .await
        .unwrap();
    let manual = ManualAttendanceInput {
        user_id: id_of(&excused),
        status: AttendanceStatus::Excused,
        notes: Some("cuti".into()),
    };
    fx.titan
        .record_manual_attendance(&c.teacher, sid, &manual)
        .await
        .unwrap();

    let all = AbsenteeSweep::default();
    for who in [&c.learner, &c.teacher] {
        assert_code!(
            fx.titan.mark_absentees(who, &all).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan.mark_absentees(&Actor::Anonymous, &all).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    c.at_start_plus(2 * 3600 - 1);
    let early = sweep(&c).await;
    assert_eq!((early.sessions_checked, early.marked.len()), (0, 0));
    assert_eq!(records_of(fx, sid).await.len(), 2);

    c.at_start_plus(2 * 3600);
    let run = sweep(&c).await;
    assert_eq!(run.ran_at, fx.clock.now());
    assert_eq!((run.sessions_checked, run.marked.len()), (1, 1));
    let records = records_of(fx, sid).await;
    let marked = records.iter().find(|r| r.id == run.marked[0]).unwrap();
    assert_eq!(marked.user_id, id_of(&absent));
    assert_eq!(
        (marked.status, marked.check_in_method, marked.check_in_time),
        (
            AttendanceStatus::Absent,
            CheckInMethod::Manual,
            fx.clock.now()
        )
    );
    let mut uow = fx.store.begin_read().await.unwrap();
    let key = format!("attendance:{}:{sid}", id_of(&absent));
    assert!(
        uow.outbox()
            .by_idempotency_key(&key)
            .await
            .unwrap()
            .is_none()
    );
    drop(uow);

    // Idempotent; a learner who enrols after the end is not marked for it.
    let newcomer = c.enrolled("baru").await;
    fx.clock.advance(Duration::minutes(5));
    let again = fx.titan.mark_absentees(&fx.admin, &all).await.unwrap();
    assert_eq!((again.sessions_checked, again.marked.len()), (1, 0));
    assert_eq!(records_of(fx, sid).await, records);
    assert!(
        !records
            .iter()
            .any(|r| r.user_id == id_of(&newcomer) || r.user_id == id_of(&gone))
    );
    let after_end = AbsenteeSweep {
        ended_after: Some(c.session.end_time),
    };
    assert_eq!(sweep_with(&c, &after_end).await, 0);
    let just_before = AbsenteeSweep {
        ended_after: Some(c.session.end_time - Duration::seconds(1)),
    };
    assert_eq!(sweep_with(&c, &just_before).await, 1);
    assert_eq!(records_of(fx, sid).await, records);
}

async fn sweep_with(c: &Classroom, sweep: &AbsenteeSweep) -> u32 {
    let run =
        c.fx.titan
            .mark_absentees(&Actor::System, sweep)
            .await
            .unwrap();
    assert!(run.marked.is_empty());
    run.sessions_checked
}

pub async fn reminders_go_out_once_an_hour_before_the_start(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let wita = c.enrolled("wita").await;
    let update = ProfileUpdate {
        timezone: Some("Asia/Makassar".into()),
        ..ProfileUpdate::default()
    };
    fx.titan
        .update_profile(&wita, &id_of(&wita), &update)
        .await
        .unwrap();
    let gone = c.enrolled("gone").await;
    fx.titan
        .drop_enrolment(&gone, &c.course.course.id, None)
        .await
        .unwrap();
    let remind = || {
        let titan = fx.titan.clone();
        async move { titan.send_session_reminders(&Actor::System).await.unwrap() }
    };
    assert_code!(
        fx.titan.send_session_reminders(&c.learner).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.send_session_reminders(&c.teacher).await,
        "IDENTITY_FORBIDDEN"
    );
    assert!(remind().await.sent.is_empty(), "two hours ahead");
    c.at_start_plus(-61 * 60);
    assert!(remind().await.sent.is_empty());

    c.at_start_plus(-60 * 60);
    let run = remind().await;
    assert_eq!((run.sessions_checked, run.sent.len()), (1, 2));
    let budi = reminders_of(&c, &c.learner).await;
    assert_eq!(budi.len(), 1);
    // 03:00 UTC: 10.00 WIB for a learner without a zone, 11.00 WITA for one in Makassar.
    assert!(budi[0].message.contains("10.00 WIB"), "{}", budi[0].message);
    assert_eq!(
        budi[0].dedup_key,
        Some(format!(
            "session_reminder:{}:{}",
            id_of(&c.learner),
            c.session.id
        ))
    );
    let w = reminders_of(&c, &wita).await;
    assert!(
        w.len() == 1 && w[0].message.contains("11.00 WITA"),
        "{}",
        w[0].message
    );
    assert!(reminders_of(&c, &gone).await.is_empty());

    c.at_start_plus(-30 * 60);
    let again = fx.titan.send_session_reminders(&fx.admin).await.unwrap();
    assert_eq!((again.sessions_checked, again.sent.len()), (1, 0));
    let late = c.enrolled("telat").await;
    assert_eq!(remind().await.sent.len(), 1, "only the newcomer");
    assert_eq!(reminders_of(&c, &late).await.len(), 1);
    c.at_start_plus(0);
    let started = remind().await;
    assert_eq!((started.sessions_checked, started.sent.len()), (0, 0));
    assert_eq!(reminders_of(&c, &c.learner).await.len(), 1);
}

async fn reminders_of(c: &Classroom, who: &Actor) -> Vec<crate::model::Notification> {
    let mut uow = c.fx.store.begin_read().await.unwrap();
    uow.notifications()
        .of_user(&id_of(who), false, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.notification_type == NotificationType::SessionReminder)
        .collect()
}

pub async fn a_late_enrolee_is_not_absent_from_sessions_held_before(store: Arc<dyn Store>) {
    let c = classroom(store, Policy::recommended()).await;
    let fx = &c.fx;
    let course_id = c.course.course.id.as_str();
    let second = fx
        .titan
        .create_session(
            &c.teacher,
            course_id,
            &monas_session("Sesi 2", c.session.start_time + Duration::days(1)),
        )
        .await
        .unwrap();
    // Session 1 ends before Dewi enrols; she attends session 2 and reads the lesson.
    c.at_start_plus(2 * 3600 + 60);
    sweep(&c).await;
    let dewi = c.enrolled("dewi").await;
    fx.titan
        .complete_lesson(
            &dewi,
            &c.course.lessons[0].id,
            &CompletionEvidence::MarkedDone {
                dwell_seconds: None,
            },
        )
        .await
        .unwrap();
    fx.clock.set(second.start_time);
    let payload = fx
        .titan
        .mint_qr_token(&c.teacher, &second.id)
        .await
        .unwrap()
        .payload;
    fx.titan
        .check_in_qr(&dewi, &second.id, &payload)
        .await
        .unwrap();
    fx.clock.set(second.end_time + Duration::minutes(1));
    sweep(&c).await;
    let standing = fx
        .titan
        .learner_attendance(&dewi, &id_of(&dewi), course_id)
        .await
        .unwrap();
    assert_eq!(
        standing.sessions.len(),
        1,
        "session 1 ended before she enrolled"
    );
    assert_eq!(standing.rate, Some(rust_decimal::Decimal::ONE_HUNDRED));
    let progress = fx
        .titan
        .learner_progress(&dewi, &id_of(&dewi), course_id)
        .await
        .unwrap();
    assert_eq!(progress.enrollment.status, EnrollmentStatus::Completed);
}
