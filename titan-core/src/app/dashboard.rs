//! The learner's dashboard: what the app's home page shows a signed-in learner, read in one
//! snapshot with as few reads as the store allows (it is the most frequent read of the platform).

use serde::{Deserialize, Serialize};

use super::{Actor, Error, Result, Titan, read_tx};
use crate::ports::EnrolledCourse;
use crate::rules::gamification::{LevelInfo, level_for_points};
use crate::rules::identity::{self, Action, Resource, UserFacts};

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
    /// A learner reading their own dashboard (the common case) costs one store read
    /// ([`crate::ports::Store::learner_snapshot`]): their row in the snapshot is also who they
    /// are for the authorisation. Anyone else is read first, on their own.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn learner_dashboard(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<LearnerDashboard> {
        let own = matches!(actor, Actor::User { id } if id == learner_id);
        let other = if own {
            None
        } else {
            Some(read_tx!(self, |uow| self.principal(uow, actor).await)?)
        };
        let snapshot = self
            .store()
            .learner_snapshot(learner_id)
            .await?
            .ok_or_else(|| Error::not_found("User", learner_id))?;
        let learner = &snapshot.learner;
        let principal = match other {
            Some(principal) => principal,
            None => Some((identity::Actor::from_user(learner), learner.clone())),
        };
        self.permit(
            principal,
            Action::ViewProfile,
            &Resource::User(UserFacts::from_user(learner)),
        )?;
        let points = i64::from(learner.points);
        Ok(LearnerDashboard {
            user_id: learner.id.clone(),
            points,
            level: level_for_points(points, &self.policy().gamification.level_curve),
            streak: self.current_streak(learner),
            courses: snapshot.courses,
            unread_notifications: snapshot.unread_notifications,
        })
    }
}
