//! learning.

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_learning {
    ($make:expr) => {};
}
