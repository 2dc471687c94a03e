//! In-app notifications: listed newest first, counted, marked read, by their recipient only.

use std::sync::Arc;

use chrono::Duration;

use crate::app::{Actor, NotificationQuery};
use crate::assert_code;
use crate::model::{NotificationType, UserStatus};
use crate::ports::{Clock, Store};

use super::fixture::Fixture;
use super::gamification::{finish_course, id_of};

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_notifications {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            notifications,
            [
                notifications_are_listed_newest_first_and_marked_read,
                only_the_recipient_reads_or_marks_a_notification,
            ]
        );
    };
}

pub async fn notifications_are_listed_newest_first_and_marked_read(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let first = fx.course(&teacher, "Etika ASN").await;
    fx.titan
        .enrol(&learner, &first.course.id, None)
        .await
        .unwrap();
    fx.clock.advance(Duration::minutes(1));
    let second = fx.course(&teacher, "Budaya Kerja").await;
    finish_course(&fx, &learner, &second).await;

    let all = fx
        .titan
        .notifications(&learner, &NotificationQuery::default())
        .await
        .unwrap();
    let kinds: Vec<NotificationType> = all.iter().map(|n| n.notification_type).collect();
    assert_eq!(kinds.len(), 4);
    assert_eq!(
        kinds.last(),
        Some(&NotificationType::CourseEnrolled),
        "the oldest comes last"
    );
    assert!(kinds.contains(&NotificationType::CourseCompleted));
    assert!(kinds.contains(&NotificationType::CertificateIssued));
    assert!(all.windows(2).all(|w| w[0].created_at >= w[1].created_at));
    assert!(
        all.iter()
            .all(|n| !n.is_read && n.user_id == id_of(&learner))
    );
    assert_eq!(
        fx.titan.unread_notification_count(&learner).await.unwrap(),
        4
    );

    let two = fx
        .titan
        .notifications(
            &learner,
            &NotificationQuery {
                unread_only: false,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(two, all[..2]);

    let oldest = all.last().unwrap().clone();
    let read = fx
        .titan
        .mark_notification_read(&learner, &oldest.id)
        .await
        .unwrap();
    assert!(read.is_read);
    assert_eq!(read.read_at, Some(fx.clock.now()));
    fx.clock.advance(Duration::minutes(5));
    let again = fx
        .titan
        .mark_notification_read(&learner, &oldest.id)
        .await
        .unwrap();
    assert_eq!(again, read, "the first readAt stays");
    assert_eq!(
        fx.titan.unread_notification_count(&learner).await.unwrap(),
        3
    );
    let unread = fx
        .titan
        .notifications(
            &learner,
            &NotificationQuery {
                unread_only: true,
                limit: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(unread.len(), 3);
    assert!(unread.iter().all(|n| n.id != oldest.id));

    assert_eq!(
        fx.titan
            .mark_all_notifications_read(&learner)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        fx.titan.unread_notification_count(&learner).await.unwrap(),
        0
    );
    assert_eq!(
        fx.titan
            .mark_all_notifications_read(&learner)
            .await
            .unwrap(),
        0
    );
    let all_after = fx
        .titan
        .notifications(&learner, &NotificationQuery::default())
        .await
        .unwrap();
    assert!(all_after.iter().all(|n| n.is_read && n.read_at.is_some()));
}

pub async fn only_the_recipient_reads_or_marks_a_notification(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let other = fx.learner("sari").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    fx.titan
        .enrol(&learner, &course.course.id, None)
        .await
        .unwrap();
    let note = fx
        .titan
        .notifications(&learner, &NotificationQuery::default())
        .await
        .unwrap()
        .remove(0);

    // Someone else's notification is refused, even to a super admin; nothing changes.
    for actor in [&other, &teacher, &fx.admin] {
        assert_code!(
            fx.titan.mark_notification_read(actor, &note.id).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan
            .mark_notification_read(&Actor::Anonymous, &note.id)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.mark_notification_read(&learner, "missing").await,
        "NOT_FOUND"
    );
    assert_eq!(
        fx.titan.unread_notification_count(&learner).await.unwrap(),
        1
    );
    // Everyone lists only their own.
    assert!(
        fx.titan
            .notifications(&other, &NotificationQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        fx.titan.mark_all_notifications_read(&other).await.unwrap(),
        0
    );
    assert_eq!(
        fx.titan.unread_notification_count(&learner).await.unwrap(),
        1
    );
    for actor in [Actor::Anonymous, Actor::System] {
        assert_code!(
            fx.titan
                .notifications(&actor, &NotificationQuery::default())
                .await,
            "IDENTITY_UNAUTHENTICATED"
        );
        assert_code!(
            fx.titan.unread_notification_count(&actor).await,
            "IDENTITY_UNAUTHENTICATED"
        );
        assert_code!(
            fx.titan.mark_all_notifications_read(&actor).await,
            "IDENTITY_UNAUTHENTICATED"
        );
    }
    // A suspended recipient cannot act, not even on their own notifications.
    fx.titan
        .set_user_status(&fx.admin, &id_of(&learner), UserStatus::Suspended)
        .await
        .unwrap();
    assert_code!(
        fx.titan
            .notifications(&learner, &NotificationQuery::default())
            .await,
        "IDENTITY_USER_SUSPENDED"
    );
    assert_code!(
        fx.titan.mark_notification_read(&learner, &note.id).await,
        "IDENTITY_USER_SUSPENDED"
    );
    assert_code!(
        fx.titan
            .leaderboard(&learner, &crate::app::LeaderboardQuery::default())
            .await,
        "IDENTITY_USER_SUSPENDED"
    );
}
