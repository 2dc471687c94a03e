use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// A user's role (`Role`).
    #[derive(Default)]
    Role { SuperAdmin = "SUPER_ADMIN", AdminUnit = "ADMIN_UNIT", Instructor = "INSTRUCTOR", #[default] Learner = "LEARNER" }
}

impl Role {
    /// Rank for "never an admin of equal or higher role": higher is more powerful.
    #[must_use]
    pub const fn rank(self) -> u8 {
        match self {
            Role::SuperAdmin => 3,
            Role::AdminUnit => 2,
            Role::Instructor => 1,
            Role::Learner => 0,
        }
    }
}

seed_enum! {
    /// Whether a user may act (`UserStatus`).
    #[derive(Default)]
    UserStatus { #[default] Active = "ACTIVE", Inactive = "INACTIVE", Suspended = "SUSPENDED" }
}

/// `User`: every person on the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub nip: Option<String>,
    pub email: String,
    pub name: Option<String>,
    /// Password hash (argon2id, or a legacy bcrypt hash); never a plain password.
    pub password: Option<String>,
    pub image: Option<String>,
    pub email_verified: Option<DateTime<Utc>>,
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub status: UserStatus,
    pub unit_kerja: Option<String>,
    pub jabatan: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub points: i32,
    #[serde(default = "one")]
    pub level: i32,
    #[serde(default)]
    pub streak: i32,
    pub last_active_at: Option<DateTime<Utc>>,
    /// *Titan addition*: the longest streak ever reached.
    #[serde(default)]
    pub longest_streak: i32,
    /// *Titan addition*: IANA timezone for calendar rules (streaks); `None` = the platform default.
    #[serde(default)]
    pub timezone: Option<String>,
}

pub(crate) const fn one() -> i32 {
    1
}

impl User {
    /// A new user with the seed's defaults (LEARNER, ACTIVE, 0 points, level 1, streak 0).
    #[must_use]
    pub fn new(id: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            nip: None,
            email: email.into(),
            name: None,
            password: None,
            image: None,
            email_verified: None,
            role: Role::default(),
            status: UserStatus::default(),
            unit_kerja: None,
            jabatan: None,
            phone: None,
            points: 0,
            level: 1,
            streak: 0,
            last_active_at: None,
            longest_streak: 0,
            timezone: None,
        }
    }
}

/// `Account`: an OAuth account linked to a user (NextAuth.js).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub provider: String,
    pub provider_account_id: String,
    #[serde(rename = "refresh_token")]
    pub refresh_token: Option<String>,
    #[serde(rename = "access_token")]
    pub access_token: Option<String>,
    #[serde(rename = "expires_at")]
    pub expires_at: Option<i32>,
    #[serde(rename = "token_type")]
    pub token_type: Option<String>,
    pub scope: Option<String>,
    #[serde(rename = "id_token")]
    pub id_token: Option<String>,
    #[serde(rename = "session_state")]
    pub session_state: Option<String>,
}

/// `Session`: a login session (NextAuth.js), not a classroom session (see `CourseSession`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    pub session_token: String,
    pub user_id: String,
    pub expires: DateTime<Utc>,
}
