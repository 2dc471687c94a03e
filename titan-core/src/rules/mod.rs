//! The rules, one module per SPEC area. Every rule is a pure, synchronous function: the current
//! time, the policy and every fact it needs are arguments; none reads a clock, a random source or
//! a store.

pub mod attendance;
pub mod catalog;
pub mod certificate;
pub mod common;
pub mod curation;
pub mod gamification;
pub mod identity;
pub mod pbgm;
pub mod progress;
pub mod quiz;
pub mod survey;
pub mod xapi;
