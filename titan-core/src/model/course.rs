use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// How a course is delivered (`DeliveryMode`).
    #[derive(Default)]
    DeliveryMode {
        /// Tatap muka: in a classroom.
        OnClassroom = "ON_CLASSROOM",
        /// Online and classroom combined.
        Hybrid = "HYBRID",
        /// Self-paced e-learning.
        #[default] AsyncOnline = "ASYNC_ONLINE",
        /// Live online on a fixed schedule.
        SyncOnline = "SYNC_ONLINE",
    }
}

impl DeliveryMode {
    /// Whether classroom attendance is part of completion (ON_CLASSROOM, HYBRID).
    #[must_use]
    pub const fn has_classroom(self) -> bool {
        matches!(self, DeliveryMode::OnClassroom | DeliveryMode::Hybrid)
    }
}

seed_enum! {
    /// Course level (`Difficulty`).
    #[derive(Default)]
    Difficulty { #[default] Beginner = "BEGINNER", Intermediate = "INTERMEDIATE", Advanced = "ADVANCED" }
}

seed_enum! {
    /// What a lesson holds (`ContentType`).
    ContentType { Video = "VIDEO", Text = "TEXT", Document = "DOCUMENT", Quiz = "QUIZ", Scorm = "SCORM", External = "EXTERNAL" }
}

/// `Course`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub description: String,
    pub thumbnail: Option<String>,
    #[serde(default)]
    pub delivery_mode: DeliveryMode,
    #[serde(default)]
    pub difficulty: Difficulty,
    #[serde(default)]
    pub is_published: bool,
    /// Minutes.
    pub duration: Option<i32>,
    pub capacity: Option<i32>,
    pub start_date: Option<DateTime<Utc>>,
    pub end_date: Option<DateTime<Utc>>,
    pub yt_playlist_id: Option<String>,
    #[serde(default)]
    pub is_processing: bool,
    pub processing_status: Option<String>,
    pub last_processed_at: Option<DateTime<Utc>>,
    pub sync_config: Option<serde_json::Value>,
    pub instructor_id: String,
    pub category_id: Option<String>,
}

impl Course {
    /// A new, unpublished course with the seed's defaults (ASYNC_ONLINE, BEGINNER).
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        slug: impl Into<String>,
        description: impl Into<String>,
        instructor_id: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            slug: slug.into(),
            description: description.into(),
            thumbnail: None,
            delivery_mode: DeliveryMode::default(),
            difficulty: Difficulty::default(),
            is_published: false,
            duration: None,
            capacity: None,
            start_date: None,
            end_date: None,
            yt_playlist_id: None,
            is_processing: false,
            processing_status: None,
            last_processed_at: None,
            sync_config: None,
            instructor_id: instructor_id.into(),
            category_id: None,
        }
    }
}

/// `Module`: an ordered part of a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    pub id: String,
    pub course_id: String,
    pub title: String,
    pub description: Option<String>,
    /// Dense 1..n within the course.
    pub order: i32,
    /// Minutes.
    pub duration: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `Lesson`: an ordered piece of content in a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    pub id: String,
    pub module_id: String,
    pub title: String,
    pub description: Option<String>,
    /// Dense 1..n within the module.
    pub order: i32,
    pub content_type: ContentType,
    /// TEXT/DOCUMENT body; for a QUIZ lesson, the id of a quiz in the same module.
    pub content: Option<String>,
    pub video_url: Option<String>,
    pub yt_video_id: Option<String>,
    pub file_url: Option<String>,
    pub scorm_url: Option<String>,
    pub external_url: Option<String>,
    /// Seconds.
    pub duration: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Lesson {
    /// A new lesson with no content fields set.
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        module_id: impl Into<String>,
        title: impl Into<String>,
        order: i32,
        content_type: ContentType,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            module_id: module_id.into(),
            title: title.into(),
            description: None,
            order,
            content_type,
            content: None,
            video_url: None,
            yt_video_id: None,
            file_url: None,
            scorm_url: None,
            external_url: None,
            duration: None,
            created_at: now,
            updated_at: now,
        }
    }
}

/// `Category` of courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub icon: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub order: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
