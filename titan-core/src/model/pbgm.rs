use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::seed_enum;

seed_enum! {
    /// Lifecycle of a PBGM program (`WblmProgramStatus`).
    #[derive(Default)]
    WblmProgramStatus { #[default] Draft = "DRAFT", Published = "PUBLISHED", Running = "RUNNING", Closed = "CLOSED", Archived = "ARCHIVED" }
}

seed_enum! {
    /// A participant's state on one milestone (`WblmMilestoneStatus`).
    #[derive(Default)]
    WblmMilestoneStatus {
        #[default] NotStarted = "NOT_STARTED",
        InProgress = "IN_PROGRESS",
        Submitted = "SUBMITTED",
        UnderReview = "UNDER_REVIEW",
        RevisionRequested = "REVISION_REQUESTED",
        Resubmitted = "RESUBMITTED",
        ApprovedFinal = "APPROVED_FINAL",
        Locked = "LOCKED",
    }
}

seed_enum! {
    /// A reviewer's decision (`WblmReviewDecision`).
    WblmReviewDecision { Accept = "ACCEPT", RequestRevision = "REQUEST_REVISION", CommentOnly = "COMMENT_ONLY", Escalate = "ESCALATE" }
}

seed_enum! {
    /// A participant's enrolment in a program (`WblmEnrollment.status`).
    #[derive(Default)]
    WblmEnrollmentStatus { Invited = "INVITED", #[default] Enrolled = "ENROLLED", Active = "ACTIVE", Completed = "COMPLETED", Withdrawn = "WITHDRAWN" }
}

seed_enum! {
    /// *Titan addition*: the part an assigned reviewer plays.
    #[derive(Default)]
    WblmReviewerRole { Coach = "COACH", #[default] Reviewer = "REVIEWER", Panelist = "PANELIST" }
}

/// `WblmProgram` (table `wblm_programs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmProgram {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub target_roles: Vec<String>,
    pub duration_weeks: i32,
    pub start_date: Option<DateTime<Utc>>,
    pub end_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub status: WblmProgramStatus,
    pub owner_user_id: String,
    #[serde(default)]
    pub reviewer_pool_ids: Vec<String>,
    /// `{ allowSupervisorReview, reviewerScoringEnabled, maxRevisionCycles, … }`.
    pub settings: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `WblmMilestone` (table `wblm_milestones`): a checkpoint of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmMilestone {
    pub id: String,
    pub program_id: String,
    pub name: String,
    pub description: Option<String>,
    pub due_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub required_artifact_types: Vec<String>,
    #[serde(default = "yes")]
    pub requires_review: bool,
    #[serde(default)]
    pub requires_reflection: bool,
    #[serde(default)]
    pub order_index: i32,
}

const fn yes() -> bool {
    true
}

/// `WblmSubmission` (table `wblm_submissions`): one version of a participant's work on a milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmSubmission {
    pub id: String,
    pub program_id: String,
    pub milestone_id: String,
    pub participant_user_id: String,
    #[serde(default = "super::user::one")]
    pub version_number: i32,
    pub title: Option<String>,
    pub notes: Option<String>,
    pub files: Option<serde_json::Value>,
    #[serde(default = "submitted")]
    pub status: WblmMilestoneStatus,
    pub created_at: DateTime<Utc>,
    /// *Titan addition*: submitted after the milestone's due date.
    #[serde(default)]
    pub is_late: bool,
}

const fn submitted() -> WblmMilestoneStatus {
    WblmMilestoneStatus::Submitted
}

/// `WblmReview` (table `wblm_reviews`): a reviewer's decision on one submission version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmReview {
    pub id: String,
    pub submission_id: String,
    pub reviewer_user_id: String,
    pub decision: WblmReviewDecision,
    pub comments_richtext: Option<String>,
    pub inline_comments: Option<serde_json::Value>,
    pub score: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

/// `WblmEnrollment` (table `wblm_enrollments`): referenced by the seed, defined here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmEnrollment {
    pub id: String,
    pub program_id: String,
    pub participant_user_id: String,
    #[serde(default)]
    pub status: WblmEnrollmentStatus,
    pub supervisor_user_id: Option<String>,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// *Titan addition*: a participant's state on one milestone (one row per participant × milestone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmParticipantMilestone {
    pub id: String,
    pub program_id: String,
    pub milestone_id: String,
    pub participant_user_id: String,
    #[serde(default)]
    pub status: WblmMilestoneStatus,
    pub updated_at: DateTime<Utc>,
}

/// *Titan addition*: a reviewer assigned to a participant (optionally to one milestone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmReviewerAssignment {
    pub id: String,
    pub program_id: String,
    pub participant_user_id: String,
    pub reviewer_user_id: String,
    pub milestone_id: Option<String>,
    #[serde(default)]
    pub role: WblmReviewerRole,
    pub created_at: DateTime<Utc>,
}

/// *Titan addition*: a participant's reflection on a milestone (`None` = the final reflection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WblmReflection {
    pub id: String,
    pub program_id: String,
    pub participant_user_id: String,
    pub milestone_id: Option<String>,
    pub initial_assumptions: Option<String>,
    pub what_changed: Option<String>,
    pub key_feedback: Option<String>,
    pub what_would_do_differently: Option<String>,
    pub additional_notes: Option<String>,
    #[serde(default)]
    pub is_locked: bool,
    pub submitted_at: DateTime<Utc>,
}
