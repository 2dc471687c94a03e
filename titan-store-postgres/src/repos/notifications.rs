//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::Notification;
use titan_core::ports::{NotificationRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl NotificationRepository for PgUnitOfWork {
    async fn insert_if_absent(&mut self, notification: &Notification) -> StoreResult<bool> {
        Err(pending("NotificationRepository::insert_if_absent"))
    }

    async fn get(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        Err(pending("NotificationRepository::get"))
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        Err(pending("NotificationRepository::get_for_update"))
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        unread_only: bool,
        limit: usize,
    ) -> StoreResult<Vec<Notification>> {
        Err(pending("NotificationRepository::of_user"))
    }

    async fn unread_count(&mut self, user_id: &str) -> StoreResult<u64> {
        Err(pending("NotificationRepository::unread_count"))
    }

    async fn update(&mut self, notification: &Notification) -> StoreResult<()> {
        Err(pending("NotificationRepository::update"))
    }

    async fn mark_all_read(&mut self, user_id: &str, at: DateTime<Utc>) -> StoreResult<u64> {
        Err(pending("NotificationRepository::mark_all_read"))
    }
}
