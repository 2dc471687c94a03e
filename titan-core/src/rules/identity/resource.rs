//! [`Actor`] (who asks) and [`Resource`] (what about): exactly the facts an authorisation
//! decision needs, cheap to build from rows a use case has loaded anyway.

use serde::{Deserialize, Serialize};

use crate::model::{Course, Role, User, UserStatus, WblmProgram};

/// The signed-in user asking to act.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// `User.id`.
    pub user_id: String,
    /// `User.role`.
    pub role: Role,
    /// `User.status`.
    #[serde(default)]
    pub status: UserStatus,
    /// `User.unitKerja`: the unit an `ADMIN_UNIT` administers.
    #[serde(default)]
    pub unit_kerja: Option<String>,
}

impl Actor {
    /// An active actor.
    #[must_use]
    pub fn new(user_id: impl Into<String>, role: Role, unit_kerja: Option<&str>) -> Self {
        Self {
            user_id: user_id.into(),
            role,
            status: UserStatus::Active,
            unit_kerja: unit_kerja.map(str::to_owned),
        }
    }

    /// The actor for a loaded user.
    #[must_use]
    pub fn from_user(user: &User) -> Self {
        Self {
            user_id: user.id.clone(),
            role: user.role,
            status: user.status,
            unit_kerja: user.unit_kerja.clone(),
        }
    }
}

/// A user as the subject of an action (profile, suspension, role change).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFacts {
    /// `User.id`.
    pub user_id: String,
    /// `User.role`: suspensions and profile updates never reach an equal or higher role.
    pub role: Role,
    /// `User.unitKerja`.
    #[serde(default)]
    pub unit_kerja: Option<String>,
    /// The user is enrolled in a course the actor teaches (grants `VIEW_BASIC_PROFILE`).
    #[serde(default)]
    pub is_learner_of_actor_course: bool,
}

impl UserFacts {
    /// The facts of a loaded user; `is_learner_of_actor_course` starts false.
    #[must_use]
    pub fn from_user(user: &User) -> Self {
        Self {
            user_id: user.id.clone(),
            role: user.role,
            unit_kerja: user.unit_kerja.clone(),
            is_learner_of_actor_course: false,
        }
    }

    /// Sets whether the user is enrolled in a course the actor teaches.
    #[must_use]
    pub fn learner_of_actor_course(mut self, yes: bool) -> Self {
        self.is_learner_of_actor_course = yes;
        self
    }
}

/// A course, as its editors see it: "course editors" are its instructor, an `ADMIN_UNIT` of the
/// instructor's unit (a course belongs to the unit of its instructor) and `SUPER_ADMIN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseFacts {
    /// `Course.instructorId`.
    pub instructor_id: String,
    /// The instructor's `unitKerja`.
    #[serde(default)]
    pub instructor_unit: Option<String>,
    /// Enrolments of the course in any status (a delete would erase them); only `DELETE_COURSE`
    /// reads it.
    pub enrolled_count: u32,
}

impl CourseFacts {
    /// The facts of a loaded course.
    #[must_use]
    pub fn new(
        instructor_id: impl Into<String>,
        instructor_unit: Option<&str>,
        enrolled_count: u32,
    ) -> Self {
        Self {
            instructor_id: instructor_id.into(),
            instructor_unit: instructor_unit.map(str::to_owned),
            enrolled_count,
        }
    }

    /// The facts of `course`, given its instructor's unit and its enrolment count.
    #[must_use]
    pub fn of(course: &Course, instructor_unit: Option<&str>, enrolled_count: u32) -> Self {
        Self::new(
            course.instructor_id.clone(),
            instructor_unit,
            enrolled_count,
        )
    }
}

/// A PBGM program (or a curation session), by its owner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerFacts {
    /// `WblmProgram.ownerUserId`.
    pub owner_id: String,
    /// The owner's `unitKerja`.
    #[serde(default)]
    pub owner_unit: Option<String>,
}

impl OwnerFacts {
    /// An owner and their unit.
    #[must_use]
    pub fn new(owner_id: impl Into<String>, owner_unit: Option<&str>) -> Self {
        Self {
            owner_id: owner_id.into(),
            owner_unit: owner_unit.map(str::to_owned),
        }
    }

    /// The owner of `program`, given the owner's unit.
    #[must_use]
    pub fn of_program(program: &WblmProgram, owner_unit: Option<&str>) -> Self {
        Self::new(program.owner_user_id.clone(), owner_unit)
    }
}

/// What an action is about. Each [`Action`](super::Action) documents the kind it is decided on;
/// any other kind is denied with `WRONG_RESOURCE`.
///
/// Serde: internally tagged by `type` (`{"type": "COURSE", "instructorId": …}`), fields camelCase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Resource {
    /// Nothing in particular: platform-wide actions, creation, public pages.
    Platform,
    /// A user (profile, suspension, role change).
    User(UserFacts),
    /// A course and everything in it (modules, lessons, quizzes, sessions, surveys, attendance).
    Course(CourseFacts),
    /// A (would-be) enrolment of a learner in a course.
    Enrolment {
        /// The learner to enrol.
        learner_id: String,
        /// The learner's `unitKerja`.
        #[serde(default)]
        learner_unit: Option<String>,
        /// The course.
        course: CourseFacts,
    },
    /// A learner's own record being written (heartbeat, check-in, attempt, PBGM submission…).
    Learner {
        /// The learner (or PBGM participant) the record belongs to.
        learner_id: String,
    },
    /// A learner's progress, attempts and attendance in a course, being read.
    LearnerRecord {
        /// The learner.
        learner_id: String,
        /// The course.
        course: CourseFacts,
    },
    /// A certificate.
    Certificate {
        /// The holder's `unitKerja`.
        #[serde(default)]
        holder_unit: Option<String>,
    },
    /// A PBGM program.
    Program(OwnerFacts),
    /// A YouTube curation session, by its creator.
    CurationSession(OwnerFacts),
    /// A PBGM submission (a participant's milestone work).
    Submission {
        /// The participant who submitted it.
        participant_id: String,
        /// The program's owner.
        program: OwnerFacts,
        /// The actor is a reviewer assigned to this participant in this program.
        #[serde(default)]
        is_actor_assigned_reviewer: bool,
    },
    /// A unit kerja (reports and analytics).
    Unit {
        /// The unit.
        unit_kerja: String,
    },
    /// A user's notifications.
    Notification {
        /// `Notification.userId`.
        recipient_id: String,
    },
}

impl Resource {
    /// A learner's own record.
    #[must_use]
    pub fn learner(learner_id: impl Into<String>) -> Self {
        Resource::Learner {
            learner_id: learner_id.into(),
        }
    }

    /// A user's notifications.
    #[must_use]
    pub fn notification(recipient_id: impl Into<String>) -> Self {
        Resource::Notification {
            recipient_id: recipient_id.into(),
        }
    }

    /// A unit kerja.
    #[must_use]
    pub fn unit(unit_kerja: impl Into<String>) -> Self {
        Resource::Unit {
            unit_kerja: unit_kerja.into(),
        }
    }
}
