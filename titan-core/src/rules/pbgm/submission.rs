//! Submitting work on a milestone (SPEC §8): v1 or a revision, late marking, the revision limit,
//! and automatic approval of milestones without review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, ValidationError};
use crate::model::{
    WblmEnrollmentStatus, WblmMilestone, WblmMilestoneStatus, WblmProgram, WblmProgramStatus,
    WblmSubmission,
};

use super::enrollment::ensure_participating;
use super::milestone::{MilestoneEvent, transition_milestone};
use super::policy::RevisionCountMode;
use super::text::optional;
use super::{PbgmError, PbgmPolicy};

/// Most files in one submission.
pub const MAX_FILES: usize = 20;
/// Longest submission title, in characters.
pub const SUBMISSION_TITLE_MAX: usize = 200;
/// Longest submission notes, in characters.
pub const SUBMISSION_NOTES_MAX: usize = 5000;

/// What the rule needs to know about the participant.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionFacts {
    /// The participant's enrolment in the program, if any.
    pub enrollment_status: Option<WblmEnrollmentStatus>,
    /// The participant's state on the milestone (NOT_STARTED when there is no row).
    #[serde(default)]
    pub status: WblmMilestoneStatus,
    /// Earlier versions by this participant on this milestone.
    #[serde(default)]
    pub submissions: Vec<WblmSubmission>,
    /// Whether the participant's reflection on this milestone exists.
    #[serde(default)]
    pub has_reflection: bool,
}

/// The participant's new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSubmission {
    /// Id of the new row (given by the caller).
    pub id: String,
    /// The participant.
    pub participant_user_id: String,
    /// Optional title (trimmed, ≤ 200 characters).
    #[serde(default)]
    pub title: Option<String>,
    /// Optional notes (trimmed, ≤ 5000 characters).
    #[serde(default)]
    pub notes: Option<String>,
    /// 1..=20 files, each an object with a non-blank `storageUrl` (or `url`) and `filename`, and a
    /// positive `size` when given.
    #[serde(default)]
    pub files: Value,
}

/// The row to insert and where the participant now stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionOutcome {
    /// The new version.
    pub submission: WblmSubmission,
    /// The participant's new state on the milestone.
    pub status: WblmMilestoneStatus,
    /// Whether the version was approved on submission (milestone without review).
    pub auto_approved: bool,
}

/// The revision limit in force: the program's `settings.maxRevisionCycles` when set to a
/// non-negative integer, else the policy's `max_revisions`; `None` = unlimited.
#[must_use]
pub fn revision_limit(program: &WblmProgram, policy: &PbgmPolicy) -> Option<u32> {
    program
        .settings
        .as_ref()
        .and_then(|s| s.get("maxRevisionCycles"))
        .and_then(Value::as_u64)
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        .or(policy.max_revisions)
}

/// Accepts a participant's version of a milestone: v1 when none exists, else vN+1 (only after a
/// revision request). Only while the program is RUNNING and the participant ENROLLED or ACTIVE;
/// past the due date the version is accepted and marked late. A milestone with
/// `requiresReview = false` is approved at once (its reflection, when required, must exist).
///
/// # Errors
/// [`PbgmError::ProgramNotRunning`], [`PbgmError::NotParticipating`],
/// [`PbgmError::InvalidMilestoneTransition`] (e.g. a second v1, or a revision nobody asked for),
/// [`PbgmError::MaxRevisions`], [`PbgmError::ReflectionRequired`], or a [`ValidationError`] for
/// the files, title or notes.
pub fn submit_milestone(
    program: &WblmProgram,
    milestone: &WblmMilestone,
    facts: &SubmissionFacts,
    new: NewSubmission,
    policy: &PbgmPolicy,
    now: DateTime<Utc>,
) -> Result<SubmissionOutcome, CoreError> {
    if program.status != WblmProgramStatus::Running {
        return Err(PbgmError::ProgramNotRunning {
            state: program.status,
        }
        .into());
    }
    ensure_participating(facts.enrollment_status)?;
    let earlier: Vec<&WblmSubmission> = facts
        .submissions
        .iter()
        .filter(|s| {
            s.milestone_id == milestone.id && s.participant_user_id == new.participant_user_id
        })
        .collect();
    let event = if earlier.is_empty() {
        MilestoneEvent::Submit
    } else {
        MilestoneEvent::Resubmit
    };
    let mut status = transition_milestone(facts.status, event)?;
    if event == MilestoneEvent::Resubmit {
        check_revision_limit(earlier.len(), revision_limit(program, policy), policy)?;
    }
    validate_files(&new.files)?;
    let title = optional("title", new.title.as_deref(), SUBMISSION_TITLE_MAX)?;
    let notes = optional("notes", new.notes.as_deref(), SUBMISSION_NOTES_MAX)?;
    let latest = earlier.iter().map(|s| s.version_number).max().unwrap_or(0);
    let version_number = latest.checked_add(1).ok_or(ValidationError::OutOfRange {
        field: "versionNumber",
        value: latest.to_string(),
        min: "1".to_owned(),
        max: i32::MAX.to_string(),
    })?;
    let auto_approved = !milestone.requires_review;
    if auto_approved {
        if milestone.requires_reflection && !facts.has_reflection {
            return Err(PbgmError::ReflectionRequired {
                milestone_id: milestone.id.clone(),
            }
            .into());
        }
        status = transition_milestone(status, MilestoneEvent::Accept)?;
    }
    Ok(SubmissionOutcome {
        submission: WblmSubmission {
            id: new.id,
            program_id: program.id.clone(),
            milestone_id: milestone.id.clone(),
            participant_user_id: new.participant_user_id,
            version_number,
            title,
            notes,
            files: Some(new.files),
            status,
            created_at: now,
            is_late: milestone.due_date.is_some_and(|due| now > due),
        },
        status,
        auto_approved,
    })
}

fn check_revision_limit(
    versions: usize,
    limit: Option<u32>,
    policy: &PbgmPolicy,
) -> Result<(), PbgmError> {
    let Some(limit) = limit else {
        return Ok(());
    };
    let versions = u32::try_from(versions).unwrap_or(u32::MAX);
    let used = match policy.revision_count_mode {
        RevisionCountMode::Resubmissions => versions.saturating_sub(1),
        RevisionCountMode::AllVersions => versions,
    };
    if used >= limit {
        Err(PbgmError::MaxRevisions { limit, used })
    } else {
        Ok(())
    }
}

const FILES_SHAPE: &str =
    "an array of 1..20 objects with storageUrl (or url), filename and an optional positive size";

/// Light shape check of the `files` JSON: 1..=20 objects, each with a non-blank `storageUrl` or
/// `url`, a non-blank `filename`, and a positive `size` when present.
///
/// # Errors
/// [`ValidationError::Required`] when there is no file, [`ValidationError::InvalidFormat`] for
/// any other shape.
pub fn validate_files(files: &Value) -> Result<(), ValidationError> {
    let list = match files {
        Value::Null => return Err(ValidationError::Required { field: "files" }),
        Value::Array(list) => list,
        _ => return Err(invalid_files()),
    };
    if list.is_empty() {
        return Err(ValidationError::Required { field: "files" });
    }
    if list.len() > MAX_FILES {
        return Err(invalid_files());
    }
    let non_blank = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    for file in list {
        let Value::Object(file) = file else {
            return Err(invalid_files());
        };
        let has_url = non_blank(file.get("storageUrl")) || non_blank(file.get("url"));
        let size_ok = match file.get("size") {
            None | Some(Value::Null) => true,
            Some(size) => size.as_f64().is_some_and(|s| s > 0.0),
        };
        if !has_url || !non_blank(file.get("filename")) || !size_ok {
            return Err(invalid_files());
        }
    }
    Ok(())
}

fn invalid_files() -> ValidationError {
    ValidationError::InvalidFormat {
        field: "files",
        expected: FILES_SHAPE,
    }
}
