//! Runnable journeys through Titan; see `quickstart.rs`.
