use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Status of a curation session (the seed stores it as text).
    #[derive(Default)]
    CurationStatus { #[default] Searching = "searching", Scoring = "scoring", Ready = "ready", Finalized = "finalized" }
}

seed_enum! {
    /// A candidate's recommendation (the seed stores it as text).
    #[derive(Default)]
    Recommendation { Include = "include", #[default] Maybe = "maybe", Exclude = "exclude" }
}

/// `YtCurationSession` (table `yt_curation_sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YtCurationSession {
    /// UUID.
    pub id: String,
    pub session_uuid: String,
    pub topic: String,
    pub language: Option<String>,
    pub level: Option<String>,
    pub target_duration_min: i32,
    /// Comma-separated channel names.
    pub include_channels: Option<String>,
    /// Comma-separated channel names.
    pub exclude_channels: Option<String>,
    #[serde(default)]
    pub status: CurationStatus,
    pub total_candidates: Option<i32>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub processed_at: Option<DateTime<Utc>>,
    /// *Titan addition* (nullable column `createdBy`): the user who started the session. Its
    /// creator and the unit admins of the creator's unit manage it; a session without one (a
    /// row of the original app) is managed by `SUPER_ADMIN` only.
    #[serde(default)]
    pub created_by: Option<String>,
}

impl YtCurationSession {
    /// A new session with the seed's defaults ("Bahasa Indonesia", "All levels", 60 minutes,
    /// status searching, 0 candidates).
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        session_uuid: impl Into<String>,
        topic: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.into(),
            session_uuid: session_uuid.into(),
            topic: topic.into(),
            language: Some("Bahasa Indonesia".to_owned()),
            level: Some("All levels".to_owned()),
            target_duration_min: 60,
            include_channels: None,
            exclude_channels: None,
            status: CurationStatus::Searching,
            total_candidates: Some(0),
            created_at: Some(now),
            updated_at: Some(now),
            processed_at: None,
            created_by: None,
        }
    }
}

/// `YtCurationCandidate` (table `yt_curation_candidates`); unique per (session, video).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YtCurationCandidate {
    /// UUID.
    pub id: String,
    pub session_id: String,
    pub video_id: String,
    pub video_title: String,
    pub video_url: Option<String>,
    pub video_thumbnail: Option<String>,
    pub channel_title: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<i32>,
    pub relevance_score: Option<i32>,
    pub level_fit_score: Option<i32>,
    pub pedagogy_score: Option<i32>,
    pub technical_score: Option<i32>,
    pub overall_score: Option<i32>,
    pub recommendation: Option<Recommendation>,
    pub role_suggestion: Option<String>,
    pub key_topics: Option<serde_json::Value>,
    pub prerequisites: Option<serde_json::Value>,
    pub ai_summary: Option<String>,
    pub ai_notes: Option<String>,
    pub selected: Option<bool>,
    pub order_in_playlist: Option<i32>,
}
