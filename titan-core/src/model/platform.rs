use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Kind of in-app notification (`NotificationType`).
    NotificationType {
        CourseEnrolled = "COURSE_ENROLLED",
        CourseCompleted = "COURSE_COMPLETED",
        QuizGraded = "QUIZ_GRADED",
        BadgeEarned = "BADGE_EARNED",
        CertificateIssued = "CERTIFICATE_ISSUED",
        SessionReminder = "SESSION_REMINDER",
        System = "SYSTEM",
    }
}

/// `Notification` to one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub notification_type: NotificationType,
    pub title: String,
    pub message: String,
    pub link: Option<String>,
    #[serde(default)]
    pub is_read: bool,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// *Titan addition:* a job's key (e.g. `session_reminder:{user}:{session}`), unique per
    /// recipient, so a notification a job sends is sent once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup_key: Option<String>,
}

/// `SystemSetting`: a key/value platform setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemSetting {
    pub id: String,
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

seed_enum! {
    /// Delivery state of an outbox row (the seed stores it as text).
    #[derive(Default)]
    OutboxStatus { #[default] Pending = "PENDING", Sent = "SENT", Failed = "FAILED", Dlq = "DLQ" }
}

/// `XapiOutbox` (table `xapi_outbox`): a statement waiting for, or done with, delivery to the LRS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XapiOutbox {
    pub id: String,
    pub idempotency_key: String,
    /// The complete xAPI statement, sent verbatim every time.
    pub statement: serde_json::Value,
    #[serde(default)]
    pub status: OutboxStatus,
    #[serde(default)]
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    /// *Titan addition*: not before this instant is the row due again (retry backoff).
    #[serde(default)]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// `LearnerActivity` (table `learner_activity`): the append-only learner journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnerActivity {
    pub id: String,
    pub user_id: String,
    pub course_id: Option<String>,
    /// ENROLLMENT, LESSON_COMPLETE, QUIZ_PASS, …
    pub activity_type: String,
    pub entity_id: String,
    pub entity_title: Option<String>,
    pub metadata: Option<serde_json::Value>,
    pub occurred_at: DateTime<Utc>,
}
