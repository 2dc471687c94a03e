//! [`PbgmError`]: every refusal of the PBGM rules, with its stable code and facts.

use serde::Serialize;

use crate::error::{ErrorCode, Lang};
use crate::model::{WblmEnrollmentStatus, WblmMilestoneStatus, WblmProgramStatus};

use super::enrollment::EnrollmentEvent;
use super::milestone::MilestoneEvent;
use super::program::ProgramEvent;

/// Refusals of the PBGM rules (SPEC §8).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum PbgmError {
    /// `PBGM_PUBLISH_NOT_READY`: a program needs ≥ 1 milestone, each with ≥ 1 required artifact type.
    PublishNotReady {
        /// Milestones the program has.
        milestone_count: usize,
        /// Ids of the milestones without a required artifact type.
        milestones_without_artifact_types: Vec<String>,
    },
    /// `PBGM_INVALID_PROGRAM_TRANSITION`: the event does not apply to the program's state.
    InvalidProgramTransition {
        /// The program's status.
        state: WblmProgramStatus,
        /// The event refused.
        event: ProgramEvent,
    },
    /// `PBGM_PROGRAM_NOT_DRAFT`: deleting a program or changing its milestones needs DRAFT.
    ProgramNotDraft {
        /// The program's status.
        state: WblmProgramStatus,
    },
    /// `PBGM_PROGRAM_NOT_EDITABLE`: a CLOSED or ARCHIVED program can no longer be updated.
    ProgramNotEditable {
        /// The program's status.
        state: WblmProgramStatus,
    },
    /// `PBGM_STATUS_CHANGE_NOT_ALLOWED`: an update may not change the status (use the transitions).
    StatusChangeNotAllowed {
        /// The program's status.
        state: WblmProgramStatus,
        /// The status the update asked for.
        requested: WblmProgramStatus,
    },
    /// `PBGM_ENROLLMENT_CLOSED`: participants cannot be enrolled in a program in this state.
    EnrollmentClosed {
        /// The program's status.
        state: WblmProgramStatus,
    },
    /// `PBGM_INVALID_ENROLLMENT_TRANSITION`: the event does not apply to the enrolment's state.
    InvalidEnrollmentTransition {
        /// The enrolment's status.
        state: WblmEnrollmentStatus,
        /// The event refused.
        event: EnrollmentEvent,
    },
    /// `PBGM_INVALID_MILESTONE_TRANSITION`: the event does not apply to the participant's milestone state.
    InvalidMilestoneTransition {
        /// The participant's status on the milestone.
        state: WblmMilestoneStatus,
        /// The event refused.
        event: MilestoneEvent,
    },
    /// `PBGM_REFLECTION_REQUIRED`: the milestone needs the participant's reflection before acceptance.
    ReflectionRequired {
        /// The milestone.
        milestone_id: String,
    },
    /// `PBGM_PROGRAM_NOT_RUNNING`: work is submitted only while the program is RUNNING.
    ProgramNotRunning {
        /// The program's status.
        state: WblmProgramStatus,
    },
    /// `PBGM_NOT_PARTICIPATING`: the user has no ENROLLED or ACTIVE enrolment in the program.
    NotParticipating {
        /// The enrolment's status, `None` when not enrolled at all.
        state: Option<WblmEnrollmentStatus>,
    },
    /// `PBGM_MAX_REVISIONS`: the revision limit is reached.
    MaxRevisions {
        /// The limit in force.
        limit: u32,
        /// What already counts against it (resubmissions, or every version under the legacy count).
        used: u32,
    },
    /// `PBGM_SELF_REVIEW`: nobody reviews their own submission.
    SelfReview,
    /// `PBGM_NOT_REVIEWER`: only an assigned reviewer, the program owner or an admin reviews.
    NotReviewer,
    /// `PBGM_ALREADY_REVIEWED`: one review per reviewer per version.
    AlreadyReviewed {
        /// The version already reviewed.
        version: i32,
    },
    /// `PBGM_NOT_LATEST_VERSION`: only the latest version can be reviewed.
    NotLatestVersion {
        /// The version given.
        version: i32,
        /// The latest version.
        latest: i32,
    },
    /// `PBGM_REFLECTION_LOCKED`: a locked reflection cannot be edited.
    ReflectionLocked,
    /// `PBGM_ALREADY_ENROLLED`: the user already holds an enrolment in the program (WITHDRAWN
    /// included: it is terminal).
    AlreadyEnrolled {
        /// The existing enrolment's status.
        state: WblmEnrollmentStatus,
    },
    /// `PBGM_ALREADY_ASSIGNED`: this reviewer is already assigned to this participant (and
    /// milestone).
    AlreadyAssigned,
    /// `PBGM_REVIEWER_NOT_ELIGIBLE`: reviewers come from the program's reviewer pool, or, when it
    /// has none, are instructors or admins.
    ReviewerNotEligible,
}

impl ErrorCode for PbgmError {
    fn code(&self) -> &'static str {
        match self {
            PbgmError::PublishNotReady { .. } => "PBGM_PUBLISH_NOT_READY",
            PbgmError::InvalidProgramTransition { .. } => "PBGM_INVALID_PROGRAM_TRANSITION",
            PbgmError::ProgramNotDraft { .. } => "PBGM_PROGRAM_NOT_DRAFT",
            PbgmError::ProgramNotEditable { .. } => "PBGM_PROGRAM_NOT_EDITABLE",
            PbgmError::StatusChangeNotAllowed { .. } => "PBGM_STATUS_CHANGE_NOT_ALLOWED",
            PbgmError::EnrollmentClosed { .. } => "PBGM_ENROLLMENT_CLOSED",
            PbgmError::InvalidEnrollmentTransition { .. } => "PBGM_INVALID_ENROLLMENT_TRANSITION",
            PbgmError::InvalidMilestoneTransition { .. } => "PBGM_INVALID_MILESTONE_TRANSITION",
            PbgmError::ReflectionRequired { .. } => "PBGM_REFLECTION_REQUIRED",
            PbgmError::ProgramNotRunning { .. } => "PBGM_PROGRAM_NOT_RUNNING",
            PbgmError::NotParticipating { .. } => "PBGM_NOT_PARTICIPATING",
            PbgmError::MaxRevisions { .. } => "PBGM_MAX_REVISIONS",
            PbgmError::SelfReview => "PBGM_SELF_REVIEW",
            PbgmError::NotReviewer => "PBGM_NOT_REVIEWER",
            PbgmError::AlreadyReviewed { .. } => "PBGM_ALREADY_REVIEWED",
            PbgmError::NotLatestVersion { .. } => "PBGM_NOT_LATEST_VERSION",
            PbgmError::ReflectionLocked => "PBGM_REFLECTION_LOCKED",
            PbgmError::AlreadyEnrolled { .. } => "PBGM_ALREADY_ENROLLED",
            PbgmError::AlreadyAssigned => "PBGM_ALREADY_ASSIGNED",
            PbgmError::ReviewerNotEligible => "PBGM_REVIEWER_NOT_ELIGIBLE",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => self.message_id(),
            Lang::En => self.message_en(),
        }
    }
}
crate::error::impl_error!(PbgmError);

impl PbgmError {
    fn message_id(&self) -> String {
        match self {
            PbgmError::PublishNotReady {
                milestone_count: 0, ..
            } => "Program belum dapat dipublikasikan: tambahkan minimal satu milestone".to_owned(),
            PbgmError::PublishNotReady {
                milestones_without_artifact_types,
                ..
            } => format!(
                "Program belum dapat dipublikasikan: {} milestone belum memiliki jenis artefak wajib",
                milestones_without_artifact_types.len()
            ),
            PbgmError::InvalidProgramTransition { state, event } => {
                format!("Aksi {event} tidak dapat dilakukan pada program berstatus {state}")
            }
            PbgmError::ProgramNotDraft { state } => {
                format!(
                    "Hanya program DRAFT yang dapat diubah strukturnya atau dihapus (status: {state})"
                )
            }
            PbgmError::ProgramNotEditable { state } => {
                format!("Program berstatus {state} tidak dapat diubah")
            }
            PbgmError::StatusChangeNotAllowed { state, requested } => format!(
                "Status program tidak dapat diubah dari {state} ke {requested} melalui pembaruan; gunakan aksi publikasi, mulai, tutup atau arsip"
            ),
            PbgmError::EnrollmentClosed { state } => {
                format!("Peserta tidak dapat didaftarkan pada program berstatus {state}")
            }
            PbgmError::InvalidEnrollmentTransition { state, event } => {
                format!("Aksi {event} tidak dapat dilakukan pada pendaftaran berstatus {state}")
            }
            PbgmError::InvalidMilestoneTransition { state, event } => {
                format!("Aksi {event} tidak dapat dilakukan pada milestone berstatus {state}")
            }
            PbgmError::ReflectionRequired { .. } => {
                "Milestone ini memerlukan refleksi peserta sebelum disetujui".to_owned()
            }
            PbgmError::ProgramNotRunning { state } => {
                format!("Pengumpulan hanya dapat dilakukan saat program berjalan (status: {state})")
            }
            PbgmError::NotParticipating { .. } => "Anda bukan peserta aktif program ini".to_owned(),
            PbgmError::MaxRevisions { limit, .. } => {
                format!("Batas revisi ({limit}) telah tercapai")
            }
            PbgmError::SelfReview => "Anda tidak dapat mereview pekerjaan Anda sendiri".to_owned(),
            PbgmError::NotReviewer => {
                "Hanya reviewer yang ditugaskan, pemilik program atau admin yang dapat mereview"
                    .to_owned()
            }
            PbgmError::AlreadyReviewed { version } => {
                format!("Anda sudah mereview versi {version} ini")
            }
            PbgmError::NotLatestVersion { version, latest } => {
                format!("Hanya versi terbaru ({latest}) yang dapat direview, bukan versi {version}")
            }
            PbgmError::ReflectionLocked => {
                "Refleksi sudah dikunci dan tidak dapat diubah".to_owned()
            }
            PbgmError::AlreadyEnrolled { state } => {
                format!("Pengguna sudah terdaftar pada program ini (status: {state})")
            }
            PbgmError::AlreadyAssigned => {
                "Reviewer ini sudah ditugaskan untuk peserta tersebut".to_owned()
            }
            PbgmError::ReviewerNotEligible => {
                "Reviewer harus berasal dari kelompok reviewer program, atau instruktur/admin bila kelompok belum ditetapkan".to_owned()
            }
        }
    }

    fn message_en(&self) -> String {
        match self {
            PbgmError::PublishNotReady {
                milestone_count: 0, ..
            } => "The program cannot be published: add at least one milestone".to_owned(),
            PbgmError::PublishNotReady {
                milestones_without_artifact_types,
                ..
            } => format!(
                "The program cannot be published: {} milestone(s) have no required artifact type",
                milestones_without_artifact_types.len()
            ),
            PbgmError::InvalidProgramTransition { state, event } => {
                format!("{event} is not allowed for a program in status {state}")
            }
            PbgmError::ProgramNotDraft { state } => {
                format!(
                    "Only a DRAFT program can be deleted or have its milestones changed (status: {state})"
                )
            }
            PbgmError::ProgramNotEditable { state } => {
                format!("A program in status {state} can no longer be updated")
            }
            PbgmError::StatusChangeNotAllowed { state, requested } => format!(
                "An update cannot change the program status from {state} to {requested}; use publish, start, close or archive"
            ),
            PbgmError::EnrollmentClosed { state } => {
                format!("Participants cannot be enrolled in a program in status {state}")
            }
            PbgmError::InvalidEnrollmentTransition { state, event } => {
                format!("{event} is not allowed for an enrolment in status {state}")
            }
            PbgmError::InvalidMilestoneTransition { state, event } => {
                format!("{event} is not allowed for a milestone in status {state}")
            }
            PbgmError::ReflectionRequired { .. } => {
                "This milestone needs the participant's reflection before it can be accepted"
                    .to_owned()
            }
            PbgmError::ProgramNotRunning { state } => {
                format!("Work can only be submitted while the program is running (status: {state})")
            }
            PbgmError::NotParticipating { .. } => {
                "You are not an active participant of this program".to_owned()
            }
            PbgmError::MaxRevisions { limit, .. } => {
                format!("The revision limit ({limit}) has been reached")
            }
            PbgmError::SelfReview => "You cannot review your own work".to_owned(),
            PbgmError::NotReviewer => {
                "Only an assigned reviewer, the program owner or an admin can review".to_owned()
            }
            PbgmError::AlreadyReviewed { version } => {
                format!("You have already reviewed version {version}")
            }
            PbgmError::NotLatestVersion { version, latest } => {
                format!("Only the latest version ({latest}) can be reviewed, not version {version}")
            }
            PbgmError::ReflectionLocked => {
                "The reflection is locked and can no longer be edited".to_owned()
            }
            PbgmError::AlreadyEnrolled { state } => {
                format!("The user is already enrolled in this program (status: {state})")
            }
            PbgmError::AlreadyAssigned => {
                "This reviewer is already assigned to that participant".to_owned()
            }
            PbgmError::ReviewerNotEligible => {
                "Reviewers come from the program's reviewer pool, or are instructors or admins when it has none".to_owned()
            }
        }
    }
}
