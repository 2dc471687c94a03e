use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Where a session takes place (`SessionType`).
    SessionType { Classroom = "CLASSROOM", Zoom = "ZOOM", YoutubeLive = "YOUTUBE_LIVE", InstagramLive = "INSTAGRAM_LIVE", TiktokLive = "TIKTOK_LIVE" }
}

seed_enum! {
    /// Attendance outcome (`AttendanceStatus`).
    #[derive(Default)]
    AttendanceStatus { #[default] Present = "PRESENT", Late = "LATE", Absent = "ABSENT", Excused = "EXCUSED" }
}

seed_enum! {
    /// How a check-in was made (`CheckInMethod`).
    CheckInMethod { QrCode = "QR_CODE", Gps = "GPS", Manual = "MANUAL", ZoomAuto = "ZOOM_AUTO" }
}

/// `CourseSession`: a scheduled classroom or live session of a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseSession {
    pub id: String,
    pub course_id: String,
    pub title: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub session_type: SessionType,
    pub start_time: DateTime<Utc>,
    pub end_time: DateTime<Utc>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Geofence radius in metres.
    pub radius: Option<i32>,
    pub zoom_meeting_id: Option<String>,
    pub zoom_join_url: Option<String>,
    pub stream_url: Option<String>,
    /// *Titan addition*: IANA timezone of the session (`None` = `Asia/Jakarta`).
    #[serde(default)]
    pub timezone: Option<String>,
}

/// `Attendance` of a user at a session; unique per (session, user).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attendance {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    #[serde(default)]
    pub status: AttendanceStatus,
    pub check_in_time: DateTime<Utc>,
    pub check_in_method: CheckInMethod,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub notes: Option<String>,
    /// *Titan addition*: accepted but marked for review (GPS accuracy or edge of the geofence).
    #[serde(default)]
    pub flagged: bool,
    /// *Titan addition*: who last corrected the record.
    #[serde(default)]
    pub corrected_by: Option<String>,
    /// *Titan addition*: why it was corrected.
    #[serde(default)]
    pub correction_reason: Option<String>,
}

/// `AttendanceToken`: a short-lived QR token of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceToken {
    pub id: String,
    pub session_id: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}
