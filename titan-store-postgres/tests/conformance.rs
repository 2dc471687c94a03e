//! The whole store conformance suite (`titan_core::testkit`), races included, on PostgreSQL.

mod common;

titan_core::store_conformance_tests!(common::fresh_store);
