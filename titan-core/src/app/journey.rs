//! The learner journey (SPEC §11): a learner's activity, newest first, across courses or
//! within one, as the event pipeline journaled it (`learner_activity`).
//!
//! Who may: the learner; unit admins of the learner; for one course, also its course editors.

use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx};
use crate::model::LearnerActivity;
use crate::rules::identity::{Action, Resource, UserFacts};

/// Activity rows listed when the query gives no limit.
pub const DEFAULT_JOURNEY_PAGE: usize = 50;

/// Most activity rows listed at once.
pub const MAX_JOURNEY_PAGE: usize = 500;

/// Whose journey, and how much of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JourneyQuery {
    /// Only this course's activity.
    pub course_id: Option<String>,
    /// How many rows, newest first: 0 = [`DEFAULT_JOURNEY_PAGE`], at most [`MAX_JOURNEY_PAGE`].
    pub limit: usize,
}

impl Titan {
    /// `learner_id`'s activity (enrolments, lessons, quizzes, attendance, certificates, badges,
    /// PBGM), newest first; within `query.course_id` when given.
    ///
    /// # Errors
    /// `NOT_FOUND` (learner, course); `IDENTITY_*`.
    pub async fn learner_journey(
        &self,
        actor: &Actor,
        learner_id: &str,
        query: &JourneyQuery,
    ) -> Result<Vec<LearnerActivity>> {
        let limit = match query.limit {
            0 => DEFAULT_JOURNEY_PAGE,
            n => n.min(MAX_JOURNEY_PAGE),
        };
        read_tx!(self, |uow| {
            let learner = uow
                .users()
                .get(learner_id)
                .await?
                .ok_or_else(|| Error::not_found("User", learner_id))?;
            let as_profile = Resource::User(UserFacts::from_user(&learner));
            match query.course_id.as_deref() {
                None => {
                    self.authorize(uow, actor, Action::ViewProfile, &as_profile)
                        .await?;
                }
                Some(course_id) => {
                    let course = uow
                        .catalog()
                        .course(course_id)
                        .await?
                        .ok_or_else(|| Error::not_found("Course", course_id))?;
                    let facts = self.course_facts(uow, &course).await?;
                    let record = Resource::LearnerRecord {
                        learner_id: learner_id.to_owned(),
                        course: facts,
                    };
                    // The learner and the course's editors; else unit admins of the learner.
                    let as_editor = self
                        .authorize(uow, actor, Action::ViewLearnerRecord, &record)
                        .await;
                    if let Err(denied) = as_editor
                        && self
                            .authorize(uow, actor, Action::ViewProfile, &as_profile)
                            .await
                            .is_err()
                    {
                        return Err(denied);
                    }
                }
            }
            Ok(uow
                .activity()
                .of_user(learner_id, query.course_id.as_deref(), limit)
                .await?)
        })
    }
}
