//! # titan-store-memory
//!
//! Titan's in-memory store: the embedded default for demos, tests and the bindings. It keeps
//! PostgreSQL's observable semantics so code proven on it behaves the same on the PostgreSQL
//! store:
//!
//! - **Transactions apply whole or not at all.** Every write is journaled; a unit of work that
//!   is rolled back (or dropped) undoes its journal, newest write first.
//! - **Serializable by construction.** One read-write unit of work runs at a time (an async
//!   writer lock held from `begin` to `commit`), so every read inside it is as good as a
//!   `FOR UPDATE` read. Read-only units of work share the lock and see committed data only.
//! - **Uniqueness is a constraint**: the seed's unique keys (and Titan's) are unique indexes,
//!   checked before a write changes anything, reported as `StoreError::Conflict` with the
//!   constraint's PostgreSQL name.
//! - **Lookups stay fast with millions of rows**: by id and by unique key they are hash
//!   lookups; lists go through ordered secondary indexes (O(log n + k)).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), titan_core::app::Error> {
//! use std::sync::Arc;
//! use titan_core::app::{Actor, Registration, Titan};
//! use titan_store_memory::MemoryStore;
//!
//! let titan = Titan::builder(Arc::new(MemoryStore::new())).build()?;
//! let admin = titan
//!     .bootstrap_super_admin(&Registration::new("admin@example.go.id", "rahasia-123"))
//!     .await?;
//! assert_eq!(admin.role, titan_core::model::Role::SuperAdmin);
//! # Ok(()) }
//! ```

mod activity;
mod attendance;
mod catalog;
mod certificates;
mod curation;
mod enrollments;
mod gamification;
mod notifications;
mod outbox;
mod pbgm;
mod progress;
mod quizzes;
mod settings;
mod surveys;
mod table;
mod users;

use std::sync::Arc;

use async_trait::async_trait;
use titan_core::ports::{
    ActivityRepository, AttendanceRepository, CatalogRepository, CertificateRepository,
    CurationRepository, EnrollmentRepository, GamificationRepository, NotificationRepository,
    OutboxRepository, PbgmRepository, ProgressRepository, QuizRepository, SettingsRepository,
    Store, StoreError, StoreResult, SurveyRepository, UnitOfWork, UserRepository,
};
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

use table::Journaled;

/// Declares a group of tables that commit and roll back together.
macro_rules! tables {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty = $init:expr),+ $(,)? }) => {
        $(#[$meta])*
        pub(crate) struct $name {
            $(pub(crate) $field: $ty,)+
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $($field: $init,)+ }
            }
        }

        impl $crate::table::Journaled for $name {
            fn commit(&mut self) {
                $($crate::table::Journaled::commit(&mut self.$field);)+
            }

            fn rollback(&mut self) {
                $($crate::table::Journaled::rollback(&mut self.$field);)+
            }
        }
    };
}
pub(crate) use tables;

/// Implements `table::Row` for models with a `String` id field.
macro_rules! rows {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::table::Row for $ty {
            fn id(&self) -> &str {
                &self.id
            }
        })+
    };
}
pub(crate) use rows;

/// Every table of the store, by area.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) users: users::UserTables,
    pub(crate) catalog: catalog::CatalogTables,
    pub(crate) enrollments: enrollments::EnrollmentTables,
    pub(crate) progress: progress::ProgressTables,
    pub(crate) quizzes: quizzes::QuizTables,
    pub(crate) attendance: attendance::AttendanceTables,
    pub(crate) gamification: gamification::GamificationTables,
    pub(crate) certificates: certificates::CertificateTables,
    pub(crate) pbgm: pbgm::PbgmTables,
    pub(crate) surveys: surveys::SurveyTables,
    pub(crate) curation: curation::CurationTables,
    pub(crate) outbox: outbox::OutboxTables,
    pub(crate) activity: activity::ActivityTables,
    pub(crate) notifications: notifications::NotificationTables,
    pub(crate) settings: settings::SettingTables,
}

impl State {
    fn parts(&mut self) -> [&mut dyn Journaled; 15] {
        [
            &mut self.users,
            &mut self.catalog,
            &mut self.enrollments,
            &mut self.progress,
            &mut self.quizzes,
            &mut self.attendance,
            &mut self.gamification,
            &mut self.certificates,
            &mut self.pbgm,
            &mut self.surveys,
            &mut self.curation,
            &mut self.outbox,
            &mut self.activity,
            &mut self.notifications,
            &mut self.settings,
        ]
    }

    fn commit(&mut self) {
        for part in self.parts() {
            part.commit();
        }
    }

    fn rollback(&mut self) {
        for part in self.parts() {
            part.rollback();
        }
    }
}

/// The in-memory store. Cheap to clone: clones share the same data.
#[derive(Clone, Default)]
pub struct MemoryStore {
    state: Arc<RwLock<State>>,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore").finish_non_exhaustive()
    }
}

impl MemoryStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn begin(&self) -> StoreResult<Box<dyn UnitOfWork>> {
        let guard = Arc::clone(&self.state).write_owned().await;
        Ok(Box::new(MemoryUnitOfWork {
            guard: Guard::Write(guard),
            finished: false,
        }))
    }

    async fn begin_read(&self) -> StoreResult<Box<dyn UnitOfWork>> {
        let guard = Arc::clone(&self.state).read_owned().await;
        Ok(Box::new(MemoryUnitOfWork {
            guard: Guard::Read(guard),
            finished: false,
        }))
    }
}

enum Guard {
    Write(OwnedRwLockWriteGuard<State>),
    Read(OwnedRwLockReadGuard<State>),
}

/// A unit of work of the memory store: it holds the writer lock (or a reader's share) until it
/// ends, and implements every repository.
pub(crate) struct MemoryUnitOfWork {
    guard: Guard,
    finished: bool,
}

impl MemoryUnitOfWork {
    pub(crate) fn state(&self) -> &State {
        match &self.guard {
            Guard::Write(g) => g,
            Guard::Read(g) => g,
        }
    }

    /// The state, for a write.
    ///
    /// # Errors
    /// `ReadOnly` in a read-only unit of work.
    pub(crate) fn state_mut(&mut self) -> StoreResult<&mut State> {
        match &mut self.guard {
            Guard::Write(g) => Ok(g),
            Guard::Read(_) => Err(StoreError::ReadOnly),
        }
    }

    fn end(&mut self, commit: bool) {
        if self.finished {
            return;
        }
        self.finished = true;
        if let Guard::Write(g) = &mut self.guard {
            if commit {
                g.commit();
            } else {
                g.rollback();
            }
        }
    }
}

impl Drop for MemoryUnitOfWork {
    fn drop(&mut self) {
        self.end(false);
    }
}

#[async_trait]
impl UnitOfWork for MemoryUnitOfWork {
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

    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.end(true);
        Ok(())
    }

    async fn rollback(mut self: Box<Self>) -> StoreResult<()> {
        self.end(false);
        Ok(())
    }
}

/// The README's examples, compiled and run as doctests so they stay true (here, where both the
/// engine and a store are at hand).
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod conformance {
    titan_core::store_conformance_tests!(|| async {
        std::sync::Arc::new(crate::MemoryStore::new())
            as std::sync::Arc<dyn titan_core::ports::Store>
    });
}
