//! Participants and reviewers: enrolment by a manager, withdrawal, reviewer assignment.

use super::programs::milestone_of;
use super::{ParticipantInput, ReviewerAssignmentInput, actor_id, program_not_found};
use crate::app::users::clean;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{WblmEnrollment, WblmReviewerAssignment};
use crate::rules::pbgm::{
    EnrollmentEvent, admit_participant, check_reviewer_assignment, transition_enrollment,
};

fn required(field: &'static str, text: &str) -> Result<String> {
    clean(Some(text)).ok_or_else(|| ValidationError::Required { field }.into())
}

impl Titan {
    /// Enrols a user in a program (its managers): INVITED while the program is DRAFT (promoted
    /// on publish), ENROLLED once PUBLISHED, ACTIVE when RUNNING (if the policy lets late
    /// joiners in). A user is enrolled once: WITHDRAWN and COMPLETED are final.
    ///
    /// # Errors
    /// `VALIDATION_REQUIRED` (participant); `NOT_FOUND` (program, participant, supervisor);
    /// `IDENTITY_FORBIDDEN`; `PBGM_ALREADY_ENROLLED`; `PBGM_ENROLLMENT_CLOSED`.
    pub async fn enrol_participant(
        &self,
        actor: &Actor,
        program_id: &str,
        input: &ParticipantInput,
    ) -> Result<WblmEnrollment> {
        let participant = required("participantUserId", &input.participant_user_id)?;
        let supervisor = clean(input.supervisor_user_id.as_deref());
        write_tx!(self, |uow| {
            let (_, program) = self.managed_program(uow, actor, program_id, true).await?;
            if uow.users().get(&participant).await?.is_none() {
                return Err(Error::not_found("User", participant.clone()));
            }
            if let Some(supervisor) = &supervisor
                && uow.users().get(supervisor).await?.is_none()
            {
                return Err(Error::not_found("User", supervisor.clone()));
            }
            let existing = uow.pbgm().enrollment(program_id, &participant).await?;
            let status = admit_participant(program.status, existing.as_ref(), &self.policy().pbgm)?;
            let enrollment = WblmEnrollment {
                id: self.ids().uuid(),
                program_id: program_id.to_owned(),
                participant_user_id: participant.clone(),
                status,
                supervisor_user_id: supervisor.clone(),
                enrolled_at: self.now(),
                completed_at: None,
            };
            uow.pbgm().insert_enrollment(&enrollment).await?;
            Ok(enrollment)
        })
    }

    /// Withdraws a participant (the actor themself when `participant_id` is `None`): the
    /// participant, or the program's managers. Their work is kept.
    ///
    /// # Errors
    /// `NOT_FOUND` (program, enrolment); `IDENTITY_*`; `PBGM_INVALID_ENROLLMENT_TRANSITION`
    /// (COMPLETED or already WITHDRAWN).
    pub async fn withdraw_participant(
        &self,
        actor: &Actor,
        program_id: &str,
        participant_id: Option<&str>,
    ) -> Result<WblmEnrollment> {
        write_tx!(self, |uow| {
            let participant = participant_id.unwrap_or_else(|| actor_id(actor)).to_owned();
            if !participant.is_empty() && participant == actor_id(actor) {
                self.myself(uow, actor).await?;
                if uow.pbgm().program(program_id).await?.is_none() {
                    return Err(program_not_found(program_id));
                }
            } else {
                self.managed_program(uow, actor, program_id, false).await?;
            }
            let mut enrollment = uow
                .pbgm()
                .enrollment_for_update(program_id, &participant)
                .await?
                .ok_or_else(|| {
                    Error::not_found("WblmEnrollment", format!("{program_id}:{participant}"))
                })?;
            enrollment.status =
                transition_enrollment(enrollment.status, EnrollmentEvent::Withdraw)?;
            uow.pbgm().update_enrollment(&enrollment).await?;
            Ok(enrollment)
        })
    }

    /// The program's participants, by enrolment date (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn list_program_participants(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<Vec<WblmEnrollment>> {
        read_tx!(self, |uow| {
            self.managed_program(uow, actor, program_id, false).await?;
            Ok(uow.pbgm().enrollments_of_program(program_id).await?)
        })
    }

    /// Assigns a reviewer to an enrolled participant (its managers), for the whole program or
    /// one milestone. The reviewer comes from the program's pool, or, when the pool is empty, is
    /// an instructor or admin; never the participant.
    ///
    /// # Errors
    /// `VALIDATION_REQUIRED`; `NOT_FOUND` (program, reviewer, the participant's enrolment,
    /// milestone); `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_EDITABLE` (CLOSED, ARCHIVED);
    /// `PBGM_SELF_REVIEW`; `PBGM_REVIEWER_NOT_ELIGIBLE`; `PBGM_ALREADY_ASSIGNED`.
    pub async fn assign_reviewer(
        &self,
        actor: &Actor,
        program_id: &str,
        input: &ReviewerAssignmentInput,
    ) -> Result<WblmReviewerAssignment> {
        let participant = required("participantUserId", &input.participant_user_id)?;
        let reviewer_id = required("reviewerUserId", &input.reviewer_user_id)?;
        let milestone_id = clean(input.milestone_id.as_deref());
        write_tx!(self, |uow| {
            let (_, program) = self.managed_program(uow, actor, program_id, false).await?;
            let reviewer = uow
                .users()
                .get(&reviewer_id)
                .await?
                .ok_or_else(|| Error::not_found("User", reviewer_id.clone()))?;
            if uow
                .pbgm()
                .enrollment(program_id, &participant)
                .await?
                .is_none()
            {
                return Err(Error::not_found(
                    "WblmEnrollment",
                    format!("{program_id}:{participant}"),
                ));
            }
            if let Some(milestone_id) = &milestone_id {
                milestone_of(uow, program_id, milestone_id).await?;
            }
            let assignment = WblmReviewerAssignment {
                id: self.ids().uuid(),
                program_id: program_id.to_owned(),
                participant_user_id: participant.clone(),
                reviewer_user_id: reviewer.id.clone(),
                milestone_id: milestone_id.clone(),
                role: input.role,
                created_at: self.now(),
            };
            let existing = uow
                .pbgm()
                .assignments_of_participant(program_id, &participant)
                .await?;
            check_reviewer_assignment(&program, &assignment, reviewer.role, &existing)?;
            uow.pbgm().insert_reviewer_assignment(&assignment).await?;
            Ok(assignment)
        })
    }

    /// Removes a reviewer assignment (the program's managers). Reviews already given stay.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn unassign_reviewer(&self, actor: &Actor, assignment_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            let assignment = uow
                .pbgm()
                .reviewer_assignment(assignment_id)
                .await?
                .ok_or_else(|| Error::not_found("WblmReviewerAssignment", assignment_id))?;
            self.managed_program(uow, actor, &assignment.program_id, false)
                .await?;
            uow.pbgm().delete_reviewer_assignment(assignment_id).await?;
            Ok(())
        })
    }

    /// The program's reviewer assignments, oldest first (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn list_program_reviewers(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<Vec<WblmReviewerAssignment>> {
        read_tx!(self, |uow| {
            self.managed_program(uow, actor, program_id, false).await?;
            Ok(uow.pbgm().assignments_of_program(program_id).await?)
        })
    }
}
