//! SPEC §2 Catalog: course fields and slugs, publish readiness, the dense ordering of modules
//! and lessons, durations and JP, and enrolment admission.
//!
//! ```
//! use titan_core::rules::catalog::{jp_from_minutes, slugify, unique_slug};
//!
//! assert_eq!(slugify("Manajemen ASN: Dasar-Dasar"), "manajemen-asn-dasar-dasar");
//! assert_eq!(unique_slug("etika", ["etika", "etika-2"]), "etika-3");
//! assert_eq!(jp_from_minutes(90), 2);
//! assert_eq!(jp_from_minutes(91), 3);
//! ```

mod course;
mod durations;
mod enrolment;
mod error;
mod ordering;
mod policy;
mod publish;

pub use course::{
    DESCRIPTION_MIN_CHARS, SLUG_FALLBACK, SLUG_MAX_CHARS, TITLE_MIN_CHARS, slugify, unique_slug,
    validate_course_fields,
};
pub use durations::{
    CourseDurations, JP_MINUTES, ModuleDuration, course_durations, jp_from_minutes,
    minutes_from_seconds, total_minutes,
};
pub use enrolment::{EnrolmentAdmission, admit_enrolment, drop_enrolment};
pub use error::{CatalogError, PublishProblem};
pub use ordering::{Placement, renumber, reorder};
pub use policy::{CatalogPolicy, EnrolmentChecks};
pub use publish::publish_readiness;
