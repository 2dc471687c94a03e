//! [`AttendancePolicy`]: the knobs of SPEC §5 with the recommended and legacy presets.

use serde::{Deserialize, Serialize};

/// Whether check-in is limited to a time window around the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckWindow {
    /// From `open_before_minutes` before the start until the end (recommended).
    Enforced,
    /// Any time, before or after the session (*legacy*).
    None,
}

/// Whether check-in requires an enrolment in the session's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentCheck {
    /// Only enrolled learners may check in (recommended).
    Required,
    /// Anyone may check in (*legacy*).
    None,
}

/// How a GPS position is judged against the geofence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GpsMode {
    /// Uses the device's accuracy: poor accuracy or a position straddling the edge is
    /// accepted but flagged for review (recommended).
    AccuracyAware,
    /// Accepted iff distance ≤ radius; accuracy is ignored (*legacy*).
    StrictRadius,
}

/// The text encoded in an attendance QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QrPayloadFormat {
    /// Renders and accepts only `titan:att:1:{sessionId}:{token}` (recommended).
    Versioned,
    /// Renders the original app's `{sessionId}:{token}` and accepts both forms, so old
    /// displays and old scanners keep working side by side (*legacy*).
    Legacy,
}

/// Policy knobs of the attendance rules (SPEC §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct AttendancePolicy {
    /// Check-in time window. Recommended `enforced`; *legacy* `none`.
    pub check_window: CheckWindow,
    /// Enrolment requirement. Recommended `required`; *legacy* `none`.
    pub enrolment_check: EnrolmentCheck,
    /// Minutes before `startTime` when check-in opens. 30.
    pub open_before_minutes: u32,
    /// Minutes after `startTime` still counted PRESENT; later is LATE. 15.
    pub late_after_minutes: u32,
    /// Lifetime of a QR token in seconds. Recommended 30; *legacy* 60.
    pub qr_token_ttl_seconds: u32,
    /// Seconds a token is still accepted after its expiry (clock skew). Recommended 5;
    /// *legacy* 0 (the app accepted `now ≤ expiresAt` only).
    pub qr_skew_seconds: u32,
    /// QR payload text. Recommended `versioned`; *legacy* `legacy`.
    pub qr_payload: QrPayloadFormat,
    /// GPS judgement. Recommended `accuracy_aware`; *legacy* `strict_radius`.
    pub gps_mode: GpsMode,
    /// Device accuracy (metres) above which a GPS check-in is flagged whatever the distance. 100.
    pub max_accuracy_m: f64,
    /// Minutes before `startTime` when the SESSION_REMINDER is due. 60.
    pub reminder_minutes_before: u32,
}

impl AttendancePolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            check_window: CheckWindow::Enforced,
            enrolment_check: EnrolmentCheck::Required,
            open_before_minutes: 30,
            late_after_minutes: 15,
            qr_token_ttl_seconds: 30,
            qr_skew_seconds: 5,
            qr_payload: QrPayloadFormat::Versioned,
            gps_mode: GpsMode::AccuracyAware,
            max_accuracy_m: 100.0,
            reminder_minutes_before: 60,
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            check_window: CheckWindow::None,
            enrolment_check: EnrolmentCheck::None,
            qr_token_ttl_seconds: 60,
            qr_skew_seconds: 0,
            qr_payload: QrPayloadFormat::Legacy,
            gps_mode: GpsMode::StrictRadius,
            ..Self::recommended()
        }
    }
}

impl Default for AttendancePolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_differ_only_where_spec_says_legacy() {
        let (r, l) = (AttendancePolicy::recommended(), AttendancePolicy::legacy());
        assert_eq!(r, AttendancePolicy::default());
        assert_eq!(l.qr_token_ttl_seconds, 60);
        assert_eq!(l.gps_mode, GpsMode::StrictRadius);
        assert_eq!(l.late_after_minutes, r.late_after_minutes);
    }

    #[test]
    fn partial_documents_take_recommended_values() {
        let p: AttendancePolicy =
            serde_json::from_str(r#"{"gps_mode":"strict_radius","check_window":"none"}"#)
                .unwrap_or_default();
        assert_eq!(p.gps_mode, GpsMode::StrictRadius);
        assert_eq!(p.check_window, CheckWindow::None);
        assert_eq!(p.qr_token_ttl_seconds, 30);
    }
}
