//! The xAPI outbox relay: verbatim delivery, what each LRS answer does to a row, backoff and
//! the DLQ, re-queueing, backlog stats, stale claims, the legacy relay, and two relays claiming
//! at once.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use crate::app::{Actor, DeliveryReport, OUTBOX_LEASE_SECONDS};
use crate::assert_code;
use crate::events::DomainEvent;
use crate::model::{OutboxStatus, XapiOutbox};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::xapi::{DeliveryOutcome, outbox_row};

use super::fixture::Fixture;
use super::gamification::finish_course;
use super::ports::ScriptedLrs;

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_outbox {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            outbox,
            [
                the_relay_sends_each_stored_statement_verbatim,
                each_lrs_answer_decides_the_rows_fate,
                a_failing_row_is_dead_lettered_after_max_attempts_and_requeued,
                the_legacy_relay_retries_five_times_a_minute_apart,
                only_the_platform_and_super_admins_run_the_outbox,
                a_stale_delivery_result_is_refused,
                two_relays_claim_every_row_exactly_once,
            ]
        );
    };
}

/// Adds `n` PENDING rows straight to the store, one second apart, oldest first.
async fn seed_rows(fx: &Fixture, n: usize) -> Vec<XapiOutbox> {
    let mut uow = fx.store.begin().await.unwrap();
    let start = fx.clock.now() - Duration::hours(1);
    let mut rows = Vec::new();
    for i in 0..n {
        let at = start + Duration::seconds(i64::try_from(i).unwrap());
        let event = DomainEvent::Enrolled {
            user_id: format!("u{i:03}"),
            course_id: "c".into(),
            occurred_at: at,
        };
        let row = outbox_row(
            &event,
            json!({"id": format!("stmt-{i:03}"), "n": i}),
            format!("row-{i:03}"),
            at,
        );
        assert!(uow.outbox().insert_if_absent(&row).await.unwrap());
        rows.push(row);
    }
    uow.commit().await.unwrap();
    rows
}

async fn row(fx: &Fixture, id: &str) -> XapiOutbox {
    let mut uow = fx.store.begin_read().await.unwrap();
    uow.outbox().get_for_update(id).await.unwrap().unwrap()
}

pub async fn the_relay_sends_each_stored_statement_verbatim(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let course = fx.course(&teacher, "Etika ASN").await;
    finish_course(&fx, &learner, &course).await;
    let stored: Vec<XapiOutbox> = {
        let mut uow = fx.store.begin_read().await.unwrap();
        uow.outbox()
            .by_status(OutboxStatus::Pending, 100)
            .await
            .unwrap()
    };
    // Enrolled, lesson completed, course completed, certificate earned.
    assert_eq!(stored.len(), 4);
    let lrs = ScriptedLrs::default();
    let report = fx.titan.relay_once(&Actor::System, &lrs, 50).await.unwrap();
    assert_eq!((report.claimed, report.sent), (4, 4));
    let expected: Vec<serde_json::Value> = stored.iter().map(|r| r.statement.clone()).collect();
    assert_eq!(lrs.stored(), expected);
    for r in &stored {
        let after = row(&fx, &r.id).await;
        assert_eq!(after.status, OutboxStatus::Sent);
        assert_eq!(after.processed_at, Some(fx.clock.now()));
        assert_eq!((after.attempts, after.last_error), (1, None));
        assert_eq!(after.statement, r.statement);
    }
    let backlog = fx.titan.outbox_backlog(&Actor::System).await.unwrap();
    assert_eq!((backlog.pending, backlog.dead_lettered), (0, 0));
    let again = fx.titan.relay_once(&Actor::System, &lrs, 50).await.unwrap();
    assert_eq!(again.claimed, 0);
}

pub async fn each_lrs_answer_decides_the_rows_fate(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let rows = seed_rows(&fx, 6).await;
    let lrs = ScriptedLrs::answering(vec![
        Some(503),
        Some(409),
        Some(400),
        None,
        Some(204),
        Some(429),
    ]);
    let report = fx.titan.relay_once(&Actor::System, &lrs, 10).await.unwrap();
    assert_eq!(report.claimed, 6);
    assert_eq!(
        (
            report.sent,
            report.already_stored,
            report.retried,
            report.dead_lettered
        ),
        (1, 1, 3, 1)
    );
    let now = fx.clock.now();
    let server = row(&fx, &rows[0].id).await;
    assert_eq!((server.status, server.attempts), (OutboxStatus::Pending, 1));
    assert_eq!(server.last_error.as_deref(), Some("HTTP 503"));
    // Backoff 5 s, jitter takes up to 20 % off.
    let wait = server.next_attempt_at.unwrap() - now;
    assert!(
        wait <= Duration::seconds(5) && wait >= Duration::seconds(4),
        "{wait}"
    );
    let conflict = row(&fx, &rows[1].id).await;
    assert_eq!(conflict.status, OutboxStatus::Sent);
    assert!(conflict.last_error.unwrap().starts_with("warning:"));
    let refused = row(&fx, &rows[2].id).await;
    assert_eq!((refused.status, refused.attempts), (OutboxStatus::Dlq, 1));
    assert_eq!(refused.last_error.as_deref(), Some("HTTP 400"));
    assert_eq!(refused.statement, rows[2].statement, "nothing is dropped");
    let unreachable = row(&fx, &rows[3].id).await;
    assert_eq!(unreachable.status, OutboxStatus::Pending);
    assert_eq!(
        unreachable.last_error.as_deref(),
        Some("network error: connection refused")
    );
    assert_eq!(row(&fx, &rows[4].id).await.status, OutboxStatus::Sent);
    assert_eq!(row(&fx, &rows[5].id).await.status, OutboxStatus::Pending);
    assert_eq!(lrs.stored().len(), 1, "only the 204 is stored");

    let backlog = fx.titan.outbox_backlog(&Actor::System).await.unwrap();
    assert_eq!((backlog.pending, backlog.dead_lettered), (3, 1));
    assert_eq!(backlog.oldest_pending_at, Some(rows[0].created_at));
    assert_eq!(backlog.oldest_pending_age_seconds, Some(3600));

    // Nothing is due during the backoff; after it, the three retried rows are.
    assert!(
        fx.titan
            .claim_outbox(&Actor::System, 10)
            .await
            .unwrap()
            .is_empty()
    );
    fx.clock.advance(Duration::seconds(5));
    let due: Vec<String> = fx
        .titan
        .claim_outbox(&Actor::System, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        due,
        [rows[0].id.clone(), rows[3].id.clone(), rows[5].id.clone()]
    );
}

pub async fn a_failing_row_is_dead_lettered_after_max_attempts_and_requeued(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let rows = seed_rows(&fx, 2).await;
    let lrs = ScriptedLrs::answering(vec![Some(500); 20]);
    for attempt in 1..=10 {
        let report = fx.titan.relay_once(&Actor::System, &lrs, 1).await.unwrap();
        assert_eq!(report.claimed, 1, "attempt {attempt}");
        fx.clock.advance(Duration::hours(1));
    }
    let dead = row(&fx, &rows[0].id).await;
    assert_eq!((dead.status, dead.attempts), (OutboxStatus::Dlq, 10));
    assert_eq!(dead.last_error.as_deref(), Some("HTTP 500"));
    assert_eq!(dead.statement, rows[0].statement);
    let listed = fx.titan.dead_letters(&fx.admin, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, rows[0].id);

    assert_code!(
        fx.titan.requeue_dead_letter(&fx.admin, &rows[1].id).await,
        "XAPI_OUTBOX_NOT_DLQ"
    );
    assert_code!(
        fx.titan.requeue_dead_letter(&fx.admin, "missing").await,
        "NOT_FOUND"
    );
    let back = fx
        .titan
        .requeue_dead_letter(&fx.admin, &rows[0].id)
        .await
        .unwrap();
    assert_eq!(
        (
            back.status,
            back.attempts,
            back.last_error,
            back.next_attempt_at
        ),
        (OutboxStatus::Pending, 0, None, None)
    );
    assert_code!(
        fx.titan.requeue_dead_letter(&fx.admin, &rows[0].id).await,
        "XAPI_OUTBOX_NOT_DLQ"
    );
    // Delivered after the re-queue (the script falls back to 200).
    let lrs = ScriptedLrs::default();
    let report = fx.titan.relay_once(&Actor::System, &lrs, 10).await.unwrap();
    assert_eq!(report.sent, 2);
    assert!(
        fx.titan
            .dead_letters(&Actor::System, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // The bulk re-queue takes the DLQ in bounded batches.
    let more = seed_rows_after(&fx, 3).await;
    let refusing = ScriptedLrs::answering(vec![Some(422); 3]);
    let report = fx
        .titan
        .relay_once(&Actor::System, &refusing, 10)
        .await
        .unwrap();
    assert_eq!(report.dead_lettered, 3);
    assert_eq!(
        fx.titan.requeue_dead_letters(&fx.admin, 2).await.unwrap(),
        2
    );
    assert_eq!(
        fx.titan.requeue_dead_letters(&fx.admin, 10).await.unwrap(),
        1
    );
    assert_eq!(
        fx.titan.requeue_dead_letters(&fx.admin, 10).await.unwrap(),
        0
    );
    for r in &more {
        assert_eq!(row(&fx, &r.id).await.status, OutboxStatus::Pending);
    }
}

/// Adds `n` PENDING rows with ids and keys of their own.
async fn seed_rows_after(fx: &Fixture, n: usize) -> Vec<XapiOutbox> {
    let mut uow = fx.store.begin().await.unwrap();
    let mut rows = Vec::new();
    for i in 0..n {
        let event = DomainEvent::Enrolled {
            user_id: format!("late{i}"),
            course_id: "c".into(),
            occurred_at: fx.clock.now(),
        };
        let row = outbox_row(
            &event,
            json!({"id": format!("late-{i}")}),
            format!("late-{i}"),
            fx.clock.now(),
        );
        uow.outbox().insert_if_absent(&row).await.unwrap();
        rows.push(row);
    }
    uow.commit().await.unwrap();
    rows
}

pub async fn the_legacy_relay_retries_five_times_a_minute_apart(store: Arc<dyn Store>) {
    let fx = Fixture::with_policy(store, Policy::legacy()).await;
    let rows = seed_rows(&fx, 1).await;
    // Legacy counts a 409 and a 400 as failures like any other.
    let lrs = ScriptedLrs::answering(vec![Some(409), Some(400), None, Some(500), Some(503)]);
    for attempt in 1..=5 {
        let before = fx.clock.now();
        let report = fx.titan.relay_once(&Actor::System, &lrs, 10).await.unwrap();
        assert_eq!(report.claimed, 1, "attempt {attempt}");
        let r = row(&fx, &rows[0].id).await;
        assert_eq!(r.attempts, attempt);
        if attempt < 5 {
            assert_eq!(r.status, OutboxStatus::Pending);
            assert_eq!(r.next_attempt_at, Some(before + Duration::seconds(60)));
            fx.clock.advance(Duration::seconds(59));
            assert!(
                fx.titan
                    .claim_outbox(&Actor::System, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            fx.clock.advance(Duration::seconds(1));
        } else {
            assert_eq!(r.status, OutboxStatus::Dlq);
        }
    }
    assert!(lrs.stored().is_empty());
}

pub async fn only_the_platform_and_super_admins_run_the_outbox(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let rows = seed_rows(&fx, 1).await;
    let learner = fx.learner("budi").await;
    let (unit_admin, _) = fx
        .user("adminbkn", crate::model::Role::AdminUnit, Some("BKN"))
        .await;
    let lrs = ScriptedLrs::default();
    for actor in [&learner, &unit_admin] {
        assert_code!(fx.titan.claim_outbox(actor, 10).await, "IDENTITY_FORBIDDEN");
        assert_code!(
            fx.titan.relay_once(actor, &lrs, 10).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(fx.titan.dead_letters(actor, 10).await, "IDENTITY_FORBIDDEN");
        assert_code!(fx.titan.outbox_backlog(actor).await, "IDENTITY_FORBIDDEN");
        assert_code!(
            fx.titan.requeue_dead_letter(actor, &rows[0].id).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan.requeue_dead_letters(actor, 10).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan
                .record_delivery(actor, &rows[0], &DeliveryReport::default())
                .await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan.claim_outbox(&Actor::Anonymous, 10).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert!(lrs.stored().is_empty());
    assert_eq!(row(&fx, &rows[0].id).await, rows[0], "nothing was claimed");
    let claimed = fx.titan.claim_outbox(&fx.admin, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let record = fx
        .titan
        .record_delivery(
            &fx.admin,
            &claimed[0],
            &DeliveryReport {
                http_status: Some(200),
                detail: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (record.outcome, record.row.status),
        (DeliveryOutcome::Sent, OutboxStatus::Sent)
    );
}

pub async fn a_stale_delivery_result_is_refused(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let rows = seed_rows(&fx, 1).await;
    let first = fx.titan.claim_outbox(&Actor::System, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].next_attempt_at,
        Some(fx.clock.now() + Duration::seconds(OUTBOX_LEASE_SECONDS))
    );
    // The lease holds the row; once it runs out another relay claims it again.
    assert!(
        fx.titan
            .claim_outbox(&Actor::System, 10)
            .await
            .unwrap()
            .is_empty()
    );
    fx.clock.advance(Duration::seconds(OUTBOX_LEASE_SECONDS));
    let second = fx.titan.claim_outbox(&Actor::System, 10).await.unwrap();
    assert_eq!(second.len(), 1);
    let ok = DeliveryReport {
        http_status: Some(200),
        detail: None,
    };
    assert_code!(
        fx.titan
            .record_delivery(&Actor::System, &first[0], &ok)
            .await,
        "XAPI_OUTBOX_STALE_CLAIM"
    );
    assert_eq!(
        row(&fx, &rows[0].id).await,
        second[0],
        "the refusal wrote nothing"
    );
    let failed = DeliveryReport {
        http_status: Some(502),
        detail: Some("Bad Gateway".into()),
    };
    let record = fx
        .titan
        .record_delivery(&Actor::System, &second[0], &failed)
        .await
        .unwrap();
    assert_eq!(
        record.row.last_error.as_deref(),
        Some("HTTP 502: Bad Gateway")
    );
    // The same claim answered twice: the second answer is stale.
    assert_code!(
        fx.titan
            .record_delivery(&Actor::System, &second[0], &ok)
            .await,
        "XAPI_OUTBOX_STALE_CLAIM"
    );
    fx.clock.advance(Duration::minutes(1));
    let third = fx.titan.claim_outbox(&Actor::System, 10).await.unwrap();
    fx.titan
        .record_delivery(&Actor::System, &third[0], &ok)
        .await
        .unwrap();
    assert_code!(
        fx.titan
            .record_delivery(&Actor::System, &third[0], &ok)
            .await,
        "XAPI_OUTBOX_NOT_PENDING"
    );
    let done = row(&fx, &rows[0].id).await;
    assert_eq!((done.status, done.attempts), (OutboxStatus::Sent, 2));
    let ghost = XapiOutbox {
        id: "ghost".into(),
        ..third[0].clone()
    };
    assert_code!(
        fx.titan.record_delivery(&Actor::System, &ghost, &ok).await,
        "NOT_FOUND"
    );
}

pub async fn two_relays_claim_every_row_exactly_once(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let rows = seed_rows(&fx, 60).await;
    let claimers: Vec<_> = (0..2)
        .map(|_| {
            let titan = fx.titan.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = titan.claim_outbox(&Actor::System, 4).await.unwrap();
                    if batch.is_empty() {
                        break mine;
                    }
                    mine.extend(batch.into_iter().map(|r| r.id));
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for c in claimers {
        all.extend(c.await.unwrap());
    }
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 60, "no row claimed twice");
    assert_eq!(unique.len(), 60, "every row claimed");

    // Whole relays too: each statement reaches the LRS once.
    fx.clock.advance(Duration::seconds(OUTBOX_LEASE_SECONDS));
    let lrs = Arc::new(ScriptedLrs::default());
    let relays: Vec<_> = (0..2)
        .map(|_| {
            let titan = fx.titan.clone();
            let lrs = Arc::clone(&lrs);
            tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let report = titan.relay_once(&Actor::System, &*lrs, 5).await.unwrap();
                    if report.claimed == 0 {
                        break sent;
                    }
                    assert_eq!(report.stale, 0);
                    sent += report.sent;
                }
            })
        })
        .collect();
    let mut sent = 0;
    for r in relays {
        sent += r.await.unwrap();
    }
    assert_eq!(sent, 60);
    let ids: HashSet<String> = lrs
        .stored()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!((lrs.stored().len(), ids.len()), (60, 60));
    for r in &rows {
        assert_eq!(row(&fx, &r.id).await.status, OutboxStatus::Sent);
    }
}
