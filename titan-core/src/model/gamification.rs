use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Kind of badge (`BadgeType`).
    BadgeType { Achievement = "ACHIEVEMENT", Milestone = "MILESTONE", Special = "SPECIAL" }
}

/// `Badge`: its `criteria` is a criteria tree (see `rules::gamification`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Badge {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub icon: Option<String>,
    #[serde(rename = "type")]
    pub badge_type: BadgeType,
    pub criteria: Option<serde_json::Value>,
}

/// `UserBadge`: a badge awarded to a user; unique per (user, badge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserBadge {
    pub id: String,
    pub user_id: String,
    pub badge_id: String,
    pub earned_at: DateTime<Utc>,
}

/// *Titan addition*: one entry of the points ledger; `source_key` is unique, so a retried or
/// replayed award never pays twice. A user's `points` is the sum of their entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsLedgerEntry {
    pub id: String,
    pub user_id: String,
    /// e.g. `lesson_complete:{user}:{lesson}`.
    pub source_key: String,
    /// The award kind (`LESSON_COMPLETE`, `QUIZ_PASS`, …).
    pub reason: String,
    pub points: i32,
    pub created_at: DateTime<Utc>,
}
