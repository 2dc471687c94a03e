//! The authorisation function: `(actor, action, resource) → allow | deny(reason)`.
//!
//! [`decide`] is the single source of truth; [`authorize`] turns its denial into an
//! [`IdentityError`]. Every use case (Rust, Python, Kotlin, HTTP) calls one of them, so all get
//! the same answer.

use serde::{Serialize, Serializer};

use super::{Action, Actor, CourseFacts, DenyReason, IdentityError, IdentityPolicy, Resource};
use crate::model::{Role, UserStatus};

/// The outcome of [`decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The action may proceed (the use case still checks its own business rules).
    Allow,
    /// The action is refused, and why.
    Deny(DenyReason),
}

impl Decision {
    /// `true` for [`Decision::Allow`].
    #[must_use]
    pub const fn is_allowed(self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// Serialises as `{"allowed": true}` or `{"allowed": false, "reason": "OUTSIDE_UNIT"}`.
impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Repr {
            allowed: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            reason: Option<DenyReason>,
        }
        let repr = match *self {
            Decision::Allow => Repr {
                allowed: true,
                reason: None,
            },
            Decision::Deny(reason) => Repr {
                allowed: false,
                reason: Some(reason),
            },
        };
        repr.serialize(serializer)
    }
}

/// May `actor` (`None` = not signed in) perform `action` on `resource`?
///
/// Order: public actions are allowed to anyone; otherwise no actor (or one with an empty
/// `userId`) → `UNAUTHENTICATED`; an
/// `INACTIVE` or `SUSPENDED` actor → its own reason; then the action's rule (see each
/// [`Action`] variant's doc).
#[must_use]
pub fn decide(
    actor: Option<&Actor>,
    action: Action,
    resource: &Resource,
    policy: &IdentityPolicy,
) -> Decision {
    match check(actor, action, resource, policy) {
        Ok(()) => Decision::Allow,
        Err(reason) => Decision::Deny(reason),
    }
}

/// [`decide`], as a `Result` for `?`.
///
/// # Errors
/// `IDENTITY_UNAUTHENTICATED` without an actor, `IDENTITY_USER_INACTIVE` /
/// `IDENTITY_USER_SUSPENDED` for an actor who cannot act, else `IDENTITY_FORBIDDEN` with the
/// action and the [`DenyReason`].
pub fn authorize(
    actor: Option<&Actor>,
    action: Action,
    resource: &Resource,
    policy: &IdentityPolicy,
) -> Result<(), IdentityError> {
    match decide(actor, action, resource, policy) {
        Decision::Allow => Ok(()),
        Decision::Deny(DenyReason::Unauthenticated) => {
            Err(IdentityError::Unauthenticated { action })
        }
        Decision::Deny(DenyReason::ActorInactive) => Err(IdentityError::UserInactive),
        Decision::Deny(DenyReason::ActorSuspended) => Err(IdentityError::UserSuspended),
        Decision::Deny(reason) => Err(IdentityError::Forbidden { action, reason }),
    }
}

type Check = Result<(), DenyReason>;

fn check(
    actor: Option<&Actor>,
    action: Action,
    resource: &Resource,
    policy: &IdentityPolicy,
) -> Check {
    // Public pages answer the same to everyone, so an account's status does not matter there.
    if action.is_public() {
        return Ok(());
    }
    // An actor without an id is nobody: treated as not signed in (and can never be "self").
    let actor = actor
        .filter(|a| !a.user_id.is_empty())
        .ok_or(DenyReason::Unauthenticated)?;
    match actor.status {
        UserStatus::Active => {}
        UserStatus::Inactive => return Err(DenyReason::ActorInactive),
        UserStatus::Suspended => return Err(DenyReason::ActorSuspended),
    }
    match action {
        Action::RegisterSelf | Action::ViewCatalog | Action::VerifyCertificate => Ok(()),

        Action::ViewProfile | Action::ViewBasicProfile | Action::UpdateProfile => {
            let Resource::User(user) = resource else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, &user.user_id) {
                return Ok(());
            }
            let as_admin = unit_admin(actor, user.unit_kerja.as_deref()).map_err(|reason| {
                // A non-admin sees only their own profile.
                if reason == DenyReason::RoleTooLow {
                    DenyReason::NotSelf
                } else {
                    reason
                }
            });
            match action {
                Action::ViewBasicProfile if user.is_learner_of_actor_course => Ok(()),
                // Editing someone's profile (e.g. their email) can take over their account.
                Action::UpdateProfile => as_admin.and_then(|()| outranks(actor, user.role)),
                _ => as_admin,
            }
        }

        Action::SuspendUser | Action::ActivateUser => {
            let Resource::User(user) = resource else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, &user.user_id) {
                return Err(DenyReason::OwnAccount);
            }
            unit_admin(actor, user.unit_kerja.as_deref())?;
            outranks(actor, user.role)
        }

        Action::ChangeRole => {
            let Resource::User(user) = resource else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, &user.user_id) {
                return Err(DenyReason::OwnRole);
            }
            super_admin(actor)
        }

        Action::ManageSettings | Action::ManageBadges | Action::AdministerOutbox => {
            super_admin(actor)
        }

        Action::CreateCourse | Action::CreateProgram | Action::CreateCurationSession => {
            let learner_allowed = action == Action::CreateCourse && policy.learners_create_courses;
            if actor.role.rank() >= Role::Instructor.rank() || learner_allowed {
                Ok(())
            } else {
                Err(DenyReason::RoleTooLow)
            }
        }

        Action::ViewUnpublishedCourse
        | Action::EditCourse
        | Action::PublishCourse
        | Action::DeleteCourse
        | Action::ManageSessions
        | Action::ManageSurvey
        | Action::MintQrToken
        | Action::RecordManualAttendance
        | Action::CorrectAttendance
        | Action::GradeEssay
        | Action::Regrade
        | Action::CompleteLessonManually
        | Action::ViewCourseReports => {
            let Resource::Course(course) = resource else {
                return Err(DenyReason::WrongResource);
            };
            course_editor(actor, course)?;
            if action == Action::DeleteCourse && course.enrolled_count > 0 {
                return Err(DenyReason::HasEnrolments);
            }
            Ok(())
        }

        Action::EnrolSelf => match resource {
            Resource::Enrolment { learner_id, .. } | Resource::Learner { learner_id } => {
                self_only(actor, learner_id)
            }
            _ => Err(DenyReason::WrongResource),
        },

        Action::EnrolOther => {
            let Resource::Enrolment {
                learner_id,
                learner_unit,
                course,
            } = resource
            else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, learner_id) {
                return Ok(());
            }
            let as_editor = course_editor(actor, course);
            if as_editor.is_ok() {
                return Ok(());
            }
            match unit_admin(actor, learner_unit.as_deref()) {
                Ok(()) => Ok(()),
                Err(DenyReason::RoleTooLow) => as_editor,
                Err(reason) => Err(reason),
            }
        }

        Action::RecordHeartbeat
        | Action::CompleteLesson
        | Action::AttemptQuiz
        | Action::CheckIn
        | Action::RespondSurvey
        | Action::SubmitMilestone => {
            let Resource::Learner { learner_id } = resource else {
                return Err(DenyReason::WrongResource);
            };
            self_only(actor, learner_id)
        }

        Action::ViewLearnerRecord => {
            let Resource::LearnerRecord { learner_id, course } = resource else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, learner_id) {
                return Ok(());
            }
            course_editor(actor, course)
        }

        Action::RevokeCertificate => {
            let Resource::Certificate { holder_unit } = resource else {
                return Err(DenyReason::WrongResource);
            };
            unit_admin(actor, holder_unit.as_deref())
        }

        Action::ManageProgram => {
            let Resource::Program(program) = resource else {
                return Err(DenyReason::WrongResource);
            };
            owner_or_unit_admin(actor, &program.owner_id, program.owner_unit.as_deref())
        }

        Action::ManageCurationSession => {
            let Resource::CurationSession(session) = resource else {
                return Err(DenyReason::WrongResource);
            };
            owner_or_unit_admin(actor, &session.owner_id, session.owner_unit.as_deref())
        }

        Action::ReviewSubmission => {
            let Resource::Submission {
                participant_id,
                program,
                is_actor_assigned_reviewer,
            } = resource
            else {
                return Err(DenyReason::WrongResource);
            };
            // Checked first: not even a SUPER_ADMIN reviews their own work.
            if same_user(&actor.user_id, participant_id) {
                return Err(DenyReason::OwnSubmission);
            }
            if *is_actor_assigned_reviewer {
                return Ok(());
            }
            owner_or_unit_admin(actor, &program.owner_id, program.owner_unit.as_deref()).map_err(
                |reason| {
                    if reason == DenyReason::NotOwner {
                        DenyReason::NotReviewer
                    } else {
                        reason
                    }
                },
            )
        }

        Action::ViewUnitReports => match resource {
            Resource::Unit { unit_kerja } => unit_admin(actor, Some(unit_kerja)),
            Resource::Platform => match actor.role {
                Role::SuperAdmin => Ok(()),
                Role::AdminUnit => Err(DenyReason::OutsideUnit),
                Role::Instructor | Role::Learner => Err(DenyReason::RoleTooLow),
            },
            _ => Err(DenyReason::WrongResource),
        },

        Action::ReadNotifications => {
            let Resource::Notification { recipient_id } = resource else {
                return Err(DenyReason::WrongResource);
            };
            if same_user(&actor.user_id, recipient_id) {
                Ok(())
            } else {
                Err(DenyReason::NotRecipient)
            }
        }
    }
}

/// Ids match exactly (the actor's id is never empty here).
fn same_user(actor_id: &str, subject_id: &str) -> bool {
    actor_id == subject_id
}

/// Unit names are free text (LDAP `ou`, profile forms): compared trimmed and case-insensitively;
/// a blank unit is no unit.
fn same_unit(actor_unit: &str, subject_unit: Option<&str>) -> bool {
    subject_unit.is_some_and(|subject| {
        let subject = subject.trim();
        !subject.is_empty() && subject.to_lowercase() == actor_unit.trim().to_lowercase()
    })
}

fn actor_unit(actor: &Actor) -> Option<&str> {
    actor
        .unit_kerja
        .as_deref()
        .map(str::trim)
        .filter(|unit| !unit.is_empty())
}

/// "Unit admins" of a subject in `subject_unit`: an `ADMIN_UNIT` of that unit, and `SUPER_ADMIN`.
fn unit_admin(actor: &Actor, subject_unit: Option<&str>) -> Check {
    match actor.role {
        Role::SuperAdmin => Ok(()),
        Role::AdminUnit => {
            let own = actor_unit(actor).ok_or(DenyReason::NoUnit)?;
            if same_unit(own, subject_unit) {
                Ok(())
            } else {
                Err(DenyReason::OutsideUnit)
            }
        }
        Role::Instructor | Role::Learner => Err(DenyReason::RoleTooLow),
    }
}

/// The owner, or a unit admin of the owner's unit. A non-admin stranger gets `NOT_OWNER`.
fn owner_or_unit_admin(actor: &Actor, owner_id: &str, owner_unit: Option<&str>) -> Check {
    if same_user(&actor.user_id, owner_id) {
        return Ok(());
    }
    unit_admin(actor, owner_unit).map_err(|reason| {
        if reason == DenyReason::RoleTooLow {
            DenyReason::NotOwner
        } else {
            reason
        }
    })
}

/// "Course editors": the course's instructor, an `ADMIN_UNIT` of the instructor's unit, `SUPER_ADMIN`.
fn course_editor(actor: &Actor, course: &CourseFacts) -> Check {
    owner_or_unit_admin(
        actor,
        &course.instructor_id,
        course.instructor_unit.as_deref(),
    )
}

/// Only a strictly lower role can be suspended, reactivated or have its profile edited by others.
fn outranks(actor: &Actor, target: Role) -> Check {
    if target.rank() < actor.role.rank() {
        Ok(())
    } else {
        Err(DenyReason::EqualOrHigherRole)
    }
}

fn super_admin(actor: &Actor) -> Check {
    if actor.role == Role::SuperAdmin {
        Ok(())
    } else {
        Err(DenyReason::RoleTooLow)
    }
}

/// Personal acts: for oneself only, whatever one's role.
fn self_only(actor: &Actor, subject_id: &str) -> Check {
    if same_user(&actor.user_id, subject_id) {
        Ok(())
    } else {
        Err(DenyReason::NotSelf)
    }
}
