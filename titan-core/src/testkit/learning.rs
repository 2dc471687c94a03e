//! Learning: video heartbeats, lesson completion by type, manual completion, a learner's
//! progress, and the records a completion writes.

use std::sync::Arc;

use crate::app::{Actor, LessonInput};
use crate::assert_code;
use crate::model::{ContentType, EnrollmentStatus, Role};
use crate::policy::Policy;
use crate::ports::Store;
use crate::rules::progress::{CompletionEvidence, Heartbeat};

use super::fixture::{Fixture, text_lesson, video_lesson};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_learning {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            learning,
            [
                heartbeats_credit_watched_time_and_complete_at_ninety_percent,
                seeks_earn_nothing_and_bad_heartbeats_change_nothing,
                heartbeats_need_a_video_lesson_and_an_enrolment,
                legacy_videos_complete_on_ended_only,
                each_content_type_completes_with_its_own_evidence,
                completing_every_lesson_completes_the_course_with_its_records,
                completed_and_dropped_enrolments_refuse_learning,
                editors_complete_lessons_by_hand_with_a_reason,
                progress_is_seen_by_the_learner_and_course_editors,
            ]
        );
    };
}

fn id(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        _ => String::new(),
    }
}

fn beat(position: f64, elapsed: f64) -> Heartbeat {
    Heartbeat {
        position_s: position,
        client_elapsed_s: elapsed,
        ended: false,
    }
}

pub async fn heartbeats_credit_watched_time_and_complete_at_ninety_percent(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Video ASN",
            &[video_lesson("Pengantar", 100), text_lesson("Bacaan")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let lesson = &course.lessons[0].id;
    let first = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(10.0, 10.0))
        .await
        .unwrap();
    assert_eq!(first.outcome.credited, 10);
    assert_eq!(
        first.enrollment.status,
        EnrollmentStatus::InProgress,
        "the first heartbeat starts it"
    );
    let mut last = first;
    for step in 2..=8 {
        let s = f64::from(step) * 10.0;
        last = fx
            .titan
            .record_heartbeat(&learner, lesson, &beat(s, s))
            .await
            .unwrap();
    }
    assert_eq!(last.progress.watched_seconds, Some(80));
    assert!(!last.outcome.completed);
    let done = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(90.0, 90.0))
        .await
        .unwrap();
    assert!(done.outcome.newly_completed);
    assert!(done.progress.is_completed);
    assert_eq!(done.enrollment.progress.to_string(), "50.00");
    let again = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(95.0, 95.0))
        .await
        .unwrap();
    assert!(again.progress.is_completed && !again.outcome.newly_completed);
    assert_eq!(again.progress.last_position, Some(95));
}

pub async fn seeks_earn_nothing_and_bad_heartbeats_change_nothing(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Video ASN",
            &[video_lesson("Pengantar", 600)],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let lesson = &course.lessons[0].id;
    fx.titan
        .record_heartbeat(&learner, lesson, &beat(10.0, 10.0))
        .await
        .unwrap();
    let seek = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(300.0, 12.0))
        .await
        .unwrap();
    assert!(seek.outcome.seeked);
    assert_eq!(seek.outcome.credited, 0);
    assert_eq!(seek.progress.last_position, Some(300));
    let racing = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(320.0, 13.0))
        .await
        .unwrap();
    assert_eq!(
        racing.outcome.credited, 4,
        "Δelapsed × 2 + 2 caps a client racing its clock"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&learner, lesson, &beat(f64::NAN, 20.0))
            .await,
        "PROGRESS_INVALID_HEARTBEAT"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&learner, lesson, &beat(-1.0, 20.0))
            .await,
        "PROGRESS_INVALID_HEARTBEAT"
    );
    let progress = fx
        .titan
        .learner_progress(&learner, &id(&learner), &course.course.id)
        .await
        .unwrap();
    assert_eq!(progress.lessons[0].watched_seconds, Some(14));
    assert_eq!(progress.lessons[0].last_position, Some(320));
}

pub async fn heartbeats_need_a_video_lesson_and_an_enrolment(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("ani").await;
    let course = fx
        .course_with(
            &teacher,
            "Video ASN",
            &[video_lesson("V", 100), text_lesson("T")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    assert_code!(
        fx.titan
            .record_heartbeat(&learner, &course.lessons[1].id, &beat(5.0, 5.0))
            .await,
        "PROGRESS_WRONG_EVIDENCE"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&other, &course.lessons[0].id, &beat(5.0, 5.0))
            .await,
        "PROGRESS_NOT_ENROLLED"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&learner, "nope", &beat(5.0, 5.0))
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&Actor::Anonymous, &course.lessons[0].id, &beat(5.0, 5.0))
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan
            .record_heartbeat(&Actor::System, &course.lessons[0].id, &beat(5.0, 5.0))
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
}

pub async fn legacy_videos_complete_on_ended_only(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, Policy::legacy()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(&teacher, "Video ASN", &[video_lesson("V", 20)], |_| {})
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let lesson = &course.lessons[0].id;
    let watched = fx
        .titan
        .record_heartbeat(&learner, lesson, &beat(20.0, 20.0))
        .await
        .unwrap();
    assert!(
        !watched.progress.is_completed,
        "legacy ignores watched time"
    );
    let ended = Heartbeat {
        ended: true,
        ..beat(20.0, 21.0)
    };
    let done = fx
        .titan
        .record_heartbeat(&learner, lesson, &ended)
        .await
        .unwrap();
    assert!(done.progress.is_completed);
    assert_eq!(done.enrollment.status, EnrollmentStatus::Completed);
    assert_eq!(done.enrollment.progress.to_string(), "100");
}

pub async fn each_content_type_completes_with_its_own_evidence(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let external = LessonInput {
        external_url: Some("https://example.go.id".into()),
        ..LessonInput::new("Tautan", ContentType::External)
    };
    let scorm = LessonInput {
        scorm_url: Some("https://example.go.id/scorm.zip".into()),
        ..LessonInput::new("Paket", ContentType::Scorm)
    };
    let document = LessonInput {
        file_url: Some("https://example.go.id/modul.pdf".into()),
        ..LessonInput::new("Dokumen", ContentType::Document)
    };
    let course = fx
        .course_with(
            &teacher,
            "Campuran",
            &[text_lesson("T"), external, scorm, document],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let [text, ext, pkg, doc] = [0, 1, 2, 3].map(|i| course.lessons[i].id.clone());
    assert_code!(
        fx.titan
            .complete_lesson(&learner, &text, &CompletionEvidence::Launched)
            .await,
        "PROGRESS_WRONG_EVIDENCE"
    );
    assert_code!(
        fx.titan
            .complete_lesson(
                &learner,
                &pkg,
                &CompletionEvidence::ScormReported {
                    status: "incomplete".into()
                }
            )
            .await,
        "PROGRESS_SCORM_NOT_COMPLETE"
    );
    let done = CompletionEvidence::MarkedDone {
        dwell_seconds: Some(5),
    };
    assert!(
        fx.titan
            .complete_lesson(&learner, &text, &done)
            .await
            .unwrap()
            .newly_completed
    );
    assert!(
        fx.titan
            .complete_lesson(&learner, &doc, &done)
            .await
            .unwrap()
            .newly_completed
    );
    assert!(
        fx.titan
            .complete_lesson(&learner, &ext, &CompletionEvidence::Launched)
            .await
            .unwrap()
            .newly_completed
    );
    let last = fx
        .titan
        .complete_lesson(
            &learner,
            &pkg,
            &CompletionEvidence::ScormReported {
                status: "Passed".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(last.enrollment.status, EnrollmentStatus::Completed);

    let mut dwell = Policy::recommended();
    dwell.progress.min_dwell_seconds = 60;
    let strict = fx.engine_with(dwell);
    let ani = fx.learner("ani").await;
    strict.enrol(&ani, &course.course.id, None).await.unwrap();
    assert_code!(
        strict.complete_lesson(&ani, &text, &done).await,
        "PROGRESS_DWELL_TOO_SHORT"
    );
}

pub async fn completing_every_lesson_completes_the_course_with_its_records(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Etika ASN",
            &[text_lesson("T1"), text_lesson("T2")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let done = CompletionEvidence::MarkedDone {
        dwell_seconds: None,
    };
    let first = fx
        .titan
        .complete_lesson(&learner, &course.lessons[0].id, &done)
        .await
        .unwrap();
    assert_eq!(first.enrollment.progress.to_string(), "50.00");
    let second = fx
        .titan
        .complete_lesson(&learner, &course.lessons[1].id, &done)
        .await
        .unwrap();
    assert_eq!(second.enrollment.status, EnrollmentStatus::Completed);
    assert!(second.enrollment.completed_at.is_some());

    let learner_id = id(&learner);
    let mut uow = store.begin_read().await.unwrap();
    let user = uow.users().get(&learner_id).await.unwrap().unwrap();
    assert_eq!(
        user.points,
        10 + 10 + 100 + 5,
        "two lessons, the course and the day's first activity"
    );
    assert_eq!(user.streak, 1);
    let cert = uow
        .certificates()
        .for_user_course(&learner_id, &course.course.id)
        .await
        .unwrap()
        .expect("the automatic certificate");
    assert_eq!(cert.certificate_no, "CERT/2026/000001");
    for key in [
        format!("enrollment:{learner_id}:{}", course.course.id),
        format!("lesson_complete:{learner_id}:{}", course.lessons[0].id),
        format!("lesson_complete:{learner_id}:{}", course.lessons[1].id),
        format!("course_complete:{learner_id}:{}", course.course.id),
        format!("certificate_earned:{learner_id}:{}", course.course.id),
    ] {
        let row = uow
            .outbox()
            .by_idempotency_key(&key)
            .await
            .unwrap()
            .expect(&key);
        crate::rules::xapi::validate_statement(&row.statement).unwrap();
    }
    let journey = uow.activity().of_user(&learner_id, None, 50).await.unwrap();
    let kinds: Vec<&str> = journey.iter().map(|a| a.activity_type.as_str()).collect();
    for kind in [
        "ENROLLMENT",
        "LESSON_COMPLETE",
        "COURSE_COMPLETE",
        "CERTIFICATE",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let notes = uow
        .notifications()
        .of_user(&learner_id, false, 50)
        .await
        .unwrap();
    let types: Vec<_> = notes.iter().map(|n| n.notification_type.as_str()).collect();
    for t in ["COURSE_ENROLLED", "COURSE_COMPLETED", "CERTIFICATE_ISSUED"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
}

pub async fn completed_and_dropped_enrolments_refuse_learning(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let dropper = fx.learner("ani").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    let done = CompletionEvidence::MarkedDone {
        dwell_seconds: None,
    };
    let lesson = &course.lessons[0].id;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    fx.titan
        .complete_lesson(&learner, lesson, &done)
        .await
        .unwrap();
    assert_code!(
        fx.titan.complete_lesson(&learner, lesson, &done).await,
        "PROGRESS_ENROLLMENT_COMPLETED"
    );
    fx.titan
        .enrol(&dropper, &course.course.id, None)
        .await
        .unwrap();
    fx.titan
        .drop_enrolment(&dropper, &course.course.id, None)
        .await
        .unwrap();
    assert_code!(
        fx.titan.complete_lesson(&dropper, lesson, &done).await,
        "PROGRESS_ENROLLMENT_DROPPED"
    );
}

pub async fn editors_complete_lessons_by_hand_with_a_reason(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let other_teacher = fx.user("guru2", Role::Instructor, Some("LAN")).await.0;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Etika ASN",
            &[video_lesson("V", 100), text_lesson("T")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let learner_id = id(&learner);
    let lesson = &course.lessons[0].id;
    assert_code!(
        fx.titan
            .complete_lesson_for(&teacher, &learner_id, lesson, "  ")
            .await,
        "PROGRESS_REASON_REQUIRED"
    );
    assert_code!(
        fx.titan
            .complete_lesson_for(&other_teacher, &learner_id, lesson, "hadir di kelas")
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .complete_lesson_for(&learner, &learner_id, lesson, "sendiri")
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let done = fx
        .titan
        .complete_lesson_for(&teacher, &learner_id, lesson, " menonton di kelas ")
        .await
        .unwrap();
    assert!(done.newly_completed);
    assert_eq!(
        done.progress.completed_by.as_deref(),
        Some(id(&teacher).as_str())
    );
    assert_eq!(
        done.progress.completion_reason.as_deref(),
        Some("menonton di kelas")
    );
    let again = fx
        .titan
        .complete_lesson_for(&teacher, &learner_id, lesson, "lagi")
        .await
        .unwrap();
    assert!(!again.newly_completed);
    assert_eq!(
        again.progress.completion_reason.as_deref(),
        Some("menonton di kelas")
    );
}

pub async fn progress_is_seen_by_the_learner_and_course_editors(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("ani").await;
    let course = fx
        .course_with(
            &teacher,
            "Etika ASN",
            &[text_lesson("T1"), text_lesson("T2")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let learner_id = id(&learner);
    let mine = fx
        .titan
        .learner_progress(&learner, &learner_id, &course.course.id)
        .await
        .unwrap();
    assert!(!mine.criteria.met);
    assert_eq!(mine.criteria.unmet.len(), 1);
    fx.titan
        .learner_progress(&teacher, &learner_id, &course.course.id)
        .await
        .unwrap();
    assert_code!(
        fx.titan
            .learner_progress(&other, &learner_id, &course.course.id)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .learner_progress(&other, &id(&other), &course.course.id)
            .await,
        "NOT_FOUND"
    );
}
