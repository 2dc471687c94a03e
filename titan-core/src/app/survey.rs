//! Feedback surveys (SPEC §9): course editors create, edit and switch surveys of a course (or of
//! one of its sessions); an enrolled learner (present or late at the session, for a session
//! survey) answers once; course editors read the report, which never reveals an anonymous
//! respondent and withholds small unit groups.
//!
//! Decisions where SPEC is silent:
//! - A survey's session is fixed at creation: responses were admitted on that session's
//!   attendance, so moving the survey would misfile them.
//! - The title is required (at most [`SURVEY_TITLE_MAX_CHARS`] characters), the description
//!   at most the policy's `text_max_chars`; a window ending before it starts is refused.
//! - The report is for course editors (the instructor, the `ADMIN_UNIT` of the instructor's
//!   unit — the course's unit admins — and `SUPER_ADMIN`). An anonymous respondent's name is
//!   not even handed to the report rule; their unit is, for the (thresholded) breakdown.
//! - A response takes the learner's enrolment lock first (like every learner act in a
//!   course); a concurrent duplicate that still reaches the `(surveyId, userId)` constraint is
//!   retried and ends as `SURVEY_ALREADY_RESPONDED`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::users::clean;
use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{FeedbackResponse, FeedbackSurvey, User};
use crate::ports::UnitOfWork;
use crate::rules::identity::{Action, Resource};
use crate::rules::survey::{
    ReportEntry, RespondentFacts, SurveyAnswer, SurveyReport, active_survey, survey_report,
    validate_response,
};

/// The longest survey title, in characters.
pub const SURVEY_TITLE_MAX_CHARS: usize = 200;

/// A survey's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SurveyInput {
    /// Required, trimmed.
    pub title: String,
    /// Optional, trimmed.
    pub description: Option<String>,
    /// Opens at this instant (`None` = already open).
    pub starts_at: Option<DateTime<Utc>>,
    /// Closes after this instant, inclusive (`None` = never).
    pub ends_at: Option<DateTime<Utc>>,
}

impl SurveyInput {
    /// A survey with a title only, always open.
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

/// A learner's answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SurveyResponseInput {
    /// Required, 1..=5.
    pub overall_rating: Option<i32>,
    /// Optional, 1..=5.
    pub instructor_rating: Option<i32>,
    /// Optional, 1..=5.
    pub material_rating: Option<i32>,
    /// Optional, 1..=5.
    pub facility_rating: Option<i32>,
    /// What went well.
    pub strengths: Option<String>,
    /// What to improve.
    pub improvements: Option<String>,
    /// Suggestions.
    pub suggestions: Option<String>,
    /// Hide the respondent in every report.
    pub is_anonymous: bool,
}

impl SurveyResponseInput {
    /// Answers with an overall rating only.
    #[must_use]
    pub fn overall(rating: i32) -> Self {
        Self {
            overall_rating: Some(rating),
            ..Self::default()
        }
    }
}

/// The survey a learner is offered now, and whether they already answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveSurvey {
    /// The survey.
    pub survey: FeedbackSurvey,
    /// The learner answered it already.
    pub already_responded: bool,
}

/// The id the actor acts as (empty for anonymous and the platform, which the authorisation
/// refuses anyway).
fn own_id(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id,
        Actor::Anonymous | Actor::System => "",
    }
}

fn check_survey_input(input: &SurveyInput, text_max: usize) -> Result<(String, Option<String>)> {
    let title = clean(Some(&input.title)).ok_or(ValidationError::Required { field: "title" })?;
    let length = title.chars().count();
    if length > SURVEY_TITLE_MAX_CHARS {
        return Err(ValidationError::TooLong {
            field: "title",
            max: SURVEY_TITLE_MAX_CHARS,
            actual: length,
        }
        .into());
    }
    let description = clean(input.description.as_deref());
    if let Some(d) = &description {
        let length = d.chars().count();
        if length > text_max {
            return Err(ValidationError::TooLong {
                field: "description",
                max: text_max,
                actual: length,
            }
            .into());
        }
    }
    if let (Some(start), Some(end)) = (input.starts_at, input.ends_at)
        && end < start
    {
        return Err(ValidationError::OutOfRange {
            field: "endsAt",
            value: end.to_rfc3339(),
            min: start.to_rfc3339(),
            max: "-".into(),
        }
        .into());
    }
    Ok((title, description))
}

impl Titan {
    /// Loads a survey (locked when `lock`) and authorises `action` on its course.
    async fn survey_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        survey_id: &str,
        lock: bool,
    ) -> Result<(User, FeedbackSurvey)> {
        let survey = if lock {
            uow.surveys().survey_for_update(survey_id).await?
        } else {
            uow.surveys().survey(survey_id).await?
        }
        .ok_or_else(|| Error::not_found("FeedbackSurvey", survey_id))?;
        let (me, _) = self
            .course_for(uow, actor, action, &survey.course_id)
            .await?;
        Ok((me, survey))
    }

    /// Creates an active survey of a course, or of one of its sessions (course editors).
    ///
    /// # Errors
    /// `NOT_FOUND` (course, or a session not of this course); `IDENTITY_FORBIDDEN`;
    /// `VALIDATION_REQUIRED` / `VALIDATION_TOO_LONG` (title, description);
    /// `VALIDATION_OUT_OF_RANGE` (`endsAt` before `startsAt`).
    pub async fn create_survey(
        &self,
        actor: &Actor,
        course_id: &str,
        session_id: Option<&str>,
        input: &SurveyInput,
    ) -> Result<FeedbackSurvey> {
        let (title, description) = check_survey_input(input, self.policy().survey.text_max_chars)?;
        write_tx!(self, |uow| {
            self.course_for(uow, actor, Action::ManageSurvey, course_id)
                .await?;
            if let Some(session_id) = session_id {
                let of_course = uow
                    .attendance()
                    .session(session_id)
                    .await?
                    .is_some_and(|s| s.course_id == course_id);
                if !of_course {
                    return Err(Error::not_found("CourseSession", session_id));
                }
            }
            let now = self.now();
            let survey = FeedbackSurvey {
                id: self.ids().uuid(),
                course_id: course_id.to_owned(),
                session_id: session_id.map(str::to_owned),
                title: title.clone(),
                description: description.clone(),
                is_active: true,
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                created_at: now,
                updated_at: now,
            };
            uow.surveys().insert_survey(&survey).await?;
            Ok(survey)
        })
    }

    /// Updates a survey's title, description and window (course editors). Its course, session
    /// and active flag stay.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; the field errors of [`Titan::create_survey`].
    pub async fn update_survey(
        &self,
        actor: &Actor,
        survey_id: &str,
        input: &SurveyInput,
    ) -> Result<FeedbackSurvey> {
        let (title, description) = check_survey_input(input, self.policy().survey.text_max_chars)?;
        write_tx!(self, |uow| {
            let (_, mut survey) = self
                .survey_for(uow, actor, Action::ManageSurvey, survey_id, true)
                .await?;
            survey.title = title.clone();
            survey.description = description.clone();
            survey.starts_at = input.starts_at;
            survey.ends_at = input.ends_at;
            survey.updated_at = self.now();
            uow.surveys().update_survey(&survey).await?;
            Ok(survey)
        })
    }

    /// Switches a survey on (course editors): learners may answer it again inside its window.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn activate_survey(&self, actor: &Actor, survey_id: &str) -> Result<FeedbackSurvey> {
        self.set_survey_active(actor, survey_id, true).await
    }

    /// Switches a survey off (course editors): it is no longer offered and refuses responses;
    /// its responses and report stay.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn deactivate_survey(
        &self,
        actor: &Actor,
        survey_id: &str,
    ) -> Result<FeedbackSurvey> {
        self.set_survey_active(actor, survey_id, false).await
    }

    async fn set_survey_active(
        &self,
        actor: &Actor,
        survey_id: &str,
        active: bool,
    ) -> Result<FeedbackSurvey> {
        write_tx!(self, |uow| {
            let (_, mut survey) = self
                .survey_for(uow, actor, Action::ManageSurvey, survey_id, true)
                .await?;
            if survey.is_active != active {
                survey.is_active = active;
                survey.updated_at = self.now();
                uow.surveys().update_survey(&survey).await?;
            }
            Ok(survey)
        })
    }

    /// Every survey of a course, course and session surveys alike, oldest first (course
    /// editors).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn course_surveys(
        &self,
        actor: &Actor,
        course_id: &str,
    ) -> Result<Vec<FeedbackSurvey>> {
        read_tx!(self, |uow| {
            self.course_for(uow, actor, Action::ManageSurvey, course_id)
                .await?;
            Ok(uow.surveys().surveys_of_course(course_id).await?)
        })
    }

    /// The survey the actor is offered now for a course (`session_id = None`) or one of its
    /// sessions: active, inside its window, the newest if several; `None` when there is none.
    /// Says whether the actor already answered it. Eligibility (enrolment, attendance) is
    /// checked when they respond.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED` (and the other refusals of a personal act); `NOT_FOUND`
    /// (course).
    pub async fn active_survey(
        &self,
        actor: &Actor,
        course_id: &str,
        session_id: Option<&str>,
    ) -> Result<Option<ActiveSurvey>> {
        read_tx!(self, |uow| {
            let me = self
                .authorize(
                    uow,
                    actor,
                    Action::RespondSurvey,
                    &Resource::learner(own_id(actor)),
                )
                .await?;
            if uow.catalog().course(course_id).await?.is_none() {
                return Err(Error::not_found("Course", course_id));
            }
            let surveys = uow.surveys().surveys_of_course(course_id).await?;
            let Some(survey) = active_survey(&surveys, course_id, session_id, self.now()) else {
                return Ok(None);
            };
            let already_responded = uow
                .surveys()
                .response_of_user(&survey.id, &me.id)
                .await?
                .is_some();
            Ok(Some(ActiveSurvey {
                survey: survey.clone(),
                already_responded,
            }))
        })
    }

    /// Records the actor's answers to a survey: once per survey; the survey active (and, in
    /// the recommended policy, inside its window, both ends included); the actor enrolled in
    /// the course and, for a session survey in the recommended policy, PRESENT or LATE at the
    /// session; ratings 1..=5 with the overall rating required. *Legacy* checks neither the
    /// window nor the attendance.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED` / `IDENTITY_USER_*`; `NOT_FOUND`; `SURVEY_ALREADY_RESPONDED`,
    /// `SURVEY_INACTIVE`, `SURVEY_OUTSIDE_WINDOW`, `SURVEY_NOT_ENROLLED`, `SURVEY_NOT_ATTENDED`;
    /// `VALIDATION_REQUIRED` (overall rating), `VALIDATION_OUT_OF_RANGE` (a rating),
    /// `VALIDATION_TOO_LONG` (a text).
    pub async fn respond_survey(
        &self,
        actor: &Actor,
        survey_id: &str,
        input: &SurveyResponseInput,
    ) -> Result<FeedbackResponse> {
        write_tx!(self, |uow| {
            let me = self
                .authorize(
                    uow,
                    actor,
                    Action::RespondSurvey,
                    &Resource::learner(own_id(actor)),
                )
                .await?;
            let survey = uow
                .surveys()
                .survey(survey_id)
                .await?
                .ok_or_else(|| Error::not_found("FeedbackSurvey", survey_id))?;
            // The learner's lock in the course serialises their concurrent answers.
            let enrollment = uow
                .enrollments()
                .get_for_update(&me.id, &survey.course_id)
                .await?;
            let already_responded = uow
                .surveys()
                .response_of_user(&survey.id, &me.id)
                .await?
                .is_some();
            let attendance_status = match &survey.session_id {
                Some(session_id) => uow
                    .attendance()
                    .records_of_user_in_sessions(&me.id, std::slice::from_ref(session_id))
                    .await?
                    .into_iter()
                    .find(|a| a.session_id == *session_id)
                    .map(|a| a.status),
                None => None,
            };
            let facts = RespondentFacts {
                already_responded,
                enrollment_status: enrollment.map(|e| e.status),
                attendance_status,
            };
            let answer = SurveyAnswer {
                id: self.ids().uuid(),
                user_id: me.id.clone(),
                overall_rating: input.overall_rating,
                instructor_rating: input.instructor_rating,
                material_rating: input.material_rating,
                facility_rating: input.facility_rating,
                strengths: input.strengths.clone(),
                improvements: input.improvements.clone(),
                suggestions: input.suggestions.clone(),
                is_anonymous: input.is_anonymous,
            };
            let response =
                validate_response(&survey, &facts, answer, &self.policy().survey, self.now())?;
            uow.surveys().insert_response(&response).await?;
            Ok(response)
        })
    }

    /// A survey's report (course editors): count, the mean of each rating (1 decimal; *legacy*
    /// 0 for a rating nobody gave), the distribution of the overall rating, the newest comments
    /// (anonymous ones without id, respondent or time) and the breakdown by unit kerja (groups
    /// under the policy's `min_group_size` withheld).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn survey_report(&self, actor: &Actor, survey_id: &str) -> Result<SurveyReport> {
        read_tx!(self, |uow| {
            let (_, survey) = self
                .survey_for(uow, actor, Action::ViewCourseReports, survey_id, false)
                .await?;
            let responses = uow.surveys().responses_of_survey(&survey.id).await?;
            let mut ids: Vec<String> = responses.iter().map(|r| r.user_id.clone()).collect();
            ids.sort();
            ids.dedup();
            let users: HashMap<String, User> = uow
                .users()
                .get_many(&ids)
                .await?
                .into_iter()
                .map(|u| (u.id.clone(), u))
                .collect();
            let entries: Vec<ReportEntry> = responses
                .into_iter()
                .map(|response| {
                    let user = users.get(&response.user_id);
                    ReportEntry {
                        respondent_name: user
                            .filter(|_| !response.is_anonymous)
                            .and_then(|u| u.name.clone()),
                        unit_kerja: user.and_then(|u| u.unit_kerja.clone()),
                        response,
                    }
                })
                .collect();
            Ok(survey_report(&entries, &self.policy().survey, self.now()))
        })
    }
}
