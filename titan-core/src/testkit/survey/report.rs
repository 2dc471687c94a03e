//! Surveys: the legacy differences, the report (anonymity, small groups, who reads it) and
//! concurrent answers.

use std::sync::Arc;

use chrono::Duration;
use rust_decimal::Decimal;

use super::{add_session, course_and_learner, id_of, responses, survey};
use crate::app::{Actor, SurveyInput, SurveyResponseInput};
use crate::assert_code;
use crate::model::{FeedbackResponse, Role};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::testkit::fixture::{CourseFixture, Fixture};

pub async fn legacy_checks_neither_window_nor_attendance(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let legacy = fx.engine_with(Policy::legacy());
    let (course, learner) = course_and_learner(&fx).await;
    let course_id = course.course.id.clone();
    let closed = fx
        .titan
        .create_survey(
            &course.instructor,
            &course_id,
            None,
            &SurveyInput {
                ends_at: Some(fx.clock.now() - Duration::days(1)),
                ..SurveyInput::new("Sudah ditutup")
            },
        )
        .await
        .unwrap();
    let session_id = add_session(&fx, &course_id, "1").await;
    let per_session = survey(&fx, &course, Some(&session_id)).await;
    let answer = SurveyResponseInput::overall(3);
    assert_code!(
        fx.titan.respond_survey(&learner, &closed.id, &answer).await,
        "SURVEY_OUTSIDE_WINDOW"
    );
    assert_code!(
        fx.titan
            .respond_survey(&learner, &per_session.id, &answer)
            .await,
        "SURVEY_NOT_ATTENDED"
    );
    legacy
        .respond_survey(&learner, &closed.id, &answer)
        .await
        .unwrap();
    legacy
        .respond_survey(&learner, &per_session.id, &answer)
        .await
        .unwrap();
    // The legacy lookup still filters by the window.
    assert_eq!(
        legacy
            .active_survey(&learner, &course_id, None)
            .await
            .unwrap(),
        None
    );

    let recommended = fx.titan.survey_report(&fx.admin, &closed.id).await.unwrap();
    assert_eq!(recommended.means.overall, Some(Decimal::new(30, 1)));
    assert_eq!(
        recommended.means.material, None,
        "nobody rated the material"
    );
    let old = legacy.survey_report(&fx.admin, &closed.id).await.unwrap();
    assert_eq!(
        old.means.material,
        Some(Decimal::new(0, 1)),
        "legacy shows 0.0"
    );
}

/// A learner of `unit`, enrolled in the course, answering with `overall`.
async fn answer_from(
    fx: &Fixture,
    course: &CourseFixture,
    survey_id: &str,
    name: &str,
    unit: &str,
    input: SurveyResponseInput,
) -> FeedbackResponse {
    let (learner, _) = fx.user(name, Role::Learner, Some(unit)).await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    fx.titan
        .respond_survey(&learner, survey_id, &input)
        .await
        .unwrap()
}

pub async fn the_report_hides_anonymous_respondents_and_small_groups(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("pengajar").await;
    let course = fx.course(&teacher, "Pelayanan Publik").await;
    let s = survey(&fx, &course, None).await;
    let empty = fx.titan.survey_report(&teacher, &s.id).await.unwrap();
    assert_eq!(empty.count, 0);
    assert_eq!(empty.means.overall, None);

    // BKN 4 (one anonymous, commenting), KEMENKEU 3, LAN 2.
    let rated = |overall, instructor| SurveyResponseInput {
        instructor_rating: instructor,
        ..SurveyResponseInput::overall(overall)
    };
    let secret = SurveyResponseInput {
        improvements: Some("Ruangan terlalu panas".into()),
        is_anonymous: true,
        ..SurveyResponseInput::overall(2)
    };
    let named = SurveyResponseInput {
        strengths: Some("Narasumber menguasai materi".into()),
        ..SurveyResponseInput::overall(5)
    };
    let anonymous = answer_from(&fx, &course, &s.id, "rahasia", "BKN", secret).await;
    let named = answer_from(&fx, &course, &s.id, "terbuka", "BKN", named).await;
    for (i, overall) in [4, 4].into_iter().enumerate() {
        answer_from(
            &fx,
            &course,
            &s.id,
            &format!("bkn{i}"),
            "BKN",
            rated(overall, Some(5)),
        )
        .await;
    }
    for i in 0..3 {
        answer_from(
            &fx,
            &course,
            &s.id,
            &format!("kmk{i}"),
            "KEMENKEU",
            rated(3, Some(4)),
        )
        .await;
    }
    for i in 0..2 {
        answer_from(
            &fx,
            &course,
            &s.id,
            &format!("lan{i}"),
            "LAN",
            rated(1, None),
        )
        .await;
    }

    let report = fx.titan.survey_report(&teacher, &s.id).await.unwrap();
    assert_eq!(report.count, 9);
    // (2 + 5 + 4 + 4 + 3·3 + 1·2) / 9 = 26 / 9 = 2.89 → 2.9
    assert_eq!(report.means.overall, Some(Decimal::new(29, 1)));
    // (5 + 5 + 4·3) / 5 = 4.4
    assert_eq!(report.means.instructor, Some(Decimal::new(44, 1)));
    let counts: Vec<usize> = report.distribution.iter().map(|b| b.count).collect();
    assert_eq!(counts, vec![2, 1, 3, 2, 1]);

    assert_eq!(report.comments.len(), 2, "only responses with text");
    let newest = &report.comments[0];
    assert_eq!(newest.response_id.as_deref(), Some(named.id.as_str()));
    let who = newest.respondent.as_ref().unwrap();
    assert_eq!(who.name.as_deref(), Some("terbuka"));
    let hidden = &report.comments[1];
    assert!(hidden.is_anonymous);
    assert_eq!(
        hidden.improvements.as_deref(),
        Some("Ruangan terlalu panas")
    );
    assert_eq!(
        (&hidden.response_id, &hidden.respondent, hidden.submitted_at),
        (&None, &None, None)
    );
    let text = serde_json::to_string(&report).unwrap();
    for leak in [anonymous.user_id.as_str(), anonymous.id.as_str(), "rahasia"] {
        assert!(!text.contains(leak), "the report reveals {leak}");
    }

    let units: Vec<(Option<&str>, usize, bool)> = report
        .by_unit
        .iter()
        .map(|u| (u.unit_kerja.as_deref(), u.count, u.withheld))
        .collect();
    assert_eq!(
        units,
        vec![
            (Some("BKN"), 4, false),
            (Some("KEMENKEU"), 3, true),
            (Some("LAN"), 2, true)
        ],
        "LAN has fewer than 3; KEMENKEU is withheld too, or overall minus BKN would give LAN"
    );
    assert!(report.by_unit[0].means.is_some());
    assert!(report.by_unit[1].means.is_none() && report.by_unit[2].means.is_none());
}

pub async fn the_report_is_for_course_editors(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let s = survey(&fx, &course, None).await;
    fx.titan
        .respond_survey(&learner, &s.id, &SurveyResponseInput::overall(5))
        .await
        .unwrap();
    let (unit_admin, _) = fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let (far_admin, _) = fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    let other_teacher = fx.instructor("lain").await;
    for editor in [&course.instructor, &unit_admin, &fx.admin] {
        assert_eq!(
            fx.titan.survey_report(editor, &s.id).await.unwrap().count,
            1
        );
    }
    for stranger in [&learner, &far_admin, &other_teacher] {
        assert_code!(
            fx.titan.survey_report(stranger, &s.id).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan.survey_report(&Actor::Anonymous, &s.id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(fx.titan.survey_report(&fx.admin, "nope").await, "NOT_FOUND");
}

pub async fn eight_concurrent_answers_by_one_learner_make_one_response(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let (course, learner) = course_and_learner(&fx).await;
    let s = survey(&fx, &course, None).await;
    let tasks: Vec<_> = (1..=8)
        .map(|i| {
            let titan = fx.titan.clone();
            let learner = learner.clone();
            let id = s.id.clone();
            tokio::spawn(async move {
                titan
                    .respond_survey(&learner, &id, &SurveyResponseInput::overall(1 + i % 5))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.code(), "SURVEY_ALREADY_RESPONDED", "{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    let stored = responses(&fx, &s.id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].user_id, id_of(&learner));
}
