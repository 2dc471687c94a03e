use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Where a learner stands in a course (`EnrollmentStatus`).
    #[derive(Default)]
    EnrollmentStatus { #[default] Enrolled = "ENROLLED", InProgress = "IN_PROGRESS", Completed = "COMPLETED", Dropped = "DROPPED" }
}

impl EnrollmentStatus {
    /// Whether the enrolment takes a seat (ENROLLED, IN_PROGRESS, COMPLETED).
    #[must_use]
    pub const fn takes_seat(self) -> bool {
        !matches!(self, EnrollmentStatus::Dropped)
    }
}

/// `Enrollment` of a user in a course; unique per (user, course).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enrollment {
    pub id: String,
    pub user_id: String,
    pub course_id: String,
    #[serde(default)]
    pub status: EnrollmentStatus,
    /// Percent 0..100, stored rounded to 2 places.
    #[serde(default)]
    pub progress: Decimal,
    pub enrolled_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl Enrollment {
    /// A new ENROLLED row with progress 0.
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        user_id: impl Into<String>,
        course_id: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            user_id: user_id.into(),
            course_id: course_id.into(),
            status: EnrollmentStatus::Enrolled,
            progress: Decimal::ZERO,
            enrolled_at: now,
            started_at: None,
            completed_at: None,
        }
    }
}

/// `Progress` of a user on a lesson; unique per (user, lesson).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub id: String,
    pub user_id: String,
    pub lesson_id: String,
    #[serde(default)]
    pub is_completed: bool,
    /// Credited watched seconds (video).
    pub watched_seconds: Option<i32>,
    /// Last reported player position in seconds (video).
    pub last_position: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// *Titan addition*: client elapsed seconds at the last heartbeat, to bound crediting.
    #[serde(default)]
    pub last_elapsed: Option<i32>,
    /// *Titan addition*: who completed the lesson for the learner (manual completion).
    #[serde(default)]
    pub completed_by: Option<String>,
    /// *Titan addition*: why the lesson was completed manually.
    #[serde(default)]
    pub completion_reason: Option<String>,
}

impl Progress {
    /// A fresh, incomplete progress row.
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        user_id: impl Into<String>,
        lesson_id: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            user_id: user_id.into(),
            lesson_id: lesson_id.into(),
            is_completed: false,
            watched_seconds: None,
            last_position: None,
            started_at: now,
            completed_at: None,
            last_elapsed: None,
            completed_by: None,
            completion_reason: None,
        }
    }
}
