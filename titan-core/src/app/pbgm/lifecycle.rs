//! The program lifecycle: publish, start, close, archive, each applying every row change
//! [`transition_program`] returns in one unit of work.

use std::collections::HashMap;

use super::ProgramTransitionResult;
use crate::app::{Actor, Result, Titan, write_tx};
use crate::model::{WblmEnrollment, WblmMilestoneStatus, WblmParticipantMilestone};
use crate::rules::pbgm::{ProgramEvent, transition_program};

impl Titan {
    /// Publishes a DRAFT program (its managers): it needs ≥ 1 milestone, each with ≥ 1
    /// required artifact type; INVITED participants become ENROLLED.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_INVALID_PROGRAM_TRANSITION` (naming the state and
    /// the event); `PBGM_PUBLISH_NOT_READY`.
    pub async fn publish_program(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<ProgramTransitionResult> {
        self.step_program(actor, program_id, ProgramEvent::Publish)
            .await
    }

    /// Starts a PUBLISHED program (its managers): RUNNING, `startDate` = now when unset, and
    /// ENROLLED (and still INVITED) participants become ACTIVE.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_INVALID_PROGRAM_TRANSITION`.
    pub async fn start_program(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<ProgramTransitionResult> {
        self.step_program(actor, program_id, ProgramEvent::Start)
            .await
    }

    /// Closes a RUNNING program (its managers): CLOSED, `endDate` = now when unset; every
    /// participant milestone except APPROVED_FINAL becomes LOCKED (LOCKED rows are created for
    /// the milestones an ENROLLED/ACTIVE participant never touched), the latest version of each
    /// locked milestone is marked LOCKED too, and every reflection of the program is locked.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_INVALID_PROGRAM_TRANSITION`.
    pub async fn close_program(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<ProgramTransitionResult> {
        self.step_program(actor, program_id, ProgramEvent::Close)
            .await
    }

    /// Archives a CLOSED program (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_INVALID_PROGRAM_TRANSITION`.
    pub async fn archive_program(
        &self,
        actor: &Actor,
        program_id: &str,
    ) -> Result<ProgramTransitionResult> {
        self.step_program(actor, program_id, ProgramEvent::Archive)
            .await
    }

    /// Applies `event`: the program's lock, then every enrolment's (so participants' work in
    /// flight finishes first), then the rule, then every change it returns.
    async fn step_program(
        &self,
        actor: &Actor,
        program_id: &str,
        event: ProgramEvent,
    ) -> Result<ProgramTransitionResult> {
        write_tx!(self, |uow| {
            let (_, mut program) = self.managed_program(uow, actor, program_id, true).await?;
            let milestones = uow.pbgm().milestones_of_program(program_id).await?;
            let enrollments = uow
                .pbgm()
                .enrollments_of_program_for_update(program_id)
                .await?;
            let rows = if event == ProgramEvent::Close {
                uow.pbgm()
                    .participant_milestones_of_program(program_id)
                    .await?
            } else {
                Vec::new()
            };
            let now = self.now();
            let changes =
                transition_program(&program, event, &milestones, &enrollments, &rows, now)?;
            program.status = changes.status;
            program.start_date = changes.start_date;
            program.end_date = changes.end_date;
            program.updated_at = now;
            uow.pbgm().update_program(&program).await?;

            let by_id: HashMap<&str, &WblmEnrollment> =
                enrollments.iter().map(|e| (e.id.as_str(), e)).collect();
            for change in &changes.enrollment_changes {
                if let Some(enrollment) = by_id.get(change.enrollment_id.as_str()) {
                    let mut enrollment = (*enrollment).clone();
                    enrollment.status = change.to;
                    uow.pbgm().update_enrollment(&enrollment).await?;
                }
            }

            let rows_by_id: HashMap<&str, &WblmParticipantMilestone> =
                rows.iter().map(|r| (r.id.as_str(), r)).collect();
            for change in &changes.milestone_changes {
                let existing = change
                    .id
                    .as_deref()
                    .and_then(|id| rows_by_id.get(id).copied());
                match existing {
                    Some(row) => {
                        let mut row = row.clone();
                        row.status = change.to;
                        row.updated_at = now;
                        uow.pbgm().update_participant_milestone(&row).await?;
                    }
                    None => {
                        let row = WblmParticipantMilestone {
                            id: self.ids().uuid(),
                            program_id: program.id.clone(),
                            milestone_id: change.milestone_id.clone(),
                            participant_user_id: change.participant_user_id.clone(),
                            status: change.to,
                            updated_at: now,
                        };
                        uow.pbgm().insert_participant_milestone(&row).await?;
                    }
                }
                // The version awaiting a decision is frozen with its milestone.
                if change.to == WblmMilestoneStatus::Locked
                    && let Some(mut latest) = uow
                        .pbgm()
                        .latest_submission(&change.milestone_id, &change.participant_user_id)
                        .await?
                    && !matches!(
                        latest.status,
                        WblmMilestoneStatus::ApprovedFinal | WblmMilestoneStatus::Locked
                    )
                {
                    latest.status = WblmMilestoneStatus::Locked;
                    uow.pbgm().update_submission(&latest).await?;
                }
            }

            if changes.lock_reflections {
                for mut reflection in uow.pbgm().reflections_of_program(program_id).await? {
                    if !reflection.is_locked {
                        reflection.is_locked = true;
                        uow.pbgm().update_reflection(&reflection).await?;
                    }
                }
            }
            Ok(ProgramTransitionResult { program, changes })
        })
    }
}
