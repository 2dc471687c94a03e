//! The complete check-in rules (QR, GPS, manual) and corrections.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::AttendanceError;
use super::gps::{gps_verdict, session_geofence};
use super::policy::AttendancePolicy;
use super::qr::{QrPayload, validate_qr_token};
use super::window::{
    check_in_status, ensure_enrolled, ensure_first_check_in, ensure_within_window,
};
use crate::model::{
    Attendance, AttendanceStatus, AttendanceToken, CheckInMethod, Coordinates, CourseSession,
};

/// What the learner presents to check in by themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method")]
pub enum CheckInProof {
    /// A scanned QR code (parsed with [`super::parse_qr_payload`]) and the token row the store
    /// found for its token text.
    #[serde(rename = "QR_CODE", rename_all = "camelCase")]
    QrCode {
        /// The scanned payload.
        payload: QrPayload,
        /// The stored token with that text, if any.
        stored_token: Option<AttendanceToken>,
    },
    /// The device's position and its reported accuracy in metres.
    #[serde(rename = "GPS", rename_all = "camelCase")]
    Gps {
        /// Where the device is.
        position: Coordinates,
        /// The device's reported accuracy radius, metres.
        accuracy_m: Option<f64>,
    },
}

/// A learner's own check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInRequest {
    /// Id of the `Attendance` row to create.
    pub attendance_id: String,
    /// The learner.
    pub user_id: String,
    /// Whether the learner is enrolled in the session's course.
    pub enrolled: bool,
    /// QR or GPS proof.
    pub proof: CheckInProof,
}

/// A learner's check-in at `now`: enrolment, then a duplicate, then the window, then the proof.
/// Returns the row to insert, with status by time (PRESENT / LATE), the method, the device
/// position (GPS) and `flagged` when the GPS verdict asks for review.
///
/// # Errors
/// `ATTENDANCE_NOT_ENROLLED`, `ATTENDANCE_ALREADY_CHECKED_IN`, `ATTENDANCE_OUTSIDE_WINDOW`, then
/// per method: `ATTENDANCE_QR_WRONG_SESSION`, `ATTENDANCE_QR_INVALID`, `ATTENDANCE_QR_EXPIRED`;
/// `ATTENDANCE_GPS_NOT_CONFIGURED`, `ATTENDANCE_INVALID_SESSION`, `ATTENDANCE_INVALID_ACCURACY`,
/// `ATTENDANCE_OUTSIDE_GEOFENCE`.
pub fn check_in(
    session: &CourseSession,
    request: &CheckInRequest,
    existing: Option<&Attendance>,
    now: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> Result<Attendance, AttendanceError> {
    // A known learner who scans twice learns "already checked in", even after the window.
    ensure_enrolled(request.enrolled, policy)?;
    ensure_first_check_in(existing)?;
    ensure_within_window(session, now, policy)?;
    let (method, position, flagged) = match &request.proof {
        CheckInProof::QrCode {
            payload,
            stored_token,
        } => {
            validate_qr_token(payload, stored_token.as_ref(), &session.id, now, policy)?;
            (CheckInMethod::QrCode, None, false)
        }
        CheckInProof::Gps {
            position,
            accuracy_m,
        } => {
            let (point, radius) = session_geofence(session)?;
            let verdict = gps_verdict(point, radius, *position, *accuracy_m, policy)?;
            (CheckInMethod::Gps, Some(*position), verdict.is_flagged())
        }
    };
    Ok(Attendance {
        id: request.attendance_id.clone(),
        session_id: session.id.clone(),
        user_id: request.user_id.clone(),
        status: check_in_status(session, now, policy),
        check_in_time: now,
        check_in_method: method,
        latitude: position.map(Coordinates::latitude),
        longitude: position.map(Coordinates::longitude),
        notes: None,
        flagged,
        corrected_by: None,
        correction_reason: None,
    })
}

/// A check-in recorded by the course instructor or an admin (who may do so is the
/// authorisation rules' call).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualCheckIn {
    /// Id of the `Attendance` row to create.
    pub attendance_id: String,
    /// The learner.
    pub user_id: String,
    /// Whether the learner is enrolled in the session's course.
    pub enrolled: bool,
    /// Any status.
    pub status: AttendanceStatus,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Records a MANUAL check-in with any status at `now`. No time window (staff record after
/// the fact); the enrolment check and the one-record rule still apply.
///
/// # Errors
/// `ATTENDANCE_NOT_ENROLLED` (unless `enrolment_check = none`), `ATTENDANCE_ALREADY_CHECKED_IN`
/// (use [`correct_attendance`] to change an existing record).
pub fn manual_check_in(
    session: &CourseSession,
    request: &ManualCheckIn,
    existing: Option<&Attendance>,
    now: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> Result<Attendance, AttendanceError> {
    ensure_enrolled(request.enrolled, policy)?;
    ensure_first_check_in(existing)?;
    Ok(Attendance {
        id: request.attendance_id.clone(),
        session_id: session.id.clone(),
        user_id: request.user_id.clone(),
        status: request.status,
        check_in_time: now,
        check_in_method: CheckInMethod::Manual,
        latitude: None,
        longitude: None,
        notes: non_blank(request.notes.as_deref()),
        flagged: false,
        corrected_by: None,
        correction_reason: None,
    })
}

/// A staff correction: the new status and notes, who made it and why.
/// Returns the updated record: status set, `correctedBy` / `correctionReason` kept, `flagged`
/// cleared (a correction is a review), notes replaced when given. Method, time and position
/// stay as they were.
///
/// # Errors
/// [`AttendanceError::CorrectionReasonRequired`] for a blank reason.
pub fn correct_attendance(
    existing: &Attendance,
    new_status: AttendanceStatus,
    notes: Option<&str>,
    actor_id: &str,
    reason: &str,
) -> Result<Attendance, AttendanceError> {
    let reason = non_blank(Some(reason)).ok_or(AttendanceError::CorrectionReasonRequired)?;
    let mut corrected = existing.clone();
    corrected.status = new_status;
    if let Some(notes) = notes {
        corrected.notes = non_blank(Some(notes));
    }
    corrected.flagged = false;
    corrected.corrected_by = Some(actor_id.to_owned());
    corrected.correction_reason = Some(reason);
    Ok(corrected)
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::qr::new_qr_token;
    use super::super::tests_support::{at, session};
    use super::*;

    fn qr_request(p: &AttendancePolicy) -> CheckInRequest {
        let token = new_qr_token("t1", &[7; 32], "s1", at("09:10:00"), p).unwrap();
        CheckInRequest {
            attendance_id: "a1".into(),
            user_id: "u1".into(),
            enrolled: true,
            proof: CheckInProof::QrCode {
                payload: QrPayload {
                    session_id: "s1".into(),
                    token: token.token.clone(),
                },
                stored_token: Some(token),
            },
        }
    }

    fn gps_request(lat: f64, lon: f64, accuracy_m: Option<f64>) -> CheckInRequest {
        CheckInRequest {
            attendance_id: "a1".into(),
            user_id: "u1".into(),
            enrolled: true,
            proof: CheckInProof::Gps {
                position: Coordinates::new(lat, lon).unwrap(),
                accuracy_m,
            },
        }
    }

    fn geo_session() -> CourseSession {
        let mut s = session();
        s.latitude = Some(0.0);
        s.longitude = Some(0.0);
        s.radius = Some(100);
        s
    }

    #[test]
    fn qr_check_in_creates_the_row() {
        let p = AttendancePolicy::recommended();
        let a = check_in(&session(), &qr_request(&p), None, at("09:10:20"), &p).unwrap();
        assert_eq!(a.status, AttendanceStatus::Present);
        assert_eq!(a.check_in_method, CheckInMethod::QrCode);
        assert_eq!(
            (a.id.as_str(), a.session_id.as_str(), a.user_id.as_str()),
            ("a1", "s1", "u1")
        );
        assert_eq!(a.check_in_time, at("09:10:20"));
        assert!(!a.flagged && a.latitude.is_none());
    }

    #[test]
    fn refusals_come_in_order() {
        let p = AttendancePolicy::recommended();
        let s = session();
        let mut req = qr_request(&p);
        let existing = check_in(&s, &req, None, at("09:10:20"), &p).unwrap();
        assert!(matches!(
            check_in(&s, &req, Some(&existing), at("12:00:00"), &p),
            Err(AttendanceError::AlreadyCheckedIn { .. })
        ));
        assert!(matches!(
            check_in(&s, &req, None, at("12:00:00"), &p),
            Err(AttendanceError::OutsideWindow { .. })
        ));
        assert!(matches!(
            check_in(&s, &req, None, at("09:11:00"), &p),
            Err(AttendanceError::QrExpired { .. })
        ));
        req.enrolled = false;
        assert_eq!(
            check_in(&s, &req, Some(&existing), at("12:00:00"), &p),
            Err(AttendanceError::NotEnrolled)
        );
    }

    #[test]
    fn legacy_accepts_anyone_any_time_and_late() {
        let p = AttendancePolicy::legacy();
        let mut s = session();
        s.start_time = at("08:30:00");
        let mut req = qr_request(&p);
        req.enrolled = false;
        let a = check_in(&s, &req, None, at("09:10:30"), &p).unwrap();
        assert_eq!(a.status, AttendanceStatus::Late);
    }

    #[test]
    fn gps_check_in_stores_the_position_and_flag() {
        let p = AttendancePolicy::recommended();
        let s = geo_session();
        let a = check_in(
            &s,
            &gps_request(0.0005, 0.0, Some(10.0)),
            None,
            at("09:20:00"),
            &p,
        )
        .unwrap();
        assert_eq!(a.check_in_method, CheckInMethod::Gps);
        assert_eq!(a.status, AttendanceStatus::Late);
        assert_eq!((a.latitude, a.longitude), (Some(0.0005), Some(0.0)));
        assert!(!a.flagged);
        let a = check_in(
            &s,
            &gps_request(0.0, 0.001, Some(20.0)),
            None,
            at("09:00:00"),
            &p,
        )
        .unwrap();
        assert!(
            a.flagged,
            "111 m with 20 m accuracy straddles a 100 m fence"
        );
        assert!(matches!(
            check_in(
                &s,
                &gps_request(0.0, 0.01, Some(20.0)),
                None,
                at("09:00:00"),
                &p
            ),
            Err(AttendanceError::OutsideGeofence {
                distance_m: 1112,
                radius_m: 100,
                ..
            })
        ));
        assert_eq!(
            check_in(
                &session(),
                &gps_request(0.0, 0.0, None),
                None,
                at("09:00:00"),
                &p
            ),
            Err(AttendanceError::GpsNotConfigured { field: "latitude" })
        );
    }

    #[test]
    fn manual_check_in_takes_any_status_without_window() {
        let p = AttendancePolicy::recommended();
        let req = ManualCheckIn {
            attendance_id: "a9".into(),
            user_id: "u1".into(),
            enrolled: true,
            status: AttendanceStatus::Excused,
            notes: Some("  sakit, surat dokter ".into()),
        };
        let a = manual_check_in(&session(), &req, None, at("23:00:00"), &p).unwrap();
        assert_eq!(a.status, AttendanceStatus::Excused);
        assert_eq!(a.check_in_method, CheckInMethod::Manual);
        assert_eq!(a.notes.as_deref(), Some("sakit, surat dokter"));
        assert!(matches!(
            manual_check_in(&session(), &req, Some(&a), at("23:00:00"), &p),
            Err(AttendanceError::AlreadyCheckedIn { .. })
        ));
        let stranger = ManualCheckIn {
            enrolled: false,
            ..req
        };
        assert_eq!(
            manual_check_in(&session(), &stranger, None, at("23:00:00"), &p),
            Err(AttendanceError::NotEnrolled)
        );
        let legacy = AttendancePolicy::legacy();
        assert!(manual_check_in(&session(), &stranger, None, at("23:00:00"), &legacy).is_ok());
    }

    #[test]
    fn corrections_keep_who_and_why() {
        let p = AttendancePolicy::recommended();
        let mut a = check_in(
            &geo_session(),
            &gps_request(0.0, 0.001, Some(20.0)),
            None,
            at("09:00:00"),
            &p,
        )
        .unwrap();
        a.notes = Some("old".into());
        let c = correct_attendance(
            &a,
            AttendanceStatus::Excused,
            None,
            "instr1",
            " izin dinas ",
        )
        .unwrap();
        assert_eq!(c.status, AttendanceStatus::Excused);
        assert_eq!(c.corrected_by.as_deref(), Some("instr1"));
        assert_eq!(c.correction_reason.as_deref(), Some("izin dinas"));
        assert_eq!(c.notes.as_deref(), Some("old"));
        assert!(!c.flagged);
        assert_eq!(
            (c.check_in_time, c.check_in_method),
            (a.check_in_time, a.check_in_method)
        );
        let c = correct_attendance(
            &a,
            AttendanceStatus::Present,
            Some("ok"),
            "admin",
            "verified",
        )
        .unwrap();
        assert_eq!(c.notes.as_deref(), Some("ok"));
        assert_eq!(
            correct_attendance(&a, AttendanceStatus::Absent, None, "instr1", "  \n"),
            Err(AttendanceError::CorrectionReasonRequired)
        );
    }
}
