//! [`CatalogError`]: every refusal of the catalog rules, with its facts.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{ErrorCode, Lang};
use crate::model::{ContentType, EnrollmentStatus};

/// Refusals of the catalog rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum CatalogError {
    /// The course title is shorter than allowed (characters, after trimming).
    TitleTooShort {
        /// Minimum length.
        min: usize,
        /// Length given.
        actual: usize,
    },
    /// The course description is shorter than allowed (characters, after trimming).
    DescriptionTooShort {
        /// Minimum length.
        min: usize,
        /// Length given.
        actual: usize,
    },
    /// The course cannot be published yet; every problem found is listed.
    NotReadyToPublish {
        /// What must be fixed first, in course order.
        problems: Vec<PublishProblem>,
    },
    /// A reorder names an item that is not in the list.
    UnknownItem {
        /// The id given.
        id: String,
    },
    /// The list to reorder holds the same id twice.
    DuplicateItem {
        /// The repeated id.
        id: String,
    },
    /// A reorder target outside `1..=max`.
    PositionOutOfRange {
        /// The position given.
        position: i64,
        /// Smallest position (1).
        min: i64,
        /// Largest position (the number of items).
        max: i64,
    },
    /// Only published courses take enrolments.
    CourseNotPublished {
        /// The course.
        course_id: String,
    },
    /// Enrolment opens at the course's start date (policy `enrol_before_start` = false).
    EnrolmentNotOpen {
        /// When enrolment opens.
        start_date: DateTime<Utc>,
    },
    /// The course's end date has passed.
    EnrolmentClosed {
        /// When the course ended.
        end_date: DateTime<Utc>,
    },
    /// Every seat is taken (ENROLLED, IN_PROGRESS and COMPLETED count).
    CourseFull {
        /// The course's capacity.
        capacity: i32,
        /// Seats taken now.
        seats_taken: u32,
    },
    /// The learner already holds an active enrolment in this course.
    AlreadyEnrolled {
        /// Its status.
        status: EnrollmentStatus,
    },
    /// Only ENROLLED and IN_PROGRESS enrolments can be dropped.
    DropNotAllowed {
        /// The enrolment's status.
        status: EnrollmentStatus,
    },
}

/// One reason a course cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "problem",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum PublishProblem {
    /// The title is too short.
    TitleTooShort {
        /// Minimum length.
        min: usize,
        /// Length given.
        actual: usize,
    },
    /// The description is too short.
    DescriptionTooShort {
        /// Minimum length.
        min: usize,
        /// Length given.
        actual: usize,
    },
    /// The course has no module.
    NoModules,
    /// No module of the course holds a lesson.
    NoLessons,
    /// A lesson lacks the field its content type needs.
    MissingContent {
        /// The lesson's module.
        module_id: String,
        /// The lesson.
        lesson_id: String,
        /// Its content type.
        content_type: ContentType,
        /// The field it needs (any one of these, by seed name).
        fields: Vec<&'static str>,
    },
    /// A QUIZ lesson's `content` is not the id of a quiz in the same module.
    QuizNotInModule {
        /// The lesson's module.
        module_id: String,
        /// The lesson.
        lesson_id: String,
        /// The quiz id the lesson names.
        quiz_id: String,
    },
}

impl ErrorCode for CatalogError {
    fn code(&self) -> &'static str {
        match self {
            CatalogError::TitleTooShort { .. } => "CATALOG_TITLE_TOO_SHORT",
            CatalogError::DescriptionTooShort { .. } => "CATALOG_DESCRIPTION_TOO_SHORT",
            CatalogError::NotReadyToPublish { .. } => "CATALOG_NOT_READY_TO_PUBLISH",
            CatalogError::UnknownItem { .. } => "CATALOG_UNKNOWN_ITEM",
            CatalogError::DuplicateItem { .. } => "CATALOG_DUPLICATE_ITEM",
            CatalogError::PositionOutOfRange { .. } => "CATALOG_POSITION_OUT_OF_RANGE",
            CatalogError::CourseNotPublished { .. } => "CATALOG_COURSE_NOT_PUBLISHED",
            CatalogError::EnrolmentNotOpen { .. } => "CATALOG_ENROLMENT_NOT_OPEN",
            CatalogError::EnrolmentClosed { .. } => "CATALOG_ENROLMENT_CLOSED",
            CatalogError::CourseFull { .. } => "CATALOG_COURSE_FULL",
            CatalogError::AlreadyEnrolled { .. } => "CATALOG_ALREADY_ENROLLED",
            CatalogError::DropNotAllowed { .. } => "CATALOG_DROP_NOT_ALLOWED",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            CatalogError::TitleTooShort { min, .. } if en => {
                format!("The course title must be at least {min} characters")
            }
            CatalogError::TitleTooShort { min, .. } => {
                format!("Judul kursus minimal {min} karakter")
            }
            CatalogError::DescriptionTooShort { min, .. } if en => {
                format!("The course description must be at least {min} characters")
            }
            CatalogError::DescriptionTooShort { min, .. } => {
                format!("Deskripsi kursus minimal {min} karakter")
            }
            CatalogError::NotReadyToPublish { problems } if en => format!(
                "The course cannot be published yet: {} problem(s) to fix",
                problems.len()
            ),
            CatalogError::NotReadyToPublish { problems } => format!(
                "Kursus belum dapat diterbitkan: {} masalah harus diperbaiki",
                problems.len()
            ),
            CatalogError::UnknownItem { .. } if en => "The item is not in this list".to_owned(),
            CatalogError::UnknownItem { .. } => "Item tidak ada dalam daftar ini".to_owned(),
            CatalogError::DuplicateItem { .. } if en => {
                "The list holds the same item twice".to_owned()
            }
            CatalogError::DuplicateItem { .. } => {
                "Daftar memuat item yang sama dua kali".to_owned()
            }
            CatalogError::PositionOutOfRange { min, max, .. } if en => {
                format!("The position must be between {min} and {max}")
            }
            CatalogError::PositionOutOfRange { min, max, .. } => {
                format!("Posisi harus antara {min} dan {max}")
            }
            CatalogError::CourseNotPublished { .. } if en => {
                "The course is not published yet".to_owned()
            }
            CatalogError::CourseNotPublished { .. } => "Kursus belum diterbitkan".to_owned(),
            CatalogError::EnrolmentNotOpen { start_date } if en => format!(
                "Enrolment opens on {}",
                start_date.format("%Y-%m-%d %H:%M UTC")
            ),
            CatalogError::EnrolmentNotOpen { start_date } => format!(
                "Pendaftaran dibuka pada {}",
                start_date.format("%Y-%m-%d %H:%M UTC")
            ),
            CatalogError::EnrolmentClosed { .. } if en => {
                "Enrolment is closed: the course has ended".to_owned()
            }
            CatalogError::EnrolmentClosed { .. } => {
                "Pendaftaran ditutup: kursus sudah berakhir".to_owned()
            }
            CatalogError::CourseFull { capacity, .. } if en => {
                format!("The course is full (capacity {capacity})")
            }
            CatalogError::CourseFull { capacity, .. } => {
                format!("Kuota kursus sudah penuh (kapasitas {capacity})")
            }
            CatalogError::AlreadyEnrolled { .. } if en => {
                "You are already enrolled in this course".to_owned()
            }
            CatalogError::AlreadyEnrolled { .. } => "Anda sudah terdaftar di kursus ini".to_owned(),
            CatalogError::DropNotAllowed { status } if en => {
                format!("An enrolment with status {status} cannot be dropped")
            }
            CatalogError::DropNotAllowed { status } => {
                format!("Pendaftaran berstatus {status} tidak dapat dibatalkan")
            }
        }
    }
}
crate::error::impl_error!(CatalogError);

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::CoreError;

    #[test]
    fn every_refusal_has_a_code_and_both_messages() {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        let all = [
            CatalogError::TitleTooShort { min: 3, actual: 1 },
            CatalogError::DescriptionTooShort { min: 10, actual: 1 },
            CatalogError::NotReadyToPublish {
                problems: vec![PublishProblem::NoModules],
            },
            CatalogError::UnknownItem { id: "x".into() },
            CatalogError::DuplicateItem { id: "x".into() },
            CatalogError::PositionOutOfRange {
                position: 0,
                min: 1,
                max: 2,
            },
            CatalogError::CourseNotPublished {
                course_id: "c".into(),
            },
            CatalogError::EnrolmentNotOpen { start_date: t },
            CatalogError::EnrolmentClosed { end_date: t },
            CatalogError::CourseFull {
                capacity: 1,
                seats_taken: 1,
            },
            CatalogError::AlreadyEnrolled {
                status: EnrollmentStatus::Enrolled,
            },
            CatalogError::DropNotAllowed {
                status: EnrollmentStatus::Completed,
            },
        ];
        let mut codes: Vec<&str> = all.iter().map(ErrorCode::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for e in all {
            assert!(e.code().starts_with("CATALOG_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::Id));
            let core = CoreError::from(e);
            assert!(core.code().starts_with("CATALOG_"));
        }
        let facts = CoreError::from(CatalogError::CourseFull {
            capacity: 30,
            seats_taken: 30,
        })
        .facts();
        assert_eq!(facts.get("seatsTaken"), Some(&serde_json::json!(30)));
    }
}
