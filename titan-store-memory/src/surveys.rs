use async_trait::async_trait;
use titan_core::model::FeedbackSurvey;
use titan_core::ports::{StoreResult, SurveyRepository};

use crate::table::Table;
use crate::{MemoryUnitOfWork, State, rows, tables};

rows!(FeedbackSurvey);

const SURVEYS_BY_COURSE: usize = 0;

tables! {
    SurveyTables {
        surveys: Table<FeedbackSurvey> = Table::<FeedbackSurvey>::new("feedback_surveys")
            .index(|s| Some((s.course_id.clone(), String::new()))),
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
}
