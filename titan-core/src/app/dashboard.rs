//! The learner's dashboard: what the app's home page shows a signed-in learner, read in one
//! snapshot with as few reads as the store allows (it is the most frequent read of the platform).

use serde::{Deserialize, Serialize};

use super::{Actor, Result, Titan, read_tx};
use crate::ports::EnrolledCourse;
use crate::rules::gamification::{LevelInfo, level_for_points};

/// A learner's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnerDashboard {
    /// The learner.
    pub user_id: String,
    /// Points (the ledger's sum, kept on the user row).
    pub points: i64,
    /// The level the curve gives for `points`, its title and the progress to the next one.
    pub level: LevelInfo,
    /// The current streak in days (0 once a day was missed).
    pub streak: i32,
    /// The learner's enrolments with their courses, by enrolment time.
    pub courses: Vec<EnrolledCourse>,
    /// How many notifications are unread.
    pub unread_notifications: u64,
}

impl Titan {
    /// `learner_id`'s dashboard: points, level and streak, every enrolment with its course,
    /// status and progress, and the unread notification count (the learner, unit admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn learner_dashboard(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<LearnerDashboard> {
        read_tx!(self, |uow| {
            let (_, learner) = self.learner_for(uow, actor, learner_id).await?;
            let courses = uow.enrollments().courses_of_user(learner_id).await?;
            let unread_notifications = uow.notifications().unread_count(learner_id).await?;
            let points = i64::from(learner.points);
            Ok(LearnerDashboard {
                user_id: learner.id.clone(),
                points,
                level: level_for_points(points, &self.policy().gamification.level_curve),
                streak: self.current_streak(&learner),
                courses,
                unread_notifications,
            })
        })
    }
}
