use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{Attendance, AttendanceToken, CourseSession};
use titan_core::ports::{AttendanceRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(CourseSession, Attendance, AttendanceToken);

const SESSIONS_BY_COURSE: usize = 0;
/// Every session in one group, by `endTime`.
const SESSIONS_BY_END: usize = 1;
/// Every session in one group, by `startTime`.
const SESSIONS_BY_START: usize = 2;
const RECORD_BY_SESSION_USER: usize = 0;
const RECORDS_BY_SESSION: usize = 0;
const TOKEN_BY_VALUE: usize = 0;
const TOKENS_BY_SESSION: usize = 0;

/// The group of the platform-wide time indexes.
const ALL: &str = "";

tables! {
    AttendanceTables {
        sessions: Table<CourseSession> = Table::<CourseSession>::new("CourseSession")
            .index(|s| Some((s.course_id.clone(), sort_time(s.start_time))))
            .index(|s| Some((ALL.to_owned(), sort_time(s.end_time))))
            .index(|s| Some((ALL.to_owned(), sort_time(s.start_time)))),
        records: Table<Attendance> = Table::<Attendance>::new("Attendance")
            .unique(constraint::ATTENDANCE_SESSION_USER, |a| Some(key2(&a.session_id, &a.user_id)))
            .index(|a| Some((a.session_id.clone(), a.user_id.clone()))),
        tokens: Table<AttendanceToken> = Table::<AttendanceToken>::new("AttendanceToken")
            .unique(constraint::ATTENDANCE_TOKEN, |t| Some(t.token.clone()))
            .index(|t| Some((t.session_id.clone(), sort_time(t.created_at)))),
    }
}

impl AttendanceTables {
    /// Deletes one session with its attendance records and tokens.
    fn delete_session_cascade(&mut self, session_id: &str) -> StoreResult<()> {
        let records: Vec<String> = self
            .records
            .by_index(RECORDS_BY_SESSION, session_id)
            .map(|r| r.id.clone())
            .collect();
        for id in records {
            self.records.delete(&id)?;
        }
        let tokens: Vec<String> = self
            .tokens
            .by_index(TOKENS_BY_SESSION, session_id)
            .map(|r| r.id.clone())
            .collect();
        for id in tokens {
            self.tokens.delete(&id)?;
        }
        self.sessions.delete(session_id)?;
        Ok(())
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
            t.delete_session_cascade(&session_id)?;
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

    async fn sessions_ended_between(
        &mut self,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        let sessions = &self.state().attendance.sessions;
        let from = after.map(sort_time).unwrap_or_default();
        Ok(sessions
            .by_index_from(SESSIONS_BY_END, ALL, &from)
            .skip_while(|s| after.is_some_and(|a| s.end_time <= a))
            .take_while(|s| s.end_time <= until)
            .cloned()
            .collect())
    }

    async fn sessions_starting_between(
        &mut self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        Ok(self
            .state()
            .attendance
            .sessions
            .by_index_from(SESSIONS_BY_START, ALL, &sort_time(from))
            .take_while(|s| s.start_time <= until)
            .cloned()
            .collect())
    }

    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        self.state_mut()?
            .attendance
            .sessions
            .insert(session.clone())
    }

    async fn update_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        self.state_mut()?
            .attendance
            .sessions
            .update(session.clone())
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.attendance.delete_session_cascade(id)
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

    async fn record(&mut self, session_id: &str, user_id: &str) -> StoreResult<Option<Attendance>> {
        Ok(self
            .state()
            .attendance
            .records
            .by_unique(RECORD_BY_SESSION_USER, &key2(session_id, user_id))
            .cloned())
    }

    async fn record_by_id(&mut self, id: &str) -> StoreResult<Option<Attendance>> {
        Ok(self.state().attendance.records.get(id).cloned())
    }

    async fn records_of_session(&mut self, session_id: &str) -> StoreResult<Vec<Attendance>> {
        Ok(self
            .state()
            .attendance
            .records
            .by_index(RECORDS_BY_SESSION, session_id)
            .cloned()
            .collect())
    }

    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()> {
        self.state_mut()?.attendance.records.insert(record.clone())
    }

    async fn update_record(&mut self, record: &Attendance) -> StoreResult<()> {
        self.state_mut()?.attendance.records.update(record.clone())
    }

    async fn insert_token(&mut self, token: &AttendanceToken) -> StoreResult<()> {
        self.state_mut()?.attendance.tokens.insert(token.clone())
    }

    async fn token_by_value(&mut self, token: &str) -> StoreResult<Option<AttendanceToken>> {
        Ok(self
            .state()
            .attendance
            .tokens
            .by_unique(TOKEN_BY_VALUE, token)
            .cloned())
    }
}
