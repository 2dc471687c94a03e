use async_trait::async_trait;

use crate::model::{
    WblmEnrollment, WblmMilestone, WblmParticipantMilestone, WblmProgram, WblmReflection,
    WblmReview, WblmReviewerAssignment, WblmSubmission,
};
use crate::ports::StoreResult;

/// PBGM programs (`wblm_*`): milestones, enrolments, participant milestones, submissions,
/// reviews, reviewer assignments and reflections.
///
/// Locking (READ COMMITTED + explicit locks): a program's lifecycle and structure changes take
/// [`program_for_update`](Self::program_for_update) (then, for transitions, every enrolment with
/// [`enrollments_of_program_for_update`](Self::enrollments_of_program_for_update)); a
/// participant's work (submission, review, reflection, withdrawal) takes
/// [`enrollment_for_update`](Self::enrollment_for_update) first and never locks the program, so
/// the two orders cannot deadlock and a close waits for the submissions in flight.
///
/// Unique keys whose last part may be NULL (`milestoneId` of an assignment or a reflection)
/// treat NULL as a value (PostgreSQL: `NULLS NOT DISTINCT`): one program-wide assignment per
/// reviewer and participant, one final reflection per participant.
#[async_trait]
pub trait PbgmRepository: Send {
    /// The program with `id`.
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>>;

    /// The program with `id`, locked until the unit of work ends (updates, milestone changes,
    /// transitions and enrolment by a manager take it).
    async fn program_for_update(&mut self, id: &str) -> StoreResult<Option<WblmProgram>>;

    /// The programs `owner_user_id` owns, by `createdAt` then id.
    async fn programs_of_owner(&mut self, owner_user_id: &str) -> StoreResult<Vec<WblmProgram>>;

    /// Adds a program.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_program(&mut self, program: &WblmProgram) -> StoreResult<()>;

    /// Replaces a program.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_program(&mut self, program: &WblmProgram) -> StoreResult<()>;

    /// Deletes a program with everything in it: milestones, enrolments, participant
    /// milestones, submissions (with their reviews), reviewer assignments and reflections.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_program(&mut self, id: &str) -> StoreResult<()>;

    /// The milestone with `id`.
    async fn milestone(&mut self, id: &str) -> StoreResult<Option<WblmMilestone>>;

    /// The program's milestones, by `orderIndex` then id.
    async fn milestones_of_program(&mut self, program_id: &str) -> StoreResult<Vec<WblmMilestone>>;

    /// Adds a milestone.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()>;

    /// Replaces a milestone.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()>;

    /// Deletes a milestone with its participant milestones, submissions (and their reviews),
    /// the reviewer assignments scoped to it and the reflections on it.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_milestone(&mut self, id: &str) -> StoreResult<()>;

    /// The participant's enrolment in the program.
    async fn enrollment(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>>;

    /// The participant's enrolment in the program, locked until the unit of work ends. Every
    /// change to a participant's work in a program takes this lock first, so one participant's
    /// submissions, the reviews of their work and their reflections apply one after the other.
    async fn enrollment_for_update(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>>;

    /// The program's enrolments, by `enrolledAt` then id.
    async fn enrollments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>>;

    /// The program's enrolments, each locked until the unit of work ends, in the order of
    /// [`enrollments_of_program`](Self::enrollments_of_program) (program transitions take them
    /// after the program's lock).
    async fn enrollments_of_program_for_update(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>>;

    /// The user's enrolments in every program, by `enrolledAt` then id.
    async fn enrollments_of_participant(
        &mut self,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>>;

    /// Adds an enrolment.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`WBLM_ENROLLMENT_PARTICIPANT`](crate::ports::constraint::WBLM_ENROLLMENT_PARTICIPANT) or
    /// the primary key.
    async fn insert_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()>;

    /// Replaces an enrolment.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()>;

    /// The participant's state row on the milestone (none = NOT_STARTED).
    async fn participant_milestone(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmParticipantMilestone>>;

    /// The participant's state rows in the program, by `milestoneId`.
    async fn participant_milestones(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>>;

    /// Every participant's state rows in the program, by `participantUserId` then `milestoneId`.
    async fn participant_milestones_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>>;

    /// Adds a participant milestone.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`WBLM_PARTICIPANT_MILESTONE`](crate::ports::constraint::WBLM_PARTICIPANT_MILESTONE) or the
    /// primary key.
    async fn insert_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()>;

    /// Replaces a participant milestone.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()>;

    /// The submission with `id`.
    async fn submission(&mut self, id: &str) -> StoreResult<Option<WblmSubmission>>;

    /// The participant's versions on the milestone, by `versionNumber` (then id).
    async fn submissions_of(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmSubmission>>;

    /// The participant's highest version on the milestone.
    async fn latest_submission(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmSubmission>>;

    /// Adds a submission.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`WBLM_SUBMISSION_VERSION`](crate::ports::constraint::WBLM_SUBMISSION_VERSION) (the
    /// version number is taken) or the primary key.
    async fn insert_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()>;

    /// Replaces a submission.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` on the version key.
    async fn update_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()>;

    /// The reviews of one submission version, by `createdAt` then id.
    async fn reviews_of_submission(&mut self, submission_id: &str) -> StoreResult<Vec<WblmReview>>;

    /// Adds a review.
    ///
    /// # Errors
    /// `Conflict` on [`WBLM_REVIEW_REVIEWER`](crate::ports::constraint::WBLM_REVIEW_REVIEWER)
    /// (this reviewer already reviewed this version) or the primary key.
    async fn insert_review(&mut self, review: &WblmReview) -> StoreResult<()>;

    /// The reviewer assignment with `id`.
    async fn reviewer_assignment(
        &mut self,
        id: &str,
    ) -> StoreResult<Option<WblmReviewerAssignment>>;

    /// The reviewers assigned to the participant in the program, by `createdAt` then id.
    async fn assignments_of_participant(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>>;

    /// Every reviewer assignment of the program, by `createdAt` then id.
    async fn assignments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>>;

    /// The assignments held by a reviewer in every program, by `createdAt` then id.
    async fn assignments_of_reviewer(
        &mut self,
        reviewer_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>>;

    /// Adds a reviewer assignment.
    ///
    /// # Errors
    /// `Conflict` on
    /// [`WBLM_REVIEWER_ASSIGNMENT`](crate::ports::constraint::WBLM_REVIEWER_ASSIGNMENT) (the same
    /// participant, reviewer and milestone, NULL included) or the primary key.
    async fn insert_reviewer_assignment(
        &mut self,
        assignment: &WblmReviewerAssignment,
    ) -> StoreResult<()>;

    /// Deletes a reviewer assignment.
    ///
    /// # Errors
    /// `NotFound`.
    async fn delete_reviewer_assignment(&mut self, id: &str) -> StoreResult<()>;

    /// The participant's reflection in the program on `milestone_id` (`None` = the final
    /// reflection).
    async fn reflection(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
        milestone_id: Option<&str>,
    ) -> StoreResult<Option<WblmReflection>>;

    /// Every reflection of the program, by `participantUserId`, then `milestoneId` (the final
    /// reflection first), then id.
    async fn reflections_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReflection>>;

    /// Adds a reflection.
    ///
    /// # Errors
    /// `Conflict` on [`WBLM_REFLECTION`](crate::ports::constraint::WBLM_REFLECTION) (one per
    /// program, participant and milestone, NULL included) or the primary key.
    async fn insert_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()>;

    /// Replaces a reflection.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()>;
}
