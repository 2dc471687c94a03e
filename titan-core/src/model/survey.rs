use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `FeedbackSurvey` (table `feedback_surveys`) of a course, optionally of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackSurvey {
    pub id: String,
    pub course_id: String,
    pub session_id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    #[serde(default = "yes")]
    pub is_active: bool,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const fn yes() -> bool {
    true
}

/// `FeedbackResponse` (table `feedback_responses`); one per (survey, user). Ratings are 1..5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackResponse {
    pub id: String,
    pub survey_id: String,
    pub user_id: String,
    pub instructor_rating: Option<i32>,
    pub material_rating: Option<i32>,
    pub facility_rating: Option<i32>,
    pub overall_rating: i32,
    pub strengths: Option<String>,
    pub improvements: Option<String>,
    pub suggestions: Option<String>,
    #[serde(default)]
    pub is_anonymous: bool,
    pub submitted_at: DateTime<Utc>,
}
