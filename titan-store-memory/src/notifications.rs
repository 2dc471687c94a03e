use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::Notification;
use titan_core::ports::{NotificationRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(Notification);

const BY_USER: usize = 0;
const UNREAD_BY_USER: usize = 1;

tables! {
    NotificationTables {
        rows: Table<Notification> = Table::<Notification>::new("Notification")
            .unique(constraint::NOTIFICATION_DEDUP, |n| {
                n.dedup_key.as_ref().map(|k| key2(&n.user_id, k))
            })
            .index(|n| Some((n.user_id.clone(), sort_time(n.created_at))))
            .index(|n| (!n.is_read).then(|| (n.user_id.clone(), sort_time(n.created_at)))),
    }
}

#[async_trait]
impl NotificationRepository for MemoryUnitOfWork {
    async fn insert_if_absent(&mut self, notification: &Notification) -> StoreResult<bool> {
        self.state_mut()?
            .notifications
            .rows
            .insert_if_absent(notification.clone())
    }

    async fn get(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        Ok(self.state().notifications.rows.get(id).cloned())
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        // One writer at a time: every read of a read-write unit of work is locked.
        Ok(self.state().notifications.rows.get(id).cloned())
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        unread_only: bool,
        limit: usize,
    ) -> StoreResult<Vec<Notification>> {
        let index = if unread_only { UNREAD_BY_USER } else { BY_USER };
        Ok(self
            .state()
            .notifications
            .rows
            .by_index(index, user_id)
            .rev()
            .take(limit)
            .cloned()
            .collect())
    }

    async fn unread_count(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(self
            .state()
            .notifications
            .rows
            .count_in(UNREAD_BY_USER, user_id) as u64)
    }

    async fn update(&mut self, notification: &Notification) -> StoreResult<()> {
        self.state_mut()?
            .notifications
            .rows
            .update(notification.clone())
    }

    async fn mark_all_read(&mut self, user_id: &str, at: DateTime<Utc>) -> StoreResult<u64> {
        let rows = &mut self.state_mut()?.notifications.rows;
        let unread: Vec<Notification> = rows.by_index(UNREAD_BY_USER, user_id).cloned().collect();
        let n = unread.len() as u64;
        for mut row in unread {
            row.is_read = true;
            row.read_at = Some(at);
            rows.update(row)?;
        }
        Ok(n)
    }
}
