//! # titan-core
//!
//! The rules of Titan, the learning platform for Indonesian civil servants (ASN): courses and
//! progress, quizzes, classroom attendance, points, levels, streaks and badges, certificates,
//! PBGM project mentoring, surveys, video curation and xAPI learning records.
//!
//! Everything here is a pure, synchronous function over the seed's data model ([`model`]) and a
//! [`Policy`]: the current time is an argument, nothing reads a clock, a random source or a
//! store. Refusals are typed values with stable codes ([`CoreError`]).
//!
//! ```
//! use titan_core::Policy;
//!
//! let recommended = Policy::recommended();
//! let legacy = Policy::legacy();
//! assert_ne!(recommended, legacy);
//! ```

#![warn(missing_docs)]

pub mod app;
pub mod error;
pub mod events;
// The model mirrors the seed field by field; its columns are documented in DATABASE_SCHEMA.md,
// so only non-obvious fields carry a doc comment.
#[allow(missing_docs)]
pub mod model;
pub mod policy;
pub mod ports;
pub mod rules;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use error::{CoreError, ErrorCode, Lang, ValidationError};
pub use policy::Policy;
