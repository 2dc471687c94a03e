use async_trait::async_trait;

use crate::model::{Attendance, CourseSession};
use crate::ports::StoreResult;

/// Course sessions, attendance records and QR tokens.
#[async_trait]
pub trait AttendanceRepository: Send {
    /// The session with `id`.
    async fn session(&mut self, id: &str) -> StoreResult<Option<CourseSession>>;

    /// The course's sessions, by `startTime` then id.
    async fn sessions_of_course(&mut self, course_id: &str) -> StoreResult<Vec<CourseSession>>;

    /// Adds a session.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()>;

    /// The learner's records at these sessions, by session id.
    async fn records_of_user_in_sessions(
        &mut self,
        user_id: &str,
        session_ids: &[String],
    ) -> StoreResult<Vec<Attendance>>;

    /// Adds a record.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`ATTENDANCE_SESSION_USER`](crate::ports::constraint::ATTENDANCE_SESSION_USER) or the
    /// primary key.
    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()>;
}
