//! Enrolment (SPEC §2): enrol oneself or another learner, drop.

use super::effects::Occurrence;
use super::{Actor, Error, Result, Titan, write_tx};
use crate::events::DomainEvent;
use crate::model::Enrollment;
use crate::ports::UnitOfWork;
use crate::rules::catalog::{EnrolmentAdmission, admit_enrolment, drop_enrolment};
use crate::rules::identity::{Action, Resource};

impl Titan {
    /// Authorises enrolling (or dropping) `learner_id` in `course` for `actor`: oneself with
    /// `ENROL_SELF`, someone else with `ENROL_OTHER` (course editors, unit admins of the
    /// learner).
    async fn authorize_enrolment(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        learner_id: &str,
        course: &crate::model::Course,
    ) -> Result<()> {
        let learner = uow
            .users()
            .get(learner_id)
            .await?
            .ok_or_else(|| Error::not_found("User", learner_id))?;
        let facts = self.course_facts(uow, course).await?;
        let own = matches!(actor, Actor::User { id } if id == learner_id);
        let action = if own {
            Action::EnrolSelf
        } else {
            Action::EnrolOther
        };
        self.authorize(
            uow,
            actor,
            action,
            &Resource::Enrolment {
                learner_id: learner_id.to_owned(),
                learner_unit: learner.unit_kerja.clone(),
                course: facts,
            },
        )
        .await?;
        Ok(())
    }

    /// Enrols `learner_id` (the actor themself when `None`) in a course: published, open,
    /// not ended, a free seat (the course row is locked, so two learners never share the last
    /// seat). A DROPPED enrolment is reactivated with its progress.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_ALREADY_ENROLLED`,
    /// `CATALOG_COURSE_NOT_PUBLISHED`, `CATALOG_ENROLMENT_NOT_OPEN`, `CATALOG_ENROLMENT_CLOSED`,
    /// `CATALOG_COURSE_FULL`.
    pub async fn enrol(
        &self,
        actor: &Actor,
        course_id: &str,
        learner_id: Option<&str>,
    ) -> Result<Enrollment> {
        write_tx!(self, |uow| {
            let learner_id = match (learner_id, actor) {
                (Some(id), _) => id.to_owned(),
                (None, Actor::User { id }) => id.clone(),
                (None, _) => {
                    return Err(crate::rules::identity::IdentityError::Unauthenticated {
                        action: Action::EnrolSelf,
                    }
                    .into());
                }
            };
            let course = uow
                .catalog()
                .course_for_update(course_id)
                .await?
                .ok_or_else(|| Error::not_found("Course", course_id))?;
            self.authorize_enrolment(uow, actor, &learner_id, &course)
                .await?;
            let existing = uow.enrollments().get(&learner_id, course_id).await?;
            let seats = uow.enrollments().seats_taken(course_id).await?;
            let now = self.now();
            let admission = admit_enrolment(
                &course,
                existing.as_ref(),
                seats,
                now,
                &self.policy().catalog,
            )?;
            let enrollment = match (admission, existing) {
                (EnrolmentAdmission::Reactivate { status, .. }, Some(mut row)) => {
                    row.status = status;
                    uow.enrollments().update(&row).await?;
                    row
                }
                _ => {
                    let row = Enrollment::new(self.ids().uuid(), &learner_id, course_id, now);
                    uow.enrollments().insert(&row).await?;
                    row
                }
            };
            self.record(
                uow,
                vec![Occurrence::new(DomainEvent::Enrolled {
                    user_id: learner_id.clone(),
                    course_id: course_id.to_owned(),
                    occurred_at: now,
                })],
                now,
            )
            .await?;
            Ok(enrollment)
        })
    }

    /// Drops an ENROLLED or IN_PROGRESS enrolment (the learner, course editors, unit admins);
    /// its progress is kept for a later re-enrolment.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CATALOG_DROP_NOT_ALLOWED` (COMPLETED or DROPPED).
    pub async fn drop_enrolment(
        &self,
        actor: &Actor,
        course_id: &str,
        learner_id: Option<&str>,
    ) -> Result<Enrollment> {
        write_tx!(self, |uow| {
            let learner_id = match (learner_id, actor) {
                (Some(id), _) => id.to_owned(),
                (None, Actor::User { id }) => id.clone(),
                (None, _) => return Err(Error::not_found("Enrollment", course_id)),
            };
            let course = uow
                .catalog()
                .course(course_id)
                .await?
                .ok_or_else(|| Error::not_found("Course", course_id))?;
            self.authorize_enrolment(uow, actor, &learner_id, &course)
                .await?;
            let enrollment = uow
                .enrollments()
                .get_for_update(&learner_id, course_id)
                .await?
                .ok_or_else(|| {
                    Error::not_found("Enrollment", format!("{learner_id}:{course_id}"))
                })?;
            let dropped = drop_enrolment(&enrollment)?;
            uow.enrollments().update(&dropped).await?;
            Ok(dropped)
        })
    }
}
