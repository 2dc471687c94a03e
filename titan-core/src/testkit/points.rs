//! Points and standing: the leaderboard, a learner's gamification summary (level, streak,
//! badges, certificates), and points paid once when a completion is replayed concurrently.

use std::sync::Arc;

use chrono::Duration;
use rust_decimal::Decimal;
use serde_json::json;

use crate::app::{Actor, BadgeInput, LeaderboardQuery};
use crate::assert_code;
use crate::model::{BadgeType, OutboxStatus, Role};
use crate::ports::Store;
use crate::rules::progress::CompletionEvidence;

use super::fixture::{Fixture, text_lesson};
use super::gamification::{finish_course, id_of, mark_done};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_points {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            points,
            [
                the_leaderboard_ranks_learners_by_points_and_who_got_there_first,
                the_summary_shows_level_streak_badges_and_certificates,
                the_same_completion_replayed_concurrently_pays_once,
            ]
        );
    };
}

fn badge(name: &str, criteria: serde_json::Value) -> BadgeInput {
    BadgeInput::new(name, BadgeType::Achievement, Some(criteria))
}

pub async fn the_leaderboard_ranks_learners_by_points_and_who_got_there_first(
    store: Arc<dyn Store>,
) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let course = fx
        .course_with(
            &teacher,
            "Tiga Bacaan",
            &[text_lesson("B1"), text_lesson("B2"), text_lesson("B3")],
            |_| {},
        )
        .await;
    let (ani, _) = fx.user("ani", Role::Learner, Some("BKN")).await;
    let (budi, _) = fx.user("budi", Role::Learner, Some("BKN")).await;
    let (citra, _) = fx.user("citra", Role::Learner, Some("LAN")).await;
    let (dedi, _) = fx.user("dedi", Role::Learner, Some("bkn ")).await;
    let (idle, _) = fx.user("idle", Role::Learner, Some("BKN")).await;
    // An instructor who learns too earns points but is never ranked.
    let (coach, _) = fx.user("coach", Role::Instructor, Some("BKN")).await;
    for a in [&ani, &budi, &citra, &dedi, &coach] {
        fx.titan.enrol(a, &course.course.id, None).await.unwrap();
    }
    // budi reaches 25 first, ani reaches 25 a minute later; citra 15; dedi 15 later still.
    for (who, lessons) in [(&budi, 2), (&ani, 2), (&citra, 1), (&dedi, 1), (&coach, 3)] {
        for lesson in &course.lessons[..lessons] {
            mark_done(&fx, who, &lesson.id).await.unwrap();
        }
        fx.clock.advance(Duration::minutes(1));
    }
    let board = fx
        .titan
        .leaderboard(&idle, &LeaderboardQuery::default())
        .await
        .unwrap();
    let order: Vec<(String, i64)> = board
        .top
        .iter()
        .map(|e| (e.user_id.clone(), e.points))
        .collect();
    assert_eq!(
        order,
        [
            (id_of(&budi), 25),
            (id_of(&ani), 25),
            (id_of(&citra), 15),
            (id_of(&dedi), 15),
            (id_of(&idle), 0),
        ]
    );
    assert_eq!(board.total, 5);
    assert_eq!(board.caller.as_ref().unwrap().rank, 5);

    let top2 = fx
        .titan
        .leaderboard(
            &dedi,
            &LeaderboardQuery {
                unit_kerja: None,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(top2.top.len(), 2);
    assert_eq!(top2.caller.unwrap().rank, 4);

    let bkn = fx
        .titan
        .leaderboard(
            &citra,
            &LeaderboardQuery {
                unit_kerja: Some(" BKN".into()),
                limit: 0,
            },
        )
        .await
        .unwrap();
    let ids: Vec<String> = bkn.top.iter().map(|e| e.user_id.clone()).collect();
    assert_eq!(ids, [id_of(&budi), id_of(&ani), id_of(&dedi), id_of(&idle)]);
    assert!(bkn.caller.is_none(), "citra is not in BKN");

    // The instructor sees the board but is not on it.
    let seen = fx
        .titan
        .leaderboard(&coach, &LeaderboardQuery::default())
        .await
        .unwrap();
    assert!(seen.caller.is_none());
    assert_code!(
        fx.titan
            .leaderboard(&Actor::Anonymous, &LeaderboardQuery::default())
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
}

pub async fn the_summary_shows_level_streak_badges_and_certificates(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    fx.titan
        .create_badge(
            &fx.admin,
            &badge("Penuntas", json!({"type": "course_complete", "count": 1})),
        )
        .await
        .unwrap();
    let fresh = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert_eq!((fresh.points, fresh.streak, fresh.level.level), (0, 0, 1));
    assert_eq!(fresh.level.title, "Pemula");

    let course = fx.course(&teacher, "Satu Bacaan").await;
    finish_course(&fx, &learner, &course).await;
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    // 10 lesson + 5 daily + 100 course.
    assert_eq!(summary.points, 115);
    assert_eq!(summary.level.level, 1);
    assert_eq!(summary.level.points_to_next, Some(85));
    assert_eq!(summary.level.progress_to_next, Decimal::new(5750, 2));
    assert_eq!((summary.streak, summary.longest_streak), (1, 1));
    assert_eq!(summary.badges.len(), 1);
    assert_eq!(summary.certificates.len(), 1);

    // Next day: the streak grows; two quiet days later it shows 0, the longest stays.
    let second = fx.course(&teacher, "Bacaan Kedua").await;
    fx.clock.advance(Duration::days(1));
    finish_course(&fx, &learner, &second).await;
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert_eq!((summary.streak, summary.longest_streak), (2, 2));
    assert_eq!(summary.points, 230);
    assert_eq!(
        (summary.level.level, summary.level.title.as_str()),
        (2, "Pelajar")
    );
    assert_eq!(summary.stored_level, 2);
    fx.clock.advance(Duration::days(2));
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert_eq!((summary.streak, summary.longest_streak), (0, 2));

    // The learner and unit admins; not other learners, not admins of another unit.
    let other = fx.learner("sari").await;
    let (bkn_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let (lan_admin, _) = fx.user("adminlan", Role::AdminUnit, Some("LAN")).await;
    fx.titan
        .gamification_summary(&bkn_admin, &me)
        .await
        .unwrap();
    fx.titan.gamification_summary(&fx.admin, &me).await.unwrap();
    assert_code!(
        fx.titan.gamification_summary(&other, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.gamification_summary(&lan_admin, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.gamification_summary(&teacher, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.gamification_summary(&learner, "nobody").await,
        "NOT_FOUND"
    );
}

pub async fn the_same_completion_replayed_concurrently_pays_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let me = id_of(&learner);
    let course = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("B1"), text_lesson("B2")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let lesson_id = course.lessons[0].id.clone();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
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
    let mut newly = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().newly_completed {
            newly += 1;
        }
    }
    assert_eq!(newly, 1);

    let mut uow = fx.store.begin_read().await.unwrap();
    let ledger = uow.gamification().ledger_of_user(&me).await.unwrap();
    let lesson_key = format!("lesson_complete:{me}:{lesson_id}");
    assert_eq!(
        ledger.iter().filter(|e| e.source_key == lesson_key).count(),
        1
    );
    let (points, _) = uow.gamification().points_of_user(&me).await.unwrap();
    assert_eq!(points, 15, "10 for the lesson, 5 for the day");
    assert_eq!(uow.users().get(&me).await.unwrap().unwrap().points, 15);
    assert!(
        uow.outbox()
            .by_idempotency_key(&lesson_key)
            .await
            .unwrap()
            .is_some()
    );
    let pending = uow
        .outbox()
        .by_status(OutboxStatus::Pending, 1000)
        .await
        .unwrap();
    assert_eq!(
        pending
            .iter()
            .filter(|r| r.idempotency_key == lesson_key)
            .count(),
        1
    );
    let activity = uow.activity().of_user(&me, None, 100).await.unwrap();
    assert_eq!(
        activity
            .iter()
            .filter(|a| a.activity_type == "LESSON_COMPLETE")
            .count(),
        1
    );
}
