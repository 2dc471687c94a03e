//! Attendance reports: a session's list and a learner's rate in a course.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::super::{Actor, Result, Titan, read_tx};
use crate::model::{Attendance, AttendanceStatus, CourseSession};
use crate::rules::attendance::attendance_rate;
use crate::rules::identity::Action;

/// How many records of each status a session has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceCounts {
    /// PRESENT records.
    pub present: u32,
    /// LATE records.
    pub late: u32,
    /// ABSENT records.
    pub absent: u32,
    /// EXCUSED records.
    pub excused: u32,
    /// Records marked for review (GPS accuracy or the edge of the geofence).
    pub flagged: u32,
}

/// A session's attendance list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionAttendanceReport {
    /// The session.
    pub session: CourseSession,
    /// Its records, by user id.
    pub records: Vec<Attendance>,
    /// Learners enrolled in the course (not dropped) without a record yet, by enrolment date.
    pub without_record: Vec<String>,
    /// The records by status.
    pub counts: AttendanceCounts,
}

/// A learner's attendance in a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnerAttendance {
    /// The learner.
    pub user_id: String,
    /// The course.
    pub course_id: String,
    /// (PRESENT + LATE) / (ended sessions − EXCUSED) in percent, 2 places; `None` while no
    /// session can be counted.
    pub rate: Option<Decimal>,
    /// The course's sessions, by start.
    pub sessions: Vec<CourseSession>,
    /// The learner's records at them, by session id.
    pub records: Vec<Attendance>,
}
impl Titan {
    /// A session's attendance list with the enrolled learners still without a record (course
    /// editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn session_attendance(
        &self,
        actor: &Actor,
        session_id: &str,
    ) -> Result<SessionAttendanceReport> {
        read_tx!(self, |uow| {
            let (_, _, session) = self
                .session_for(uow, actor, Action::ViewCourseReports, session_id)
                .await?;
            let records = uow.attendance().records_of_session(session_id).await?;
            let without_record = uow
                .enrollments()
                .of_course(&session.course_id)
                .await?
                .into_iter()
                .filter(|e| e.status.takes_seat())
                .filter(|e| !records.iter().any(|r| r.user_id == e.user_id))
                .map(|e| e.user_id)
                .collect();
            let mut counts = AttendanceCounts::default();
            for r in &records {
                let slot = match r.status {
                    AttendanceStatus::Present => &mut counts.present,
                    AttendanceStatus::Late => &mut counts.late,
                    AttendanceStatus::Absent => &mut counts.absent,
                    AttendanceStatus::Excused => &mut counts.excused,
                };
                *slot += 1;
                counts.flagged += u32::from(r.flagged);
            }
            Ok(SessionAttendanceReport {
                session,
                records,
                without_record,
                counts,
            })
        })
    }

    /// A learner's attendance and rate in a course (the learner, course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn learner_attendance(
        &self,
        actor: &Actor,
        learner_id: &str,
        course_id: &str,
    ) -> Result<LearnerAttendance> {
        read_tx!(self, |uow| {
            self.learner_record_for(uow, actor, learner_id, course_id)
                .await?;
            let enrolled_at = uow
                .enrollments()
                .get(learner_id, course_id)
                .await?
                .map(|e| e.enrolled_at);
            let (sessions, records) = self
                .learner_sessions(uow, learner_id, course_id, enrolled_at)
                .await?;
            Ok(LearnerAttendance {
                user_id: learner_id.to_owned(),
                course_id: course_id.to_owned(),
                rate: attendance_rate(&sessions, &records, self.now()),
                sessions,
                records,
            })
        })
    }
}
