//! The learner journey: a learner's activity newest first, across courses or within one, for
//! the learner, the course's editors and unit admins; and the learner's dashboard.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{Actor, JourneyQuery};
use crate::assert_code;
use crate::model::Role;
use crate::ports::Store;

use super::fixture::{Fixture, text_lesson};
use super::gamification::{id_of, mark_done};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_journey {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            journey,
            [
                the_journey_lists_activity_newest_first,
                the_journey_is_for_the_learner_course_editors_and_unit_admins,
                the_dashboard_shows_courses_points_and_unread_notifications,
            ]
        );
    };
}

fn in_course(course_id: &str, limit: usize) -> JourneyQuery {
    JourneyQuery {
        course_id: Some(course_id.to_owned()),
        limit,
    }
}

pub async fn the_journey_lists_activity_newest_first(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    let first = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("B1"), text_lesson("B2")],
            |_| {},
        )
        .await;
    let second = fx.course(&teacher, "Budaya Kerja").await;
    fx.titan
        .enrol(&learner, &first.course.id, None)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    mark_done(&fx, &learner, &first.lessons[0].id)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    fx.titan
        .enrol(&learner, &second.course.id, None)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    mark_done(&fx, &learner, &first.lessons[1].id)
        .await
        .unwrap();

    let all = fx
        .titan
        .learner_journey(&learner, &me, &JourneyQuery::default())
        .await
        .unwrap();
    assert!(all.windows(2).all(|w| w[0].occurred_at >= w[1].occurred_at));
    assert!(all.iter().all(|a| a.user_id == me));
    let kinds: Vec<&str> = all.iter().map(|a| a.activity_type.as_str()).collect();
    // The last lesson completed the first course (and earned its certificate) in the same
    // unit of work: those rows are newest.
    assert_eq!(kinds.len(), 6);
    assert!(kinds[..3].contains(&"COURSE_COMPLETE") && kinds[..3].contains(&"CERTIFICATE"));
    assert_eq!(&kinds[3..], ["ENROLLMENT", "LESSON_COMPLETE", "ENROLLMENT"]);
    assert_eq!(all[3].course_id.as_deref(), Some(second.course.id.as_str()));

    let first_only = fx
        .titan
        .learner_journey(&learner, &me, &in_course(&first.course.id, 0))
        .await
        .unwrap();
    assert_eq!(first_only.len(), 5);
    assert!(
        first_only
            .iter()
            .all(|a| a.course_id.as_deref() == Some(first.course.id.as_str()))
    );
    assert_eq!(first_only.last().unwrap().activity_type, "ENROLLMENT");

    let newest_two = fx
        .titan
        .learner_journey(
            &learner,
            &me,
            &JourneyQuery {
                course_id: None,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(newest_two, all[..2]);
}

pub async fn the_journey_is_for_the_learner_course_editors_and_unit_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let stranger_teacher = fx.instructor("dosen").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let me = id_of(&learner);
    let course = fx.course(&teacher, "Etika ASN").await;
    let elsewhere = fx.course(&stranger_teacher, "Budaya Kerja").await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let (bkn_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let (lan_admin, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;
    let whole = JourneyQuery::default();
    let this_course = in_course(&course.course.id, 0);

    // The learner, unit admins (whole journey or one course), the course's editors (that
    // course only).
    for actor in [&learner, &bkn_admin, &fx.admin] {
        assert_eq!(
            fx.titan
                .learner_journey(actor, &me, &whole)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            fx.titan
                .learner_journey(actor, &me, &this_course)
                .await
                .unwrap()
                .len(),
            1
        );
    }
    assert_eq!(
        fx.titan
            .learner_journey(&teacher, &me, &this_course)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_code!(
        fx.titan.learner_journey(&teacher, &me, &whole).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .learner_journey(&teacher, &me, &in_course(&elsewhere.course.id, 0))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .learner_journey(&stranger_teacher, &me, &this_course)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    for actor in [&other, &lan_admin] {
        assert_code!(
            fx.titan.learner_journey(actor, &me, &whole).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan.learner_journey(actor, &me, &this_course).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan
            .learner_journey(&Actor::Anonymous, &me, &whole)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.learner_journey(&learner, "nobody", &whole).await,
        "NOT_FOUND"
    );
    assert_code!(
        fx.titan
            .learner_journey(&learner, &me, &in_course("no-course", 0))
            .await,
        "NOT_FOUND"
    );
}

pub async fn the_dashboard_shows_courses_points_and_unread_notifications(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let me = id_of(&learner);
    let first = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("B1"), text_lesson("B2")],
            |_| {},
        )
        .await;
    let second = fx.course(&teacher, "Budaya Kerja").await;

    let empty = fx.titan.learner_dashboard(&learner, &me).await.unwrap();
    assert!(empty.courses.is_empty());
    assert_eq!((empty.points, empty.streak), (0, 0));

    fx.titan
        .enrol(&learner, &first.course.id, None)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    fx.titan
        .enrol(&learner, &second.course.id, None)
        .await
        .unwrap();
    mark_done(&fx, &learner, &first.lessons[0].id)
        .await
        .unwrap();

    let board = fx.titan.learner_dashboard(&learner, &me).await.unwrap();
    assert_eq!(board.user_id, me);
    let titles: Vec<&str> = board.courses.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Dua Bacaan", "Budaya Kerja"], "by enrolment time");
    assert_eq!(board.courses[0].slug, first.course.slug);
    assert_eq!(board.courses[0].enrollment.course_id, first.course.id);
    assert!(board.courses[0].enrollment.progress > rust_decimal::Decimal::ZERO);
    assert_eq!(
        board.courses[1].enrollment.progress,
        rust_decimal::Decimal::ZERO
    );
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert!(board.points > 0);
    assert_eq!(
        (board.points, &board.level, board.streak),
        (summary.points, &summary.level, summary.streak)
    );
    assert_eq!(board.streak, 1);
    assert_eq!(
        board.unread_notifications,
        fx.titan.unread_notification_count(&learner).await.unwrap()
    );

    // Another learner sees nothing of it; the platform admin does; nobody reads a stranger.
    assert_code!(
        fx.titan.learner_dashboard(&other, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.learner_dashboard(&Actor::Anonymous, &me).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_eq!(
        fx.titan.learner_dashboard(&fx.admin, &me).await.unwrap(),
        board
    );
    assert_code!(
        fx.titan.learner_dashboard(&learner, "nobody").await,
        "NOT_FOUND"
    );
}
