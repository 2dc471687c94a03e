use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::Notification;
use crate::ports::StoreResult;

/// In-app notifications.
#[async_trait]
pub trait NotificationRepository: Send {
    /// Adds a notification unless the recipient already has one with its `dedupKey` (a job's
    /// notification is sent once); one without a key is always added. Returns whether it was
    /// added.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_if_absent(&mut self, notification: &Notification) -> StoreResult<bool>;

    /// The notification with `id`.
    async fn get(&mut self, id: &str) -> StoreResult<Option<Notification>>;

    /// The notification with `id`, locked until the unit of work ends (marking it read keeps
    /// the first `readAt`).
    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Notification>>;

    /// The recipient's notifications (unread only, if asked), newest first, at most `limit`.
    async fn of_user(
        &mut self,
        user_id: &str,
        unread_only: bool,
        limit: usize,
    ) -> StoreResult<Vec<Notification>>;

    /// How many of the recipient's notifications are unread.
    async fn unread_count(&mut self, user_id: &str) -> StoreResult<u64>;

    /// Replaces a notification.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, notification: &Notification) -> StoreResult<()>;

    /// Marks every unread notification of the recipient read at `at`; returns how many.
    async fn mark_all_read(&mut self, user_id: &str, at: DateTime<Utc>) -> StoreResult<u64>;
}
