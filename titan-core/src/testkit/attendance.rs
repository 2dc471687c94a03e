//! Attendance (SPEC §5): sessions and their calendar, QR tokens, check-in by QR and GPS, manual
//! records and corrections, the absentee and reminder jobs, reports, the legacy differences and
//! sixteen racing check-ins.

mod check_in;
mod jobs;
mod sessions;

pub use check_in::*;
pub use jobs::*;
pub use sessions::*;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::app::{Actor, GpsPosition, SessionInput};
use crate::model::{Attendance, CourseSession, DeliveryMode, SessionType};
use crate::policy::Policy;
use crate::ports::{Clock, Store};

use super::fixture::{CourseFixture, Fixture, text_lesson};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_attendance {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            attendance,
            [
                sessions_are_managed_by_course_editors_and_validated,
                deleting_a_session_deletes_its_records_and_tokens,
                the_course_calendar_is_an_ics_file_for_whoever_sees_the_course,
                qr_tokens_are_minted_by_course_editors,
                manual_records_and_corrections_keep_who_and_why,
                reports_list_a_session_and_rate_a_learner,
                a_learner_checks_in_by_qr_and_is_paid_once,
                qr_check_in_refusals_write_nothing,
                check_in_is_for_enrolled_learners_inside_the_window,
                late_after_fifteen_minutes,
                gps_check_in_judges_the_geofence,
                legacy_attendance_has_long_tokens_no_window_and_a_strict_radius,
                sixteen_concurrent_check_ins_make_one_record,
                sixteen_concurrent_legacy_check_ins_without_enrolment_make_one_record,
                attendance_points_are_paid_once_per_session_even_after_corrections,
                a_classroom_course_completes_only_at_the_attendance_rate,
                absentees_are_marked_once_the_session_ends,
                a_late_enrolee_is_not_absent_from_sessions_held_before,
                reminders_go_out_once_an_hour_before_the_start,
            ]
        );
    };
}

/// Monas, Jakarta: the classroom's geofence centre.
pub const MONAS: (f64, f64) = (-6.175_392, 106.827_153);

/// Metres per degree of latitude on the mean Earth radius (≈ 111 195 m).
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// A position `metres` south of Monas, reported with `accuracy` metres.
#[must_use]
pub fn south_of_monas(metres: f64, accuracy: Option<f64>) -> GpsPosition {
    GpsPosition {
        latitude: MONAS.0 - metres / METRES_PER_DEGREE,
        longitude: MONAS.1,
        accuracy,
    }
}

/// A classroom course taught by `teacher`, one enrolled learner, one session with a 100 m
/// geofence at Monas starting two hours from now and lasting two hours.
#[derive(Debug, Clone)]
pub struct Classroom {
    /// The engine and its clock.
    pub fx: Fixture,
    /// The course's instructor.
    pub teacher: Actor,
    /// An enrolled learner.
    pub learner: Actor,
    /// The ON_CLASSROOM course (one TEXT lesson).
    pub course: CourseFixture,
    /// Its first session.
    pub session: CourseSession,
}

/// A session at Monas from `start` for two hours, with a 100 m geofence.
#[must_use]
pub fn monas_session(title: &str, start: DateTime<Utc>) -> SessionInput {
    SessionInput {
        location: Some("Aula Monas".into()),
        latitude: Some(MONAS.0),
        longitude: Some(MONAS.1),
        radius: Some(100),
        ..SessionInput::new(
            title,
            SessionType::Classroom,
            start,
            start + Duration::hours(2),
        )
    }
}

/// A [`Classroom`] under `policy`.
pub async fn classroom(store: Arc<dyn Store>, policy: Policy) -> Classroom {
    let fx = Fixture::with_policy(store, policy).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Kelas Tatap Muka",
            &[text_lesson("Bacaan")],
            |c| {
                c.delivery_mode = DeliveryMode::OnClassroom;
            },
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .expect("enrol");
    let start = fx.clock.now() + Duration::hours(2);
    let session = fx
        .titan
        .create_session(&teacher, &course.course.id, &monas_session("Sesi 1", start))
        .await
        .expect("create session");
    Classroom {
        fx,
        teacher,
        learner,
        course,
        session,
    }
}

impl Classroom {
    /// Sets the clock to the session's start plus `seconds` (negative: before).
    pub fn at_start_plus(&self, seconds: i64) {
        self.fx
            .clock
            .set(self.session.start_time + Duration::seconds(seconds));
    }

    /// Another learner, enrolled in the course.
    pub async fn enrolled(&self, name: &str) -> Actor {
        let learner = self.fx.learner(name).await;
        self.fx
            .titan
            .enrol(&learner, &self.course.course.id, None)
            .await
            .expect("enrol");
        learner
    }

    /// A fresh QR payload for the session.
    pub async fn qr(&self) -> String {
        self.fx
            .titan
            .mint_qr_token(&self.teacher, &self.session.id)
            .await
            .expect("mint")
            .payload
    }
}

/// The user id behind a signed-in actor.
#[must_use]
pub fn id_of(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        other => panic!("not a user: {other:?}"),
    }
}

/// Every record of the session, by user id.
pub async fn records_of(fx: &Fixture, session_id: &str) -> Vec<Attendance> {
    let mut uow = fx.store.begin_read().await.unwrap();
    uow.attendance()
        .records_of_session(session_id)
        .await
        .unwrap()
}

/// The learner's attendance points: the ledger entries keyed `attendance:…`, and their sum.
pub async fn attendance_points(fx: &Fixture, actor: &Actor) -> (usize, i32) {
    let mut uow = fx.store.begin_read().await.unwrap();
    let entries: Vec<_> = uow
        .gamification()
        .ledger_of_user(&id_of(actor))
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.source_key.starts_with("attendance:"))
        .collect();
    (entries.len(), entries.iter().map(|e| e.points).sum())
}

/// The learner's `points` column equals their ledger's sum.
pub async fn assert_points_match_ledger(fx: &Fixture, actor: &Actor) {
    let mut uow = fx.store.begin_read().await.unwrap();
    let id = id_of(actor);
    let user = uow.users().get(&id).await.unwrap().unwrap();
    let sum: i32 = uow
        .gamification()
        .ledger_of_user(&id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.points)
        .sum();
    assert_eq!(user.points, sum);
}
