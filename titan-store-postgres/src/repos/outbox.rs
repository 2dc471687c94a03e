//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{OutboxStatus, XapiOutbox};
use titan_core::ports::{OutboxRepository, OutboxSummary, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl OutboxRepository for PgUnitOfWork {
    async fn insert_if_absent(&mut self, row: &XapiOutbox) -> StoreResult<bool> {
        Err(pending("OutboxRepository::insert_if_absent"))
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<XapiOutbox>> {
        Err(pending("OutboxRepository::get_for_update"))
    }

    async fn by_idempotency_key(&mut self, key: &str) -> StoreResult<Option<XapiOutbox>> {
        Err(pending("OutboxRepository::by_idempotency_key"))
    }

    async fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<XapiOutbox>> {
        Err(pending("OutboxRepository::claim_due"))
    }

    async fn update(&mut self, row: &XapiOutbox) -> StoreResult<()> {
        Err(pending("OutboxRepository::update"))
    }

    async fn by_status(
        &mut self,
        status: OutboxStatus,
        limit: usize,
    ) -> StoreResult<Vec<XapiOutbox>> {
        Err(pending("OutboxRepository::by_status"))
    }

    async fn summary(&mut self) -> StoreResult<OutboxSummary> {
        Err(pending("OutboxRepository::summary"))
    }
}
