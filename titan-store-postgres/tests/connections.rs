//! The pool hands out idle connections without pinging them (one round trip saved per unit of
//! work): a connection the server has dropped meanwhile must be noticed and replaced, not
//! surface as an error to the caller.

#![allow(clippy::expect_used, clippy::panic)]

mod common;

use sqlx::{Connection, PgConnection};
use titan_core::model::User;
use titan_core::ports::Store;
use titan_store_postgres::{PgConfig, PgStore};

const POOL: u32 = 4;

/// Every session of the store's database, ended by the server (as a restart or an idle-timeout
/// proxy would); returns how many there were.
async fn terminate_sessions(admin: &mut PgConnection, url: &str) -> i64 {
    let db = url
        .rsplit('/')
        .next()
        .and_then(|s| s.split('?').next())
        .expect("database name");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(db)
    .fetch_all(&mut *admin)
    .await
    .expect("terminate the sessions");
    assert!(ended.iter().all(|e| *e), "every session ended");
    i64::try_from(ended.len()).expect("count")
}

async fn warmed_store() -> (PgStore, String) {
    let url = common::migrated_database().await;
    let store = PgStore::connect(&PgConfig::from_url(url.clone()).pool_size(POOL))
        .await
        .expect("connect");
    // Open every connection of the pool: POOL units of work at once.
    let mut open = Vec::new();
    for _ in 0..POOL {
        open.push(store.begin().await.expect("begin"));
    }
    let mut first = open.pop().expect("a unit of work");
    first
        .users()
        .insert(&User::new("u1", "u1@titan.go.id"))
        .await
        .expect("insert");
    first.commit().await.expect("commit");
    for uow in open {
        uow.rollback().await.expect("rollback");
    }
    (store, url)
}

#[tokio::test]
async fn units_of_work_survive_connections_the_server_dropped() {
    let (store, url) = warmed_store().await;
    let mut admin = PgConnection::connect(&common::admin_url())
        .await
        .expect("admin");
    assert_eq!(terminate_sessions(&mut admin, &url).await, i64::from(POOL));

    // Every idle connection is dead; each of these finds a live one.
    let mut uow = store.begin().await.expect("begin after the sessions ended");
    let user = uow.users().get("u1").await.expect("read").expect("u1");
    assert_eq!(user.email, "u1@titan.go.id");
    uow.rollback().await.expect("rollback");
    let mut read = store.begin_read().await.expect("begin_read");
    assert!(read.users().get("u1").await.expect("read").is_some());
    read.rollback().await.expect("rollback");
}

#[tokio::test]
async fn the_dashboard_read_survives_connections_the_server_dropped() {
    let (store, url) = warmed_store().await;
    let mut admin = PgConnection::connect(&common::admin_url())
        .await
        .expect("admin");
    assert_eq!(terminate_sessions(&mut admin, &url).await, i64::from(POOL));

    let snapshot = store
        .learner_snapshot("u1")
        .await
        .expect("snapshot after the sessions ended")
        .expect("u1");
    assert_eq!(snapshot.learner.id, "u1");
    assert!(snapshot.courses.is_empty());
    assert_eq!(snapshot.unread_notifications, 0);
}
