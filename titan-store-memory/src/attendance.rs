use async_trait::async_trait;
use titan_core::model::{Attendance, AttendanceToken, CourseSession};
use titan_core::ports::{AttendanceRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(CourseSession, Attendance, AttendanceToken);

const SESSIONS_BY_COURSE: usize = 0;
const RECORD_BY_SESSION_USER: usize = 0;
const RECORDS_BY_SESSION: usize = 0;
const TOKENS_BY_SESSION: usize = 0;

tables! {
    AttendanceTables {
        sessions: Table<CourseSession> = Table::<CourseSession>::new("CourseSession")
            .index(|s| Some((s.course_id.clone(), sort_time(s.start_time)))),
        records: Table<Attendance> = Table::<Attendance>::new("Attendance")
            .unique(constraint::ATTENDANCE_SESSION_USER, |a| Some(key2(&a.session_id, &a.user_id)))
            .index(|a| Some((a.session_id.clone(), a.user_id.clone()))),
        tokens: Table<AttendanceToken> = Table::<AttendanceToken>::new("AttendanceToken")
            .unique(constraint::ATTENDANCE_TOKEN, |t| Some(t.token.clone()))
            .index(|t| Some((t.session_id.clone(), sort_time(t.created_at)))),
    }
}

impl State {
    /// Deletes the course's sessions with their attendance records and tokens.
    pub(crate) fn delete_sessions_of_course(&mut self, course_id: &str) -> StoreResult<()> {
        let t = &mut self.attendance;
        let sessions: Vec<String> = t
            .sessions
            .by_index(SESSIONS_BY_COURSE, course_id)
            .map(|s| s.id.clone())
            .collect();
        for session_id in sessions {
            let records: Vec<String> = t
                .records
                .by_index(RECORDS_BY_SESSION, &session_id)
                .map(|r| r.id.clone())
                .collect();
            for id in records {
                t.records.delete(&id)?;
            }
            let tokens: Vec<String> = t
                .tokens
                .by_index(TOKENS_BY_SESSION, &session_id)
                .map(|r| r.id.clone())
                .collect();
            for id in tokens {
                t.tokens.delete(&id)?;
            }
            t.sessions.delete(&session_id)?;
        }
        Ok(())
    }
}

#[async_trait]
impl AttendanceRepository for MemoryUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<CourseSession>> {
        Ok(self.state().attendance.sessions.get(id).cloned())
    }

    async fn sessions_of_course(&mut self, course_id: &str) -> StoreResult<Vec<CourseSession>> {
        Ok(self
            .state()
            .attendance
            .sessions
            .by_index(SESSIONS_BY_COURSE, course_id)
            .cloned()
            .collect())
    }

    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        self.state_mut()?
            .attendance
            .sessions
            .insert(session.clone())
    }

    async fn records_of_user_in_sessions(
        &mut self,
        user_id: &str,
        session_ids: &[String],
    ) -> StoreResult<Vec<Attendance>> {
        let records = &self.state().attendance.records;
        let mut out: Vec<Attendance> = session_ids
            .iter()
            .filter_map(|s| {
                records
                    .by_unique(RECORD_BY_SESSION_USER, &key2(s, user_id))
                    .cloned()
            })
            .collect();
        out.sort_by(|a, b| a.session_id.cmp(&b.session_id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()> {
        self.state_mut()?.attendance.records.insert(record.clone())
    }
}
