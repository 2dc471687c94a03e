use async_trait::async_trait;
use titan_core::model::{FeedbackResponse, FeedbackSurvey};
use titan_core::ports::{StoreResult, SurveyRepository, constraint};

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(FeedbackSurvey, FeedbackResponse);

const SURVEYS_BY_COURSE: usize = 0;
const RESPONSE_BY_SURVEY_USER: usize = 0;
const RESPONSES_BY_SURVEY: usize = 0;

tables! {
    SurveyTables {
        surveys: Table<FeedbackSurvey> = Table::<FeedbackSurvey>::new("feedback_surveys")
            .index(|s| Some((s.course_id.clone(), sort_time(s.created_at)))),
        responses: Table<FeedbackResponse> = Table::<FeedbackResponse>::new("feedback_responses")
            .unique(constraint::SURVEY_RESPONSE_USER, |r| Some(key2(&r.survey_id, &r.user_id)))
            .index(|r| Some((r.survey_id.clone(), sort_time(r.submitted_at)))),
    }
}

impl State {
    /// Whether a survey references the course (its foreign key has no cascade).
    pub(crate) fn surveys_reference_course(&self, course_id: &str) -> bool {
        self.surveys.surveys.count_in(SURVEYS_BY_COURSE, course_id) > 0
    }
}

#[async_trait]
impl SurveyRepository for MemoryUnitOfWork {
    async fn survey(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        Ok(self.state().surveys.surveys.get(id).cloned())
    }

    async fn survey_for_update(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        // One writer at a time: every read of a read-write unit of work is locked.
        SurveyRepository::survey(self, id).await
    }

    async fn surveys_of_course(&mut self, course_id: &str) -> StoreResult<Vec<FeedbackSurvey>> {
        Ok(self
            .state()
            .surveys
            .surveys
            .by_index(SURVEYS_BY_COURSE, course_id)
            .cloned()
            .collect())
    }

    async fn insert_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        self.state_mut()?.surveys.surveys.insert(survey.clone())
    }

    async fn update_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        self.state_mut()?.surveys.surveys.update(survey.clone())
    }

    async fn response_of_user(
        &mut self,
        survey_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<FeedbackResponse>> {
        Ok(self
            .state()
            .surveys
            .responses
            .by_unique(RESPONSE_BY_SURVEY_USER, &key2(survey_id, user_id))
            .cloned())
    }

    async fn responses_of_survey(&mut self, survey_id: &str) -> StoreResult<Vec<FeedbackResponse>> {
        Ok(self
            .state()
            .surveys
            .responses
            .by_index(RESPONSES_BY_SURVEY, survey_id)
            .cloned()
            .collect())
    }

    async fn insert_response(&mut self, response: &FeedbackResponse) -> StoreResult<()> {
        self.state_mut()?.surveys.responses.insert(response.clone())
    }
}
