//! [`AttendanceError`]: every refusal of the attendance rules.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{ErrorCode, Lang};
use crate::model::AttendanceStatus;

/// Refusals of the attendance rules. Facts serialise with camelCase keys.
///
/// No variant allocates, so refusing on the GPS hot path costs nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum AttendanceError {
    /// The check-in comes before the window opens or after the session ended.
    OutsideWindow {
        /// When check-in opens (start − `open_before_minutes`).
        opens_at: DateTime<Utc>,
        /// When check-in closes (the session's end, exclusive).
        closes_at: DateTime<Utc>,
        /// The time of the attempt.
        now: DateTime<Utc>,
    },
    /// The learner is not enrolled in the session's course.
    NotEnrolled,
    /// The learner already has a record for this session (one per session and user).
    AlreadyCheckedIn {
        /// Status of the existing record.
        status: AttendanceStatus,
        /// When the existing record was made.
        check_in_time: DateTime<Utc>,
    },
    /// The scanned text is not an attendance QR payload.
    QrMalformed {
        /// What is wrong with it (a fixed English phrase, no user data).
        problem: &'static str,
    },
    /// The token is unknown.
    QrInvalid,
    /// The token expired (even with the skew allowance).
    QrExpired {
        /// The token's expiry.
        expires_at: DateTime<Utc>,
        /// Seconds of clock skew tolerated after the expiry.
        skew_seconds: u32,
        /// The time of the scan.
        now: DateTime<Utc>,
    },
    /// The token belongs to another session.
    QrWrongSession,
    /// Minting a token needs 16 to 64 random bytes (≥ 128 bits).
    QrRandomLength {
        /// Fewest bytes accepted.
        min_bytes: usize,
        /// Most bytes accepted.
        max_bytes: usize,
        /// Bytes given.
        actual_bytes: usize,
    },
    /// The session has no latitude, longitude or radius, so GPS check-in is not offered.
    GpsNotConfigured {
        /// The first missing field (`latitude`, `longitude` or `radius`).
        field: &'static str,
    },
    /// The device is outside the geofence, even allowing for its accuracy.
    OutsideGeofence {
        /// Distance from the session's point, rounded to whole metres.
        distance_m: u64,
        /// The geofence radius in metres.
        radius_m: u32,
        /// The device's reported accuracy in metres, when one was used.
        accuracy_m: Option<f64>,
    },
    /// The device's accuracy is negative or not a finite number.
    InvalidAccuracy {
        /// The value given (`null` in JSON when not finite).
        accuracy_m: f64,
    },
    /// A session field breaks a rule (end before start, radius ≤ 0, coordinates out of range…).
    InvalidSession {
        /// The field, by its seed name.
        field: &'static str,
        /// What is wrong with it (a fixed English phrase).
        problem: &'static str,
    },
    /// Absentees can only be marked once the session has ended.
    SessionNotEnded {
        /// The session's end.
        ends_at: DateTime<Utc>,
        /// The time of the request.
        now: DateTime<Utc>,
    },
    /// A correction needs a reason.
    CorrectionReasonRequired,
}

impl ErrorCode for AttendanceError {
    fn code(&self) -> &'static str {
        match self {
            Self::OutsideWindow { .. } => "ATTENDANCE_OUTSIDE_WINDOW",
            Self::NotEnrolled => "ATTENDANCE_NOT_ENROLLED",
            Self::AlreadyCheckedIn { .. } => "ATTENDANCE_ALREADY_CHECKED_IN",
            Self::QrMalformed { .. } => "ATTENDANCE_QR_MALFORMED",
            Self::QrInvalid => "ATTENDANCE_QR_INVALID",
            Self::QrExpired { .. } => "ATTENDANCE_QR_EXPIRED",
            Self::QrWrongSession => "ATTENDANCE_QR_WRONG_SESSION",
            Self::QrRandomLength { .. } => "ATTENDANCE_QR_RANDOM_LENGTH",
            Self::GpsNotConfigured { .. } => "ATTENDANCE_GPS_NOT_CONFIGURED",
            Self::OutsideGeofence { .. } => "ATTENDANCE_OUTSIDE_GEOFENCE",
            Self::InvalidAccuracy { .. } => "ATTENDANCE_INVALID_ACCURACY",
            Self::InvalidSession { .. } => "ATTENDANCE_INVALID_SESSION",
            Self::SessionNotEnded { .. } => "ATTENDANCE_SESSION_NOT_ENDED",
            Self::CorrectionReasonRequired => "ATTENDANCE_CORRECTION_REASON_REQUIRED",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Self::OutsideWindow {
                opens_at,
                closes_at,
                ..
            } => {
                let (from, until) = (
                    opens_at.format("%Y-%m-%d %H:%M UTC"),
                    closes_at.format("%Y-%m-%d %H:%M UTC"),
                );
                if en {
                    format!("Check-in is only open from {from} until {until}")
                } else {
                    format!("Presensi hanya dibuka dari {from} sampai {until}")
                }
            }
            Self::NotEnrolled => pick(
                en,
                "Anda tidak terdaftar di kursus sesi ini",
                "You are not enrolled in this session's course",
            ),
            Self::AlreadyCheckedIn { .. } => pick(
                en,
                "Anda sudah melakukan presensi untuk sesi ini",
                "You have already checked in for this session",
            ),
            Self::QrMalformed { .. } => pick(
                en,
                "Kode QR bukan kode presensi yang valid",
                "This QR code is not a valid attendance code",
            ),
            Self::QrInvalid => pick(en, "Kode QR tidak valid", "Invalid QR code"),
            Self::QrExpired { .. } => pick(
                en,
                "Kode QR sudah kedaluwarsa. Silakan pindai kode yang baru.",
                "QR code has expired. Please scan the new code.",
            ),
            Self::QrWrongSession => pick(
                en,
                "Kode QR ini untuk sesi lain",
                "This QR code belongs to another session",
            ),
            Self::QrRandomLength {
                min_bytes,
                max_bytes,
                actual_bytes,
            } => {
                if en {
                    format!(
                        "A QR token needs {min_bytes} to {max_bytes} random bytes, got {actual_bytes}"
                    )
                } else {
                    format!(
                        "Token QR memerlukan {min_bytes} sampai {max_bytes} byte acak, diberikan {actual_bytes}"
                    )
                }
            }
            Self::GpsNotConfigured { .. } => pick(
                en,
                "Sesi ini tidak mendukung presensi GPS",
                "This session does not support GPS check-in",
            ),
            Self::OutsideGeofence {
                distance_m,
                radius_m,
                ..
            } => {
                if en {
                    format!(
                        "You are {distance_m} m from the session location; the allowed radius is {radius_m} m"
                    )
                } else {
                    format!(
                        "Anda berada {distance_m} m dari lokasi sesi; radius yang diizinkan {radius_m} m"
                    )
                }
            }
            Self::InvalidAccuracy { .. } => pick(
                en,
                "Akurasi lokasi perangkat tidak valid",
                "The device's location accuracy is invalid",
            ),
            Self::InvalidSession { field, problem } => {
                if en {
                    format!("Invalid session: {field} {problem}")
                } else {
                    format!("Sesi tidak valid: {field} ({problem})")
                }
            }
            Self::SessionNotEnded { .. } => {
                pick(en, "Sesi belum berakhir", "The session has not ended yet")
            }
            Self::CorrectionReasonRequired => pick(
                en,
                "Alasan koreksi wajib diisi",
                "A correction needs a reason",
            ),
        }
    }
}
crate::error::impl_error!(AttendanceError);

fn pick(en: bool, id: &str, english: &str) -> String {
    if en { english } else { id }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_prefixed_and_messages_exist_in_both_languages() {
        let samples = [
            AttendanceError::NotEnrolled,
            AttendanceError::QrInvalid,
            AttendanceError::QrWrongSession,
            AttendanceError::CorrectionReasonRequired,
            AttendanceError::GpsNotConfigured { field: "radius" },
            AttendanceError::OutsideGeofence {
                distance_m: 120,
                radius_m: 50,
                accuracy_m: Some(10.0),
            },
        ];
        for e in samples {
            assert!(e.code().starts_with("ATTENDANCE_"));
            assert!(!e.message(Lang::Id).is_empty());
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
        }
    }

    #[test]
    fn facts_are_camel_case() {
        let e = crate::CoreError::from(AttendanceError::OutsideGeofence {
            distance_m: 120,
            radius_m: 50,
            accuracy_m: None,
        });
        let facts = e.facts();
        assert_eq!(facts.get("distanceM"), Some(&serde_json::json!(120)));
        assert_eq!(facts.get("radiusM"), Some(&serde_json::json!(50)));
    }
}
