//! Email newtype: owned by the identity rules.
