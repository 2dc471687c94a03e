//! The program lifecycle (SPEC §8): DRAFT → PUBLISHED → RUNNING → CLOSED → ARCHIVED, as data in
//! [`PROGRAM_TRANSITIONS`], with what each transition does to enrolments and milestones; plus
//! the field checks of programs and milestones.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, ValidationError};
use crate::model::{
    WblmEnrollment, WblmEnrollmentStatus, WblmMilestone, WblmMilestoneStatus,
    WblmParticipantMilestone, WblmProgram, WblmProgramStatus,
};

use super::PbgmError;
use super::enrollment::{EnrollmentEvent, transition_enrollment};
use super::milestone::{MilestoneEvent, transition_milestone};
use super::text::checked;

/// Shortest program title, in characters.
pub const PROGRAM_TITLE_MIN: usize = 3;
/// Longest program title, in characters.
pub const PROGRAM_TITLE_MAX: usize = 200;
/// Shortest milestone name, in characters.
pub const MILESTONE_NAME_MIN: usize = 2;
/// Longest milestone name, in characters.
pub const MILESTONE_NAME_MAX: usize = 200;

/// A lifecycle step of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProgramEvent {
    /// DRAFT → PUBLISHED.
    Publish,
    /// PUBLISHED → RUNNING.
    Start,
    /// RUNNING → CLOSED.
    Close,
    /// CLOSED → ARCHIVED.
    Archive,
}

impl ProgramEvent {
    /// Every event.
    pub const ALL: &'static [ProgramEvent] = &[
        ProgramEvent::Publish,
        ProgramEvent::Start,
        ProgramEvent::Close,
        ProgramEvent::Archive,
    ];

    /// The stable label (as serialised).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ProgramEvent::Publish => "PUBLISH",
            ProgramEvent::Start => "START",
            ProgramEvent::Close => "CLOSE",
            ProgramEvent::Archive => "ARCHIVE",
        }
    }
}

impl std::fmt::Display for ProgramEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the program table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProgramStep {
    /// The state the event applies to.
    pub from: WblmProgramStatus,
    /// The event.
    pub event: ProgramEvent,
    /// The resulting state.
    pub to: WblmProgramStatus,
}

use WblmProgramStatus as P;

/// The program table; anything else is refused.
pub const PROGRAM_TRANSITIONS: &[ProgramStep] = &[
    ProgramStep {
        from: P::Draft,
        event: ProgramEvent::Publish,
        to: P::Published,
    },
    ProgramStep {
        from: P::Published,
        event: ProgramEvent::Start,
        to: P::Running,
    },
    ProgramStep {
        from: P::Running,
        event: ProgramEvent::Close,
        to: P::Closed,
    },
    ProgramStep {
        from: P::Closed,
        event: ProgramEvent::Archive,
        to: P::Archived,
    },
];

/// An enrolment whose status a program transition changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentChange {
    /// The enrolment row.
    pub enrollment_id: String,
    /// Its participant.
    pub participant_user_id: String,
    /// Status before.
    pub from: WblmEnrollmentStatus,
    /// Status after.
    pub to: WblmEnrollmentStatus,
}

/// A participant-milestone row a program transition changes (or creates, when `id` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantMilestoneChange {
    /// The existing row; `None` when the participant never touched the milestone (implicit NOT_STARTED).
    pub id: Option<String>,
    /// The participant.
    pub participant_user_id: String,
    /// The milestone.
    pub milestone_id: String,
    /// Status before.
    pub from: WblmMilestoneStatus,
    /// Status after.
    pub to: WblmMilestoneStatus,
}

/// What a program transition changes, for the use case to write in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramTransition {
    /// The program's new status.
    pub status: WblmProgramStatus,
    /// The program's start date (set to `now` on start when it had none).
    pub start_date: Option<DateTime<Utc>>,
    /// The program's end date (set to `now` on close when it had none).
    pub end_date: Option<DateTime<Utc>>,
    /// Enrolments to update (publish: INVITED → ENROLLED; start: → ACTIVE).
    pub enrollment_changes: Vec<EnrollmentChange>,
    /// Participant milestones to update or create (close: all but APPROVED_FINAL → LOCKED).
    pub milestone_changes: Vec<ParticipantMilestoneChange>,
    /// Whether every reflection of the program is to be locked (on close).
    pub lock_reflections: bool,
}

/// Applies `event` to `program`. `milestones`, `enrollments` and `participant_milestones` are the
/// program's rows (rows of other programs are ignored).
///
/// - Publish needs ≥ 1 milestone, each with ≥ 1 required artifact type, and promotes INVITED to
///   ENROLLED.
/// - Start sets the start date to `now` when unset and activates ENROLLED participants (and
///   INVITED ones, catching up a publish that legacy data never applied).
/// - Close sets the end date to `now` when unset and locks every participant milestone that is
///   not APPROVED_FINAL, creating LOCKED rows for untouched milestones of ENROLLED/ACTIVE
///   participants; approved work stays approved.
///
/// # Errors
/// [`PbgmError::InvalidProgramTransition`] when `event` does not apply to the status;
/// [`PbgmError::PublishNotReady`] when publishing an incomplete program.
pub fn transition_program(
    program: &WblmProgram,
    event: ProgramEvent,
    milestones: &[WblmMilestone],
    enrollments: &[WblmEnrollment],
    participant_milestones: &[WblmParticipantMilestone],
    now: DateTime<Utc>,
) -> Result<ProgramTransition, PbgmError> {
    let state = program.status;
    let status = PROGRAM_TRANSITIONS
        .iter()
        .find(|row| row.from == state && row.event == event)
        .map(|row| row.to)
        .ok_or(PbgmError::InvalidProgramTransition { state, event })?;
    let milestones: Vec<&WblmMilestone> = milestones
        .iter()
        .filter(|m| m.program_id == program.id)
        .collect();
    let enrollments: Vec<&WblmEnrollment> = enrollments
        .iter()
        .filter(|e| e.program_id == program.id)
        .collect();
    let mut outcome = ProgramTransition {
        status,
        start_date: program.start_date,
        end_date: program.end_date,
        enrollment_changes: Vec::new(),
        milestone_changes: Vec::new(),
        lock_reflections: false,
    };
    match event {
        ProgramEvent::Publish => {
            check_publish_ready(&milestones)?;
            outcome.enrollment_changes =
                enrollment_changes(&enrollments, &[EnrollmentEvent::Publish]);
        }
        ProgramEvent::Start => {
            outcome.start_date = program.start_date.or(Some(now));
            outcome.enrollment_changes = enrollment_changes(
                &enrollments,
                &[EnrollmentEvent::Publish, EnrollmentEvent::Start],
            );
        }
        ProgramEvent::Close => {
            outcome.end_date = program.end_date.or(Some(now));
            outcome.milestone_changes =
                lock_changes(program, &milestones, &enrollments, participant_milestones);
            outcome.lock_reflections = true;
        }
        ProgramEvent::Archive => {}
    }
    Ok(outcome)
}

/// Refuses unless there is ≥ 1 milestone and each has ≥ 1 (non-blank) required artifact type.
fn check_publish_ready(milestones: &[&WblmMilestone]) -> Result<(), PbgmError> {
    let missing: Vec<String> = milestones
        .iter()
        .filter(|m| {
            !m.required_artifact_types
                .iter()
                .any(|t| !t.trim().is_empty())
        })
        .map(|m| m.id.clone())
        .collect();
    if milestones.is_empty() || !missing.is_empty() {
        return Err(PbgmError::PublishNotReady {
            milestone_count: milestones.len(),
            milestones_without_artifact_types: missing,
        });
    }
    Ok(())
}

/// Each enrolment that `events`, applied in order where the table allows, moves.
fn enrollment_changes(
    enrollments: &[&WblmEnrollment],
    events: &[EnrollmentEvent],
) -> Vec<EnrollmentChange> {
    enrollments
        .iter()
        .filter_map(|e| {
            let to = events.iter().fold(e.status, |state, event| {
                transition_enrollment(state, *event).unwrap_or(state)
            });
            (to != e.status).then(|| EnrollmentChange {
                enrollment_id: e.id.clone(),
                participant_user_id: e.participant_user_id.clone(),
                from: e.status,
                to,
            })
        })
        .collect()
}

fn lock_changes(
    program: &WblmProgram,
    milestones: &[&WblmMilestone],
    enrollments: &[&WblmEnrollment],
    rows: &[WblmParticipantMilestone],
) -> Vec<ParticipantMilestoneChange> {
    let rows: Vec<&WblmParticipantMilestone> =
        rows.iter().filter(|r| r.program_id == program.id).collect();
    let mut changes: Vec<ParticipantMilestoneChange> = rows
        .iter()
        .filter_map(|row| {
            let to = transition_milestone(row.status, MilestoneEvent::ProgramClosed).ok()?;
            (to != row.status).then(|| ParticipantMilestoneChange {
                id: Some(row.id.clone()),
                participant_user_id: row.participant_user_id.clone(),
                milestone_id: row.milestone_id.clone(),
                from: row.status,
                to,
            })
        })
        .collect();
    for enrollment in enrollments.iter().filter(|e| {
        matches!(
            e.status,
            WblmEnrollmentStatus::Enrolled | WblmEnrollmentStatus::Active
        )
    }) {
        for milestone in milestones {
            let exists = rows.iter().any(|r| {
                r.milestone_id == milestone.id
                    && r.participant_user_id == enrollment.participant_user_id
            });
            if !exists {
                changes.push(ParticipantMilestoneChange {
                    id: None,
                    participant_user_id: enrollment.participant_user_id.clone(),
                    milestone_id: milestone.id.clone(),
                    from: WblmMilestoneStatus::NotStarted,
                    to: WblmMilestoneStatus::Locked,
                });
            }
        }
    }
    changes
}

/// Only a DRAFT program may be deleted.
///
/// # Errors
/// [`PbgmError::ProgramNotDraft`] for any other status.
pub fn can_delete_program(status: WblmProgramStatus) -> Result<(), PbgmError> {
    ensure_draft(status)
}

/// Milestones are created, changed, reordered or deleted only while the program is DRAFT.
///
/// # Errors
/// [`PbgmError::ProgramNotDraft`] for any other status.
pub fn ensure_milestones_editable(status: WblmProgramStatus) -> Result<(), PbgmError> {
    ensure_draft(status)
}

fn ensure_draft(state: WblmProgramStatus) -> Result<(), PbgmError> {
    if state == P::Draft {
        Ok(())
    } else {
        Err(PbgmError::ProgramNotDraft { state })
    }
}

/// Field checks of a program: title 3..=200 characters (trimmed), `durationWeeks` ≥ 1, and an
/// end date not before the start date.
///
/// # Errors
/// A [`ValidationError`] naming the field.
pub fn validate_program(program: &WblmProgram) -> Result<(), CoreError> {
    checked(
        "title",
        &program.title,
        PROGRAM_TITLE_MIN,
        PROGRAM_TITLE_MAX,
    )?;
    if program.duration_weeks < 1 {
        return Err(ValidationError::OutOfRange {
            field: "durationWeeks",
            value: program.duration_weeks.to_string(),
            min: "1".to_owned(),
            max: i32::MAX.to_string(),
        }
        .into());
    }
    if let (Some(start), Some(end)) = (program.start_date, program.end_date)
        && end < start
    {
        return Err(ValidationError::OutOfRange {
            field: "endDate",
            value: end.to_rfc3339(),
            min: start.to_rfc3339(),
            max: "∞".to_owned(),
        }
        .into());
    }
    Ok(())
}

/// Checks an update of `current` into `updated`: refused once CLOSED or ARCHIVED, refused when it
/// would change the status (only [`transition_program`] does that; the legacy app let an update
/// set any status), then the field checks of [`validate_program`].
///
/// # Errors
/// [`PbgmError::ProgramNotEditable`], [`PbgmError::StatusChangeNotAllowed`] or a
/// [`ValidationError`].
pub fn validate_program_update(
    current: &WblmProgram,
    updated: &WblmProgram,
) -> Result<(), CoreError> {
    let state = current.status;
    if matches!(state, P::Closed | P::Archived) {
        return Err(PbgmError::ProgramNotEditable { state }.into());
    }
    if updated.status != state {
        return Err(PbgmError::StatusChangeNotAllowed {
            state,
            requested: updated.status,
        }
        .into());
    }
    validate_program(updated)
}

/// Field checks of a milestone: name 2..=200 characters (trimmed), ≥ 1 non-blank required
/// artifact type.
///
/// # Errors
/// A [`ValidationError`] naming the field.
pub fn validate_milestone(milestone: &WblmMilestone) -> Result<(), CoreError> {
    checked(
        "name",
        &milestone.name,
        MILESTONE_NAME_MIN,
        MILESTONE_NAME_MAX,
    )?;
    if !milestone
        .required_artifact_types
        .iter()
        .any(|t| !t.trim().is_empty())
    {
        return Err(ValidationError::Required {
            field: "requiredArtifactTypes",
        }
        .into());
    }
    Ok(())
}
