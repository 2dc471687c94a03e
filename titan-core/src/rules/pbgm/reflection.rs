//! Reflections (SPEC §8): one per (program, participant, milestone or final), editable until locked.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ValidationError};
use crate::model::{WblmEnrollmentStatus, WblmReflection};

use super::PbgmError;
use super::enrollment::ensure_participating;
use super::text::optional;

/// Longest reflection answer, in characters.
pub const REFLECTION_ANSWER_MAX: usize = 2000;

/// Whose reflection, on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionTarget {
    /// Id for a new row (ignored when the reflection already exists).
    pub id: String,
    /// The program.
    pub program_id: String,
    /// The participant.
    pub participant_user_id: String,
    /// The milestone; `None` = the final reflection.
    #[serde(default)]
    pub milestone_id: Option<String>,
}

/// The reflection's answers; each optional, trimmed, ≤ 2000 characters; at least one given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReflectionAnswers {
    /// What the participant assumed at first.
    pub initial_assumptions: Option<String>,
    /// What changed.
    pub what_changed: Option<String>,
    /// The key feedback received.
    pub key_feedback: Option<String>,
    /// What they would do differently.
    pub what_would_do_differently: Option<String>,
    /// Anything else.
    pub additional_notes: Option<String>,
}

/// Creates or overwrites the participant's reflection on `target`. `existing` is the row already
/// stored for the same (program, participant, milestone), if any: it keeps its id and is
/// overwritten with a new `submittedAt`, unless it is locked.
///
/// # Errors
/// [`PbgmError::NotParticipating`] unless the enrolment is ENROLLED or ACTIVE;
/// [`PbgmError::ReflectionLocked`]; a [`ValidationError`] for an empty or too long answer.
pub fn submit_reflection(
    existing: Option<&WblmReflection>,
    enrollment_status: Option<WblmEnrollmentStatus>,
    target: ReflectionTarget,
    answers: &ReflectionAnswers,
    now: DateTime<Utc>,
) -> Result<WblmReflection, CoreError> {
    ensure_participating(enrollment_status)?;
    let existing = existing.filter(|r| {
        r.program_id == target.program_id
            && r.participant_user_id == target.participant_user_id
            && r.milestone_id == target.milestone_id
    });
    if existing.is_some_and(|r| r.is_locked) {
        return Err(PbgmError::ReflectionLocked.into());
    }
    let max = REFLECTION_ANSWER_MAX;
    let reflection = WblmReflection {
        id: existing.map_or(target.id, |r| r.id.clone()),
        program_id: target.program_id,
        participant_user_id: target.participant_user_id,
        milestone_id: target.milestone_id,
        initial_assumptions: optional(
            "initialAssumptions",
            answers.initial_assumptions.as_deref(),
            max,
        )?,
        what_changed: optional("whatChanged", answers.what_changed.as_deref(), max)?,
        key_feedback: optional("keyFeedback", answers.key_feedback.as_deref(), max)?,
        what_would_do_differently: optional(
            "whatWouldDoDifferently",
            answers.what_would_do_differently.as_deref(),
            max,
        )?,
        additional_notes: optional("additionalNotes", answers.additional_notes.as_deref(), max)?,
        is_locked: false,
        submitted_at: now,
    };
    let answered = [
        &reflection.initial_assumptions,
        &reflection.what_changed,
        &reflection.key_feedback,
        &reflection.what_would_do_differently,
        &reflection.additional_notes,
    ]
    .iter()
    .any(|a| a.is_some());
    if !answered {
        return Err(ValidationError::Required {
            field: "reflection",
        }
        .into());
    }
    Ok(reflection)
}
