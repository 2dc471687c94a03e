use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{OutboxStatus, XapiOutbox};
use crate::ports::StoreResult;

/// Counts an operator watches, read in one pass by the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxSummary {
    /// PENDING rows.
    pub pending: usize,
    /// DLQ rows.
    pub dead_lettered: usize,
    /// `createdAt` of the oldest PENDING row.
    pub oldest_pending_at: Option<DateTime<Utc>>,
}

/// The xAPI outbox (`xapi_outbox`).
#[async_trait]
pub trait OutboxRepository: Send {
    /// Adds a row unless one with its `idempotencyKey` exists ("on conflict do nothing");
    /// returns whether it was added.
    async fn insert_if_absent(&mut self, row: &XapiOutbox) -> StoreResult<bool>;

    /// The row with `id`, locked until the unit of work ends.
    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<XapiOutbox>>;

    /// The row with this idempotency key.
    async fn by_idempotency_key(&mut self, key: &str) -> StoreResult<Option<XapiOutbox>>;

    /// Claims up to `limit` due rows — PENDING with `nextAttemptAt` unset or ≤ `now`, oldest
    /// `createdAt` first — skipping rows another unit of work holds (`SKIP LOCKED`), and leases
    /// them by setting `nextAttemptAt = lease_until`. Returns the rows as leased. Two relays
    /// claiming at once get disjoint rows.
    async fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<XapiOutbox>>;

    /// Replaces a row.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update(&mut self, row: &XapiOutbox) -> StoreResult<()>;

    /// Rows in `status`, oldest `createdAt` first, at most `limit`.
    async fn by_status(
        &mut self,
        status: OutboxStatus,
        limit: usize,
    ) -> StoreResult<Vec<XapiOutbox>>;

    /// Backlog counts.
    async fn summary(&mut self) -> StoreResult<OutboxSummary>;
}
