//! rewards.

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_rewards {
    ($make:expr) => {};
}
