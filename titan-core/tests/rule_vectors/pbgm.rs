//! Vector dispatcher of SPEC §8 (PBGM): rules `pbgm.*`.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{
    WblmEnrollment, WblmEnrollmentStatus, WblmMilestone, WblmMilestoneStatus,
    WblmParticipantMilestone, WblmProgram, WblmProgramStatus, WblmReflection, WblmSubmission,
};
use titan_core::rules::pbgm::{self, *};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramTransitionInput {
    program: WblmProgram,
    event: ProgramEvent,
    #[serde(default)]
    milestones: Vec<WblmMilestone>,
    #[serde(default)]
    enrollments: Vec<WblmEnrollment>,
    #[serde(default)]
    participant_milestones: Vec<WblmParticipantMilestone>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramStatusInput {
    status: WblmProgramStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramInput {
    program: WblmProgram,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgramUpdateInput {
    current: WblmProgram,
    updated: WblmProgram,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MilestoneInput {
    milestone: WblmMilestone,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnrollmentTransitionInput {
    state: WblmEnrollmentStatus,
    event: EnrollmentEvent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnrollmentStatusInput {
    enrollment_status: Option<WblmEnrollmentStatus>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MilestoneTransitionInput {
    state: WblmMilestoneStatus,
    event: MilestoneEvent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubmitInput {
    program: WblmProgram,
    milestone: WblmMilestone,
    facts: SubmissionFacts,
    submission: NewSubmission,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewInput {
    milestone: WblmMilestone,
    submission: WblmSubmission,
    facts: ReviewFacts,
    review: NewReview,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReflectionInput {
    existing: Option<WblmReflection>,
    enrollment_status: Option<WblmEnrollmentStatus>,
    target: ReflectionTarget,
    answers: ReflectionAnswers,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProgressInput {
    milestones: Vec<WblmMilestone>,
    #[serde(default)]
    rows: Vec<WblmParticipantMilestone>,
    enrollment_status: Option<WblmEnrollmentStatus>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FilesInput {
    #[serde(default)]
    files: Value,
}

fn allowed<E: Into<CoreError>>(result: Result<(), E>) -> Result<Value, CoreError> {
    result
        .map(|()| json!({ "allowed": true }))
        .map_err(Into::into)
}

pub fn run(rule: &str, policy: &Policy, i: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.pbgm;
    let outcome = match rule {
        "pbgm.transition_program" => {
            let x: ProgramTransitionInput = input(i);
            pbgm::transition_program(
                &x.program,
                x.event,
                &x.milestones,
                &x.enrollments,
                &x.participant_milestones,
                x.now,
            )
            .map(output)
            .map_err(Into::into)
        }
        "pbgm.can_delete_program" => allowed(pbgm::can_delete_program(
            input::<ProgramStatusInput>(i).status,
        )),
        "pbgm.ensure_milestones_editable" => allowed(pbgm::ensure_milestones_editable(
            input::<ProgramStatusInput>(i).status,
        )),
        "pbgm.validate_program" => {
            allowed(pbgm::validate_program(&input::<ProgramInput>(i).program))
        }
        "pbgm.validate_program_update" => {
            let x: ProgramUpdateInput = input(i);
            allowed(pbgm::validate_program_update(&x.current, &x.updated))
        }
        "pbgm.validate_milestone" => allowed(pbgm::validate_milestone(
            &input::<MilestoneInput>(i).milestone,
        )),
        "pbgm.validate_files" => allowed(pbgm::validate_files(&input::<FilesInput>(i).files)),
        "pbgm.transition_enrollment" => {
            let x: EnrollmentTransitionInput = input(i);
            pbgm::transition_enrollment(x.state, x.event)
                .map(|s| json!({ "status": s }))
                .map_err(Into::into)
        }
        "pbgm.initial_enrollment_status" => {
            pbgm::initial_enrollment_status(input::<ProgramStatusInput>(i).status, p)
                .map(|s| json!({ "status": s }))
                .map_err(Into::into)
        }
        "pbgm.ensure_participating" => allowed(pbgm::ensure_participating(
            input::<EnrollmentStatusInput>(i).enrollment_status,
        )),
        "pbgm.transition_milestone" => {
            let x: MilestoneTransitionInput = input(i);
            pbgm::transition_milestone(x.state, x.event)
                .map(|s| json!({ "status": s }))
                .map_err(Into::into)
        }
        "pbgm.revision_limit" => Ok(json!({
            "limit": pbgm::revision_limit(&input::<ProgramInput>(i).program, p)
        })),
        "pbgm.submit_milestone" => {
            let x: SubmitInput = input(i);
            pbgm::submit_milestone(&x.program, &x.milestone, &x.facts, x.submission, p, x.now)
                .map(output)
        }
        "pbgm.review_submission" => {
            let x: ReviewInput = input(i);
            pbgm::review_submission(&x.milestone, &x.submission, &x.facts, x.review, p, x.now)
                .map(output)
                .map_err(Into::into)
        }
        "pbgm.submit_reflection" => {
            let x: ReflectionInput = input(i);
            pbgm::submit_reflection(
                x.existing.as_ref(),
                x.enrollment_status,
                x.target,
                &x.answers,
                x.now,
            )
            .map(output)
        }
        "pbgm.participant_progress" => {
            let x: ProgressInput = input(i);
            Ok(output(pbgm::participant_progress(
                &x.milestones,
                &x.rows,
                x.enrollment_status,
                p,
            )))
        }
        _ => return None,
    };
    Some(outcome)
}
