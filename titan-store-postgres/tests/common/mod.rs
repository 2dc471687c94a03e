//! A database per test on the server at `TITAN_TEST_DATABASE_URL` (a superuser URL; `scripts/test`
//! starts a throwaway server and sets it). A migrated template database is made once per test
//! process; each test gets its own copy (`CREATE DATABASE … TEMPLATE`), so tests never see each
//! other's rows.

#![allow(dead_code, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, OnceLock};

use sqlx::{Connection, PgConnection};
use titan_core::ports::Store;
use titan_store_postgres::{PgConfig, PgStore};

/// The server's superuser URL.
pub fn admin_url() -> String {
    std::env::var("TITAN_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "TITAN_TEST_DATABASE_URL is not set: run scripts/test (it starts a throwaway \
             PostgreSQL), or point it at a server where this user may create databases"
        )
    })
}

/// `url` with its database replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| {
        i + 3 + base[i + 3..].find('/').unwrap_or(base.len() - i - 3)
    });
    format!("{}/{db}{query}", &base[..authority_end])
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

/// Creates an empty database and returns its URL.
pub async fn empty_database() -> String {
    let admin = admin_url();
    let name = unique_name("titan_t");
    let mut conn = PgConnection::connect(&admin)
        .await
        .expect("connect to the test server");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut conn)
        .await
        .expect("create database");
    with_database(&admin, &name)
}

fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // Its own thread and runtime: the tests' runtimes come and go.
        std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let url = empty_database().await;
                let store = PgStore::connect(&PgConfig::from_url(url.clone()).pool_size(1))
                    .await
                    .expect("connect to the template");
                store.migrate().await.expect("migrate the template");
                store.pool().close().await;
                url.rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .split('?')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        })
        .join()
        .expect("template thread")
    })
}

/// A fresh, migrated database's URL.
pub async fn migrated_database() -> String {
    let admin = admin_url();
    let template = template();
    let name = unique_name("titan_t");
    let mut conn = PgConnection::connect(&admin)
        .await
        .expect("connect to the test server");
    let mut attempt = 0;
    loop {
        let created = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        )))
        .execute(&mut conn)
        .await;
        match created {
            Ok(_) => break,
            // Another test copying the template at the same instant: try again.
            Err(e) if attempt < 50 => {
                attempt += 1;
                let _ = e;
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(e) => panic!("create database from template: {e}"),
        }
    }
    with_database(&admin, &name)
}

/// A store over a fresh, migrated database.
pub async fn fresh_store() -> Arc<dyn Store> {
    let url = migrated_database().await;
    let store = PgStore::connect(&PgConfig::from_url(url).pool_size(8))
        .await
        .expect("connect to the test database");
    Arc::new(store)
}
