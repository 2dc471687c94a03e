//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::{FeedbackResponse, FeedbackSurvey};
use titan_core::ports::{StoreResult, SurveyRepository};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl SurveyRepository for PgUnitOfWork {
    async fn survey(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        Err(pending("SurveyRepository::survey"))
    }

    async fn survey_for_update(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>> {
        Err(pending("SurveyRepository::survey_for_update"))
    }

    async fn surveys_of_course(&mut self, course_id: &str) -> StoreResult<Vec<FeedbackSurvey>> {
        Err(pending("SurveyRepository::surveys_of_course"))
    }

    async fn insert_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        Err(pending("SurveyRepository::insert_survey"))
    }

    async fn update_survey(&mut self, survey: &FeedbackSurvey) -> StoreResult<()> {
        Err(pending("SurveyRepository::update_survey"))
    }

    async fn response_of_user(
        &mut self,
        survey_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<FeedbackResponse>> {
        Err(pending("SurveyRepository::response_of_user"))
    }

    async fn responses_of_survey(&mut self, survey_id: &str) -> StoreResult<Vec<FeedbackResponse>> {
        Err(pending("SurveyRepository::responses_of_survey"))
    }

    async fn insert_response(&mut self, response: &FeedbackResponse) -> StoreResult<()> {
        Err(pending("SurveyRepository::insert_response"))
    }
}
