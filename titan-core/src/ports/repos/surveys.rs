use async_trait::async_trait;

use crate::model::{FeedbackResponse, FeedbackSurvey};
use crate::ports::StoreResult;

/// Feedback surveys and their responses.
#[async_trait]
pub trait SurveyRepository: Send {
    /// The survey with `id`.
    async fn survey(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>>;

    /// The survey with `id`, locked until the unit of work ends (edits and toggles take it, so
    /// two editors' changes apply one after the other).
    async fn survey_for_update(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>>;

    /// The course's surveys (course and session surveys alike), by `createdAt` then id.
    async fn surveys_of_course(&mut self, course_id: &str) -> StoreResult<Vec<FeedbackSurvey>>;

    /// Adds a survey.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()>;

    /// Replaces a survey.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()>;

    /// The user's response to the survey (the `(surveyId, userId)` unique key).
    async fn response_of_user(
        &mut self,
        survey_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<FeedbackResponse>>;

    /// Every response to the survey, by `submittedAt` then id (a report's read path: it may go
    /// to a replica).
    async fn responses_of_survey(&mut self, survey_id: &str) -> StoreResult<Vec<FeedbackResponse>>;

    /// Adds a response.
    ///
    /// # Errors
    /// `Conflict` on [`SURVEY_RESPONSE_USER`](crate::ports::constraint::SURVEY_RESPONSE_USER)
    /// (the user already answered) or the primary key.
    async fn insert_response(&mut self, response: &FeedbackResponse) -> StoreResult<()>;
}
