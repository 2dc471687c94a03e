//! Vector dispatcher for SPEC §5 attendance (`attendance.<rule>`).
//!
//! Distances are reported rounded to the millimetre (3 decimals) so vectors are exact.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{
    Attendance, AttendanceStatus, AttendanceToken, Coordinates, CourseSession,
};
use titan_core::rules::attendance as att;
use titan_core::rules::common::round_dp;
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionAt {
    session: CourseSession,
    #[serde(default)]
    now: Option<DateTime<Utc>>,
    #[serde(default)]
    check_in_time: Option<DateTime<Utc>>,
    #[serde(default)]
    already_sent: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Enrolled {
    enrolled: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Existing {
    existing: Option<Attendance>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewToken {
    id: String,
    random_hex: String,
    session_id: String,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenOnly {
    token: AttendanceToken,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Text {
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ValidateToken {
    scanned: att::QrPayload,
    stored: Option<AttendanceToken>,
    session_id: String,
    now: DateTime<Utc>,
}

/// Raw degrees, so out-of-range values reach `Coordinates::new` and its refusal.
#[derive(Deserialize, Clone, Copy)]
struct Point {
    latitude: f64,
    longitude: f64,
}

impl Point {
    fn checked(self) -> Result<Coordinates, CoreError> {
        Ok(Coordinates::new(self.latitude, self.longitude)?)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pair {
    a: Point,
    b: Point,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verdict {
    session_point: Point,
    radius_m: u32,
    device: Point,
    accuracy_m: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckIn<R> {
    session: CourseSession,
    request: R,
    existing: Option<Attendance>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Correction {
    existing: Attendance,
    new_status: AttendanceStatus,
    notes: Option<String>,
    actor_id: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Absentees {
    session: CourseSession,
    enrolled_user_ids: Vec<String>,
    #[serde(default)]
    existing_records: Vec<Attendance>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rate {
    sessions: Vec<CourseSession>,
    records: Vec<Attendance>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Calendar {
    course_title: String,
    sessions: Vec<CourseSession>,
    now: DateTime<Utc>,
}

fn metres(d: f64) -> Value {
    output(Decimal::try_from(d).map(|d| round_dp(d, 3)).ok())
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn now_of(s: &SessionAt) -> DateTime<Utc> {
    s.now.expect("input needs now")
}

pub fn run(rule: &str, policy: &Policy, input_value: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.attendance;
    let v = input_value;
    let accepted = |r: Result<(), att::AttendanceError>| {
        r.map(|()| json!({ "accepted": true }))
            .map_err(CoreError::from)
    };
    let result = match rule.strip_prefix("attendance.")? {
        "check_in_window" => {
            let s: SessionAt = input(v);
            Ok(output(att::check_in_window(&s.session, p)))
        }
        "ensure_within_window" => {
            let s: SessionAt = input(v);
            accepted(att::ensure_within_window(&s.session, now_of(&s), p))
        }
        "ensure_enrolled" => accepted(att::ensure_enrolled(input::<Enrolled>(v).enrolled, p)),
        "ensure_first_check_in" => accepted(att::ensure_first_check_in(
            input::<Existing>(v).existing.as_ref(),
        )),
        "check_in_status" => {
            let s: SessionAt = input(v);
            let t = s.check_in_time.expect("input needs checkInTime");
            Ok(json!({ "status": att::check_in_status(&s.session, t, p) }))
        }
        "new_qr_token" => {
            let t: NewToken = input(v);
            att::new_qr_token(&t.id, &hex(&t.random_hex), &t.session_id, t.now, p)
                .map(|token| {
                    let payload = att::render_qr_payload(&token, p);
                    json!({ "token": token, "payload": payload })
                })
                .map_err(CoreError::from)
        }
        "render_qr_payload" => {
            let t: TokenOnly = input(v);
            Ok(json!({ "payload": att::render_qr_payload(&t.token, p) }))
        }
        "parse_qr_payload" => att::parse_qr_payload(&input::<Text>(v).text, p)
            .map(output)
            .map_err(CoreError::from),
        "validate_qr_token" => {
            let t: ValidateToken = input(v);
            accepted(att::validate_qr_token(
                &t.scanned,
                t.stored.as_ref(),
                &t.session_id,
                t.now,
                p,
            ))
        }
        "haversine" => {
            let pair: Pair = input(v);
            (|| {
                Ok(
                    json!({ "distanceM": metres(att::haversine_m(pair.a.checked()?, pair.b.checked()?)) }),
                )
            })()
        }
        "gps_verdict" => {
            let g: Verdict = input(v);
            (|| {
                let verdict = att::gps_verdict(
                    g.session_point.checked()?,
                    g.radius_m,
                    g.device.checked()?,
                    g.accuracy_m,
                    p,
                )?;
                Ok(json!({
                    "outcome": verdict.outcome,
                    "flagged": verdict.is_flagged(),
                    "distanceM": metres(verdict.distance_m),
                }))
            })()
        }
        "session_geofence" => {
            let s: SessionAt = input(v);
            att::session_geofence(&s.session)
                .map(|(point, radius)| json!({ "point": point, "radiusM": radius }))
                .map_err(CoreError::from)
        }
        "check_in" => {
            let c: CheckIn<att::CheckInRequest> = input(v);
            att::check_in(&c.session, &c.request, c.existing.as_ref(), c.now, p)
                .map(output)
                .map_err(CoreError::from)
        }
        "manual_check_in" => {
            let c: CheckIn<att::ManualCheckIn> = input(v);
            att::manual_check_in(&c.session, &c.request, c.existing.as_ref(), c.now, p)
                .map(output)
                .map_err(CoreError::from)
        }
        "correct_attendance" => {
            let c: Correction = input(v);
            att::correct_attendance(
                &c.existing,
                c.new_status,
                c.notes.as_deref(),
                &c.actor_id,
                &c.reason,
            )
            .map(output)
            .map_err(CoreError::from)
        }
        "mark_absentees" => {
            let a: Absentees = input(v);
            let mut n = 0;
            att::mark_absentees(
                &a.session,
                &a.enrolled_user_ids,
                &a.existing_records,
                a.now,
                || {
                    n += 1;
                    format!("absent-{n}")
                },
            )
            .map(output)
            .map_err(CoreError::from)
        }
        "attendance_rate" => {
            let r: Rate = input(v);
            Ok(json!({ "rate": att::attendance_rate(&r.sessions, &r.records, r.now) }))
        }
        "reminder_due" => {
            let s: SessionAt = input(v);
            Ok(json!({ "due": att::reminder_due(&s.session, now_of(&s), s.already_sent, p) }))
        }
        "validate_session" => {
            let s: SessionAt = input(v);
            accepted(att::validate_session(&s.session))
        }
        "render_ics" => {
            let c: Calendar = input(v);
            let ics = att::render_ics(&c.course_title, &c.sessions, c.now);
            let lines: Vec<&str> = ics
                .strip_suffix("\r\n")
                .unwrap_or(&ics)
                .split("\r\n")
                .collect();
            Ok(json!({ "endsWithCrlf": ics.ends_with("\r\n"), "lines": lines }))
        }
        _ => return None,
    };
    Some(result)
}
