//! The outbox row and the relay's pure rules: classify an LRS answer, back off, dead-letter,
//! re-queue, and measure the backlog.
//!
//! | LRS answer | outcome | row after |
//! |---|---|---|
//! | 2xx | `sent` | SENT, `processedAt` |
//! | 409 | `already_stored` (*legacy*: `retry`) | SENT, `processedAt`, warning in `lastError` |
//! | network error, 5xx, 408, 429, anything else | `retry` | PENDING, `attempts + 1`, `nextAttemptAt` after backoff; DLQ once `attempts` reaches `max_attempts` (10; *legacy* 5) |
//! | other 4xx | `isolate` (*legacy*: `retry`) | DLQ at once with the error: one bad statement never delays the rest |
//!
//! Backoff after the n-th failed attempt: `min(cap, base × 2^(n−1))`, minus jitter of up to
//! `backoff_jitter_percent` of it: `delay − floor(delay_ms × percent / 100 × j)` ms for the
//! caller's random `j` in [0, 1). It never exceeds the cap and, for a fixed `j`, never shrinks
//! as `n` grows. Nothing is dropped: a DLQ row keeps its statement and last error until an
//! operator re-queues it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{ClientErrorHandling, ConflictHandling, XapiError, XapiPolicy};
use crate::events::DomainEvent;
use crate::model::{OutboxStatus, XapiOutbox};

/// The new outbox row of `event`: PENDING, no attempt yet, due at once. `statement` is the
/// output of [`super::build_statement`], stored and sent verbatim.
#[must_use]
pub fn outbox_row(
    event: &DomainEvent,
    statement: Value,
    id: impl Into<String>,
    now: DateTime<Utc>,
) -> XapiOutbox {
    XapiOutbox {
        id: id.into(),
        idempotency_key: event.idempotency_key(),
        statement,
        status: OutboxStatus::Pending,
        attempts: 0,
        last_error: None,
        created_at: now,
        processed_at: None,
        next_attempt_at: None,
    }
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// The LRS stored it (2xx).
    Sent,
    /// The LRS already holds that id (409): delivery ends, with a warning.
    AlreadyStored,
    /// Try again later (network error, 5xx, 408, 429, …).
    Retry,
    /// The statement itself was refused (4xx): straight to DLQ.
    Isolate,
}

/// Classifies an LRS answer; `None` is a network error (no answer).
#[must_use]
pub fn classify_delivery(http_status: Option<u16>, policy: &XapiPolicy) -> DeliveryOutcome {
    match http_status {
        Some(200..=299) => DeliveryOutcome::Sent,
        Some(409) => match policy.on_conflict {
            ConflictHandling::AlreadyStored => DeliveryOutcome::AlreadyStored,
            ConflictHandling::Retry => DeliveryOutcome::Retry,
        },
        // Request timeout and rate limiting are transient, whatever their class.
        Some(408 | 429) => DeliveryOutcome::Retry,
        Some(400..=499) => match policy.on_client_error {
            ClientErrorHandling::Isolate => DeliveryOutcome::Isolate,
            ClientErrorHandling::Retry => DeliveryOutcome::Retry,
        },
        _ => DeliveryOutcome::Retry,
    }
}

/// When a row that has failed `attempts` times is due again (see the module doc).
/// `jitter_fraction` is the caller's random number in [0, 1); values outside (or NaN) are
/// clamped into it.
#[must_use]
pub fn next_attempt(
    attempts: u32,
    jitter_fraction: f64,
    now: DateTime<Utc>,
    policy: &XapiPolicy,
) -> DateTime<Utc> {
    let base_ms = i64::from(policy.backoff_base_seconds) * 1000;
    let cap_ms = i64::from(policy.backoff_cap_seconds) * 1000;
    // 2^(n−1), saturating well past any cap (2^40 ms is 35 years).
    let factor = 1_i64 << attempts.saturating_sub(1).min(40);
    let delay_ms = base_ms.saturating_mul(factor).min(cap_ms).max(0);
    let j = if jitter_fraction.is_nan() {
        0.0
    } else {
        jitter_fraction.clamp(0.0, 1.0)
    };
    let percent = f64::from(policy.backoff_jitter_percent.min(100));
    // delay_ms ≤ 2^53, so the f64 product is exact enough and the cast cannot overflow.
    let cut_ms = (delay_ms as f64 * percent / 100.0 * j).floor() as i64;
    now + Duration::milliseconds(delay_ms - cut_ms.clamp(0, delay_ms))
}

/// The row after one delivery attempt. `error` is the relay's description of the failure
/// (status and body, or the network error); it is kept in `lastError`.
///
/// # Errors
/// [`XapiError::NotPending`] when the row is not PENDING (a stale claim).
pub fn apply_delivery_result(
    row: &XapiOutbox,
    outcome: DeliveryOutcome,
    error: Option<&str>,
    now: DateTime<Utc>,
    jitter_fraction: f64,
    policy: &XapiPolicy,
) -> Result<XapiOutbox, XapiError> {
    if row.status != OutboxStatus::Pending {
        return Err(XapiError::NotPending { status: row.status });
    }
    let attempts = row.attempts.saturating_add(1);
    let error_text = |fallback: &str| Some(error.unwrap_or(fallback).to_owned());
    let mut next = XapiOutbox {
        attempts,
        ..row.clone()
    };
    match outcome {
        DeliveryOutcome::Sent => {
            next.status = OutboxStatus::Sent;
            next.processed_at = Some(now);
            next.last_error = None;
            next.next_attempt_at = None;
        }
        DeliveryOutcome::AlreadyStored => {
            next.status = OutboxStatus::Sent;
            next.processed_at = Some(now);
            next.last_error = Some(match error {
                Some(e) => format!("warning: LRS already stores this statement (409): {e}"),
                None => "warning: LRS already stores this statement (409)".to_owned(),
            });
            next.next_attempt_at = None;
        }
        DeliveryOutcome::Isolate => {
            next.status = OutboxStatus::Dlq;
            next.last_error = error_text("LRS refused the statement (4xx)");
            next.next_attempt_at = None;
        }
        DeliveryOutcome::Retry => {
            next.last_error = error_text("delivery failed");
            let max = i32::try_from(policy.max_attempts).unwrap_or(i32::MAX);
            if attempts >= max {
                next.status = OutboxStatus::Dlq;
                next.next_attempt_at = None;
            } else {
                next.next_attempt_at = Some(next_attempt(
                    u32::try_from(attempts).unwrap_or(u32::MAX),
                    jitter_fraction,
                    now,
                    policy,
                ));
            }
        }
    }
    Ok(next)
}

/// Checks that a delivery result for `claimed` (the row as a relay claimed it) may be recorded
/// on `stored` (the row as it is now, locked): the row is still PENDING and nothing happened to
/// it since the claim (same `attempts`, same lease in `nextAttemptAt`). A relay whose lease ran
/// out and whose row another relay claimed again must not record a second result.
///
/// # Errors
/// [`XapiError::NotPending`] for a row that left PENDING (delivered, dead-lettered);
/// [`XapiError::StaleClaim`] for a row claimed again or already answered for this claim.
pub fn check_claim(stored: &XapiOutbox, claimed: &XapiOutbox) -> Result<(), XapiError> {
    if stored.status != OutboxStatus::Pending {
        return Err(XapiError::NotPending {
            status: stored.status,
        });
    }
    // Compared at the stores' millisecond precision (`timestamp(3)`).
    let lease = |row: &XapiOutbox| row.next_attempt_at.map(|at| at.timestamp_millis());
    if stored.attempts != claimed.attempts || lease(stored) != lease(claimed) {
        return Err(XapiError::StaleClaim {
            claimed_attempts: claimed.attempts,
            current_attempts: stored.attempts,
        });
    }
    Ok(())
}

/// A dead-lettered (or FAILED) row back in the queue: PENDING, `attempts = 0`, no error, due
/// at once (as the app's `retryDLQ`).
///
/// # Errors
/// [`XapiError::NotDeadLettered`] for a PENDING or SENT row.
pub fn requeue(row: &XapiOutbox) -> Result<XapiOutbox, XapiError> {
    match row.status {
        OutboxStatus::Dlq | OutboxStatus::Failed => Ok(XapiOutbox {
            status: OutboxStatus::Pending,
            attempts: 0,
            last_error: None,
            processed_at: None,
            next_attempt_at: None,
            ..row.clone()
        }),
        status => Err(XapiError::NotDeadLettered { status }),
    }
}

/// Whether a relay may claim the row now: PENDING and not waiting for its backoff.
#[must_use]
pub fn is_due(row: &XapiOutbox, now: DateTime<Utc>) -> bool {
    row.status == OutboxStatus::Pending && row.next_attempt_at.is_none_or(|at| at <= now)
}

/// The backlog an operator watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BacklogStats {
    /// Rows waiting for delivery.
    pub pending: usize,
    /// Rows in the dead-letter queue.
    pub dead_lettered: usize,
    /// When the oldest pending row was created.
    pub oldest_pending_at: Option<DateTime<Utc>>,
    /// Its age at `now`, whole seconds (0 if created in the future).
    pub oldest_pending_age_seconds: Option<i64>,
}

/// Counts the backlog of `rows` at `now`.
#[must_use]
pub fn backlog_stats(rows: &[XapiOutbox], now: DateTime<Utc>) -> BacklogStats {
    let pending = rows.iter().filter(|r| r.status == OutboxStatus::Pending);
    let oldest = pending.clone().map(|r| r.created_at).min();
    BacklogStats {
        pending: pending.count(),
        dead_lettered: rows
            .iter()
            .filter(|r| r.status == OutboxStatus::Dlq)
            .count(),
        oldest_pending_at: oldest,
        oldest_pending_age_seconds: oldest.map(|at| (now - at).num_seconds().max(0)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::error::ErrorCode;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap()
    }

    fn row() -> XapiOutbox {
        let event = DomainEvent::Enrolled {
            user_id: "u".into(),
            course_id: "c".into(),
            occurred_at: now(),
        };
        outbox_row(&event, json!({"id": "x"}), "row-1", now())
    }

    #[test]
    fn new_rows_are_pending_and_due() {
        let r = row();
        assert_eq!(r.idempotency_key, "enrollment:u:c");
        assert_eq!((r.status, r.attempts), (OutboxStatus::Pending, 0));
        assert!(is_due(&r, now()));
    }

    #[test]
    fn classification() {
        let p = XapiPolicy::recommended();
        let l = XapiPolicy::legacy();
        use DeliveryOutcome::*;
        for (status, rec, leg) in [
            (Some(200), Sent, Sent),
            (Some(204), Sent, Sent),
            (Some(409), AlreadyStored, Retry),
            (Some(400), Isolate, Retry),
            (Some(403), Isolate, Retry),
            (Some(408), Retry, Retry),
            (Some(429), Retry, Retry),
            (Some(500), Retry, Retry),
            (Some(503), Retry, Retry),
            (Some(302), Retry, Retry),
            (None, Retry, Retry),
        ] {
            assert_eq!(classify_delivery(status, &p), rec, "{status:?}");
            assert_eq!(classify_delivery(status, &l), leg, "{status:?}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = XapiPolicy::recommended();
        let secs = |n| (next_attempt(n, 0.0, now(), &p) - now()).num_seconds();
        assert_eq!([secs(1), secs(2), secs(3), secs(4)], [5, 10, 20, 40]);
        assert_eq!(secs(10), 2560);
        assert_eq!(secs(11), 3600);
        assert_eq!(secs(1000), 3600);
        // 20 % jitter: j = 0.5 takes 10 % off.
        assert_eq!(
            (next_attempt(1, 0.5, now(), &p) - now()).num_milliseconds(),
            4500
        );
        assert_eq!(
            (next_attempt(1, f64::NAN, now(), &p) - now()).num_milliseconds(),
            5000
        );
        let l = XapiPolicy::legacy();
        assert_eq!((next_attempt(3, 0.9, now(), &l) - now()).num_seconds(), 60);
    }

    #[test]
    fn delivery_results() {
        let p = XapiPolicy::recommended();
        let sent =
            apply_delivery_result(&row(), DeliveryOutcome::Sent, None, now(), 0.0, &p).unwrap();
        assert_eq!((sent.status, sent.attempts), (OutboxStatus::Sent, 1));
        assert_eq!(sent.processed_at, Some(now()));

        let dup = apply_delivery_result(
            &row(),
            DeliveryOutcome::AlreadyStored,
            Some("Conflict"),
            now(),
            0.0,
            &p,
        )
        .unwrap();
        assert_eq!(dup.status, OutboxStatus::Sent);
        assert!(dup.last_error.unwrap().starts_with("warning:"));

        let bad = apply_delivery_result(
            &row(),
            DeliveryOutcome::Isolate,
            Some("400 - bad verb"),
            now(),
            0.0,
            &p,
        )
        .unwrap();
        assert_eq!(bad.status, OutboxStatus::Dlq);
        assert_eq!(bad.last_error.as_deref(), Some("400 - bad verb"));

        let retry =
            apply_delivery_result(&row(), DeliveryOutcome::Retry, Some("503"), now(), 0.0, &p)
                .unwrap();
        assert_eq!((retry.status, retry.attempts), (OutboxStatus::Pending, 1));
        assert_eq!(retry.next_attempt_at, Some(now() + Duration::seconds(5)));
        assert!(!is_due(&retry, now()));
        assert!(is_due(&retry, now() + Duration::seconds(5)));

        let err =
            apply_delivery_result(&sent, DeliveryOutcome::Sent, None, now(), 0.0, &p).unwrap_err();
        assert_eq!(err.code(), "XAPI_OUTBOX_NOT_PENDING");
    }

    #[test]
    fn dead_letter_after_max_attempts_then_requeue() {
        for (policy, max) in [(XapiPolicy::recommended(), 10), (XapiPolicy::legacy(), 5)] {
            let mut r = row();
            for n in 1..=max {
                r = apply_delivery_result(
                    &r,
                    DeliveryOutcome::Retry,
                    Some("timeout"),
                    now(),
                    0.3,
                    &policy,
                )
                .unwrap();
                let expected = if n < max {
                    OutboxStatus::Pending
                } else {
                    OutboxStatus::Dlq
                };
                assert_eq!(r.status, expected, "attempt {n}");
            }
            assert_eq!(r.attempts, max);
            assert_eq!(r.last_error.as_deref(), Some("timeout"));
            assert_eq!(r.statement, json!({"id": "x"}), "nothing is dropped");
            let again = requeue(&r).unwrap();
            assert_eq!(
                (again.status, again.attempts, again.last_error.clone()),
                (OutboxStatus::Pending, 0, None)
            );
            assert_eq!(requeue(&again).unwrap_err().code(), "XAPI_OUTBOX_NOT_DLQ");
        }
    }

    #[test]
    fn only_the_current_claim_records_a_result() {
        let p = XapiPolicy::recommended();
        let lease = now() + Duration::minutes(5);
        let claimed = XapiOutbox {
            next_attempt_at: Some(lease),
            ..row()
        };
        assert!(check_claim(&claimed, &claimed).is_ok());
        let reclaimed = XapiOutbox {
            next_attempt_at: Some(lease + Duration::minutes(6)),
            ..claimed.clone()
        };
        let err = check_claim(&reclaimed, &claimed).unwrap_err();
        assert_eq!(err.code(), "XAPI_OUTBOX_STALE_CLAIM");
        let retried =
            apply_delivery_result(&claimed, DeliveryOutcome::Retry, None, now(), 0.0, &p).unwrap();
        assert_eq!(
            check_claim(&retried, &claimed).unwrap_err().code(),
            "XAPI_OUTBOX_STALE_CLAIM"
        );
        let sent =
            apply_delivery_result(&claimed, DeliveryOutcome::Sent, None, now(), 0.0, &p).unwrap();
        assert_eq!(
            check_claim(&sent, &claimed).unwrap_err().code(),
            "XAPI_OUTBOX_NOT_PENDING"
        );
    }

    #[test]
    fn backlog() {
        let old = XapiOutbox {
            created_at: now() - Duration::minutes(7),
            ..row()
        };
        let dlq = XapiOutbox {
            status: OutboxStatus::Dlq,
            ..row()
        };
        let sent = XapiOutbox {
            status: OutboxStatus::Sent,
            ..row()
        };
        let stats = backlog_stats(&[row(), old, dlq, sent], now());
        assert_eq!(stats.pending, 2);
        assert_eq!(stats.dead_lettered, 1);
        assert_eq!(stats.oldest_pending_age_seconds, Some(420));
        assert_eq!(backlog_stats(&[], now()), BacklogStats::default());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn backoff_is_monotonic_and_capped(n in 0_u32..64, j in 0.0_f64..1.0, legacy in any::<bool>()) {
            let p = if legacy { XapiPolicy::legacy() } else { XapiPolicy::recommended() };
            let cap = Duration::seconds(i64::from(p.backoff_cap_seconds));
            let floor_share = 100 - i64::from(p.backoff_jitter_percent);
            let a = next_attempt(n, j, now(), &p) - now();
            let b = next_attempt(n + 1, j, now(), &p) - now();
            prop_assert!(a <= b);
            prop_assert!(b <= cap);
            // Jitter takes at most its share off the un-jittered delay.
            let plain = next_attempt(n, 0.0, now(), &p) - now();
            prop_assert!(a <= plain);
            prop_assert!(a.num_milliseconds() * 100 >= plain.num_milliseconds() * floor_share);
        }
    }
}
