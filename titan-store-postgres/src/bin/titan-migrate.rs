//! `titan-migrate`: applies Titan's migrations to the database at `TITAN_DATABASE_URL` and
//! reports what it did. Safe to run twice: the second run applies nothing.
//!
//! ```sh
//! TITAN_DATABASE_URL=postgres://user:pass@host/titan?sslmode=require \
//!   cargo run -p titan-store-postgres --bin titan-migrate
//! ```

use std::process::ExitCode;

use titan_store_postgres::{MIGRATOR, PgConfig, PgStore};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Ok(url) = std::env::var("TITAN_DATABASE_URL") else {
        eprintln!("titan-migrate: set TITAN_DATABASE_URL (postgres://user:password@host:port/db)");
        return ExitCode::from(2);
    };
    let store = match PgStore::connect(&PgConfig::from_url(url).pool_size(1)).await {
        Ok(store) => store,
        Err(e) => {
            eprintln!("titan-migrate: cannot connect: {e}");
            return ExitCode::FAILURE;
        }
    };
    match store.migrate().await {
        Ok(report) => {
            for (version, description) in &report.applied {
                println!("applied {version} {description}");
            }
            println!(
                "{} migration(s) applied now, {} already applied, {} known",
                report.applied.len(),
                report.already_applied,
                MIGRATOR.iter().count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("titan-migrate: {e}");
            ExitCode::FAILURE
        }
    }
}
