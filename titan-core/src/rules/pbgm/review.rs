//! Reviewing a submission (SPEC §8): who may review, one review per reviewer per version, only
//! the latest version, and how decisions move the participant's milestone.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{
    Role, WblmMilestone, WblmMilestoneStatus, WblmProgram, WblmProgramStatus, WblmReview,
    WblmReviewDecision, WblmReviewerAssignment, WblmSubmission,
};

use super::milestone::{MilestoneEvent, transition_milestone};
use super::policy::{ReviewDecisionMode, ReviewerScope};
use super::{PbgmError, PbgmPolicy};

/// What the rule needs to know around the review.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewFacts {
    /// The reviewer is a SUPER_ADMIN or ADMIN_UNIT (decided by the authorisation rules).
    #[serde(default)]
    pub is_admin: bool,
    /// The reviewer owns the program.
    #[serde(default)]
    pub is_owner: bool,
    /// The program's reviewer assignments (others are ignored).
    #[serde(default)]
    pub assignments: Vec<WblmReviewerAssignment>,
    /// The participant's state on the milestone.
    pub status: WblmMilestoneStatus,
    /// The latest version number of the participant's work on the milestone.
    pub latest_version: i32,
    /// Reviews already given (those of other submissions are ignored).
    #[serde(default)]
    pub reviews: Vec<WblmReview>,
    /// Whether the participant's reflection on this milestone exists.
    #[serde(default)]
    pub has_reflection: bool,
}

/// The reviewer's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewReview {
    /// Id of the new row (given by the caller).
    pub id: String,
    /// The reviewer.
    pub reviewer_user_id: String,
    /// The decision.
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

/// The notification the participant gets (legacy `WBLM_*` types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewNotice {
    /// `WBLM_MILESTONE_APPROVED`: the milestone is APPROVED_FINAL.
    #[serde(rename = "WBLM_MILESTONE_APPROVED")]
    MilestoneApproved,
    /// `WBLM_REVISION_REQUESTED`: a new version is asked for.
    #[serde(rename = "WBLM_REVISION_REQUESTED")]
    RevisionRequested,
    /// `WBLM_REVIEW_COMPLETED`: a comment, an escalation or an accept still short of the quorum.
    #[serde(rename = "WBLM_REVIEW_COMPLETED")]
    ReviewCompleted,
}

/// The review row, the new states and whom to tell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewOutcome {
    /// The review to insert.
    pub review: WblmReview,
    /// The participant's new state on the milestone; the submission takes the same status.
    pub status: WblmMilestoneStatus,
    /// ACCEPTs on this version, this one included.
    pub accepts: u32,
    /// ACCEPTs needed for approval (1 when the latest decision wins).
    pub accepts_required: u32,
    /// The participant's notification.
    pub notice: ReviewNotice,
    /// ESCALATE: the program owner is to be notified.
    pub notify_owner: bool,
}

/// Whether `reviewer` holds an assignment for `participant` in `program_id` that covers
/// `milestone_id` (program-wide assignments cover every milestone; under the legacy scope any
/// assignment for the participant does).
#[must_use]
pub fn is_assigned_reviewer(
    assignments: &[WblmReviewerAssignment],
    program_id: &str,
    reviewer_user_id: &str,
    participant_user_id: &str,
    milestone_id: &str,
    scope: ReviewerScope,
) -> bool {
    assignments.iter().any(|a| {
        a.program_id == program_id
            && a.reviewer_user_id == reviewer_user_id
            && a.participant_user_id == participant_user_id
            && match scope {
                ReviewerScope::Program => true,
                ReviewerScope::Milestone => {
                    a.milestone_id.as_deref().is_none_or(|m| m == milestone_id)
                }
            }
    })
}

/// Checks a new reviewer assignment in `program` against the assignments it already has: not
/// once the program is CLOSED or ARCHIVED; never the participant themself; the reviewer comes
/// from the program's `reviewerPoolIds` when the pool is set, else holds the INSTRUCTOR role or
/// higher (the original app's "potential reviewers"); the same participant, reviewer and
/// milestone (or program-wide) only once.
///
/// # Errors
/// [`PbgmError::ProgramNotEditable`], [`PbgmError::SelfReview`],
/// [`PbgmError::ReviewerNotEligible`], [`PbgmError::AlreadyAssigned`].
pub fn check_reviewer_assignment(
    program: &WblmProgram,
    assignment: &WblmReviewerAssignment,
    reviewer_role: Role,
    existing: &[WblmReviewerAssignment],
) -> Result<(), PbgmError> {
    let state = program.status;
    if matches!(
        state,
        WblmProgramStatus::Closed | WblmProgramStatus::Archived
    ) {
        return Err(PbgmError::ProgramNotEditable { state });
    }
    if assignment.reviewer_user_id == assignment.participant_user_id {
        return Err(PbgmError::SelfReview);
    }
    let eligible = if program.reviewer_pool_ids.is_empty() {
        reviewer_role.rank() >= Role::Instructor.rank()
    } else {
        program
            .reviewer_pool_ids
            .contains(&assignment.reviewer_user_id)
    };
    if !eligible {
        return Err(PbgmError::ReviewerNotEligible);
    }
    let duplicate = existing.iter().any(|a| {
        a.program_id == program.id
            && a.participant_user_id == assignment.participant_user_id
            && a.reviewer_user_id == assignment.reviewer_user_id
            && a.milestone_id == assignment.milestone_id
    });
    if duplicate {
        return Err(PbgmError::AlreadyAssigned);
    }
    Ok(())
}

/// Records a review of `submission` on `milestone`. The reviewer must be an assigned reviewer,
/// the owner or an admin, and never the participant; one review per reviewer per version; only
/// the latest version. ACCEPT needs the reflection when the milestone requires one; under
/// `n_accepts(N)` it approves only with N accepts on the version (until then it counts as a
/// review in progress), while REQUEST_REVISION sends the work back at once.
///
/// # Errors
/// [`PbgmError::SelfReview`], [`PbgmError::NotReviewer`], [`PbgmError::NotLatestVersion`],
/// [`PbgmError::AlreadyReviewed`], [`PbgmError::ReflectionRequired`], or
/// [`PbgmError::InvalidMilestoneTransition`] when the milestone is not awaiting review.
pub fn review_submission(
    milestone: &WblmMilestone,
    submission: &WblmSubmission,
    facts: &ReviewFacts,
    new: NewReview,
    policy: &PbgmPolicy,
    now: DateTime<Utc>,
) -> Result<ReviewOutcome, PbgmError> {
    let reviewer = new.reviewer_user_id.as_str();
    if reviewer == submission.participant_user_id {
        return Err(PbgmError::SelfReview);
    }
    let assigned = is_assigned_reviewer(
        &facts.assignments,
        &submission.program_id,
        reviewer,
        &submission.participant_user_id,
        &milestone.id,
        policy.reviewer_scope,
    );
    if !(assigned || facts.is_owner || facts.is_admin) {
        return Err(PbgmError::NotReviewer);
    }
    if submission.version_number < facts.latest_version {
        return Err(PbgmError::NotLatestVersion {
            version: submission.version_number,
            latest: facts.latest_version,
        });
    }
    let this_version: Vec<&WblmReview> = facts
        .reviews
        .iter()
        .filter(|r| r.submission_id == submission.id)
        .collect();
    if this_version.iter().any(|r| r.reviewer_user_id == reviewer) {
        return Err(PbgmError::AlreadyReviewed {
            version: submission.version_number,
        });
    }
    let accepts_required = match policy.review_decision {
        ReviewDecisionMode::LatestWins => 1,
        ReviewDecisionMode::NAccepts(n) => n.max(1),
    };
    let earlier_accepts = this_version
        .iter()
        .filter(|r| r.decision == WblmReviewDecision::Accept)
        .count();
    let earlier_accepts = u32::try_from(earlier_accepts).unwrap_or(u32::MAX);
    let accepts = match new.decision {
        WblmReviewDecision::Accept => earlier_accepts.saturating_add(1),
        _ => earlier_accepts,
    };
    let mut event = MilestoneEvent::from_decision(new.decision);
    if event == MilestoneEvent::Accept {
        if milestone.requires_reflection && !facts.has_reflection {
            return Err(PbgmError::ReflectionRequired {
                milestone_id: milestone.id.clone(),
            });
        }
        if accepts < accepts_required {
            // Short of the quorum: the version stays under review.
            event = MilestoneEvent::OpenReview;
        }
    }
    let status = transition_milestone(facts.status, event)?;
    let notice = match status {
        WblmMilestoneStatus::ApprovedFinal => ReviewNotice::MilestoneApproved,
        WblmMilestoneStatus::RevisionRequested => ReviewNotice::RevisionRequested,
        _ => ReviewNotice::ReviewCompleted,
    };
    Ok(ReviewOutcome {
        review: WblmReview {
            id: new.id,
            submission_id: submission.id.clone(),
            reviewer_user_id: new.reviewer_user_id,
            decision: new.decision,
            comments_richtext: new
                .comments_richtext
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty()),
            inline_comments: new.inline_comments,
            score: new.score,
            created_at: now,
        },
        status,
        accepts,
        accepts_required,
        notice,
        notify_owner: new.decision == WblmReviewDecision::Escalate,
    })
}
