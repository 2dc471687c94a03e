//! SPEC §8 — PBGM (Project-Based Growth Module, tables `wblm_*`): mentored projects with
//! milestones, versioned submissions, reviews and reflections.
//!
//! Three explicit state machines, each a `const` table of `(from, event, to)` rows:
//! the program ([`PROGRAM_TRANSITIONS`], [`transition_program`]), the participant's enrolment
//! ([`ENROLLMENT_TRANSITIONS`], [`transition_enrollment`]) and the participant's state on each
//! milestone ([`MILESTONE_TRANSITIONS`], [`transition_milestone`]). The work rules
//! ([`submit_milestone`], [`review_submission`], [`submit_reflection`],
//! [`participant_progress`]) move them only through those tables.
//!
//! ```
//! use titan_core::model::WblmMilestoneStatus as S;
//! use titan_core::rules::pbgm::{transition_milestone, MilestoneEvent};
//!
//! assert_eq!(transition_milestone(S::Submitted, MilestoneEvent::Accept), Ok(S::ApprovedFinal));
//! assert!(transition_milestone(S::ApprovedFinal, MilestoneEvent::ProgramClosed).is_err());
//! ```

mod enrollment;
mod error;
mod milestone;
mod policy;
mod program;
mod progress;
mod reflection;
mod review;
mod submission;
mod text;

#[cfg(test)]
mod tests;

pub use enrollment::{
    ENROLLMENT_TRANSITIONS, EnrollmentEvent, EnrollmentTransition, admit_participant,
    ensure_participating, initial_enrollment_status, is_participating, transition_enrollment,
};
pub use error::PbgmError;
pub use milestone::{
    MILESTONE_TRANSITIONS, MilestoneEvent, MilestoneTransition, transition_milestone,
};
pub use policy::{PbgmPolicy, ReviewDecisionMode, ReviewerScope, RevisionCountMode};
pub use program::{
    EnrollmentChange, MILESTONE_NAME_MAX, MILESTONE_NAME_MIN, PROGRAM_TITLE_MAX, PROGRAM_TITLE_MIN,
    PROGRAM_TRANSITIONS, ParticipantMilestoneChange, ProgramEvent, ProgramStep, ProgramTransition,
    can_delete_program, ensure_milestones_editable, transition_program, validate_milestone,
    validate_program, validate_program_update,
};
pub use progress::{ParticipantProgress, participant_progress};
pub use reflection::{
    REFLECTION_ANSWER_MAX, ReflectionAnswers, ReflectionTarget, submit_reflection,
};
pub use review::{
    NewReview, ReviewFacts, ReviewNotice, ReviewOutcome, check_reviewer_assignment,
    is_assigned_reviewer, review_submission,
};
pub use submission::{
    MAX_FILES, NewSubmission, SUBMISSION_NOTES_MAX, SUBMISSION_TITLE_MAX, SubmissionFacts,
    SubmissionOutcome, revision_limit, submit_milestone, validate_files,
};
