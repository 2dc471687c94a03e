//! A participant's work: submissions and revisions, reviews, reflections, and progress.

use super::programs::milestone_of;
use super::{
    MilestoneStanding, ParticipantStanding, ReflectionInput, ReviewInput, ReviewResult,
    SubmissionInput, SubmissionResult, actor_id, program_not_found,
};
use crate::app::effects::Occurrence;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::events::DomainEvent;
use crate::model::{
    Role, WblmMilestone, WblmMilestoneStatus, WblmParticipantMilestone, WblmProgram,
    WblmProgramStatus, WblmReflection, WblmReviewerAssignment,
};
use crate::rules::identity::{Action, Resource};
use crate::rules::pbgm::{
    self as rules, NewReview, NewSubmission, PbgmError, ReflectionTarget, ReviewFacts,
    SubmissionFacts, ensure_participating, is_assigned_reviewer,
};

/// The reviewers whose assignment covers `milestone` (per the policy's scope), each once.
fn reviewers_of(
    assignments: &[WblmReviewerAssignment],
    program: &WblmProgram,
    participant: &str,
    milestone: &WblmMilestone,
    scope: rules::ReviewerScope,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in assignments {
        let covers = is_assigned_reviewer(
            std::slice::from_ref(a),
            &program.id,
            &a.reviewer_user_id,
            participant,
            &milestone.id,
            scope,
        );
        if covers && !out.contains(&a.reviewer_user_id) {
            out.push(a.reviewer_user_id.clone());
        }
    }
    out
}

impl Titan {
    /// Writes the participant's new state on a milestone (creating the row on first touch).
    async fn set_participant_milestone(
        &self,
        uow: &mut dyn crate::ports::UnitOfWork,
        existing: Option<WblmParticipantMilestone>,
        milestone: &WblmMilestone,
        participant: &str,
        status: WblmMilestoneStatus,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        match existing {
            Some(mut row) => {
                row.status = status;
                row.updated_at = now;
                uow.pbgm().update_participant_milestone(&row).await?;
            }
            None => {
                let row = WblmParticipantMilestone {
                    id: self.ids().uuid(),
                    program_id: milestone.program_id.clone(),
                    milestone_id: milestone.id.clone(),
                    participant_user_id: participant.to_owned(),
                    status,
                    updated_at: now,
                };
                uow.pbgm().insert_participant_milestone(&row).await?;
            }
        }
        Ok(())
    }

    /// Submits the actor's next version of a milestone: v1, or vN+1 after a revision request.
    /// Only while the program is RUNNING and the actor ENROLLED or ACTIVE; past the due date the
    /// version is marked late; a milestone without review is approved at once (and the
    /// enrolment completes when it was the last one). The assigned reviewers (else the owner)
    /// are notified. The participant's enrolment is locked first, so concurrent submissions
    /// apply one after the other: the first is v1, the others are refused by the state machine.
    ///
    /// # Errors
    /// `IDENTITY_*`; `NOT_FOUND` (milestone); `PBGM_PROGRAM_NOT_RUNNING`;
    /// `PBGM_NOT_PARTICIPATING`; `PBGM_INVALID_MILESTONE_TRANSITION` (a second v1, a revision
    /// nobody asked for, approved or locked work); `PBGM_MAX_REVISIONS`;
    /// `PBGM_REFLECTION_REQUIRED` (auto-approval of a milestone needing a reflection);
    /// `VALIDATION_*` (files, title, notes).
    pub async fn submit_milestone(
        &self,
        actor: &Actor,
        milestone_id: &str,
        input: &SubmissionInput,
    ) -> Result<SubmissionResult> {
        write_tx!(self, |uow| {
            let me = self.myself(uow, actor).await?;
            let milestone = uow
                .pbgm()
                .milestone(milestone_id)
                .await?
                .ok_or_else(|| Error::not_found("WblmMilestone", milestone_id))?;
            let program_id = milestone.program_id.clone();
            let enrollment = uow
                .pbgm()
                .enrollment_for_update(&program_id, &me.id)
                .await?;
            let program = uow
                .pbgm()
                .program(&program_id)
                .await?
                .ok_or_else(|| program_not_found(&program_id))?;
            let row = uow
                .pbgm()
                .participant_milestone(milestone_id, &me.id)
                .await?;
            let facts = SubmissionFacts {
                enrollment_status: enrollment.as_ref().map(|e| e.status),
                status: row.as_ref().map_or_else(Default::default, |r| r.status),
                submissions: uow.pbgm().submissions_of(milestone_id, &me.id).await?,
                has_reflection: uow
                    .pbgm()
                    .reflection(&program_id, &me.id, Some(milestone_id))
                    .await?
                    .is_some(),
            };
            let now = self.now();
            let new = NewSubmission {
                id: self.ids().uuid(),
                participant_user_id: me.id.clone(),
                title: input.title.clone(),
                notes: input.notes.clone(),
                files: input.files.clone(),
            };
            let outcome = rules::submit_milestone(
                &program,
                &milestone,
                &facts,
                new,
                &self.policy().pbgm,
                now,
            )?;
            let Some(enrollment) = enrollment else {
                return Err(PbgmError::NotParticipating { state: None }.into());
            };
            uow.pbgm().insert_submission(&outcome.submission).await?;
            self.set_participant_milestone(uow, row, &milestone, &me.id, outcome.status, now)
                .await?;
            let enrollment = if outcome.auto_approved {
                self.complete_if_done(uow, enrollment, now).await?
            } else {
                enrollment
            };
            let assignments = uow
                .pbgm()
                .assignments_of_participant(&program_id, &me.id)
                .await?;
            let reviewers = reviewers_of(
                &assignments,
                &program,
                &me.id,
                &milestone,
                self.policy().pbgm.reviewer_scope,
            );
            let submission = outcome.submission;
            self.record(
                uow,
                vec![
                    Occurrence::new(DomainEvent::PbgmSubmitted {
                        user_id: me.id.clone(),
                        program_id: program_id.clone(),
                        milestone_id: milestone.id.clone(),
                        submission_id: submission.id.clone(),
                        version: submission.version_number,
                        occurred_at: now,
                    })
                    .titled(program.title.clone())
                    .with_program_people(program.owner_user_id.clone(), reviewers),
                ],
                now,
            )
            .await?;
            Ok(SubmissionResult {
                submission,
                status: outcome.status,
                auto_approved: outcome.auto_approved,
                enrollment,
            })
        })
    }

    /// Reviews a submission version: an assigned reviewer (whose assignment covers the
    /// milestone, per the policy's scope), the program's owner or a unit admin of the owner;
    /// never the participant. One review per reviewer per version, only the latest version, and
    /// only while it awaits a decision. ACCEPT needs the participant's reflection when the
    /// milestone requires one; the version and the participant's milestone take the decision's
    /// status; the enrolment completes with the last approval. The participant is notified, and
    /// the owner too on ESCALATE. The participant's enrolment is locked first, so concurrent
    /// reviews apply one after the other.
    ///
    /// # Errors
    /// `NOT_FOUND` (submission); `IDENTITY_FORBIDDEN` (`OWN_SUBMISSION`, `NOT_REVIEWER`, …);
    /// `PBGM_NOT_LATEST_VERSION`; `PBGM_ALREADY_REVIEWED`; `PBGM_REFLECTION_REQUIRED`;
    /// `PBGM_INVALID_MILESTONE_TRANSITION` (approved, revision requested or locked work).
    pub async fn review_submission(
        &self,
        actor: &Actor,
        submission_id: &str,
        input: &ReviewInput,
    ) -> Result<ReviewResult> {
        write_tx!(self, |uow| {
            let mut submission = uow
                .pbgm()
                .submission(submission_id)
                .await?
                .ok_or_else(|| Error::not_found("WblmSubmission", submission_id))?;
            let program_id = submission.program_id.clone();
            let participant = submission.participant_user_id.clone();
            let enrollment = uow
                .pbgm()
                .enrollment_for_update(&program_id, &participant)
                .await?;
            let program = uow
                .pbgm()
                .program(&program_id)
                .await?
                .ok_or_else(|| program_not_found(&program_id))?;
            let milestone = milestone_of(uow, &program_id, &submission.milestone_id).await?;
            let assignments = uow
                .pbgm()
                .assignments_of_participant(&program_id, &participant)
                .await?;
            let scope = self.policy().pbgm.reviewer_scope;
            let assigned = is_assigned_reviewer(
                &assignments,
                &program_id,
                actor_id(actor),
                &participant,
                &milestone.id,
                scope,
            );
            let owner = self.program_owner(uow, &program).await?;
            let me = self
                .authorize(
                    uow,
                    actor,
                    Action::ReviewSubmission,
                    &Resource::Submission {
                        participant_id: participant.clone(),
                        program: owner,
                        is_actor_assigned_reviewer: assigned,
                    },
                )
                .await?;
            let row = uow
                .pbgm()
                .participant_milestone(&milestone.id, &participant)
                .await?;
            let latest_version = uow
                .pbgm()
                .latest_submission(&milestone.id, &participant)
                .await?
                .map_or(submission.version_number, |s| s.version_number);
            let facts = ReviewFacts {
                is_admin: matches!(me.role, Role::SuperAdmin | Role::AdminUnit),
                is_owner: me.id == program.owner_user_id,
                assignments: assignments.clone(),
                status: row.as_ref().map_or_else(Default::default, |r| r.status),
                latest_version,
                reviews: uow.pbgm().reviews_of_submission(submission_id).await?,
                has_reflection: uow
                    .pbgm()
                    .reflection(&program_id, &participant, Some(&milestone.id))
                    .await?
                    .is_some(),
            };
            let now = self.now();
            let new = NewReview {
                id: self.ids().uuid(),
                reviewer_user_id: me.id.clone(),
                decision: input.decision,
                comments_richtext: input.comments_richtext.clone(),
                inline_comments: input.inline_comments.clone(),
                score: input.score.clone(),
            };
            let outcome = rules::review_submission(
                &milestone,
                &submission,
                &facts,
                new,
                &self.policy().pbgm,
                now,
            )?;
            let Some(enrollment) = enrollment else {
                return Err(Error::not_found(
                    "WblmEnrollment",
                    format!("{program_id}:{participant}"),
                ));
            };
            uow.pbgm().insert_review(&outcome.review).await?;
            submission.status = outcome.status;
            uow.pbgm().update_submission(&submission).await?;
            self.set_participant_milestone(uow, row, &milestone, &participant, outcome.status, now)
                .await?;
            let enrollment = if outcome.status == WblmMilestoneStatus::ApprovedFinal {
                self.complete_if_done(uow, enrollment, now).await?
            } else {
                enrollment
            };
            let reviewers = reviewers_of(&assignments, &program, &participant, &milestone, scope);
            self.record(
                uow,
                vec![
                    Occurrence::new(DomainEvent::PbgmReviewed {
                        reviewer_id: me.id.clone(),
                        participant_id: participant.clone(),
                        program_id: program_id.clone(),
                        milestone_id: milestone.id.clone(),
                        submission_id: submission.id.clone(),
                        review_id: outcome.review.id.clone(),
                        version: submission.version_number,
                        decision: input.decision,
                        occurred_at: now,
                    })
                    .titled(program.title.clone())
                    .with_program_people(program.owner_user_id.clone(), reviewers),
                ],
                now,
            )
            .await?;
            Ok(ReviewResult {
                review: outcome.review,
                submission,
                status: outcome.status,
                accepts: outcome.accepts,
                accepts_required: outcome.accepts_required,
                enrollment,
            })
        })
    }

    /// Writes the actor's reflection on a milestone of the program (or the final one when
    /// `milestoneId` is `None`), overwriting an earlier one until it is locked. Only ENROLLED or
    /// ACTIVE participants; once the program is CLOSED or ARCHIVED its reflections are locked,
    /// missing ones included.
    ///
    /// # Errors
    /// `IDENTITY_*`; `NOT_FOUND` (program, milestone of another program);
    /// `PBGM_NOT_PARTICIPATING`; `PBGM_REFLECTION_LOCKED`; `VALIDATION_*` (no answer, an answer
    /// over 2000 characters).
    pub async fn submit_reflection(
        &self,
        actor: &Actor,
        program_id: &str,
        input: &ReflectionInput,
    ) -> Result<WblmReflection> {
        write_tx!(self, |uow| {
            let me = self.myself(uow, actor).await?;
            let enrollment = uow.pbgm().enrollment_for_update(program_id, &me.id).await?;
            let program = uow
                .pbgm()
                .program(program_id)
                .await?
                .ok_or_else(|| program_not_found(program_id))?;
            let milestone_id = input.milestone_id.as_deref();
            if let Some(milestone_id) = milestone_id {
                milestone_of(uow, program_id, milestone_id).await?;
            }
            let status = enrollment.as_ref().map(|e| e.status);
            ensure_participating(status)?;
            if matches!(
                program.status,
                WblmProgramStatus::Closed | WblmProgramStatus::Archived
            ) {
                return Err(PbgmError::ReflectionLocked.into());
            }
            let existing = uow
                .pbgm()
                .reflection(program_id, &me.id, milestone_id)
                .await?;
            let target = ReflectionTarget {
                id: self.ids().uuid(),
                program_id: program_id.to_owned(),
                participant_user_id: me.id.clone(),
                milestone_id: milestone_id.map(str::to_owned),
            };
            let reflection = rules::submit_reflection(
                existing.as_ref(),
                status,
                target,
                &input.answers,
                self.now(),
            )?;
            if existing.is_some() {
                uow.pbgm().update_reflection(&reflection).await?;
            } else {
                uow.pbgm().insert_reflection(&reflection).await?;
            }
            Ok(reflection)
        })
    }

    /// Where a participant (the actor when `participant_id` is `None`) stands in a program:
    /// each milestone's state and latest version, and approved / total × 100. Readable by the
    /// participant, their assigned reviewers, the owner and unit admins of the owner.
    ///
    /// # Errors
    /// `IDENTITY_*`; `NOT_FOUND` (program, enrolment).
    pub async fn participant_progress(
        &self,
        actor: &Actor,
        program_id: &str,
        participant_id: Option<&str>,
    ) -> Result<ParticipantStanding> {
        read_tx!(self, |uow| {
            let participant = participant_id.unwrap_or_else(|| actor_id(actor)).to_owned();
            let program = uow
                .pbgm()
                .program(program_id)
                .await?
                .ok_or_else(|| program_not_found(program_id))?;
            if !participant.is_empty() && participant == actor_id(actor) {
                self.myself(uow, actor).await?;
            } else {
                let assigned = uow
                    .pbgm()
                    .assignments_of_participant(program_id, &participant)
                    .await?
                    .iter()
                    .any(|a| a.reviewer_user_id == actor_id(actor));
                let owner = self.program_owner(uow, &program).await?;
                self.authorize(
                    uow,
                    actor,
                    Action::ReviewSubmission,
                    &Resource::Submission {
                        participant_id: participant.clone(),
                        program: owner,
                        is_actor_assigned_reviewer: assigned,
                    },
                )
                .await?;
            }
            let enrollment = uow
                .pbgm()
                .enrollment(program_id, &participant)
                .await?
                .ok_or_else(|| {
                    Error::not_found("WblmEnrollment", format!("{program_id}:{participant}"))
                })?;
            let milestones = uow.pbgm().milestones_of_program(program_id).await?;
            let rows = uow
                .pbgm()
                .participant_milestones(program_id, &participant)
                .await?;
            let progress = rules::participant_progress(
                &milestones,
                &rows,
                Some(enrollment.status),
                &self.policy().pbgm,
            );
            let mut standings = Vec::with_capacity(milestones.len());
            for milestone in milestones {
                let status = rows
                    .iter()
                    .find(|r| r.milestone_id == milestone.id)
                    .map_or_else(Default::default, |r| r.status);
                let latest_version = uow
                    .pbgm()
                    .latest_submission(&milestone.id, &participant)
                    .await?
                    .map(|s| s.version_number);
                standings.push(MilestoneStanding {
                    milestone,
                    status,
                    latest_version,
                });
            }
            Ok(ParticipantStanding {
                enrollment,
                milestones: standings,
                progress,
            })
        })
    }
}
