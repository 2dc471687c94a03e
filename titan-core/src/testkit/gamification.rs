//! Gamification, admin side: badges and their criteria, badge progress and on-demand
//! evaluation; and the helpers the other areas' tests share (see [`super::points`] for the
//! leaderboard, the summary and replays).

use std::sync::Arc;

use rust_decimal::Decimal;
use serde_json::json;

use crate::app::{Actor, BadgeInput, LessonCompletionResult};
use crate::assert_code;
use crate::model::{BadgeType, NotificationType, OutboxStatus, Role};
use crate::ports::Store;
use crate::rules::progress::CompletionEvidence;

use super::fixture::{CourseFixture, Fixture, text_lesson};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_gamification {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            gamification,
            [
                badge_criteria_are_checked_when_saved,
                badges_are_managed_by_super_admins_only,
                the_pipeline_awards_badges_and_progress_shows_the_rest,
                evaluating_on_demand_awards_what_is_earned_once,
            ]
        );
    };
}

/// Marks one TEXT lesson done for `learner`.
pub async fn mark_done(
    fx: &Fixture,
    learner: &Actor,
    lesson_id: &str,
) -> crate::app::Result<LessonCompletionResult> {
    fx.titan
        .complete_lesson(
            learner,
            lesson_id,
            &CompletionEvidence::MarkedDone {
                dwell_seconds: None,
            },
        )
        .await
}

/// Enrols `learner` in `course` and marks every (TEXT) lesson done, which completes it.
pub async fn finish_course(fx: &Fixture, learner: &Actor, course: &CourseFixture) {
    fx.titan
        .enrol(learner, &course.course.id, None)
        .await
        .expect("enrol");
    for lesson in &course.lessons {
        mark_done(fx, learner, &lesson.id).await.expect("lesson");
    }
}

/// The id behind a user actor.
#[must_use]
pub fn id_of(actor: &Actor) -> String {
    match actor {
        Actor::User { id } => id.clone(),
        other => panic!("not a user: {other:?}"),
    }
}

fn badge(name: &str, criteria: serde_json::Value) -> BadgeInput {
    BadgeInput::new(name, BadgeType::Achievement, Some(criteria))
}

pub async fn badge_criteria_are_checked_when_saved(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let admin = &fx.admin;
    let unknown = badge("Forum", json!({"type": "forum_posts", "count": 3}));
    assert_code!(
        fx.titan.create_badge(admin, &unknown).await,
        "GAMIFICATION_UNKNOWN_CRITERION"
    );
    let nested_unknown = badge(
        "Campur",
        json!({"all": [{"type": "lesson_count", "count": 1}, {"any": [{"type": "likes", "count": 1}]}]}),
    );
    assert_code!(
        fx.titan.create_badge(admin, &nested_unknown).await,
        "GAMIFICATION_UNKNOWN_CRITERION"
    );
    for malformed in [
        json!({"type": "lesson_count"}),
        json!({"type": "lesson_count", "count": 0}),
        json!({"type": "lesson_count", "count": -2}),
        json!({"type": "attendance_rate", "count": 101}),
        json!({"all": []}),
        json!({"type": "lesson_count", "count": 1, "all": []}),
        json!([1, 2]),
    ] {
        assert_code!(
            fx.titan
                .create_badge(admin, &badge("Rusak", malformed))
                .await,
            "GAMIFICATION_INVALID_CRITERIA"
        );
    }
    assert_code!(
        fx.titan
            .create_badge(
                admin,
                &badge("  ", json!({"type": "lesson_count", "count": 1}))
            )
            .await,
        "VALIDATION_REQUIRED"
    );
    assert_code!(
        fx.titan
            .create_badge(
                admin,
                &badge(
                    &"x".repeat(101),
                    json!({"type": "lesson_count", "count": 1})
                )
            )
            .await,
        "VALIDATION_TOO_LONG"
    );
    assert!(fx.titan.list_badges(admin).await.unwrap().is_empty());

    let first = fx
        .titan
        .create_badge(
            admin,
            &badge(
                " Langkah Pertama ",
                json!({"type": "lesson_count", "count": 1}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(first.name, "Langkah Pertama");
    let manual = fx
        .titan
        .create_badge(admin, &BadgeInput::new("Pelopor", BadgeType::Special, None))
        .await
        .unwrap();
    assert_eq!(manual.criteria, None);
    assert_code!(
        fx.titan
            .update_badge(
                admin,
                &first.id,
                &badge("Langkah Pertama", json!({"type": "nope", "count": 1}))
            )
            .await,
        "GAMIFICATION_UNKNOWN_CRITERION"
    );
    let kept = fx.titan.list_badges(admin).await.unwrap();
    assert_eq!(kept[0], first, "a refused update changes nothing");
    assert_code!(
        fx.titan
            .update_badge(
                admin,
                "missing",
                &badge("X", json!({"type": "lesson_count", "count": 1}))
            )
            .await,
        "NOT_FOUND"
    );
    let updated = fx
        .titan
        .update_badge(
            admin,
            &first.id,
            &badge("Kutu Buku", json!({"type": "lesson_count", "count": 5})),
        )
        .await
        .unwrap();
    let names: Vec<String> = fx
        .titan
        .list_badges(admin)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, ["Kutu Buku", "Pelopor"]);
    assert_eq!(
        updated.criteria,
        Some(json!({"type": "lesson_count", "count": 5}))
    );
}

pub async fn badges_are_managed_by_super_admins_only(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let learner = fx.learner("budi").await;
    let (unit_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    let input = badge("Rajin", json!({"type": "streak_days", "count": 3}));
    assert_code!(
        fx.titan.create_badge(&learner, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.create_badge(&unit_admin, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.create_badge(&Actor::Anonymous, &input).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.create_badge(&Actor::System, &input).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let made = fx.titan.create_badge(&fx.admin, &input).await.unwrap();
    assert_code!(
        fx.titan.update_badge(&learner, &made.id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    // Everyone signed in sees the badge wall; nobody else does.
    assert_eq!(fx.titan.list_badges(&learner).await.unwrap().len(), 1);
    assert_code!(
        fx.titan.list_badges(&Actor::Anonymous).await,
        "IDENTITY_UNAUTHENTICATED"
    );
}

pub async fn the_pipeline_awards_badges_and_progress_shows_the_rest(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let first = fx
        .titan
        .create_badge(
            &fx.admin,
            &badge(
                "Langkah Pertama",
                json!({"type": "lesson_count", "count": 1}),
            ),
        )
        .await
        .unwrap();
    let both = fx
        .titan
        .create_badge(
            &fx.admin,
            &badge(
                "Tuntas",
                json!({"all": [{"type": "lesson_count", "count": 4}, {"type": "course_complete", "count": 1}]}),
            ),
        )
        .await
        .unwrap();
    fx.titan
        .create_badge(
            &fx.admin,
            &BadgeInput::new("Pelopor", BadgeType::Special, None),
        )
        .await
        .unwrap();
    let course = fx
        .course_with(
            &teacher,
            "Empat Bacaan",
            &[
                text_lesson("B1"),
                text_lesson("B2"),
                text_lesson("B3"),
                text_lesson("B4"),
            ],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    mark_done(&fx, &learner, &course.lessons[0].id)
        .await
        .unwrap();

    let me = id_of(&learner);
    let standing = fx.titan.badge_progress(&learner, &me).await.unwrap();
    assert_eq!(standing.len(), 3);
    let of = |id: &str| standing.iter().find(|s| s.badge.id == id).unwrap().clone();
    let held = of(&first.id);
    assert!(held.earned_at.is_some());
    assert!(held.progress.unwrap().earned);
    let pending = of(&both.id);
    assert!(pending.earned_at.is_none());
    let progress = pending.progress.unwrap();
    assert!(!progress.earned);
    // Mean of the capped ratios: (1/4 + 0/1) / 2.
    assert_eq!(progress.percent, Decimal::new(1250, 2));
    assert_eq!(progress.leaves.len(), 2);
    let manual = standing.iter().find(|s| s.badge.name == "Pelopor").unwrap();
    assert!(manual.progress.is_none() && manual.earned_at.is_none());

    let mut uow = fx.store.begin_read().await.unwrap();
    let key = format!("badge_earned:{me}:{}", first.id);
    assert!(
        uow.outbox()
            .by_idempotency_key(&key)
            .await
            .unwrap()
            .is_some()
    );
    let notes = uow.notifications().of_user(&me, false, 50).await.unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.notification_type == NotificationType::BadgeEarned)
    );
    drop(uow);

    for lesson in &course.lessons[1..] {
        mark_done(&fx, &learner, &lesson.id).await.unwrap();
    }
    let standing = fx.titan.badge_progress(&learner, &me).await.unwrap();
    assert!(
        standing
            .iter()
            .any(|s| s.badge.id == both.id && s.earned_at.is_some())
    );

    // Progress is the learner's and unit admins' to see.
    assert_code!(
        fx.titan.badge_progress(&other, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    let (unit_admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    assert_eq!(
        fx.titan
            .badge_progress(&unit_admin, &me)
            .await
            .unwrap()
            .len(),
        3
    );
    assert_code!(
        fx.titan.badge_progress(&learner, "nobody").await,
        "NOT_FOUND"
    );
}

pub async fn evaluating_on_demand_awards_what_is_earned_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let course = fx.course(&teacher, "Satu Bacaan").await;
    finish_course(&fx, &learner, &course).await;
    let me = id_of(&learner);
    // A badge created after the learner qualified is not awarded until evaluated.
    let late = fx
        .titan
        .create_badge(
            &fx.admin,
            &badge("Penuntas", json!({"type": "course_complete", "count": 1})),
        )
        .await
        .unwrap();
    fx.titan
        .create_badge(
            &fx.admin,
            &badge("Juara", json!({"type": "points_total", "count": 100000})),
        )
        .await
        .unwrap();
    assert_code!(
        fx.titan.evaluate_badges(&other, &me).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.evaluate_badges(&Actor::Anonymous, &me).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.evaluate_badges(&fx.admin, "nobody").await,
        "NOT_FOUND"
    );
    let summary = fx.titan.gamification_summary(&learner, &me).await.unwrap();
    assert!(summary.badges.is_empty());

    let awarded = fx.titan.evaluate_badges(&learner, &me).await.unwrap();
    assert_eq!(awarded.len(), 1);
    assert_eq!(awarded[0].badge.id, late.id);
    assert!(
        fx.titan
            .evaluate_badges(&learner, &me)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        fx.titan
            .evaluate_badges(&fx.admin, &me)
            .await
            .unwrap()
            .is_empty()
    );
    // The other learner qualifies for nothing; an admin may evaluate them.
    assert!(
        fx.titan
            .evaluate_badges(&fx.admin, &id_of(&other))
            .await
            .unwrap()
            .is_empty()
    );

    let mut uow = fx.store.begin_read().await.unwrap();
    assert_eq!(uow.gamification().user_badges(&me).await.unwrap().len(), 1);
    let row = uow
        .outbox()
        .by_idempotency_key(&format!("badge_earned:{me}:{}", late.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, OutboxStatus::Pending);
    let activity = uow.activity().of_user(&me, None, 100).await.unwrap();
    assert_eq!(
        activity
            .iter()
            .filter(|a| a.activity_type == "BADGE")
            .count(),
        1
    );
}
