use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{Attendance, AttendanceToken, CourseSession};
use crate::ports::StoreResult;

/// Course sessions, attendance records and QR tokens.
///
/// The guard of "one record per (session, user)" is the unique constraint
/// [`ATTENDANCE_SESSION_USER`](crate::ports::constraint::ATTENDANCE_SESSION_USER): a check-in
/// reads [`record`](Self::record) under the learner's enrolment lock, and a racing insert that
/// slips past (a learner without an enrolment, under the legacy policy) is refused by the
/// constraint, so the rerun unit of work sees the row.
#[async_trait]
pub trait AttendanceRepository: Send {
    /// The session with `id`.
    async fn session(&mut self, id: &str) -> StoreResult<Option<CourseSession>>;

    /// The course's sessions, by `startTime` then id.
    async fn sessions_of_course(&mut self, course_id: &str) -> StoreResult<Vec<CourseSession>>;

    /// Sessions whose `endTime` is after `after` (every one, when `None`) and at or before
    /// `until`, by `endTime` then id. The absentee job's read (index on `endTime`).
    async fn sessions_ended_between(
        &mut self,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>>;

    /// Sessions whose `startTime` is in `[from, until]`, by `startTime` then id. The reminder
    /// job's read (index on `startTime`).
    async fn sessions_starting_between(
        &mut self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>>;

    /// Adds a session.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()>;

    /// Replaces a session.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_session(&mut self, session: &CourseSession) -> StoreResult<()>;

    /// Deletes a session and, as the seed's cascades do, its attendance records and tokens.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_session(&mut self, id: &str) -> StoreResult<()>;

    /// The learner's records at these sessions, by session id.
    async fn records_of_user_in_sessions(
        &mut self,
        user_id: &str,
        session_ids: &[String],
    ) -> StoreResult<Vec<Attendance>>;

    /// The learner's record at the session (unique per session and user).
    async fn record(&mut self, session_id: &str, user_id: &str) -> StoreResult<Option<Attendance>>;

    /// The record with `id`.
    async fn record_by_id(&mut self, id: &str) -> StoreResult<Option<Attendance>>;

    /// Every record of the session, by user id (a report and the absentee job; not a hot path).
    async fn records_of_session(&mut self, session_id: &str) -> StoreResult<Vec<Attendance>>;

    /// Adds a record.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`ATTENDANCE_SESSION_USER`](crate::ports::constraint::ATTENDANCE_SESSION_USER) or the
    /// primary key.
    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()>;

    /// Replaces a record (a correction).
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on
    /// [`ATTENDANCE_SESSION_USER`](crate::ports::constraint::ATTENDANCE_SESSION_USER).
    async fn update_record(&mut self, record: &Attendance) -> StoreResult<()>;

    /// Adds a QR token.
    ///
    /// # Errors
    /// `Conflict` on [`ATTENDANCE_TOKEN`](crate::ports::constraint::ATTENDANCE_TOKEN) or the
    /// primary key.
    async fn insert_token(&mut self, token: &AttendanceToken) -> StoreResult<()>;

    /// The token whose text is `token` (unique), whatever its session or expiry.
    async fn token_by_value(&mut self, token: &str) -> StoreResult<Option<AttendanceToken>>;
}
