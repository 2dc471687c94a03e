//! In-app notifications (SPEC §11): list, unread count, mark one or all read. Only their
//! recipient reads or marks them (not even a `SUPER_ADMIN` reads someone else's); the event
//! pipeline ([`Titan::record`]) writes them.

use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::model::{Notification, User};
use crate::ports::UnitOfWork;
use crate::rules::identity::{Action, Resource};

/// Notifications listed when the query gives no limit.
pub const DEFAULT_NOTIFICATION_PAGE: usize = 50;

/// Most notifications listed at once.
pub const MAX_NOTIFICATION_PAGE: usize = 200;

/// Which notifications to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NotificationQuery {
    /// Only the unread ones.
    pub unread_only: bool,
    /// How many, newest first: 0 = [`DEFAULT_NOTIFICATION_PAGE`], at most
    /// [`MAX_NOTIFICATION_PAGE`].
    pub limit: usize,
}

impl Titan {
    /// Authorises reading `recipient_id`'s notifications (the recipient only).
    async fn recipient(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        recipient_id: &str,
    ) -> Result<User> {
        self.authorize(
            uow,
            actor,
            Action::ReadNotifications,
            &Resource::notification(recipient_id),
        )
        .await
    }

    /// The actor's notifications, newest first.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`, `IDENTITY_USER_INACTIVE`, `IDENTITY_USER_SUSPENDED`.
    pub async fn notifications(
        &self,
        actor: &Actor,
        query: &NotificationQuery,
    ) -> Result<Vec<Notification>> {
        let limit = match query.limit {
            0 => DEFAULT_NOTIFICATION_PAGE,
            n => n.min(MAX_NOTIFICATION_PAGE),
        };
        read_tx!(self, |uow| {
            let me = self.recipient(uow, actor, own_id(actor)).await?;
            Ok(uow
                .notifications()
                .of_user(&me.id, query.unread_only, limit)
                .await?)
        })
    }

    /// How many of the actor's notifications are unread.
    ///
    /// # Errors
    /// As [`Titan::notifications`].
    pub async fn unread_notification_count(&self, actor: &Actor) -> Result<u64> {
        read_tx!(self, |uow| {
            let me = self.recipient(uow, actor, own_id(actor)).await?;
            Ok(uow.notifications().unread_count(&me.id).await?)
        })
    }

    /// Marks one notification read (its recipient only). Marking it again changes nothing: the
    /// first `readAt` stays.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN` (someone else's notification); `IDENTITY_*`.
    pub async fn mark_notification_read(
        &self,
        actor: &Actor,
        notification_id: &str,
    ) -> Result<Notification> {
        write_tx!(self, |uow| {
            let notification = uow
                .notifications()
                .get_for_update(notification_id)
                .await?
                .ok_or_else(|| Error::not_found("Notification", notification_id))?;
            self.recipient(uow, actor, &notification.user_id).await?;
            if notification.is_read {
                return Ok(notification);
            }
            let read = Notification {
                is_read: true,
                read_at: Some(self.now()),
                ..notification
            };
            uow.notifications().update(&read).await?;
            Ok(read)
        })
    }

    /// Marks every unread notification of the actor read; returns how many.
    ///
    /// # Errors
    /// As [`Titan::notifications`].
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> Result<u64> {
        write_tx!(self, |uow| {
            let me = self.recipient(uow, actor, own_id(actor)).await?;
            Ok(uow
                .notifications()
                .mark_all_read(&me.id, self.now())
                .await?)
        })
    }
}

/// The actor's own user id ("" for anonymous and the platform, which the rule refuses).
fn own_id(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id,
        Actor::Anonymous | Actor::System => "",
    }
}
