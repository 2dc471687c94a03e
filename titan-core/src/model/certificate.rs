use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `Certificate` of course completion; one per (user, course).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    pub id: String,
    pub user_id: String,
    pub course_id: String,
    pub certificate_no: String,
    /// Stored without the display hyphen.
    pub verification_code: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub pdf_url: Option<String>,
    /// *Titan addition*: when it was revoked.
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// *Titan addition*: why it was revoked.
    #[serde(default)]
    pub revoked_reason: Option<String>,
    /// *Titan addition*: who revoked it.
    #[serde(default)]
    pub revoked_by: Option<String>,
}
