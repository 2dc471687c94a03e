//! # titan-store-postgres
//!
//! Titan's PostgreSQL store, on the seed's own schema: the tables, columns, enums, unique keys
//! and cascades that TITAN ULP's Prisma schema creates (`migrations/`), plus Titan's additive
//! tables and nullable columns, so Titan can run against an existing TITAN database after
//! [`PgStore::migrate`].
//!
//! - Queries are built with sea-query and bound through sea-query-sqlx: no SQL text is ever
//!   assembled from values.
//! - A read-write unit of work is a READ COMMITTED transaction; reads that guard a write lock
//!   their rows (`FOR UPDATE`), the outbox is claimed with `FOR UPDATE SKIP LOCKED`, the
//!   certificate counter is an upserted row locked until commit (ADR 0003). A read-only unit of
//!   work is a REPEATABLE READ, READ ONLY transaction: one consistent snapshot.
//! - Unique violations become `StoreError::Conflict` with the constraint names of
//!   `titan_core::ports::constraint`; serialization failures and deadlocks become
//!   `StoreError::Retryable`, which the use cases retry.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use titan_core::app::Titan;
//! use titan_store_postgres::{PgConfig, PgStore};
//!
//! let store = PgStore::connect(&PgConfig::from_url("postgres://titan@localhost/titan")).await?;
//! store.migrate().await?;
//! let titan = Titan::builder(Arc::new(store)).build()?;
//! # let _ = titan; Ok(()) }
//! ```

mod codec;
mod repos;

use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use titan_core::ports::{
    ActivityRepository, AttendanceRepository, CatalogRepository, CertificateRepository,
    CurationRepository, EnrollmentRepository, GamificationRepository, LearnerSnapshot,
    NotificationRepository, OutboxRepository, PbgmRepository, ProgressRepository, QuizRepository,
    SettingsRepository, Store, StoreError, StoreResult, SurveyRepository, UnitOfWork,
    UserRepository,
};

pub use codec::map_error;

/// The embedded migrations (`migrations/*.sql`): the seed's schema, then Titan's additions.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How to reach the database.
#[derive(Clone, PartialEq, Eq)]
pub struct PgConfig {
    /// A `postgres://` URL; `sslmode` (`disable`, `prefer`, `require`, `verify-ca`,
    /// `verify-full`) and `sslrootcert` are honoured, TLS through rustls.
    pub url: String,
    /// Connections in the pool (default 10).
    pub max_connections: u32,
    /// How long to wait for a free connection before `StoreError::Unavailable` (default 30 s).
    pub acquire_timeout: Duration,
}

impl std::fmt::Debug for PgConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password.
        f.debug_struct("PgConfig")
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .finish_non_exhaustive()
    }
}

impl PgConfig {
    /// Defaults for `url`.
    #[must_use]
    pub fn from_url(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            acquire_timeout: Duration::from_secs(30),
        }
    }

    /// With a pool of `n` connections.
    #[must_use]
    pub fn pool_size(mut self, n: u32) -> Self {
        self.max_connections = n.max(1);
        self
    }
}

/// The PostgreSQL store: a connection pool. Cheap to clone (clones share the pool).
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("connections", &self.pool.size())
            .finish_non_exhaustive()
    }
}

/// What [`PgStore::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// Migrations applied now, by version and description.
    pub applied: Vec<(i64, String)>,
    /// Migrations that were already applied.
    pub already_applied: usize,
}

impl PgStore {
    /// Connects a pool.
    ///
    /// # Errors
    /// `StoreError::Unavailable` for a malformed URL or an unreachable server.
    pub async fn connect(config: &PgConfig) -> StoreResult<Self> {
        let options =
            PgConnectOptions::from_str(&config.url).map_err(|e| StoreError::Unavailable {
                reason: format!("invalid database URL: {e}"),
            })?;
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            // No ping before handing out a connection: one round trip per unit of work saved.
            // A connection the server dropped meanwhile fails its first statement, which
            // `on_live_connection` repeats on another one.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(map_error)?;
        Ok(Self { pool })
    }

    /// A store over an existing pool.
    #[must_use]
    pub fn with_pool(pool: PgPool) -> Self {
        Self { pool }
    }

    /// The pool.
    #[must_use]
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Applies the migrations not applied yet (safe to run twice: the second run applies
    /// nothing). An existing TITAN ULP database is adopted: the seed's objects that already
    /// exist are left as they are.
    ///
    /// # Errors
    /// `StoreError::Unavailable` when a migration fails (it is rolled back) or a migration that
    /// was applied has changed since.
    pub async fn migrate(&self) -> StoreResult<MigrationReport> {
        let before: std::collections::HashSet<i64> = applied_versions(&self.pool).await?;
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Unavailable {
                reason: format!("migration failed: {e}"),
            })?;
        let applied = MIGRATOR
            .iter()
            .filter(|m| !before.contains(&m.version))
            .map(|m| (m.version, m.description.to_string()))
            .collect();
        Ok(MigrationReport {
            applied,
            already_applied: before.len(),
        })
    }
}

impl PgStore {
    /// Runs `first_statement` (a `BEGIN`, or a lone read: nothing that has changed anything
    /// when it fails) again while the connection it was given turns out to be lost — the
    /// server restarted, or a proxy or firewall dropped an idle connection. The pool does not
    /// ping a connection before handing it out, so this is where a dead one is noticed; the
    /// pool closes it (its release ping fails), and the next try gets another or a new one.
    /// Each connection of the pool may be dead, so it tries once more than there are.
    pub(crate) async fn on_live_connection<T, F, Fut>(
        &self,
        mut first_statement: F,
    ) -> Result<T, sqlx::Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, sqlx::Error>>,
    {
        let mut tries_left = self.pool.options().get_max_connections();
        loop {
            match first_statement().await {
                Err(e) if tries_left > 0 && codec::connection_lost(&e) => tries_left -= 1,
                done => return done,
            }
        }
    }
}

async fn applied_versions(pool: &PgPool) -> StoreResult<std::collections::HashSet<i64>> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = '_sqlx_migrations')",
    )
    .fetch_one(pool)
    .await
    .map_err(map_error)?;
    if !exists {
        return Ok(std::collections::HashSet::new());
    }
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await
            .map_err(map_error)?;
    Ok(versions.into_iter().collect())
}

#[async_trait]
impl Store for PgStore {
    async fn begin(&self) -> StoreResult<Box<dyn UnitOfWork>> {
        let tx = self
            .on_live_connection(|| self.pool.begin())
            .await
            .map_err(map_error)?;
        Ok(Box::new(PgUnitOfWork {
            tx,
            read_only: false,
        }))
    }

    async fn begin_read(&self) -> StoreResult<Box<dyn UnitOfWork>> {
        let tx = self
            .on_live_connection(|| {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            })
            .await
            .map_err(map_error)?;
        Ok(Box::new(PgUnitOfWork {
            tx,
            read_only: true,
        }))
    }

    async fn learner_snapshot(&self, learner_id: &str) -> StoreResult<Option<LearnerSnapshot>> {
        self.read_learner_snapshot(learner_id).await
    }
}

/// A unit of work: one PostgreSQL transaction, implementing every repository.
pub(crate) struct PgUnitOfWork {
    tx: Transaction<'static, Postgres>,
    read_only: bool,
}

#[async_trait]
impl UnitOfWork for PgUnitOfWork {
    fn users(&mut self) -> &mut dyn UserRepository {
        self
    }
    fn catalog(&mut self) -> &mut dyn CatalogRepository {
        self
    }
    fn enrollments(&mut self) -> &mut dyn EnrollmentRepository {
        self
    }
    fn progress(&mut self) -> &mut dyn ProgressRepository {
        self
    }
    fn quizzes(&mut self) -> &mut dyn QuizRepository {
        self
    }
    fn attendance(&mut self) -> &mut dyn AttendanceRepository {
        self
    }
    fn gamification(&mut self) -> &mut dyn GamificationRepository {
        self
    }
    fn certificates(&mut self) -> &mut dyn CertificateRepository {
        self
    }
    fn pbgm(&mut self) -> &mut dyn PbgmRepository {
        self
    }
    fn surveys(&mut self) -> &mut dyn SurveyRepository {
        self
    }
    fn curation(&mut self) -> &mut dyn CurationRepository {
        self
    }
    fn outbox(&mut self) -> &mut dyn OutboxRepository {
        self
    }
    fn activity(&mut self) -> &mut dyn ActivityRepository {
        self
    }
    fn notifications(&mut self) -> &mut dyn NotificationRepository {
        self
    }
    fn settings(&mut self) -> &mut dyn SettingsRepository {
        self
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await.map_err(map_error)
    }

    async fn rollback(self: Box<Self>) -> StoreResult<()> {
        self.tx.rollback().await.map_err(map_error)
    }
}
