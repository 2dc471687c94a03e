//! [`SurveyError`]: every refusal of the survey rules, with its stable code and facts.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{ErrorCode, Lang};
use crate::model::{AttendanceStatus, EnrollmentStatus};

/// Refusals of the survey rules (SPEC §9).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum SurveyError {
    /// `SURVEY_ALREADY_RESPONDED`: one response per user per survey.
    AlreadyResponded,
    /// `SURVEY_INACTIVE`: the survey is switched off.
    Inactive,
    /// `SURVEY_OUTSIDE_WINDOW`: the survey is not open at this instant.
    OutsideWindow {
        /// When it opens (`None` = open since forever).
        starts_at: Option<DateTime<Utc>>,
        /// When it closes (`None` = never).
        ends_at: Option<DateTime<Utc>>,
        /// The instant of the attempt.
        at: DateTime<Utc>,
    },
    /// `SURVEY_NOT_ENROLLED`: the user is not enrolled in the survey's course.
    NotEnrolled {
        /// The enrolment's status, `None` when there is none.
        state: Option<EnrollmentStatus>,
    },
    /// `SURVEY_NOT_ATTENDED`: a session survey needs the user PRESENT or LATE at that session.
    NotAttended {
        /// The attendance status, `None` when there is no record.
        state: Option<AttendanceStatus>,
    },
}

impl ErrorCode for SurveyError {
    fn code(&self) -> &'static str {
        match self {
            SurveyError::AlreadyResponded => "SURVEY_ALREADY_RESPONDED",
            SurveyError::Inactive => "SURVEY_INACTIVE",
            SurveyError::OutsideWindow { .. } => "SURVEY_OUTSIDE_WINDOW",
            SurveyError::NotEnrolled { .. } => "SURVEY_NOT_ENROLLED",
            SurveyError::NotAttended { .. } => "SURVEY_NOT_ATTENDED",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let text = match (self, lang) {
            (SurveyError::AlreadyResponded, Lang::Id) => {
                "Anda sudah mengisi feedback untuk survey ini"
            }
            (SurveyError::AlreadyResponded, Lang::En) => "You have already answered this survey",
            (SurveyError::Inactive, Lang::Id) => "Survey tidak aktif",
            (SurveyError::Inactive, Lang::En) => "The survey is not active",
            (SurveyError::OutsideWindow { .. }, Lang::Id) => {
                "Survey belum dibuka atau sudah ditutup"
            }
            (SurveyError::OutsideWindow { .. }, Lang::En) => "The survey is not open at this time",
            (SurveyError::NotEnrolled { .. }, Lang::Id) => "Anda tidak terdaftar di kursus ini",
            (SurveyError::NotEnrolled { .. }, Lang::En) => "You are not enrolled in this course",
            (SurveyError::NotAttended { .. }, Lang::Id) => {
                "Survey sesi ini hanya untuk peserta yang hadir"
            }
            (SurveyError::NotAttended { .. }, Lang::En) => {
                "This session survey is for attendees only"
            }
        };
        text.to_owned()
    }
}
crate::error::impl_error!(SurveyError);
