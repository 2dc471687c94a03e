//! Submitting a survey response (SPEC §9), and finding the survey that is open.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ValidationError};
use crate::model::{AttendanceStatus, EnrollmentStatus, FeedbackResponse, FeedbackSurvey, Rating};

use super::{SurveyError, SurveyPolicy};

/// What the rule needs to know about the respondent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RespondentFacts {
    /// The user already answered this survey.
    #[serde(default)]
    pub already_responded: bool,
    /// The user's enrolment in the survey's course, if any.
    pub enrollment_status: Option<EnrollmentStatus>,
    /// The user's attendance at the survey's session, if any (session surveys only).
    pub attendance_status: Option<AttendanceStatus>,
}

/// The answers as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyAnswer {
    /// Id of the new row (given by the caller).
    pub id: String,
    /// The respondent.
    pub user_id: String,
    /// Required, 1..=5.
    pub overall_rating: Option<i32>,
    /// Optional, 1..=5.
    #[serde(default)]
    pub instructor_rating: Option<i32>,
    /// Optional, 1..=5.
    #[serde(default)]
    pub material_rating: Option<i32>,
    /// Optional, 1..=5.
    #[serde(default)]
    pub facility_rating: Option<i32>,
    /// Optional text, trimmed.
    #[serde(default)]
    pub strengths: Option<String>,
    /// Optional text, trimmed.
    #[serde(default)]
    pub improvements: Option<String>,
    /// Optional text, trimmed.
    #[serde(default)]
    pub suggestions: Option<String>,
    /// Hide the respondent in every report.
    #[serde(default)]
    pub is_anonymous: bool,
}

/// Whether `now` lies in the survey's window; an open end is unbounded, both ends inclusive.
#[must_use]
pub fn is_within_window(survey: &FeedbackSurvey, now: DateTime<Utc>) -> bool {
    survey.starts_at.is_none_or(|s| s <= now) && survey.ends_at.is_none_or(|e| now <= e)
}

/// The survey a user is offered: of `course_id` and exactly `session_id` (`None` = the course
/// survey), active, inside its window, newest first.
#[must_use]
pub fn active_survey<'a>(
    surveys: &'a [FeedbackSurvey],
    course_id: &str,
    session_id: Option<&str>,
    now: DateTime<Utc>,
) -> Option<&'a FeedbackSurvey> {
    surveys
        .iter()
        .filter(|s| {
            s.course_id == course_id
                && s.session_id.as_deref() == session_id
                && s.is_active
                && is_within_window(s, now)
        })
        .max_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.id.cmp(&b.id))
        })
}

/// Checks a response and builds its row: one per user per survey; the survey active (and, under
/// `enforce_window`, open at `now`); the user enrolled in the course (ENROLLED, IN_PROGRESS or
/// COMPLETED) and, for a session survey under `require_attendance`, PRESENT or LATE at the
/// session; ratings 1..=5 with `overallRating` required; texts trimmed (blank = none) and at
/// most `text_max_chars` long.
///
/// # Errors
/// [`SurveyError::AlreadyResponded`], [`SurveyError::Inactive`],
/// [`SurveyError::OutsideWindow`], [`SurveyError::NotEnrolled`], [`SurveyError::NotAttended`],
/// or a [`ValidationError`] naming the field.
pub fn validate_response(
    survey: &FeedbackSurvey,
    facts: &RespondentFacts,
    answer: SurveyAnswer,
    policy: &SurveyPolicy,
    now: DateTime<Utc>,
) -> Result<FeedbackResponse, CoreError> {
    if facts.already_responded {
        return Err(SurveyError::AlreadyResponded.into());
    }
    if !survey.is_active {
        return Err(SurveyError::Inactive.into());
    }
    if policy.enforce_window && !is_within_window(survey, now) {
        return Err(SurveyError::OutsideWindow {
            starts_at: survey.starts_at,
            ends_at: survey.ends_at,
            at: now,
        }
        .into());
    }
    if !facts
        .enrollment_status
        .is_some_and(EnrollmentStatus::takes_seat)
    {
        return Err(SurveyError::NotEnrolled {
            state: facts.enrollment_status,
        }
        .into());
    }
    if policy.require_attendance
        && survey.session_id.is_some()
        && !matches!(
            facts.attendance_status,
            Some(AttendanceStatus::Present | AttendanceStatus::Late)
        )
    {
        return Err(SurveyError::NotAttended {
            state: facts.attendance_status,
        }
        .into());
    }
    let overall = answer
        .overall_rating
        .ok_or(ValidationError::Required {
            field: "overallRating",
        })
        .and_then(|v| rating("overallRating", v))?;
    let optional_rating = |field, value: Option<i32>| value.map(|v| rating(field, v)).transpose();
    let max = policy.text_max_chars;
    Ok(FeedbackResponse {
        id: answer.id,
        survey_id: survey.id.clone(),
        user_id: answer.user_id,
        instructor_rating: optional_rating("instructorRating", answer.instructor_rating)?,
        material_rating: optional_rating("materialRating", answer.material_rating)?,
        facility_rating: optional_rating("facilityRating", answer.facility_rating)?,
        overall_rating: overall,
        strengths: text("strengths", answer.strengths, max)?,
        improvements: text("improvements", answer.improvements, max)?,
        suggestions: text("suggestions", answer.suggestions, max)?,
        is_anonymous: answer.is_anonymous,
        submitted_at: now,
    })
}

fn rating(field: &'static str, value: i32) -> Result<i32, ValidationError> {
    Rating::new(value)
        .map(i32::from)
        .map_err(|_| ValidationError::OutOfRange {
            field,
            value: value.to_string(),
            min: "1".to_owned(),
            max: "5".to_owned(),
        })
}

fn text(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    let Some(trimmed) = value.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let actual = trimmed.chars().count();
    if actual > max {
        return Err(ValidationError::TooLong { field, max, actual });
    }
    Ok(Some(trimmed.to_owned()))
}
