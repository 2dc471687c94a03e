//! Feedback surveys: editing by course editors, the offered survey, responses (every refusal,
//! one per learner even when eight arrive at once), the report's anonymity and small-group
//! withholding, and the legacy differences.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use crate::app::{Actor, SurveyInput, SurveyResponseInput};
use crate::assert_code;
use crate::model::{
    Attendance, AttendanceStatus, CourseSession, FeedbackResponse, FeedbackSurvey, Role,
};
use crate::ports::{Clock, Store};

use super::fixture::{CourseFixture, Fixture};

mod report;
pub use report::*;

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_survey {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            survey,
            [
                course_editors_create_edit_and_toggle_surveys,
                the_offered_survey_is_the_newest_open_one,
                a_response_is_checked_and_stored_once,
                responses_need_an_active_survey_inside_its_window,
                responses_need_enrolment_and_for_a_session_attendance,
                only_the_signed_in_learner_answers_for_themself,
                legacy_checks_neither_window_nor_attendance,
                the_report_hides_anonymous_respondents_and_small_groups,
                the_report_is_for_course_editors,
                eight_concurrent_answers_by_one_learner_make_one_response,
            ]
        );
    };
}

/// The user id behind an actor.
pub(crate) fn id_of(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        other => panic!("not a user: {other:?}"),
    }
}

/// A classroom session of `course_id` (written through the port: the attendance use cases
/// are tested in their own module).
async fn add_session(fx: &Fixture, course_id: &str, key: &str) -> String {
    let start = fx.clock.now() - Duration::hours(3);
    let session: CourseSession = serde_json::from_value(json!({
        "id": format!("sesi-{key}"), "courseId": course_id, "title": format!("Sesi {key}"),
        "description": null, "type": "CLASSROOM",
        "startTime": start, "endTime": start + Duration::hours(2),
        "location": "Aula BKN", "latitude": null, "longitude": null, "radius": null,
        "zoomMeetingId": null, "zoomJoinUrl": null, "streamUrl": null
    }))
    .unwrap();
    let mut uow = fx.store.begin().await.unwrap();
    uow.attendance().insert_session(&session).await.unwrap();
    uow.commit().await.unwrap();
    session.id
}

async fn add_attendance(fx: &Fixture, session_id: &str, learner: &Actor, status: AttendanceStatus) {
    let record: Attendance = serde_json::from_value(json!({
        "id": format!("hadir-{session_id}-{}", id_of(learner)), "sessionId": session_id,
        "userId": id_of(learner), "status": status, "checkInTime": fx.clock.now(),
        "checkInMethod": "MANUAL", "latitude": null, "longitude": null, "notes": null
    }))
    .unwrap();
    let mut uow = fx.store.begin().await.unwrap();
    uow.attendance().insert_record(&record).await.unwrap();
    uow.commit().await.unwrap();
}

/// The survey's stored responses.
async fn responses(fx: &Fixture, survey_id: &str) -> Vec<FeedbackResponse> {
    let mut uow = fx.store.begin_read().await.unwrap();
    let rows = uow.surveys().responses_of_survey(survey_id).await.unwrap();
    uow.rollback().await.unwrap();
    rows
}

/// A published course by a new instructor, a learner enrolled in it.
async fn course_and_learner(fx: &Fixture) -> (CourseFixture, Actor) {
    let teacher = fx.instructor("pengajar").await;
    let course = fx.course(&teacher, "Pelayanan Publik").await;
    let learner = fx.learner("peserta").await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    (course, learner)
}

async fn survey(fx: &Fixture, course: &CourseFixture, session: Option<&str>) -> FeedbackSurvey {
    fx.titan
        .create_survey(
            &course.instructor,
            &course.course.id,
            session,
            &SurveyInput::new("Evaluasi Pelatihan"),
        )
        .await
        .unwrap()
}

pub async fn course_editors_create_edit_and_toggle_surveys(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let course_id = course.course.id.clone();
    let teacher = course.instructor.clone();
    let other_teacher = fx.instructor("lain").await;
    let (unit_admin, _) = fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let (far_admin, _) = fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    let session_id = add_session(&fx, &course_id, "1").await;
    let elsewhere = fx.course(&other_teacher, "Kursus Lain").await;
    let foreign_session = add_session(&fx, &elsewhere.course.id, "2").await;
    let input = SurveyInput::new("Evaluasi");

    assert_code!(
        fx.titan
            .create_survey(&teacher, &course_id, None, &SurveyInput::new("  "))
            .await,
        "VALIDATION_REQUIRED"
    );
    let backwards = SurveyInput {
        starts_at: Some(fx.clock.now()),
        ends_at: Some(fx.clock.now() - Duration::minutes(1)),
        ..SurveyInput::new("Evaluasi")
    };
    assert_code!(
        fx.titan
            .create_survey(&teacher, &course_id, None, &backwards)
            .await,
        "VALIDATION_OUT_OF_RANGE"
    );
    assert_code!(
        fx.titan
            .create_survey(
                &teacher,
                &course_id,
                None,
                &SurveyInput::new("x".repeat(201))
            )
            .await,
        "VALIDATION_TOO_LONG"
    );
    assert_code!(
        fx.titan
            .create_survey(&teacher, &course_id, Some(&foreign_session), &input)
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .create_survey(&teacher, "tidak-ada", None, &input)
            .await,
        "NOT_FOUND"
    );
    for stranger in [&other_teacher, &learner, &far_admin] {
        assert_code!(
            fx.titan
                .create_survey(stranger, &course_id, None, &input)
                .await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert!(
        fx.titan
            .course_surveys(&teacher, &course_id)
            .await
            .unwrap()
            .is_empty()
    );

    let course_survey = fx
        .titan
        .create_survey(&teacher, &course_id, None, &input)
        .await
        .unwrap();
    assert!(course_survey.is_active);
    assert_eq!(course_survey.session_id, None);
    fx.clock.advance(Duration::seconds(1));
    let session_survey = fx
        .titan
        .create_survey(
            &unit_admin,
            &course_id,
            Some(&session_id),
            &SurveyInput::new("Sesi 1"),
        )
        .await
        .unwrap();
    assert_eq!(
        session_survey.session_id.as_deref(),
        Some(session_id.as_str())
    );

    let window = SurveyInput {
        title: " Evaluasi Akhir ".into(),
        description: Some("Mohon diisi dengan jujur".into()),
        starts_at: Some(fx.clock.now()),
        ends_at: Some(fx.clock.now() + Duration::days(7)),
    };
    let edited = fx
        .titan
        .update_survey(&teacher, &session_survey.id, &window)
        .await
        .unwrap();
    assert_eq!(edited.title, "Evaluasi Akhir");
    assert_eq!(
        edited.session_id, session_survey.session_id,
        "the session stays"
    );
    assert_eq!(edited.ends_at, window.ends_at);
    assert_code!(
        fx.titan
            .update_survey(&other_teacher, &session_survey.id, &window)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.update_survey(&teacher, "nope", &window).await,
        "NOT_FOUND"
    );

    let off = fx
        .titan
        .deactivate_survey(&teacher, &course_survey.id)
        .await
        .unwrap();
    assert!(!off.is_active);
    assert_code!(
        fx.titan.activate_survey(&learner, &course_survey.id).await,
        "IDENTITY_FORBIDDEN"
    );
    let listed = fx
        .titan
        .course_surveys(&fx.admin, &course_id)
        .await
        .unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|s| (s.id.as_str(), s.is_active))
            .collect::<Vec<_>>(),
        vec![
            (course_survey.id.as_str(), false),
            (session_survey.id.as_str(), true)
        ],
        "oldest first, the refused edits wrote nothing"
    );
    assert_eq!(listed[1].title, "Evaluasi Akhir");
    let on = fx
        .titan
        .activate_survey(&teacher, &course_survey.id)
        .await
        .unwrap();
    assert!(on.is_active);
    assert_code!(
        fx.titan.course_surveys(&learner, &course_id).await,
        "IDENTITY_FORBIDDEN"
    );
}

pub async fn the_offered_survey_is_the_newest_open_one(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let course_id = course.course.id.clone();
    let session_id = add_session(&fx, &course_id, "1").await;
    let offered = |session: Option<&'static str>| {
        let titan = fx.titan.clone();
        let learner = learner.clone();
        let course_id = course_id.clone();
        async move { titan.active_survey(&learner, &course_id, session).await }
    };
    assert_eq!(offered(None).await.unwrap(), None);

    let old = survey(&fx, &course, None).await;
    fx.clock.advance(Duration::seconds(1));
    let newer = survey(&fx, &course, None).await;
    fx.clock.advance(Duration::seconds(1));
    let later = fx
        .titan
        .create_survey(
            &course.instructor,
            &course_id,
            None,
            &SurveyInput {
                starts_at: Some(fx.clock.now() + Duration::days(1)),
                ..SurveyInput::new("Belum dibuka")
            },
        )
        .await
        .unwrap();
    let for_session = survey(&fx, &course, Some(&session_id)).await;

    let got = offered(None).await.unwrap().unwrap();
    assert_eq!(
        got.survey.id, newer.id,
        "the newest open one; not-yet-open is skipped"
    );
    assert!(!got.already_responded);
    fx.titan
        .deactivate_survey(&course.instructor, &newer.id)
        .await
        .unwrap();
    assert_eq!(offered(None).await.unwrap().unwrap().survey.id, old.id);
    fx.clock.advance(Duration::days(2));
    assert_eq!(offered(None).await.unwrap().unwrap().survey.id, later.id);

    let by_session = fx
        .titan
        .active_survey(&learner, &course_id, Some(&session_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_session.survey.id, for_session.id);
    fx.titan
        .respond_survey(&learner, &later.id, &SurveyResponseInput::overall(4))
        .await
        .unwrap();
    assert!(offered(None).await.unwrap().unwrap().already_responded);
    assert_code!(
        fx.titan
            .active_survey(&Actor::Anonymous, &course_id, None)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.active_survey(&learner, "nope", None).await,
        "NOT_FOUND"
    );
}

pub async fn a_response_is_checked_and_stored_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let s = survey(&fx, &course, None).await;
    let bad = [
        (SurveyResponseInput::default(), "VALIDATION_REQUIRED"),
        (SurveyResponseInput::overall(0), "VALIDATION_OUT_OF_RANGE"),
        (SurveyResponseInput::overall(6), "VALIDATION_OUT_OF_RANGE"),
        (
            SurveyResponseInput {
                facility_rating: Some(9),
                ..SurveyResponseInput::overall(4)
            },
            "VALIDATION_OUT_OF_RANGE",
        ),
        (
            SurveyResponseInput {
                suggestions: Some("panjang ".repeat(400)),
                ..SurveyResponseInput::overall(4)
            },
            "VALIDATION_TOO_LONG",
        ),
    ];
    for (input, code) in bad {
        assert_code!(fx.titan.respond_survey(&learner, &s.id, &input).await, code);
    }
    assert!(
        responses(&fx, &s.id).await.is_empty(),
        "refusals wrote nothing"
    );

    let input = SurveyResponseInput {
        overall_rating: Some(5),
        instructor_rating: Some(4),
        material_rating: None,
        facility_rating: Some(1),
        strengths: Some("  Materi jelas  ".into()),
        improvements: Some("   ".into()),
        suggestions: None,
        is_anonymous: true,
    };
    let response = fx
        .titan
        .respond_survey(&learner, &s.id, &input)
        .await
        .unwrap();
    assert_eq!(
        response.user_id,
        id_of(&learner),
        "the user id is kept, even when anonymous"
    );
    assert_eq!(response.strengths.as_deref(), Some("Materi jelas"));
    assert_eq!(response.improvements, None);
    assert_eq!(response.submitted_at, fx.clock.now());
    assert_code!(
        fx.titan
            .respond_survey(&learner, &s.id, &SurveyResponseInput::overall(1))
            .await,
        "SURVEY_ALREADY_RESPONDED"
    );
    assert_eq!(responses(&fx, &s.id).await, vec![response]);
    assert_code!(
        fx.titan
            .respond_survey(&learner, "nope", &SurveyResponseInput::overall(3))
            .await,
        "NOT_FOUND"
    );
}

pub async fn responses_need_an_active_survey_inside_its_window(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let other = fx.learner("kedua").await;
    fx.titan
        .enrol(&other, &course.course.id, None)
        .await
        .unwrap();
    let opens = fx.clock.now() + Duration::hours(1);
    let closes = opens + Duration::days(1);
    let s = fx
        .titan
        .create_survey(
            &course.instructor,
            &course.course.id,
            None,
            &SurveyInput {
                starts_at: Some(opens),
                ends_at: Some(closes),
                ..SurveyInput::new("Evaluasi")
            },
        )
        .await
        .unwrap();
    let answer = SurveyResponseInput::overall(4);
    assert_code!(
        fx.titan.respond_survey(&learner, &s.id, &answer).await,
        "SURVEY_OUTSIDE_WINDOW"
    );
    fx.clock.set(opens);
    fx.titan
        .respond_survey(&learner, &s.id, &answer)
        .await
        .unwrap();
    fx.clock.set(closes + Duration::milliseconds(1));
    assert_code!(
        fx.titan.respond_survey(&other, &s.id, &answer).await,
        "SURVEY_OUTSIDE_WINDOW"
    );
    fx.clock.set(closes);
    fx.titan
        .deactivate_survey(&course.instructor, &s.id)
        .await
        .unwrap();
    assert_code!(
        fx.titan.respond_survey(&other, &s.id, &answer).await,
        "SURVEY_INACTIVE"
    );
    assert_eq!(responses(&fx, &s.id).await.len(), 1);
    fx.titan
        .activate_survey(&course.instructor, &s.id)
        .await
        .unwrap();
    fx.titan
        .respond_survey(&other, &s.id, &answer)
        .await
        .unwrap();
    assert_eq!(
        responses(&fx, &s.id).await.len(),
        2,
        "both ends of the window are inclusive"
    );
}

pub async fn responses_need_enrolment_and_for_a_session_attendance(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let course_id = course.course.id.clone();
    let outsider = fx.learner("luar").await;
    let dropped = fx.learner("berhenti").await;
    fx.titan.enrol(&dropped, &course_id, None).await.unwrap();
    fx.titan
        .drop_enrolment(&dropped, &course_id, None)
        .await
        .unwrap();
    let answer = SurveyResponseInput::overall(4);
    let whole = survey(&fx, &course, None).await;
    assert_code!(
        fx.titan.respond_survey(&outsider, &whole.id, &answer).await,
        "SURVEY_NOT_ENROLLED"
    );
    assert_code!(
        fx.titan.respond_survey(&dropped, &whole.id, &answer).await,
        "SURVEY_NOT_ENROLLED"
    );

    let session_id = add_session(&fx, &course_id, "1").await;
    let per_session = survey(&fx, &course, Some(&session_id)).await;
    let absent = fx.learner("absen").await;
    let late = fx.learner("telat").await;
    for l in [&absent, &late] {
        fx.titan.enrol(l, &course_id, None).await.unwrap();
    }
    add_attendance(&fx, &session_id, &absent, AttendanceStatus::Absent).await;
    add_attendance(&fx, &session_id, &late, AttendanceStatus::Late).await;
    add_attendance(&fx, &session_id, &outsider, AttendanceStatus::Present).await;
    assert_code!(
        fx.titan
            .respond_survey(&learner, &per_session.id, &answer)
            .await,
        "SURVEY_NOT_ATTENDED"
    );
    assert_code!(
        fx.titan
            .respond_survey(&absent, &per_session.id, &answer)
            .await,
        "SURVEY_NOT_ATTENDED"
    );
    assert_code!(
        fx.titan
            .respond_survey(&outsider, &per_session.id, &answer)
            .await,
        "SURVEY_NOT_ENROLLED"
    );
    assert!(responses(&fx, &per_session.id).await.is_empty());
    fx.titan
        .respond_survey(&late, &per_session.id, &answer)
        .await
        .unwrap();
    add_attendance(&fx, &session_id, &learner, AttendanceStatus::Present).await;
    fx.titan
        .respond_survey(&learner, &per_session.id, &answer)
        .await
        .unwrap();
    assert_eq!(responses(&fx, &per_session.id).await.len(), 2);
    assert!(responses(&fx, &whole.id).await.is_empty());
}

pub async fn only_the_signed_in_learner_answers_for_themself(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let s = survey(&fx, &course, None).await;
    let answer = SurveyResponseInput::overall(4);
    for nobody in [Actor::Anonymous, Actor::System, Actor::user("hantu")] {
        assert_code!(
            fx.titan.respond_survey(&nobody, &s.id, &answer).await,
            "IDENTITY_UNAUTHENTICATED"
        );
    }
    fx.titan
        .set_user_status(
            &fx.admin,
            &id_of(&learner),
            crate::model::UserStatus::Suspended,
        )
        .await
        .unwrap();
    assert_code!(
        fx.titan.respond_survey(&learner, &s.id, &answer).await,
        "IDENTITY_USER_SUSPENDED"
    );
    // An editor answering is answering for themself, and they are not enrolled.
    assert_code!(
        fx.titan
            .respond_survey(&course.instructor, &s.id, &answer)
            .await,
        "SURVEY_NOT_ENROLLED"
    );
    assert!(responses(&fx, &s.id).await.is_empty());
}
