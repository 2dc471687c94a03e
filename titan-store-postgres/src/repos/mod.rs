//! One file per area, implementing that area's repository on `PgUnitOfWork`.

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
mod users;

/// PENDING (skeleton only): the error of a repository method not implemented yet.
pub(crate) fn pending(what: &str) -> titan_core::ports::StoreError {
    titan_core::ports::StoreError::Unavailable {
        reason: format!("{what} is not implemented yet"),
    }
}
