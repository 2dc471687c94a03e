//! Programs and milestones: create, update, delete, read, list; milestones change only while
//! the program is DRAFT.

use serde_json::{Map, Value, json};

use super::{MilestoneInput, ProgramDetail, ProgramInput, ProgramMembership};
use crate::app::users::clean;
use crate::app::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{WblmMilestone, WblmProgram, WblmProgramStatus};
use crate::ports::UnitOfWork;
use crate::rules::identity::{Action, Resource};
use crate::rules::pbgm::{
    can_delete_program, ensure_milestones_editable, validate_milestone, validate_program_update,
};

/// Where an evidence package may be seen (`settings.evidenceVisibility`).
const EVIDENCE_VISIBILITY: &[&str] = &["participant_only", "org", "org_plus_auditor"];

/// Trimmed, non-blank, first occurrence kept.
fn labels(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim();
        if !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    out
}

/// The program's settings: `given` merged over the defaults (or `current` when nothing is
/// given), with the known keys checked.
fn settings(given: Option<&Value>, current: Option<&Value>) -> Result<Option<Value>> {
    let given = match given {
        None | Some(Value::Null) => {
            if let Some(current) = current {
                return Ok(Some(current.clone()));
            }
            None
        }
        Some(Value::Object(map)) => Some(map),
        Some(_) => {
            return Err(ValidationError::InvalidFormat {
                field: "settings",
                expected: "an object",
            }
            .into());
        }
    };
    let mut out = Map::new();
    out.insert("allowSupervisorReview".into(), json!(false));
    out.insert("reviewerScoringEnabled".into(), json!(true));
    out.insert("maxRevisionCycles".into(), Value::Null);
    out.insert("evidenceVisibility".into(), json!("participant_only"));
    for (k, v) in given.into_iter().flatten() {
        out.insert(k.clone(), v.clone());
    }
    for flag in ["allowSupervisorReview", "reviewerScoringEnabled"] {
        if !out.get(flag).is_some_and(Value::is_boolean) {
            return Err(ValidationError::InvalidFormat {
                field: "settings",
                expected: "allowSupervisorReview and reviewerScoringEnabled as true or false",
            }
            .into());
        }
    }
    match out.get("maxRevisionCycles") {
        Some(Value::Null) | None => {}
        Some(n) if n.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => {}
        Some(n) => {
            return Err(ValidationError::OutOfRange {
                field: "maxRevisionCycles",
                value: n.to_string(),
                min: "0".into(),
                max: u32::MAX.to_string(),
            }
            .into());
        }
    }
    let visibility = out.get("evidenceVisibility").and_then(Value::as_str);
    if !visibility.is_some_and(|v| EVIDENCE_VISIBILITY.contains(&v)) {
        return Err(ValidationError::UnknownLabel {
            kind: "evidenceVisibility",
            value: out
                .get("evidenceVisibility")
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
        .into());
    }
    Ok(Some(Value::Object(out)))
}

/// `program` with the fields of `input` (status aside).
fn apply_program_input(program: &mut WblmProgram, input: &ProgramInput) -> Result<()> {
    program.title = input.title.trim().to_owned();
    program.description = clean(input.description.as_deref());
    program.target_roles = labels(&input.target_roles);
    program.duration_weeks = input.duration_weeks;
    program.start_date = input.start_date;
    program.end_date = input.end_date;
    program.reviewer_pool_ids = labels(&input.reviewer_pool_ids);
    program.settings = settings(input.settings.as_ref(), program.settings.as_ref())?;
    Ok(())
}

/// `milestone` with the fields of `input`.
fn apply_milestone_input(milestone: &mut WblmMilestone, input: &MilestoneInput) {
    milestone.name = input.name.trim().to_owned();
    milestone.description = clean(input.description.as_deref());
    milestone.due_date = input.due_date;
    milestone.required_artifact_types = labels(&input.required_artifact_types);
    milestone.requires_review = input.requires_review;
    milestone.requires_reflection = input.requires_reflection;
    if let Some(order) = input.order_index {
        milestone.order_index = order;
    }
}

impl Titan {
    /// Refuses a reviewer pool naming a user that does not exist.
    async fn check_pool(&self, uow: &mut dyn UnitOfWork, program: &WblmProgram) -> Result<()> {
        for id in &program.reviewer_pool_ids {
            if uow.users().get(id).await?.is_none() {
                return Err(Error::not_found("User", id.clone()));
            }
        }
        Ok(())
    }

    /// Creates a DRAFT program owned by the actor.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`, `IDENTITY_FORBIDDEN` (learners); `PBGM_STATUS_CHANGE_NOT_ALLOWED`
    /// (a status other than DRAFT); `VALIDATION_*` (title 3..=200, `durationWeeks` ≥ 1, dates,
    /// settings); `NOT_FOUND` (a pool member).
    pub async fn create_program(&self, actor: &Actor, input: &ProgramInput) -> Result<WblmProgram> {
        write_tx!(self, |uow| {
            let me = self
                .authorize(uow, actor, Action::CreateProgram, &Resource::Platform)
                .await?;
            let now = self.now();
            let draft = WblmProgram {
                id: self.ids().uuid(),
                title: String::new(),
                description: None,
                target_roles: Vec::new(),
                duration_weeks: 0,
                start_date: None,
                end_date: None,
                status: WblmProgramStatus::Draft,
                owner_user_id: me.id.clone(),
                reviewer_pool_ids: Vec::new(),
                settings: None,
                created_at: now,
                updated_at: now,
            };
            let mut program = draft.clone();
            apply_program_input(&mut program, input)?;
            program.status = input.status.unwrap_or(WblmProgramStatus::Draft);
            validate_program_update(&draft, &program)?;
            self.check_pool(uow, &program).await?;
            uow.pbgm().insert_program(&program).await?;
            Ok(program)
        })
    }

    /// Updates a program's fields (its managers). Never its status: `input.status`, when given,
    /// must be the current one.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_EDITABLE` (CLOSED, ARCHIVED);
    /// `PBGM_STATUS_CHANGE_NOT_ALLOWED`; the field errors of [`Titan::create_program`].
    pub async fn update_program(
        &self,
        actor: &Actor,
        program_id: &str,
        input: &ProgramInput,
    ) -> Result<WblmProgram> {
        write_tx!(self, |uow| {
            let (_, current) = self.managed_program(uow, actor, program_id, true).await?;
            let mut program = current.clone();
            apply_program_input(&mut program, input)?;
            program.status = input.status.unwrap_or(current.status);
            program.updated_at = self.now();
            validate_program_update(&current, &program)?;
            self.check_pool(uow, &program).await?;
            uow.pbgm().update_program(&program).await?;
            Ok(program)
        })
    }

    /// Deletes a DRAFT program with its milestones, enrolments and assignments (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_DRAFT`.
    pub async fn delete_program(&self, actor: &Actor, program_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            let (_, program) = self.managed_program(uow, actor, program_id, true).await?;
            can_delete_program(program.status)?;
            uow.pbgm().delete_program(program_id).await?;
            Ok(())
        })
    }

    /// A program with its milestones, for its managers, participants, assigned reviewers and
    /// pool members; `NOT_FOUND` for anyone else (whatever the status).
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`; `NOT_FOUND`.
    pub async fn get_program(&self, actor: &Actor, program_id: &str) -> Result<ProgramDetail> {
        read_tx!(self, |uow| {
            let program = self.visible_program(uow, actor, program_id).await?;
            let milestones = uow.pbgm().milestones_of_program(program_id).await?;
            Ok(ProgramDetail {
                program,
                milestones,
            })
        })
    }

    /// The programs the actor owns, oldest first.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`.
    pub async fn list_owned_programs(&self, actor: &Actor) -> Result<Vec<WblmProgram>> {
        read_tx!(self, |uow| {
            let me = self.myself(uow, actor).await?;
            Ok(uow.pbgm().programs_of_owner(&me.id).await?)
        })
    }

    /// The programs the actor is enrolled in (any status), with the enrolment, by enrolment
    /// date. DRAFT programs show too: the participant was invited.
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`.
    pub async fn list_my_programs(&self, actor: &Actor) -> Result<Vec<ProgramMembership>> {
        read_tx!(self, |uow| {
            let me = self.myself(uow, actor).await?;
            let mut out = Vec::new();
            for enrollment in uow.pbgm().enrollments_of_participant(&me.id).await? {
                if let Some(program) = uow.pbgm().program(&enrollment.program_id).await? {
                    out.push(ProgramMembership {
                        program,
                        enrollment,
                    });
                }
            }
            Ok(out)
        })
    }

    /// Adds a milestone to a DRAFT program (its managers); last unless `orderIndex` is given.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_DRAFT`; `VALIDATION_*` (name 2..=200,
    /// ≥ 1 required artifact type).
    pub async fn create_milestone(
        &self,
        actor: &Actor,
        program_id: &str,
        input: &MilestoneInput,
    ) -> Result<WblmMilestone> {
        write_tx!(self, |uow| {
            let (_, program) = self.managed_program(uow, actor, program_id, true).await?;
            ensure_milestones_editable(program.status)?;
            let existing = uow.pbgm().milestones_of_program(program_id).await?;
            let last = existing.iter().map(|m| m.order_index).max();
            let mut milestone = WblmMilestone {
                id: self.ids().uuid(),
                program_id: program_id.to_owned(),
                name: String::new(),
                description: None,
                due_date: None,
                required_artifact_types: Vec::new(),
                requires_review: true,
                requires_reflection: false,
                order_index: last.map_or(0, |o| o.saturating_add(1)),
            };
            apply_milestone_input(&mut milestone, input);
            validate_milestone(&milestone)?;
            uow.pbgm().insert_milestone(&milestone).await?;
            Ok(milestone)
        })
    }

    /// Loads a milestone and its program (locked), authorises `MANAGE_PROGRAM` and checks the
    /// program is DRAFT.
    async fn editable_milestone(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        milestone_id: &str,
    ) -> Result<WblmMilestone> {
        let milestone = uow
            .pbgm()
            .milestone(milestone_id)
            .await?
            .ok_or_else(|| Error::not_found("WblmMilestone", milestone_id))?;
        let (_, program) = self
            .managed_program(uow, actor, &milestone.program_id, true)
            .await?;
        ensure_milestones_editable(program.status)?;
        Ok(milestone)
    }

    /// Changes a milestone of a DRAFT program (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_DRAFT`; the field errors of
    /// [`Titan::create_milestone`].
    pub async fn update_milestone(
        &self,
        actor: &Actor,
        milestone_id: &str,
        input: &MilestoneInput,
    ) -> Result<WblmMilestone> {
        write_tx!(self, |uow| {
            let mut milestone = self.editable_milestone(uow, actor, milestone_id).await?;
            apply_milestone_input(&mut milestone, input);
            validate_milestone(&milestone)?;
            uow.pbgm().update_milestone(&milestone).await?;
            Ok(milestone)
        })
    }

    /// Deletes a milestone of a DRAFT program with the assignments scoped to it (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_DRAFT`.
    pub async fn delete_milestone(&self, actor: &Actor, milestone_id: &str) -> Result<()> {
        write_tx!(self, |uow| {
            self.editable_milestone(uow, actor, milestone_id).await?;
            uow.pbgm().delete_milestone(milestone_id).await?;
            Ok(())
        })
    }

    /// Puts a DRAFT program's milestones in the order of `milestone_ids` (every milestone once);
    /// `orderIndex` becomes the position, from 0. Returns the milestones in their new order.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PBGM_PROGRAM_NOT_DRAFT`; `VALIDATION_FORMAT` (not a
    /// permutation of the program's milestones).
    pub async fn reorder_milestones(
        &self,
        actor: &Actor,
        program_id: &str,
        milestone_ids: &[String],
    ) -> Result<Vec<WblmMilestone>> {
        write_tx!(self, |uow| {
            let (_, program) = self.managed_program(uow, actor, program_id, true).await?;
            ensure_milestones_editable(program.status)?;
            let milestones = uow.pbgm().milestones_of_program(program_id).await?;
            let mut seen: Vec<&str> = Vec::with_capacity(milestone_ids.len());
            let mut ordered = Vec::with_capacity(milestones.len());
            for id in milestone_ids {
                let found = milestones.iter().find(|m| m.id == *id);
                match found {
                    Some(m) if !seen.contains(&id.as_str()) => {
                        seen.push(id);
                        ordered.push(m.clone());
                    }
                    _ => {
                        return Err(ValidationError::InvalidFormat {
                            field: "milestoneIds",
                            expected: "every milestone of the program exactly once",
                        }
                        .into());
                    }
                }
            }
            if ordered.len() != milestones.len() {
                return Err(ValidationError::InvalidFormat {
                    field: "milestoneIds",
                    expected: "every milestone of the program exactly once",
                }
                .into());
            }
            for (position, milestone) in ordered.iter_mut().enumerate() {
                let order = i32::try_from(position).unwrap_or(i32::MAX);
                if milestone.order_index != order {
                    milestone.order_index = order;
                    uow.pbgm().update_milestone(milestone).await?;
                }
            }
            Ok(ordered)
        })
    }
}

/// `NOT_FOUND` unless `milestone_id` is a milestone of `program_id`.
pub(super) async fn milestone_of(
    uow: &mut dyn UnitOfWork,
    program_id: &str,
    milestone_id: &str,
) -> Result<WblmMilestone> {
    uow.pbgm()
        .milestone(milestone_id)
        .await?
        .filter(|m| m.program_id == program_id)
        .ok_or_else(|| Error::not_found("WblmMilestone", milestone_id))
}
