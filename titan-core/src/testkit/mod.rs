//! The store conformance suite (feature `testkit`): every use case, every refusal and the races,
//! as async test bodies over any [`Store`](crate::ports::Store), plus deterministic ports and
//! fixtures.
//!
//! A store crate runs the whole suite with one macro call in its tests, giving an async
//! constructor of a fresh, empty store (each test gets its own):
//!
//! ```ignore
//! #[cfg(test)]
//! mod conformance {
//!     titan_core::store_conformance_tests!(|| async {
//!         std::sync::Arc::new(my_store::MyStore::new()) as std::sync::Arc<dyn titan_core::ports::Store>
//!     });
//! }
//! ```
//!
//! The generated tests run on a multi-threaded tokio runtime (the store crate needs `tokio` with
//! `macros` and `rt-multi-thread` as a dev-dependency), so the races run truly in parallel.
//! Each area's bodies live in their own module and list themselves in that module's macro.

// Test code: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod fixture;
pub mod ports;

pub mod attendance;
pub mod catalog;
pub mod certificates;
pub mod curation;
pub mod gamification;
pub mod journey;
pub mod learning;
pub mod notifications;
pub mod outbox;
pub mod pbgm;
pub mod points;
pub mod quiz;
pub mod rewards;
pub mod survey;
pub mod users;

pub use fixture::{CourseFixture, Fixture, PASSWORD, text_lesson, video_lesson};
pub use ports::{ManualClock, ScriptedLrs, SeededSecrets, SequentialIds};

/// Re-exported for the generated tests.
#[doc(hidden)]
pub use tokio;

/// Runs the whole conformance suite against the store `$make` builds (an expression evaluating
/// to an async closure returning `Arc<dyn Store>`).
#[macro_export]
macro_rules! store_conformance_tests {
    ($make:expr) => {
        $crate::__conformance_users!($make);
        $crate::__conformance_catalog!($make);
        $crate::__conformance_learning!($make);
        $crate::__conformance_quiz!($make);
        $crate::__conformance_rewards!($make);
        $crate::__conformance_attendance!($make);
        $crate::__conformance_survey!($make);
        $crate::__conformance_curation!($make);
        $crate::__conformance_gamification!($make);
        $crate::__conformance_points!($make);
        $crate::__conformance_certificates!($make);
        $crate::__conformance_outbox!($make);
        $crate::__conformance_notifications!($make);
        $crate::__conformance_journey!($make);
        $crate::__conformance_pbgm!($make);
    };
}

/// One `#[tokio::test]` per listed body, in a module named after the area.
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_cases {
    ($make:expr, $area:ident, [$($case:ident),* $(,)?]) => {
        mod $area {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[$crate::testkit::tokio::test(flavor = "multi_thread", worker_threads = 4, crate = "titan_core::testkit::tokio")]
                async fn $case() {
                    let store = ($make)().await;
                    $crate::testkit::$area::$case(store).await;
                }
            )*
        }
    };
}

/// Asserts that a result is an error with `code`.
#[macro_export]
macro_rules! assert_code {
    ($result:expr, $code:expr) => {{
        match $result {
            Ok(v) => panic!("expected {} but got Ok({:?})", $code, v),
            Err(e) => assert_eq!($crate::app::Error::code(&e), $code, "{e:?}"),
        }
    }};
}
