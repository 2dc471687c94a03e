//! The xAPI outbox relay and its administration (SPEC §11).
//!
//! A relay claims due rows in one short unit of work (a lease: the rows' `nextAttemptAt` moves
//! to `now +` [`OUTBOX_LEASE_SECONDS`], so other relays skip them, and a relay that dies gives
//! them back when the lease runs out), sends each stored statement verbatim **outside** any
//! transaction, then records each answer in its own unit of work: 2xx → SENT; 409 → SENT with a
//! warning; another 4xx → DLQ at once; a network error or 5xx → retried with exponential
//! backoff and jitter, DLQ after `max_attempts`. Nothing is ever dropped; DLQ rows are
//! re-queued by an operator. A result for a claim that is no longer current (the lease ran out
//! and another relay claimed the row) is refused, so a row never counts two answers for one
//! attempt.
//!
//! Who may: the platform's jobs (`Actor::System`) and `SUPER_ADMIN` (`ADMINISTER_OUTBOX`).

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::model::{OutboxStatus, XapiOutbox};
use crate::ports::{Lrs, LrsError, LrsResponse};
use crate::rules::identity::Action;
use crate::rules::xapi::{
    BacklogStats, DeliveryOutcome, apply_delivery_result, check_claim, classify_delivery, requeue,
};

/// How long a claim holds its rows, in seconds: longer than any LRS call the relay makes.
pub const OUTBOX_LEASE_SECONDS: i64 = 300;

/// Most rows one claim (or one listing) takes.
pub const MAX_OUTBOX_BATCH: usize = 500;

/// Longest LRS answer kept in `lastError`, in characters.
pub const MAX_ERROR_CHARS: usize = 1000;

/// What the LRS answered to one statement, as the relay reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryReport {
    /// The HTTP status; `None` when no answer came back (network error, timeout).
    pub http_status: Option<u16>,
    /// The answer's body (or its start), or the network error.
    #[serde(default)]
    pub detail: Option<String>,
}

impl DeliveryReport {
    /// The report of an [`Lrs::send`] result.
    #[must_use]
    pub fn from_lrs(result: &std::result::Result<LrsResponse, LrsError>) -> Self {
        match result {
            Ok(response) => Self {
                http_status: Some(response.status),
                detail: Some(response.body.clone()).filter(|b| !b.trim().is_empty()),
            },
            Err(e) => Self {
                http_status: None,
                detail: Some(e.reason.clone()),
            },
        }
    }

    /// The text kept in `lastError` (none for a success).
    fn error_text(&self) -> Option<String> {
        let detail = self
            .detail
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| d.chars().take(MAX_ERROR_CHARS).collect::<String>());
        match (self.http_status, detail) {
            (Some(200..=299), _) => None,
            // The rule words the 409 warning itself.
            (Some(409), detail) => detail,
            (Some(status), Some(d)) => Some(format!("HTTP {status}: {d}")),
            (Some(status), None) => Some(format!("HTTP {status}")),
            (None, Some(d)) => Some(format!("network error: {d}")),
            (None, None) => Some("network error".to_owned()),
        }
    }
}

/// One recorded delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryRecord {
    /// How the answer was classified.
    pub outcome: DeliveryOutcome,
    /// The row after it (SENT, PENDING with its next attempt, or DLQ).
    pub row: XapiOutbox,
}

/// What one relay pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelayReport {
    /// Rows claimed.
    pub claimed: usize,
    /// Delivered (2xx).
    pub sent: usize,
    /// Already in the LRS (409): ended with a warning.
    pub already_stored: usize,
    /// Failed and scheduled again.
    pub retried: usize,
    /// Moved to the DLQ (a refused statement, or the last attempt failed).
    pub dead_lettered: usize,
    /// Answers not recorded because the claim was no longer current.
    pub stale: usize,
}

fn batch_size(limit: usize) -> usize {
    limit.clamp(1, MAX_OUTBOX_BATCH)
}

impl Titan {
    /// Claims up to `batch` (1..=[`MAX_OUTBOX_BATCH`]) due rows (PENDING, backoff over), oldest first, skipping rows other
    /// relays hold, and leases them for [`OUTBOX_LEASE_SECONDS`]. The rows come back as leased;
    /// hand each to [`Titan::record_delivery`] with the LRS's answer.
    ///
    /// # Errors
    /// `IDENTITY_*` (not the platform nor a `SUPER_ADMIN`).
    pub async fn claim_outbox(&self, actor: &Actor, batch: usize) -> Result<Vec<XapiOutbox>> {
        let limit = batch_size(batch);
        write_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            let now = self.now();
            let lease_until = now + Duration::seconds(OUTBOX_LEASE_SECONDS);
            Ok(uow.outbox().claim_due(now, limit, lease_until).await?)
        })
    }

    /// Records the LRS's answer for a claimed row (as [`Titan::claim_outbox`] returned it), in
    /// its own unit of work: SENT, SENT with a warning (409), retried later with backoff and
    /// jitter, or DLQ (a refused statement, or the last attempt).
    ///
    /// # Errors
    /// `IDENTITY_*`; `NOT_FOUND`; `XAPI_OUTBOX_NOT_PENDING` (the row was delivered or
    /// dead-lettered meanwhile); `XAPI_OUTBOX_STALE_CLAIM` (claimed again by another relay, or
    /// already answered for this claim).
    pub async fn record_delivery(
        &self,
        actor: &Actor,
        claimed: &XapiOutbox,
        report: &DeliveryReport,
    ) -> Result<DeliveryRecord> {
        write_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            let stored = uow
                .outbox()
                .get_for_update(&claimed.id)
                .await?
                .ok_or_else(|| Error::not_found("XapiOutbox", &claimed.id))?;
            check_claim(&stored, claimed)?;
            let policy = &self.policy().xapi;
            let outcome = classify_delivery(report.http_status, policy);
            let error = report.error_text();
            let row = apply_delivery_result(
                &stored,
                outcome,
                error.as_deref(),
                self.now(),
                self.secrets().fraction(),
                policy,
            )?;
            uow.outbox().update(&row).await?;
            Ok(DeliveryRecord { outcome, row })
        })
    }

    /// One relay pass: claims up to `batch` rows in one unit of work, sends each statement
    /// verbatim to `lrs` outside any transaction, and records each answer in its own unit of
    /// work. Run it in a loop (or from several processes: claims never overlap).
    ///
    /// # Errors
    /// `IDENTITY_*`; store failures (rows already claimed come back when their lease ends).
    pub async fn relay_once(
        &self,
        actor: &Actor,
        lrs: &dyn Lrs,
        batch: usize,
    ) -> Result<RelayReport> {
        let claimed = self.claim_outbox(actor, batch).await?;
        let mut report = RelayReport {
            claimed: claimed.len(),
            ..RelayReport::default()
        };
        for row in &claimed {
            let answer = lrs.send(&row.statement).await;
            let delivery = DeliveryReport::from_lrs(&answer);
            match self.record_delivery(actor, row, &delivery).await {
                Ok(record) => match (record.outcome, record.row.status) {
                    (_, OutboxStatus::Dlq) => report.dead_lettered += 1,
                    (DeliveryOutcome::Sent, _) => report.sent += 1,
                    (DeliveryOutcome::AlreadyStored, _) => report.already_stored += 1,
                    _ => report.retried += 1,
                },
                Err(e)
                    if matches!(
                        e.code(),
                        "XAPI_OUTBOX_STALE_CLAIM" | "XAPI_OUTBOX_NOT_PENDING"
                    ) =>
                {
                    report.stale += 1;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Dead-lettered rows, oldest first, at most `limit` (1..=[`MAX_OUTBOX_BATCH`]), with their
    /// statements and last errors.
    ///
    /// # Errors
    /// `IDENTITY_*`.
    pub async fn dead_letters(&self, actor: &Actor, limit: usize) -> Result<Vec<XapiOutbox>> {
        let limit = batch_size(limit);
        read_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            Ok(uow.outbox().by_status(OutboxStatus::Dlq, limit).await?)
        })
    }

    /// Puts a DLQ row back in the queue: PENDING, no attempts, no error, due at once.
    ///
    /// # Errors
    /// `IDENTITY_*`; `NOT_FOUND`; `XAPI_OUTBOX_NOT_DLQ`.
    pub async fn requeue_dead_letter(&self, actor: &Actor, row_id: &str) -> Result<XapiOutbox> {
        write_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            let row = uow
                .outbox()
                .get_for_update(row_id)
                .await?
                .ok_or_else(|| Error::not_found("XapiOutbox", row_id))?;
            let row = requeue(&row)?;
            uow.outbox().update(&row).await?;
            Ok(row)
        })
    }

    /// Re-queues up to `limit` DLQ rows, oldest first (the legacy app's `retryDLQ`, in
    /// bounded batches); returns how many.
    ///
    /// # Errors
    /// `IDENTITY_*`.
    pub async fn requeue_dead_letters(&self, actor: &Actor, limit: usize) -> Result<usize> {
        let limit = batch_size(limit);
        write_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            let rows = uow.outbox().by_status(OutboxStatus::Dlq, limit).await?;
            for row in &rows {
                let row = requeue(row)?;
                uow.outbox().update(&row).await?;
            }
            Ok(rows.len())
        })
    }

    /// The backlog an operator watches: PENDING and DLQ counts, the oldest pending row and its
    /// age.
    ///
    /// # Errors
    /// `IDENTITY_*`.
    pub async fn outbox_backlog(&self, actor: &Actor) -> Result<BacklogStats> {
        read_tx!(self, |uow| {
            self.authorize_job(uow, actor, Action::AdministerOutbox)
                .await?;
            let summary = uow.outbox().summary().await?;
            let now = self.now();
            Ok(BacklogStats {
                pending: summary.pending,
                dead_lettered: summary.dead_lettered,
                oldest_pending_at: summary.oldest_pending_at,
                oldest_pending_age_seconds: summary
                    .oldest_pending_at
                    .map(|at| (now - at).num_seconds().max(0)),
            })
        })
    }
}
