use async_trait::async_trait;

use crate::model::FeedbackSurvey;
use crate::ports::StoreResult;

/// Feedback surveys and their responses.
#[async_trait]
pub trait SurveyRepository: Send {
    /// The survey with `id`.
    async fn survey(&mut self, id: &str) -> StoreResult<Option<FeedbackSurvey>>;
}
