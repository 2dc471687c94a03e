//! PBGM (SPEC §8): mentored projects. Programs and their milestones (edited while DRAFT), the
//! lifecycle (publish, start, close, archive), participants and their reviewers, versioned
//! submissions, reviews, reflections and a participant's progress.
//!
//! Who may do what: creating a program needs `CREATE_PROGRAM`; everything a manager does
//! (fields, milestones, transitions, enrolment, reviewers) needs `MANAGE_PROGRAM` on the program
//! (its owner, unit admins of the owner); submissions and reflections are the participant's own
//! (`SUBMIT_MILESTONE`, self only); reviews need `REVIEW_SUBMISSION` (an assigned reviewer, the
//! owner, a unit admin of the owner, never the participant).
//!
//! Locking: a manager's change takes the program's lock; a participant's work (submission,
//! review, reflection, withdrawal) takes the participant's enrolment lock first and never the
//! program's, so one participant's events apply one after the other and a close waits for the
//! submissions in flight (see [`PbgmRepository`](crate::ports::PbgmRepository)).

mod lifecycle;
mod people;
mod programs;
mod work;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Actor, Error, Result, Titan};
use crate::error::CoreError;
use crate::model::{
    User, WblmEnrollment, WblmMilestone, WblmMilestoneStatus, WblmProgram, WblmProgramStatus,
    WblmReview, WblmReviewDecision, WblmReviewerRole, WblmSubmission,
};
use crate::ports::UnitOfWork;
use crate::rules::identity::{Action, IdentityError, OwnerFacts, Resource};
use crate::rules::pbgm::{ParticipantProgress, ProgramTransition, ReflectionAnswers};

/// A program's editable fields (create, or the full new state on update).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgramInput {
    /// 3..=200 characters (trimmed).
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Who the program is for (free labels, trimmed, duplicates dropped).
    pub target_roles: Vec<String>,
    /// At least 1.
    pub duration_weeks: i32,
    /// Planned start (set to the start instant by `start_program` when empty).
    pub start_date: Option<DateTime<Utc>>,
    /// Planned end, not before the start.
    pub end_date: Option<DateTime<Utc>>,
    /// Users who may be assigned as reviewers (each must exist).
    pub reviewer_pool_ids: Vec<String>,
    /// `{allowSupervisorReview, reviewerScoringEnabled, maxRevisionCycles, evidenceVisibility,
    /// …}`: an object, merged over the defaults (`false`, `true`, `null`, `participant_only`);
    /// on update `None` keeps the current settings.
    pub settings: Option<Value>,
    /// The status, when a caller sends the whole row back: it must be the current one (DRAFT on
    /// create); only the transitions change it.
    pub status: Option<WblmProgramStatus>,
}

impl ProgramInput {
    /// A program with a title and a duration, other fields empty.
    #[must_use]
    pub fn new(title: impl Into<String>, duration_weeks: i32) -> Self {
        Self {
            title: title.into(),
            duration_weeks,
            ..Self::default()
        }
    }
}

const fn yes() -> bool {
    true
}

/// A milestone's editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneInput {
    /// 2..=200 characters (trimmed).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Due date: later submissions are accepted and marked late.
    #[serde(default)]
    pub due_date: Option<DateTime<Utc>>,
    /// At least one artifact type (trimmed, duplicates dropped).
    #[serde(default)]
    pub required_artifact_types: Vec<String>,
    /// Whether a reviewer decides (default true); without review a submission is approved.
    #[serde(default = "yes")]
    pub requires_review: bool,
    /// Whether the participant's reflection is needed before approval (default false).
    #[serde(default)]
    pub requires_reflection: bool,
    /// Position; `None` puts a new milestone last and keeps an existing one where it is.
    #[serde(default)]
    pub order_index: Option<i32>,
}

impl MilestoneInput {
    /// A reviewed milestone needing `artifact_types`.
    #[must_use]
    pub fn new(name: impl Into<String>, artifact_types: &[&str]) -> Self {
        Self {
            name: name.into(),
            description: None,
            due_date: None,
            required_artifact_types: artifact_types.iter().map(|t| (*t).to_owned()).collect(),
            requires_review: true,
            requires_reflection: false,
            order_index: None,
        }
    }
}

/// A participant a manager enrols.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ParticipantInput {
    /// The user to enrol.
    pub participant_user_id: String,
    /// Their supervisor (stored only).
    pub supervisor_user_id: Option<String>,
}

/// A reviewer a manager assigns to a participant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewerAssignmentInput {
    /// The participant (enrolled in the program).
    pub participant_user_id: String,
    /// The reviewer (from the program's pool, or an instructor/admin when it has none).
    pub reviewer_user_id: String,
    /// One milestone of the program; `None` = every milestone.
    pub milestone_id: Option<String>,
    /// COACH, REVIEWER (default) or PANELIST.
    pub role: WblmReviewerRole,
}

/// A participant's version of a milestone.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubmissionInput {
    /// Optional title (≤ 200 characters).
    pub title: Option<String>,
    /// Optional notes (≤ 5000 characters).
    pub notes: Option<String>,
    /// 1..=20 file objects `{storageUrl (or url), filename, size?, mime?, checksum?}`.
    pub files: Value,
}

/// A reviewer's decision on a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    /// ACCEPT, REQUEST_REVISION, COMMENT_ONLY or ESCALATE.
    pub decision: WblmReviewDecision,
    /// Comments (rich text).
    #[serde(default)]
    pub comments_richtext: Option<String>,
    /// Inline comments.
    #[serde(default)]
    pub inline_comments: Option<Value>,
    /// Rubric scores.
    #[serde(default)]
    pub score: Option<Value>,
}

impl ReviewInput {
    /// A decision without comments.
    #[must_use]
    pub fn new(decision: WblmReviewDecision) -> Self {
        Self {
            decision,
            comments_richtext: None,
            inline_comments: None,
            score: None,
        }
    }
}

/// A participant's reflection on a milestone, or the final one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReflectionInput {
    /// The milestone; `None` = the final reflection.
    pub milestone_id: Option<String>,
    /// The answers (at least one).
    #[serde(flatten)]
    pub answers: ReflectionAnswers,
}

/// A program with its milestones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramDetail {
    /// The program.
    pub program: WblmProgram,
    /// Its milestones by `orderIndex`.
    pub milestones: Vec<WblmMilestone>,
}

/// A program the user takes part in, with their enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramMembership {
    /// The program.
    pub program: WblmProgram,
    /// The user's enrolment in it.
    pub enrollment: WblmEnrollment,
}

/// What a lifecycle step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramTransitionResult {
    /// The program after the step.
    pub program: WblmProgram,
    /// Every row change the step applied (enrolments, participant milestones, reflections).
    pub changes: ProgramTransition,
}

/// What a submission did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionResult {
    /// The new version.
    pub submission: WblmSubmission,
    /// The participant's state on the milestone now.
    pub status: WblmMilestoneStatus,
    /// Approved on submission (a milestone without review).
    pub auto_approved: bool,
    /// The participant's enrolment (COMPLETED once every milestone is approved).
    pub enrollment: WblmEnrollment,
}

/// What a review did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewResult {
    /// The review.
    pub review: WblmReview,
    /// The reviewed version, with its new status.
    pub submission: WblmSubmission,
    /// The participant's state on the milestone now.
    pub status: WblmMilestoneStatus,
    /// ACCEPTs on this version, this one included.
    pub accepts: u32,
    /// ACCEPTs needed for approval.
    pub accepts_required: u32,
    /// The participant's enrolment (COMPLETED once every milestone is approved).
    pub enrollment: WblmEnrollment,
}

/// A participant's state on one milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneStanding {
    /// The milestone.
    pub milestone: WblmMilestone,
    /// The participant's state (NOT_STARTED when untouched).
    pub status: WblmMilestoneStatus,
    /// Their latest version number, if any.
    pub latest_version: Option<i32>,
}

/// Where a participant stands in a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantStanding {
    /// The enrolment.
    pub enrollment: WblmEnrollment,
    /// Every milestone, in order, with the participant's state.
    pub milestones: Vec<MilestoneStanding>,
    /// Approved / total × 100.
    pub progress: ParticipantProgress,
}

/// The id a signed-in actor names (empty otherwise, which every personal check refuses).
fn actor_id(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id,
        Actor::Anonymous | Actor::System => "",
    }
}

/// Whether the error is a plain "not allowed" (the actor is signed in and active).
fn is_forbidden(e: &Error) -> bool {
    matches!(
        e,
        Error::Rule(CoreError::Identity(IdentityError::Forbidden { .. }))
    )
}

fn program_not_found(id: &str) -> Error {
    Error::not_found("WblmProgram", id)
}

impl Titan {
    /// The signed-in, active actor acting for themself (`SUBMIT_MILESTONE` on their own record:
    /// the personal check every participant act and every "my …" read uses).
    async fn myself(&self, uow: &mut dyn UnitOfWork, actor: &Actor) -> Result<User> {
        self.authorize(
            uow,
            actor,
            Action::SubmitMilestone,
            &Resource::learner(actor_id(actor)),
        )
        .await
    }

    /// The authorisation facts of a program: its owner and the owner's unit.
    async fn program_owner(
        &self,
        uow: &mut dyn UnitOfWork,
        program: &WblmProgram,
    ) -> Result<OwnerFacts> {
        let unit = uow
            .users()
            .get(&program.owner_user_id)
            .await?
            .and_then(|u| u.unit_kerja);
        Ok(OwnerFacts::of_program(program, unit.as_deref()))
    }

    /// Loads a program (locked when `lock`) and authorises `MANAGE_PROGRAM` on it.
    async fn managed_program(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        program_id: &str,
        lock: bool,
    ) -> Result<(User, WblmProgram)> {
        let program = if lock {
            uow.pbgm().program_for_update(program_id).await?
        } else {
            uow.pbgm().program(program_id).await?
        }
        .ok_or_else(|| program_not_found(program_id))?;
        let owner = self.program_owner(uow, &program).await?;
        let me = self
            .authorize(uow, actor, Action::ManageProgram, &Resource::Program(owner))
            .await?;
        Ok((me, program))
    }

    /// Loads a program for reading: its managers, its participants (any status), its assigned
    /// reviewers and the members of its reviewer pool see it; to anyone else it does not exist.
    async fn visible_program(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        program_id: &str,
    ) -> Result<WblmProgram> {
        let program = uow
            .pbgm()
            .program(program_id)
            .await?
            .ok_or_else(|| program_not_found(program_id))?;
        let owner = self.program_owner(uow, &program).await?;
        match self
            .authorize(uow, actor, Action::ManageProgram, &Resource::Program(owner))
            .await
        {
            Ok(_) => return Ok(program),
            Err(e) if is_forbidden(&e) => {}
            Err(e) => return Err(e),
        }
        let me = actor_id(actor);
        let member = program.reviewer_pool_ids.iter().any(|id| id == me)
            || uow.pbgm().enrollment(program_id, me).await?.is_some()
            || uow
                .pbgm()
                .assignments_of_reviewer(me)
                .await?
                .iter()
                .any(|a| a.program_id == program.id);
        if member {
            Ok(program)
        } else {
            Err(program_not_found(program_id))
        }
    }

    /// Moves an ENROLLED/ACTIVE enrolment to COMPLETED (with `completedAt`) once every milestone
    /// of the program is APPROVED_FINAL for the participant. The caller holds the enrolment lock.
    async fn complete_if_done(
        &self,
        uow: &mut dyn UnitOfWork,
        mut enrollment: WblmEnrollment,
        now: DateTime<Utc>,
    ) -> Result<WblmEnrollment> {
        let milestones = uow
            .pbgm()
            .milestones_of_program(&enrollment.program_id)
            .await?;
        let rows = uow
            .pbgm()
            .participant_milestones(&enrollment.program_id, &enrollment.participant_user_id)
            .await?;
        let progress = crate::rules::pbgm::participant_progress(
            &milestones,
            &rows,
            Some(enrollment.status),
            &self.policy().pbgm,
        );
        if let Some(status) = progress.enrollment_change {
            enrollment.status = status;
            enrollment.completed_at = Some(now);
            uow.pbgm().update_enrollment(&enrollment).await?;
        }
        Ok(enrollment)
    }
}
