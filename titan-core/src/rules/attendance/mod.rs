//! SPEC §5 Attendance: check-in windows and status, rotating QR tokens, GPS geofences,
//! manual check-in and corrections, absentees, the attendance rate, reminders and the
//! iCalendar export.
//!
//! Every rule is pure: the current time, random bytes, enrolment and the existing record are
//! arguments; the store looks things up, the rules decide.
//!
//! ```
//! use titan_core::model::Coordinates;
//! use titan_core::rules::attendance::{gps_verdict, AttendancePolicy, GeofenceOutcome};
//!
//! let monas = Coordinates::new(-6.175392, 106.827153)?;
//! let phone = Coordinates::new(-6.175700, 106.827153)?; // ≈ 34 m south
//! let verdict = gps_verdict(monas, 50, phone, Some(12.0), &AttendancePolicy::recommended())?;
//! assert_eq!(verdict.outcome, GeofenceOutcome::Inside);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check_in;
mod error;
mod gps;
mod ics;
mod policy;
mod qr;
mod session;
mod window;

pub use check_in::{
    CheckInProof, CheckInRequest, ManualCheckIn, check_in, correct_attendance, manual_check_in,
};
pub use error::AttendanceError;
pub use gps::{
    EARTH_RADIUS_M, FlagReason, GeofenceOutcome, GpsVerdict, gps_verdict, haversine_m,
    session_geofence,
};
pub use ics::{ICS_MAX_LINE_OCTETS, escape_text, render_ics};
pub use policy::{AttendancePolicy, CheckWindow, EnrolmentCheck, GpsMode, QrPayloadFormat};
pub use qr::{
    QR_MAX_RANDOM_BYTES, QR_MIN_RANDOM_BYTES, QR_PAYLOAD_PREFIX, QrPayload, new_qr_token,
    parse_qr_payload, render_qr_payload, validate_qr_token,
};
pub use session::{attendance_rate, mark_absentees, reminder_due, session_ended, validate_session};
pub use window::{
    CheckInWindow, check_in_status, check_in_window, ensure_enrolled, ensure_first_check_in,
    ensure_within_window,
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_support {
    use chrono::{DateTime, Utc};

    use crate::model::{CourseSession, SessionType};

    /// 2025-03-10 at `hms` UTC.
    pub fn at(hms: &str) -> DateTime<Utc> {
        format!("2025-03-10T{hms}Z").parse().unwrap()
    }

    /// Session `s1` of course `c1`, 09:00–11:00 UTC (16:00–18:00 WIB), no geofence.
    pub fn session() -> CourseSession {
        CourseSession {
            id: "s1".into(),
            course_id: "c1".into(),
            title: "Sesi 1".into(),
            description: None,
            session_type: SessionType::Classroom,
            start_time: at("09:00:00"),
            end_time: at("11:00:00"),
            location: None,
            latitude: None,
            longitude: None,
            radius: None,
            zoom_meeting_id: None,
            zoom_join_url: None,
            stream_url: None,
            timezone: None,
        }
    }
}
