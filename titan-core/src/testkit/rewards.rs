//! What learning events pay: points once per source, daily streaks in the learner's time zone,
//! levels, badges awarded once, and the records of each.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use crate::app::{Actor, ProfileUpdate};
use crate::model::{Badge, BadgeType};
use crate::policy::Policy;
use crate::ports::Store;
use crate::rules::gamification::LevelCurve;
use crate::rules::progress::CompletionEvidence;

use super::fixture::{Fixture, text_lesson};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_rewards {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            rewards,
            [
                streaks_count_calendar_days_in_the_learners_zone,
                legacy_streaks_count_elapsed_days,
                levels_follow_points_and_never_fall,
                badges_are_awarded_once_when_earned,
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

async fn complete(fx: &Fixture, learner: &Actor, lesson_id: &str) {
    fx.titan
        .complete_lesson(
            learner,
            lesson_id,
            &CompletionEvidence::MarkedDone {
                dwell_seconds: None,
            },
        )
        .await
        .unwrap();
}

async fn user(fx: &Fixture, actor: &Actor) -> crate::model::User {
    let mut uow = fx.store.begin_read().await.unwrap();
    uow.users().get(&id(actor)).await.unwrap().unwrap()
}

pub async fn streaks_count_calendar_days_in_the_learners_zone(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let update = ProfileUpdate {
        timezone: Some("Asia/Jayapura".into()),
        ..ProfileUpdate::default()
    };
    fx.titan
        .update_profile(&learner, &id(&learner), &update)
        .await
        .unwrap();
    let lessons: Vec<_> = (1..=5).map(|i| text_lesson(&format!("T{i}"))).collect();
    let course = fx
        .course_with(&teacher, "Lima Bacaan", &lessons, |_| {})
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    // 08:00 WIT on Monday 2 March (clock starts at 01:00 UTC = 10:00 WIT).
    complete(&fx, &learner, &course.lessons[0].id).await;
    fx.clock.advance(Duration::hours(2));
    complete(&fx, &learner, &course.lessons[1].id).await;
    let day1 = user(&fx, &learner).await;
    assert_eq!(day1.streak, 1);
    assert_eq!(
        day1.points,
        10 + 10 + 5,
        "DAILY_ACTIVE once on the first day"
    );
    // 23:30 UTC Monday is 08:30 WIT Tuesday: the next local day.
    fx.clock.advance(Duration::minutes(20 * 60 + 30));
    complete(&fx, &learner, &course.lessons[2].id).await;
    let day2 = user(&fx, &learner).await;
    assert_eq!(day2.streak, 2);
    assert_eq!(day2.points, day1.points + 10 + 5);
    // Skip Wednesday: Thursday resets to 1, the longest stays 2.
    fx.clock.advance(Duration::days(2));
    complete(&fx, &learner, &course.lessons[3].id).await;
    let day4 = user(&fx, &learner).await;
    assert_eq!(day4.streak, 1);
    assert_eq!(day4.longest_streak, 2);
    let ledger = {
        let mut uow = fx.store.begin_read().await.unwrap();
        uow.gamification()
            .ledger_of_user(&id(&learner))
            .await
            .unwrap()
    };
    let daily: Vec<&str> = ledger
        .iter()
        .filter(|e| e.reason == "DAILY_ACTIVE")
        .map(|e| e.source_key.rsplit(':').next().unwrap_or(""))
        .collect();
    assert_eq!(daily, ["2026-03-02", "2026-03-03", "2026-03-05"]);
}

pub async fn legacy_streaks_count_elapsed_days(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, Policy::legacy()).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let lessons: Vec<_> = (1..=3).map(|i| text_lesson(&format!("T{i}"))).collect();
    let course = fx
        .course_with(&teacher, "Tiga Bacaan", &lessons, |_| {})
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    complete(&fx, &learner, &course.lessons[0].id).await;
    // 23 hours later is a new calendar day, but under a day of elapsed time.
    fx.clock.advance(Duration::hours(23));
    complete(&fx, &learner, &course.lessons[1].id).await;
    assert_eq!(user(&fx, &learner).await.streak, 1);
    fx.clock.advance(Duration::hours(25));
    complete(&fx, &learner, &course.lessons[2].id).await;
    assert_eq!(user(&fx, &learner).await.streak, 2);
}

pub async fn levels_follow_points_and_never_fall(store: Arc<dyn Store>) {
    let mut policy = Policy::recommended();
    policy.gamification.level_curve = LevelCurve::Linear { step: 20 };
    let fx = Fixture::with_policy(store, policy).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let lessons: Vec<_> = (1..=4).map(|i| text_lesson(&format!("T{i}"))).collect();
    let course = fx
        .course_with(&teacher, "Empat Bacaan", &lessons, |_| {})
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    complete(&fx, &learner, &course.lessons[0].id).await;
    assert_eq!(user(&fx, &learner).await.level, 1, "15 points");
    complete(&fx, &learner, &course.lessons[1].id).await;
    assert_eq!(user(&fx, &learner).await.level, 2, "25 points");
    complete(&fx, &learner, &course.lessons[2].id).await;
    complete(&fx, &learner, &course.lessons[3].id).await;
    let done = user(&fx, &learner).await;
    assert_eq!(done.points, 45 + 100);
    assert_eq!(done.level, 8, "floor(145 / 20) + 1");
}

async fn held(fx: &Fixture, learner: &Actor) -> Vec<String> {
    let mut uow = fx.store.begin_read().await.unwrap();
    let mut ids: Vec<String> = uow
        .gamification()
        .user_badges(&id(learner))
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.badge_id)
        .collect();
    ids.sort();
    ids
}

pub async fn badges_are_awarded_once_when_earned(store: Arc<dyn Store>) {
    let fx = Fixture::new(store.clone()).await;
    let badge = |id: &str, name: &str, criteria: serde_json::Value| Badge {
        id: id.into(),
        name: name.into(),
        description: None,
        icon: None,
        badge_type: BadgeType::Achievement,
        criteria: Some(criteria),
    };
    let mut uow = store.begin().await.unwrap();
    uow.gamification()
        .insert_badge(&badge(
            "b-first",
            "Langkah Pertama",
            json!({"type": "lesson_count", "count": 1}),
        ))
        .await
        .unwrap();
    uow.gamification()
        .insert_badge(&badge(
            "b-finisher",
            "Penuntas Kursus",
            json!({"all": [{"type": "course_complete", "count": 1}, {"type": "certificate_count", "count": 1}]}),
        ))
        .await
        .unwrap();
    uow.gamification()
        .insert_badge(&badge(
            "b-streak",
            "Belajar Tekun",
            json!({"type": "streak_days", "count": 3}),
        ))
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx
        .course_with(
            &teacher,
            "Dua Bacaan",
            &[text_lesson("T1"), text_lesson("T2")],
            |_| {},
        )
        .await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    complete(&fx, &learner, &course.lessons[0].id).await;
    assert_eq!(held(&fx, &learner).await, ["b-first"]);
    complete(&fx, &learner, &course.lessons[1].id).await;
    assert_eq!(held(&fx, &learner).await, ["b-finisher", "b-first"]);
    let mut uow = store.begin_read().await.unwrap();
    let journey = uow
        .activity()
        .of_user(&id(&learner), None, 100)
        .await
        .unwrap();
    assert_eq!(
        journey
            .iter()
            .filter(|a| a.activity_type == "BADGE")
            .count(),
        2
    );
    let notes = uow
        .notifications()
        .of_user(&id(&learner), false, 100)
        .await
        .unwrap();
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.notification_type.as_str() == "BADGE_EARNED")
            .count(),
        2
    );
}
