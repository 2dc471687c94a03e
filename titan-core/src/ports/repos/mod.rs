//! One repository trait per area. Every method documents the [`StoreError`](super::StoreError)
//! variants it may return besides [`StoreError::Unavailable`](super::StoreError::Unavailable)
//! and [`StoreError::Retryable`](super::StoreError::Retryable), which any method may return.
//!
//! Conventions: `get…` returns `Ok(None)` for a missing row; `insert…` refuses a duplicate id or
//! unique key with `Conflict`; `update…` replaces the row with the same id and refuses a missing
//! one with `NotFound`; lists come back in a stated, deterministic order.

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

pub use activity::*;
pub use attendance::*;
pub use catalog::*;
pub use certificates::*;
pub use curation::*;
pub use enrollments::*;
pub use gamification::*;
pub use notifications::*;
pub use outbox::*;
pub use pbgm::*;
pub use progress::*;
pub use quizzes::*;
pub use settings::*;
pub use surveys::*;
pub use users::*;
