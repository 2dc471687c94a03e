//! Session-level rules: validating a session, marking absentees, the attendance rate and the
//! reminder.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::error::AttendanceError;
use super::gps::session_point;
use super::policy::AttendancePolicy;
use super::window::minus_minutes;
use crate::model::{Attendance, AttendanceStatus, CheckInMethod, CourseSession};
use crate::rules::common::{percent, round2};

/// Checks a new or edited session: a title, `endTime` after `startTime`, latitude and
/// longitude both set or both absent and in range (0 is valid), a radius > 0 when set, and a
/// known IANA timezone when set.
///
/// # Errors
/// [`AttendanceError::InvalidSession`] naming the first field at fault.
pub fn validate_session(session: &CourseSession) -> Result<(), AttendanceError> {
    let invalid = |field, problem| Err(AttendanceError::InvalidSession { field, problem });
    if session.title.trim().is_empty() {
        return invalid("title", "is required");
    }
    if session.end_time <= session.start_time {
        return invalid("endTime", "must be after startTime");
    }
    match (session.latitude, session.longitude) {
        (Some(lat), Some(lon)) => {
            session_point(lat, lon)?;
        }
        (None, None) => {}
        (None, Some(_)) => return invalid("latitude", "is required with longitude"),
        (Some(_), None) => return invalid("longitude", "is required with latitude"),
    }
    if session.radius.is_some_and(|r| r <= 0) {
        return invalid("radius", "must be greater than 0");
    }
    if let Some(zone) = &session.timezone
        && zone.parse::<Tz>().is_err()
    {
        return invalid("timezone", "is not a known IANA timezone");
    }
    Ok(())
}

/// Whether the session has ended at `now` (`endTime ≤ now`; check-in closes at that instant).
#[must_use]
pub fn session_ended(session: &CourseSession, now: DateTime<Utc>) -> bool {
    session.end_time <= now
}

/// At the session's end, an ABSENT record (method MANUAL, time `now`) for every enrolled
/// learner without a record for this session, in the order of `enrolled_user_ids`
/// (duplicates ignored). `existing_records` may hold other sessions' rows; they are ignored.
/// `new_id` is called once per created row.
///
/// # Errors
/// [`AttendanceError::SessionNotEnded`] before `endTime`.
pub fn mark_absentees(
    session: &CourseSession,
    enrolled_user_ids: &[String],
    existing_records: &[Attendance],
    now: DateTime<Utc>,
    mut new_id: impl FnMut() -> String,
) -> Result<Vec<Attendance>, AttendanceError> {
    if !session_ended(session, now) {
        return Err(AttendanceError::SessionNotEnded {
            ends_at: session.end_time,
            now,
        });
    }
    let mut seen: HashSet<&str> = existing_records
        .iter()
        .filter(|r| r.session_id == session.id)
        .map(|r| r.user_id.as_str())
        .collect();
    Ok(enrolled_user_ids
        .iter()
        .filter(|user| seen.insert(user.as_str()))
        .map(|user| Attendance {
            id: new_id(),
            session_id: session.id.clone(),
            user_id: user.clone(),
            status: AttendanceStatus::Absent,
            check_in_time: now,
            check_in_method: CheckInMethod::Manual,
            latitude: None,
            longitude: None,
            notes: None,
            flagged: false,
            corrected_by: None,
            correction_reason: None,
        })
        .collect())
}

/// One learner's attendance rate over a course's sessions: (PRESENT + LATE) / (ended sessions −
/// EXCUSED) × 100, rounded half away from zero to 2 places. Only sessions ended at `now` count;
/// a session without a record of the learner counts as absent. `records` are the learner's
/// (one per session; when several exist for a session, the first counts). `None` when nothing
/// can be counted (no ended session, or every ended one excused).
#[must_use]
pub fn attendance_rate(
    sessions: &[CourseSession],
    records: &[Attendance],
    now: DateTime<Utc>,
) -> Option<Decimal> {
    let (mut ended, mut attended, mut excused) = (0u64, 0u64, 0u64);
    let mut counted: HashSet<&str> = HashSet::new();
    for session in sessions {
        if !session_ended(session, now) || !counted.insert(session.id.as_str()) {
            continue;
        }
        ended += 1;
        match records
            .iter()
            .find(|r| r.session_id == session.id)
            .map(|r| r.status)
        {
            Some(AttendanceStatus::Present | AttendanceStatus::Late) => attended += 1,
            Some(AttendanceStatus::Excused) => excused += 1,
            Some(AttendanceStatus::Absent) | None => {}
        }
    }
    let denominator = ended.checked_sub(excused).filter(|d| *d > 0)?;
    Some(round2(percent(
        Decimal::from(attended),
        Decimal::from(denominator),
    )))
}

/// Whether the SESSION_REMINDER of `session` is due at `now`: not sent yet, and `now` within
/// `[startTime − reminder_minutes_before, startTime)`. A job that runs late still sends it
/// until the session starts, never after.
#[must_use]
pub fn reminder_due(
    session: &CourseSession,
    now: DateTime<Utc>,
    already_sent: bool,
    policy: &AttendancePolicy,
) -> bool {
    !already_sent
        && minus_minutes(session.start_time, policy.reminder_minutes_before) <= now
        && now < session.start_time
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tests_support::{at, session};
    use super::*;

    fn record(session_id: &str, user: &str, status: AttendanceStatus) -> Attendance {
        Attendance {
            id: format!("{session_id}-{user}"),
            session_id: session_id.into(),
            user_id: user.into(),
            status,
            check_in_time: at("09:00:00"),
            check_in_method: CheckInMethod::QrCode,
            latitude: None,
            longitude: None,
            notes: None,
            flagged: false,
            corrected_by: None,
            correction_reason: None,
        }
    }

    #[test]
    fn validates_sessions() {
        assert!(validate_session(&session()).is_ok());
        let field_of = |s: &CourseSession| match validate_session(s) {
            Err(AttendanceError::InvalidSession { field, .. }) => field,
            _ => "ok",
        };
        let mut s = session();
        s.end_time = s.start_time;
        assert_eq!(field_of(&s), "endTime");
        let mut s = session();
        s.title = "  ".into();
        assert_eq!(field_of(&s), "title");
        let mut s = session();
        s.latitude = Some(0.0);
        assert_eq!(field_of(&s), "longitude");
        s.longitude = Some(0.0);
        s.radius = Some(0);
        assert_eq!(field_of(&s), "radius");
        s.radius = Some(30);
        assert_eq!(field_of(&s), "ok");
        s.latitude = Some(-91.0);
        assert_eq!(field_of(&s), "latitude");
        let mut s = session();
        s.longitude = Some(10.0);
        assert_eq!(field_of(&s), "latitude");
        let mut s = session();
        s.timezone = Some("Asia/Makassar".into());
        assert_eq!(field_of(&s), "ok");
        s.timezone = Some("WITA".into());
        assert_eq!(field_of(&s), "timezone");
    }

    #[test]
    fn absentees_after_the_end() {
        let s = session();
        let enrolled: Vec<String> = ["u1", "u2", "u3", "u2"].map(String::from).into();
        let existing = [
            record("s1", "u1", AttendanceStatus::Present),
            record("other", "u2", AttendanceStatus::Present),
        ];
        assert_eq!(
            mark_absentees(&s, &enrolled, &existing, at("10:59:59"), String::new),
            Err(AttendanceError::SessionNotEnded {
                ends_at: at("11:00:00"),
                now: at("10:59:59")
            })
        );
        let mut n = 0;
        let rows = mark_absentees(&s, &enrolled, &existing, at("11:00:00"), || {
            n += 1;
            format!("abs-{n}")
        })
        .unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.id.as_str(), r.user_id.as_str(), r.status))
            .collect();
        assert_eq!(
            got,
            [
                ("abs-1", "u2", AttendanceStatus::Absent),
                ("abs-2", "u3", AttendanceStatus::Absent)
            ]
        );
        assert!(
            rows.iter()
                .all(|r| r.session_id == "s1" && r.check_in_time == at("11:00:00"))
        );
    }

    fn sessions(n: usize) -> Vec<CourseSession> {
        (0..n)
            .map(|i| {
                let mut s = session();
                s.id = format!("s{i}");
                s
            })
            .collect()
    }

    #[test]
    fn rate_counts_ended_sessions_minus_excused() {
        let ss = sessions(4);
        let records = [
            record("s0", "u", AttendanceStatus::Present),
            record("s1", "u", AttendanceStatus::Late),
            record("s2", "u", AttendanceStatus::Excused),
        ];
        // s3 has no record: absent. 2 / (4 − 1) = 66.67 %.
        assert_eq!(
            attendance_rate(&ss, &records, at("12:00:00")),
            Some(Decimal::new(6667, 2))
        );
        assert_eq!(attendance_rate(&ss, &records, at("10:00:00")), None);
        assert_eq!(
            attendance_rate(&ss[2..3], &records, at("12:00:00")),
            None,
            "only excused"
        );
        assert_eq!(
            attendance_rate(&ss[..1], &records, at("12:00:00")),
            Some(Decimal::ONE_HUNDRED)
        );
        let mut later = ss.clone();
        if let Some(s) = later.get_mut(3) {
            s.end_time = at("23:00:00");
        }
        // s3 has not ended: 2 / (3 − 1).
        assert_eq!(
            attendance_rate(&later, &records, at("12:00:00")),
            Some(Decimal::ONE_HUNDRED)
        );
    }

    #[test]
    fn reminder_window() {
        let (s, p) = (session(), AttendancePolicy::recommended());
        assert!(!reminder_due(&s, at("07:59:59"), false, &p));
        assert!(reminder_due(&s, at("08:00:00"), false, &p));
        assert!(reminder_due(&s, at("08:59:59"), false, &p));
        assert!(!reminder_due(&s, at("08:30:00"), true, &p));
        assert!(!reminder_due(&s, at("09:00:00"), false, &p));
    }
}
