//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{Attendance, AttendanceToken, CourseSession};
use titan_core::ports::{AttendanceRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl AttendanceRepository for PgUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<CourseSession>> {
        Err(pending("AttendanceRepository::session"))
    }

    async fn sessions_of_course(&mut self, course_id: &str) -> StoreResult<Vec<CourseSession>> {
        Err(pending("AttendanceRepository::sessions_of_course"))
    }

    async fn sessions_ended_between(
        &mut self,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        Err(pending("AttendanceRepository::sessions_ended_between"))
    }

    async fn sessions_starting_between(
        &mut self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        Err(pending("AttendanceRepository::sessions_starting_between"))
    }

    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        Err(pending("AttendanceRepository::insert_session"))
    }

    async fn update_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        Err(pending("AttendanceRepository::update_session"))
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("AttendanceRepository::delete_session"))
    }

    async fn records_of_user_in_sessions(
        &mut self,
        user_id: &str,
        session_ids: &[String],
    ) -> StoreResult<Vec<Attendance>> {
        Err(pending("AttendanceRepository::records_of_user_in_sessions"))
    }

    async fn record(&mut self, session_id: &str, user_id: &str) -> StoreResult<Option<Attendance>> {
        Err(pending("AttendanceRepository::record"))
    }

    async fn record_by_id(&mut self, id: &str) -> StoreResult<Option<Attendance>> {
        Err(pending("AttendanceRepository::record_by_id"))
    }

    async fn records_of_session(&mut self, session_id: &str) -> StoreResult<Vec<Attendance>> {
        Err(pending("AttendanceRepository::records_of_session"))
    }

    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()> {
        Err(pending("AttendanceRepository::insert_record"))
    }

    async fn update_record(&mut self, record: &Attendance) -> StoreResult<()> {
        Err(pending("AttendanceRepository::update_record"))
    }

    async fn insert_token(&mut self, token: &AttendanceToken) -> StoreResult<()> {
        Err(pending("AttendanceRepository::insert_token"))
    }

    async fn token_by_value(&mut self, token: &str) -> StoreResult<Option<AttendanceToken>> {
        Err(pending("AttendanceRepository::token_by_value"))
    }
}
