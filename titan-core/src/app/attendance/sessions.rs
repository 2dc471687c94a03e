//! A course's sessions: create, update, delete, list, and the iCalendar export.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::super::users::clean;
use super::super::{Actor, Result, Titan, read_tx, write_tx};
use crate::model::{CourseSession, SessionType};
use crate::rules::attendance::{render_ics, validate_session};
use crate::rules::identity::Action;

/// A session's editable fields (the seed's `CourseSession`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    /// Title (required).
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// CLASSROOM or an online type.
    #[serde(rename = "type")]
    pub session_type: SessionType,
    /// Start (UTC).
    pub start_time: DateTime<Utc>,
    /// End (UTC), after the start.
    pub end_time: DateTime<Utc>,
    /// Where (classroom).
    #[serde(default)]
    pub location: Option<String>,
    /// Geofence centre, degrees north (with `longitude`; 0 is valid).
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Geofence centre, degrees east.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Geofence radius in metres (> 0); GPS check-in needs latitude, longitude and radius.
    #[serde(default)]
    pub radius: Option<i32>,
    /// Zoom meeting id.
    #[serde(default)]
    pub zoom_meeting_id: Option<String>,
    /// Zoom join URL.
    #[serde(default)]
    pub zoom_join_url: Option<String>,
    /// Live stream URL.
    #[serde(default)]
    pub stream_url: Option<String>,
    /// IANA timezone (default `Asia/Jakarta`).
    #[serde(default)]
    pub timezone: Option<String>,
}

impl SessionInput {
    /// A session of `session_type` from `start_time` to `end_time`, other fields empty.
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        session_type: SessionType,
        start_time: DateTime<Utc>,
        end_time: DateTime<Utc>,
    ) -> Self {
        Self {
            title: title.into(),
            description: None,
            session_type,
            start_time,
            end_time,
            location: None,
            latitude: None,
            longitude: None,
            radius: None,
            zoom_meeting_id: None,
            zoom_join_url: None,
            stream_url: None,
            timezone: None,
        }
    }

    fn to_session(&self, id: &str, course_id: &str) -> CourseSession {
        CourseSession {
            id: id.to_owned(),
            course_id: course_id.to_owned(),
            title: self.title.trim().to_owned(),
            description: clean(self.description.as_deref()),
            session_type: self.session_type,
            start_time: self.start_time,
            end_time: self.end_time,
            location: clean(self.location.as_deref()),
            latitude: self.latitude,
            longitude: self.longitude,
            radius: self.radius,
            zoom_meeting_id: clean(self.zoom_meeting_id.as_deref()),
            zoom_join_url: clean(self.zoom_join_url.as_deref()),
            stream_url: clean(self.stream_url.as_deref()),
            timezone: clean(self.timezone.as_deref()),
        }
    }
}
impl Titan {
    /// Creates a session of a course (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `ATTENDANCE_INVALID_SESSION` (blank title, end not after start,
    /// one coordinate without the other or out of range, radius ≤ 0, unknown timezone).
    pub async fn create_session(
        &self,
        actor: &Actor,
        course_id: &str,
        input: &SessionInput,
    ) -> Result<CourseSession> {
        write_tx!(self, |uow| {
            self.course_for(uow, actor, Action::ManageSessions, course_id)
                .await?;
            let session = input.to_session(&self.ids().uuid(), course_id);
            validate_session(&session)?;
            uow.attendance().insert_session(&session).await?;
            Ok(session)
        })
    }

    /// Replaces a session's fields (course editors). Records already taken stay as they are.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `ATTENDANCE_INVALID_SESSION`.
    pub async fn update_session(
        &self,
        actor: &Actor,
        session_id: &str,
        input: &SessionInput,
    ) -> Result<CourseSession> {
        write_tx!(self, |uow| {
            let (_, _, current) = self
                .session_for(uow, actor, Action::ManageSessions, session_id)
                .await?;
            let session = input.to_session(&current.id, &current.course_id);
            validate_session(&session)?;
            uow.attendance().update_session(&session).await?;
            Ok(session)
        })
    }

    /// Deletes a session with its records and tokens (course editors), as the seed cascades.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn delete_session(&self, actor: &Actor, session_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            self.session_for(uow, actor, Action::ManageSessions, session_id)
                .await?;
            uow.attendance().delete_session(session_id).await?;
            Ok(())
        })
    }

    /// A course's sessions by start (anyone who may see the course).
    ///
    /// # Errors
    /// `NOT_FOUND` (also for a draft the actor may not see).
    pub async fn list_sessions(
        &self,
        actor: &Actor,
        course_id: &str,
    ) -> Result<Vec<CourseSession>> {
        read_tx!(self, |uow| {
            self.visible_course(uow, actor, course_id).await?;
            Ok(uow.attendance().sessions_of_course(course_id).await?)
        })
    }

    /// The course's sessions as an iCalendar (.ics) document, times in each session's zone
    /// (default `Asia/Jakarta`) (anyone who may see the course).
    ///
    /// # Errors
    /// `NOT_FOUND` (also for a draft the actor may not see).
    pub async fn course_calendar(&self, actor: &Actor, course_id: &str) -> Result<String> {
        read_tx!(self, |uow| {
            let course = self.visible_course(uow, actor, course_id).await?;
            let sessions = uow.attendance().sessions_of_course(course_id).await?;
            Ok(render_ics(&course.title, &sessions, self.now()))
        })
    }
}
