//! When a check-in is accepted, who may check in, and the status it earns.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::error::AttendanceError;
use super::policy::{AttendancePolicy, CheckWindow, EnrolmentCheck};
use crate::model::{Attendance, AttendanceStatus, CourseSession};

/// The half-open interval `[opens_at, closes_at)` in which check-in is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInWindow {
    /// `startTime − open_before_minutes`.
    pub opens_at: DateTime<Utc>,
    /// `endTime`: at that instant the session has ended and absentees may be marked.
    pub closes_at: DateTime<Utc>,
}

/// The session's check-in window (whatever the policy's `check_window`).
#[must_use]
pub fn check_in_window(session: &CourseSession, policy: &AttendancePolicy) -> CheckInWindow {
    CheckInWindow {
        opens_at: minus_minutes(session.start_time, policy.open_before_minutes),
        closes_at: session.end_time,
    }
}

/// Refuses a check-in at `now` outside the session's window (`check_window = enforced`).
///
/// # Errors
/// [`AttendanceError::OutsideWindow`] with the window and `now`.
pub fn ensure_within_window(
    session: &CourseSession,
    now: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> Result<(), AttendanceError> {
    if policy.check_window == CheckWindow::None {
        return Ok(());
    }
    let CheckInWindow {
        opens_at,
        closes_at,
    } = check_in_window(session, policy);
    if opens_at <= now && now < closes_at {
        Ok(())
    } else {
        Err(AttendanceError::OutsideWindow {
            opens_at,
            closes_at,
            now,
        })
    }
}

/// Refuses a learner who is not enrolled in the session's course (`enrolment_check = required`).
///
/// # Errors
/// [`AttendanceError::NotEnrolled`].
pub fn ensure_enrolled(enrolled: bool, policy: &AttendancePolicy) -> Result<(), AttendanceError> {
    match policy.enrolment_check {
        EnrolmentCheck::Required if !enrolled => Err(AttendanceError::NotEnrolled),
        _ => Ok(()),
    }
}

/// Refuses a second record for the same (session, user).
///
/// # Errors
/// [`AttendanceError::AlreadyCheckedIn`] with the existing record's status and time.
pub fn ensure_first_check_in(existing: Option<&Attendance>) -> Result<(), AttendanceError> {
    match existing {
        Some(record) => Err(AttendanceError::AlreadyCheckedIn {
            status: record.status,
            check_in_time: record.check_in_time,
        }),
        None => Ok(()),
    }
}

/// The status a check-in at `check_in_time` earns: PRESENT up to and including
/// `startTime + late_after_minutes` (early arrivals too), LATE after.
#[must_use]
pub fn check_in_status(
    session: &CourseSession,
    check_in_time: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> AttendanceStatus {
    let late_from = plus_minutes(session.start_time, policy.late_after_minutes);
    if check_in_time <= late_from {
        AttendanceStatus::Present
    } else {
        AttendanceStatus::Late
    }
}

/// `t − minutes`, saturating at the earliest representable instant.
pub(crate) fn minus_minutes(t: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
    t.checked_sub_signed(Duration::minutes(i64::from(minutes)))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `t + minutes`, saturating at the latest representable instant.
pub(crate) fn plus_minutes(t: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
    t.checked_add_signed(Duration::minutes(i64::from(minutes)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t + seconds`, saturating at the latest representable instant.
pub(crate) fn plus_seconds(t: DateTime<Utc>, seconds: u32) -> DateTime<Utc> {
    t.checked_add_signed(Duration::seconds(i64::from(seconds)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tests_support::{at, session};
    use super::*;
    use crate::model::CheckInMethod;

    #[test]
    fn window_is_half_open_from_30_minutes_before_start() {
        let (s, p) = (session(), AttendancePolicy::recommended());
        // session(): 09:00–11:00 UTC
        assert!(ensure_within_window(&s, at("08:30:00"), &p).is_ok());
        assert!(ensure_within_window(&s, at("10:59:59"), &p).is_ok());
        assert_eq!(
            ensure_within_window(&s, at("08:29:59"), &p),
            Err(AttendanceError::OutsideWindow {
                opens_at: at("08:30:00"),
                closes_at: at("11:00:00"),
                now: at("08:29:59"),
            })
        );
        assert!(ensure_within_window(&s, at("11:00:00"), &p).is_err());
    }

    #[test]
    fn legacy_has_no_window_and_no_enrolment_check() {
        let (s, p) = (session(), AttendancePolicy::legacy());
        assert!(ensure_within_window(&s, at("03:00:00"), &p).is_ok());
        assert!(ensure_within_window(&s, at("23:00:00"), &p).is_ok());
        assert!(ensure_enrolled(false, &p).is_ok());
        let r = AttendancePolicy::recommended();
        assert_eq!(
            ensure_enrolled(false, &r),
            Err(AttendanceError::NotEnrolled)
        );
        assert!(ensure_enrolled(true, &r).is_ok());
    }

    #[test]
    fn late_after_15_minutes() {
        let (s, p) = (session(), AttendancePolicy::recommended());
        assert_eq!(
            check_in_status(&s, at("08:40:00"), &p),
            AttendanceStatus::Present
        );
        assert_eq!(
            check_in_status(&s, at("09:15:00"), &p),
            AttendanceStatus::Present
        );
        assert_eq!(
            check_in_status(&s, at("09:15:01"), &p),
            AttendanceStatus::Late
        );
    }

    #[test]
    fn second_check_in_is_refused() {
        let record = Attendance {
            id: "a1".into(),
            session_id: "s1".into(),
            user_id: "u1".into(),
            status: AttendanceStatus::Late,
            check_in_time: at("09:20:00"),
            check_in_method: CheckInMethod::QrCode,
            latitude: None,
            longitude: None,
            notes: None,
            flagged: false,
            corrected_by: None,
            correction_reason: None,
        };
        assert!(ensure_first_check_in(None).is_ok());
        assert_eq!(
            ensure_first_check_in(Some(&record)),
            Err(AttendanceError::AlreadyCheckedIn {
                status: AttendanceStatus::Late,
                check_in_time: at("09:20:00"),
            })
        );
    }

    #[test]
    fn huge_policy_values_saturate() {
        let s = session();
        let p = AttendancePolicy {
            open_before_minutes: u32::MAX,
            late_after_minutes: u32::MAX,
            ..AttendancePolicy::recommended()
        };
        assert!(ensure_within_window(&s, at("00:00:00"), &p).is_ok());
        assert_eq!(
            check_in_status(&s, at("10:59:00"), &p),
            AttendanceStatus::Present
        );
        assert_eq!(
            plus_seconds(DateTime::<Utc>::MAX_UTC, 5),
            DateTime::<Utc>::MAX_UTC
        );
    }
}
