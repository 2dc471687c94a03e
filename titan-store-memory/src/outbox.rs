use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{OutboxStatus, XapiOutbox};
use titan_core::ports::{OutboxRepository, OutboxSummary, StoreResult, constraint};

use crate::table::{Table, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(XapiOutbox);

const BY_KEY: usize = 0;
/// Rows by status, oldest `createdAt` first (`@@index([status, createdAt])`).
const BY_STATUS: usize = 0;
/// PENDING rows never tried nor leased (`nextAttemptAt` unset), oldest `createdAt` first.
const FRESH: usize = 1;
/// PENDING rows waiting for their backoff or lease (`nextAttemptAt` set), by `nextAttemptAt`.
const WAITING: usize = 2;

/// The one group of the [`FRESH`] and [`WAITING`] indexes.
const ALL: &str = "";

tables! {
    OutboxTables {
        rows: Table<XapiOutbox> = Table::<XapiOutbox>::new("xapi_outbox")
            .unique(constraint::OUTBOX_IDEMPOTENCY_KEY, |r| Some(r.idempotency_key.clone()))
            .index(|r| Some((r.status.as_str().to_owned(), sort_time(r.created_at))))
            .index(|r| {
                (r.status == OutboxStatus::Pending && r.next_attempt_at.is_none())
                    .then(|| (ALL.to_owned(), sort_time(r.created_at)))
            })
            .index(|r| match (r.status, r.next_attempt_at) {
                (OutboxStatus::Pending, Some(at)) => Some((ALL.to_owned(), sort_time(at))),
                _ => None,
            }),
    }
}

#[async_trait]
impl OutboxRepository for MemoryUnitOfWork {
    async fn insert_if_absent(&mut self, row: &XapiOutbox) -> StoreResult<bool> {
        self.state_mut()?.outbox.rows.insert_if_absent(row.clone())
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<XapiOutbox>> {
        Ok(self.state().outbox.rows.get(id).cloned())
    }

    async fn by_idempotency_key(&mut self, key: &str) -> StoreResult<Option<XapiOutbox>> {
        Ok(self.state().outbox.rows.by_unique(BY_KEY, key).cloned())
    }

    async fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<XapiOutbox>> {
        let rows = &mut self.state_mut()?.outbox.rows;
        // Due rows are the fresh ones and the waiting ones whose time has come; leased rows
        // (waiting until a later instant) are never scanned. Oldest `createdAt` first overall.
        let mut due: Vec<XapiOutbox> = rows
            .by_index(WAITING, ALL)
            .take_while(|r| r.next_attempt_at.is_some_and(|at| at <= now))
            .cloned()
            .collect();
        due.extend(rows.by_index(FRESH, ALL).take(limit).cloned());
        due.sort_by(|a, b| (a.created_at, a.id.as_str()).cmp(&(b.created_at, b.id.as_str())));
        due.truncate(limit);
        let mut claimed = Vec::with_capacity(due.len());
        for mut row in due {
            row.next_attempt_at = Some(lease_until);
            rows.update(row.clone())?;
            claimed.push(row);
        }
        Ok(claimed)
    }

    async fn update(&mut self, row: &XapiOutbox) -> StoreResult<()> {
        self.state_mut()?.outbox.rows.update(row.clone())
    }

    async fn by_status(
        &mut self,
        status: OutboxStatus,
        limit: usize,
    ) -> StoreResult<Vec<XapiOutbox>> {
        Ok(self
            .state()
            .outbox
            .rows
            .by_index(BY_STATUS, status.as_str())
            .take(limit)
            .cloned()
            .collect())
    }

    async fn summary(&mut self) -> StoreResult<OutboxSummary> {
        let rows = &self.state().outbox.rows;
        Ok(OutboxSummary {
            pending: rows.count_in(BY_STATUS, OutboxStatus::Pending.as_str()),
            dead_lettered: rows.count_in(BY_STATUS, OutboxStatus::Dlq.as_str()),
            oldest_pending_at: rows
                .by_index(BY_STATUS, OutboxStatus::Pending.as_str())
                .next()
                .map(|r| r.created_at),
        })
    }
}
