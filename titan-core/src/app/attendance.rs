//! Attendance (SPEC §5): a course's sessions and its calendar, rotating QR tokens, the learner's
//! own check-in by QR code or GPS, manual check-in and corrections by course editors, and the
//! attendance reports. Sessions and the calendar are in `sessions`, the reports in `reports`,
//! the scheduled jobs (absentees, reminders) in `jobs`.
//!
//! Every change to a learner's attendance takes their enrolment lock first
//! (`enrollments().get_for_update`), writes the record, emits `ATTENDED` for a PRESENT or LATE
//! record (points once per session: the event's idempotency key is `attendance:{user}:{session}`
//! whatever the status) and recomputes the enrolment (ON_CLASSROOM and HYBRID courses complete
//! only at the attendance rate).

mod jobs;
mod reports;
mod sessions;

pub use jobs::{AbsenteeSweep, AbsenteeSweepResult, ReminderRunResult};
pub use reports::{AttendanceCounts, LearnerAttendance, SessionAttendanceReport};
pub use sessions::SessionInput;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::effects::Occurrence;
use super::{Actor, Error, Result, Titan, write_tx};
use crate::events::DomainEvent;
use crate::model::{
    Attendance, AttendanceStatus, AttendanceToken, Coordinates, Course, CourseSession, Enrollment,
    User,
};
use crate::ports::UnitOfWork;
use crate::rules::attendance::{
    self as rules, CheckInProof, CheckInRequest, ManualCheckIn, check_in, manual_check_in,
    new_qr_token, parse_qr_payload, render_qr_payload,
};
use crate::rules::identity::{self, Action, Resource};

/// Random bytes in a minted QR token (256 bits, as the original app).
const QR_TOKEN_BYTES: usize = 32;

/// A freshly minted QR token and the text to show as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrTokenIssued {
    /// The stored token row (its `expiresAt` tells the display when to mint the next one).
    pub token: AttendanceToken,
    /// `titan:att:1:{sessionId}:{token}` (*legacy:* `{sessionId}:{token}`).
    pub payload: String,
}

/// Where the learner's device is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GpsPosition {
    /// Degrees north, in [−90, 90].
    pub latitude: f64,
    /// Degrees east, in [−180, 180].
    pub longitude: f64,
    /// The device's reported accuracy radius in metres (missing counts as 0).
    #[serde(default)]
    pub accuracy: Option<f64>,
}

/// A check-in, manual record or correction and its effect on the learner's enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInResult {
    /// The attendance record as stored.
    pub attendance: Attendance,
    /// The learner's enrolment after the change (`None` for a learner without one, legacy only).
    pub enrollment: Option<Enrollment>,
}

/// A course editor's record of a learner's attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualAttendanceInput {
    /// The learner.
    pub user_id: String,
    /// Any status.
    pub status: AttendanceStatus,
    /// Free notes (e.g. "surat dokter").
    #[serde(default)]
    pub notes: Option<String>,
}

/// A course editor's correction of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceCorrection {
    /// The new status.
    pub status: AttendanceStatus,
    /// New notes (kept as they were when `None`).
    #[serde(default)]
    pub notes: Option<String>,
    /// Why (required; kept with who made the correction).
    pub reason: String,
}

/// The learner's own id behind `actor` (empty for anyone else, which the self-only rule refuses).
fn own_id(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id,
        _ => "",
    }
}

/// Whether an enrolment lets its learner check in: any but DROPPED (a learner who already
/// completed a classroom course may still attend its remaining sessions).
fn admits(enrollment: Option<&Enrollment>) -> bool {
    enrollment.is_some_and(|e| e.status.takes_seat())
}

fn is_attended(status: AttendanceStatus) -> bool {
    matches!(status, AttendanceStatus::Present | AttendanceStatus::Late)
}

impl Titan {
    /// Loads a session and its course and authorises `action` on the course.
    ///
    /// # Errors
    /// `NOT_FOUND`; the authorisation refusal.
    async fn session_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        session_id: &str,
    ) -> Result<(User, Course, CourseSession)> {
        let session = self.load_session(uow, session_id).await?;
        let (me, course) = self
            .course_for(uow, actor, action, &session.course_id)
            .await?;
        Ok((me, course, session))
    }

    async fn load_session(
        &self,
        uow: &mut dyn UnitOfWork,
        session_id: &str,
    ) -> Result<CourseSession> {
        uow.attendance()
            .session(session_id)
            .await?
            .ok_or_else(|| Error::not_found("CourseSession", session_id))
    }

    /// A course the actor may see: anyone for a published course, course editors for a draft
    /// (`NOT_FOUND` for anyone else, so a draft's existence does not leak).
    async fn visible_course(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        course_id: &str,
    ) -> Result<Course> {
        let course = uow
            .catalog()
            .course(course_id)
            .await?
            .ok_or_else(|| Error::not_found("Course", course_id))?;
        if !course.is_published {
            let facts = self.course_facts(uow, &course).await?;
            let principal = self.principal(uow, actor).await?;
            identity::authorize(
                principal.as_ref().map(|(a, _)| a),
                Action::ViewUnpublishedCourse,
                &Resource::Course(facts),
                &self.policy().identity,
            )
            .map_err(|_| Error::not_found("Course", course_id))?;
        }
        Ok(course)
    }

    /// What a stored record implies: `ATTENDED` for PRESENT or LATE (deduplicated by its key,
    /// so a session pays once), the enrolment recomputed, every event recorded. The event's
    /// time is the record's check-in time: for a corrected absentee, when the session ended,
    /// not the day of the correction (it feeds the statement's timestamp and the streak).
    async fn after_attendance(
        &self,
        uow: &mut dyn UnitOfWork,
        session: &CourseSession,
        record: &Attendance,
        enrollment: Option<Enrollment>,
        activity: bool,
        now: DateTime<Utc>,
    ) -> Result<CheckInResult> {
        let mut occurrences = Vec::new();
        if is_attended(record.status) {
            occurrences.push(
                Occurrence::new(DomainEvent::Attended {
                    user_id: record.user_id.clone(),
                    course_id: session.course_id.clone(),
                    session_id: session.id.clone(),
                    status: record.status,
                    method: record.check_in_method,
                    latitude: record.latitude,
                    longitude: record.longitude,
                    occurred_at: record.check_in_time,
                })
                .titled(session.title.clone()),
            );
        }
        let enrollment = match enrollment {
            Some(e) => Some(
                self.refresh_enrollment(uow, &e, activity, now, &mut occurrences)
                    .await?,
            ),
            None => None,
        };
        if !occurrences.is_empty() {
            self.record(uow, occurrences, now).await?;
        }
        Ok(CheckInResult {
            attendance: record.clone(),
            enrollment,
        })
    }

    /// Mints a QR token for a session (course editors): 256 random bits, valid for the policy's
    /// TTL (30 s; *legacy:* 60 s). Each call mints a new token; earlier ones stay valid until
    /// their own expiry, so a display that rotates never strands a learner mid-scan.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn mint_qr_token(&self, actor: &Actor, session_id: &str) -> Result<QrTokenIssued> {
        write_tx!(self, |uow| {
            let (_, _, session) = self
                .session_for(uow, actor, Action::MintQrToken, session_id)
                .await?;
            let mut random = [0_u8; QR_TOKEN_BYTES];
            self.secrets().fill(&mut random);
            let policy = &self.policy().attendance;
            let token = new_qr_token(&self.ids().uuid(), &random, &session.id, self.now(), policy)?;
            uow.attendance().insert_token(&token).await?;
            let payload = render_qr_payload(&token, policy);
            Ok(QrTokenIssued { token, payload })
        })
    }

    /// The learner checks themself in to `session_id` with a scanned QR code.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*` (self only); `ATTENDANCE_QR_MALFORMED` (checked first: the text
    /// is not a payload); then `ATTENDANCE_NOT_ENROLLED`, `ATTENDANCE_ALREADY_CHECKED_IN`,
    /// `ATTENDANCE_OUTSIDE_WINDOW`, `ATTENDANCE_QR_WRONG_SESSION`, `ATTENDANCE_QR_INVALID`,
    /// `ATTENDANCE_QR_EXPIRED`.
    pub async fn check_in_qr(
        &self,
        actor: &Actor,
        session_id: &str,
        payload: &str,
    ) -> Result<CheckInResult> {
        self.learner_check_in(actor, session_id, Evidence::Qr(payload))
            .await
    }

    /// The learner checks themself in to `session_id` from where their device is.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*` (self only); `VALIDATION_OUT_OF_RANGE` (checked first: a
    /// coordinate out of range or not finite); then `ATTENDANCE_NOT_ENROLLED`,
    /// `ATTENDANCE_ALREADY_CHECKED_IN`, `ATTENDANCE_OUTSIDE_WINDOW`,
    /// `ATTENDANCE_GPS_NOT_CONFIGURED`, `ATTENDANCE_INVALID_SESSION`,
    /// `ATTENDANCE_INVALID_ACCURACY`, `ATTENDANCE_OUTSIDE_GEOFENCE`.
    pub async fn check_in_gps(
        &self,
        actor: &Actor,
        session_id: &str,
        position: &GpsPosition,
    ) -> Result<CheckInResult> {
        self.learner_check_in(actor, session_id, Evidence::Gps(*position))
            .await
    }

    async fn learner_check_in(
        &self,
        actor: &Actor,
        session_id: &str,
        evidence: Evidence<'_>,
    ) -> Result<CheckInResult> {
        write_tx!(self, |uow| {
            let learner_id = own_id(actor);
            self.authorize(uow, actor, Action::CheckIn, &Resource::learner(learner_id))
                .await?;
            let policy = &self.policy().attendance;
            let session = self.load_session(uow, session_id).await?;
            let enrollment = uow
                .enrollments()
                .get_for_update(learner_id, &session.course_id)
                .await?;
            let proof = match evidence {
                Evidence::Qr(text) => {
                    let payload = parse_qr_payload(text, policy)?;
                    let stored_token = uow.attendance().token_by_value(&payload.token).await?;
                    CheckInProof::QrCode {
                        payload,
                        stored_token,
                    }
                }
                Evidence::Gps(p) => CheckInProof::Gps {
                    position: Coordinates::new(p.latitude, p.longitude)?,
                    accuracy_m: p.accuracy,
                },
            };
            let existing = uow.attendance().record(&session.id, learner_id).await?;
            let request = CheckInRequest {
                attendance_id: self.ids().uuid(),
                user_id: learner_id.to_owned(),
                enrolled: admits(enrollment.as_ref()),
                proof,
            };
            let now = self.now();
            let record = check_in(&session, &request, existing.as_ref(), now, policy)?;
            // A racing insert is refused by the unique constraint; the rerun sees the row.
            uow.attendance().insert_record(&record).await?;
            self.after_attendance(uow, &session, &record, enrollment, true, now)
                .await
        })
    }

    /// Records a learner's attendance by hand (course editors), with any status and notes, at
    /// any time (staff record after the fact). A PRESENT or LATE record pays like a check-in.
    ///
    /// # Errors
    /// `NOT_FOUND` (session or user); `IDENTITY_*`; `ATTENDANCE_NOT_ENROLLED` (not under
    /// legacy); `ATTENDANCE_ALREADY_CHECKED_IN` (correct the record instead).
    pub async fn record_manual_attendance(
        &self,
        actor: &Actor,
        session_id: &str,
        input: &ManualAttendanceInput,
    ) -> Result<CheckInResult> {
        write_tx!(self, |uow| {
            let (_, _, session) = self
                .session_for(uow, actor, Action::RecordManualAttendance, session_id)
                .await?;
            uow.users()
                .get(&input.user_id)
                .await?
                .ok_or_else(|| Error::not_found("User", &input.user_id))?;
            let enrollment = uow
                .enrollments()
                .get_for_update(&input.user_id, &session.course_id)
                .await?;
            let existing = uow.attendance().record(&session.id, &input.user_id).await?;
            let request = ManualCheckIn {
                attendance_id: self.ids().uuid(),
                user_id: input.user_id.clone(),
                enrolled: admits(enrollment.as_ref()),
                status: input.status,
                notes: input.notes.clone(),
            };
            let now = self.now();
            let record = manual_check_in(
                &session,
                &request,
                existing.as_ref(),
                now,
                &self.policy().attendance,
            )?;
            uow.attendance().insert_record(&record).await?;
            self.after_attendance(
                uow,
                &session,
                &record,
                enrollment,
                is_attended(record.status),
                now,
            )
            .await
        })
    }

    /// Corrects a record's status (and notes) with a reason (course editors); the record keeps
    /// who corrected it and why, and its review flag is cleared. Becoming PRESENT or LATE pays
    /// the session's attendance points unless they were paid already (PRESENT → LATE pays
    /// nothing more); points already paid are never taken back.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `ATTENDANCE_CORRECTION_REASON_REQUIRED`.
    pub async fn correct_attendance(
        &self,
        actor: &Actor,
        attendance_id: &str,
        correction: &AttendanceCorrection,
    ) -> Result<CheckInResult> {
        write_tx!(self, |uow| {
            let missing = || Error::not_found("Attendance", attendance_id);
            let first = uow
                .attendance()
                .record_by_id(attendance_id)
                .await?
                .ok_or_else(missing)?;
            let (me, _, session) = self
                .session_for(uow, actor, Action::CorrectAttendance, &first.session_id)
                .await?;
            let enrollment = uow
                .enrollments()
                .get_for_update(&first.user_id, &session.course_id)
                .await?;
            // Read again under the learner's lock: the version the correction replaces.
            let current = uow
                .attendance()
                .record_by_id(attendance_id)
                .await?
                .ok_or_else(missing)?;
            let corrected = rules::correct_attendance(
                &current,
                correction.status,
                correction.notes.as_deref(),
                &me.id,
                &correction.reason,
            )?;
            uow.attendance().update_record(&corrected).await?;
            let attended = is_attended(corrected.status);
            self.after_attendance(uow, &session, &corrected, enrollment, attended, self.now())
                .await
        })
    }
}

/// What a learner presents: the scanned text, or the device's position.
#[derive(Debug, Clone, Copy)]
enum Evidence<'a> {
    Qr(&'a str),
    Gps(GpsPosition),
}
