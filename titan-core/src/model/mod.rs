//! The seed's data model (`shared/seed/DATABASE_SCHEMA.md`) as Rust types.
//!
//! Field names are the seed's, in snake_case; serde uses the seed's camelCase names, so a JSON
//! document written with the seed's field names deserialises directly. Defaults are the seed's
//! `@default`s, applied by each model's `new` constructor. Enum values serialise as the seed's
//! labels. Types marked *Titan addition* are not in the seed; the stores add them as new tables
//! or nullable columns so an existing TITAN database can be migrated in place.

mod attendance;
mod certificate;
mod course;
mod curation;
mod email;
mod enrollment;
mod gamification;
mod nip;
mod pbgm;
mod platform;
mod quiz;
mod survey;
mod user;
mod values;

pub use attendance::*;
pub use certificate::*;
pub use course::*;
pub use curation::*;
pub use email::*;
pub use enrollment::*;
pub use gamification::*;
pub use nip::*;
pub use pbgm::*;
pub use platform::*;
pub use quiz::*;
pub use survey::*;
pub use user::*;
pub use values::*;

/// Declares a seed enum: the Rust enum, its labels, `as_str`, `FromStr`, `Display` and `ALL`.
macro_rules! seed_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $label:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $label)] $variant ),+
        }

        impl $name {
            /// Every value, in the seed's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The label stored in the database (the seed's spelling).
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($label => Ok($name::$variant),)+
                    other => Err(crate::error::ValidationError::UnknownLabel {
                        kind: stringify!($name),
                        value: other.to_owned(),
                    }),
                }
            }
        }
    };
}
pub(crate) use seed_enum;
