//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use titan_core::model::{
    WblmEnrollment, WblmMilestone, WblmParticipantMilestone, WblmProgram, WblmReflection,
    WblmReview, WblmReviewerAssignment, WblmSubmission,
};
use titan_core::ports::{PbgmRepository, StoreResult};

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl PbgmRepository for PgUnitOfWork {
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        Err(pending("PbgmRepository::program"))
    }

    async fn program_for_update(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        Err(pending("PbgmRepository::program_for_update"))
    }

    async fn programs_of_owner(&mut self, owner_user_id: &str) -> StoreResult<Vec<WblmProgram>> {
        Err(pending("PbgmRepository::programs_of_owner"))
    }

    async fn insert_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_program"))
    }

    async fn update_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_program"))
    }

    async fn delete_program(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("PbgmRepository::delete_program"))
    }

    async fn milestone(&mut self, id: &str) -> StoreResult<Option<WblmMilestone>> {
        Err(pending("PbgmRepository::milestone"))
    }

    async fn milestones_of_program(&mut self, program_id: &str) -> StoreResult<Vec<WblmMilestone>> {
        Err(pending("PbgmRepository::milestones_of_program"))
    }

    async fn insert_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_milestone"))
    }

    async fn update_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_milestone"))
    }

    async fn delete_milestone(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("PbgmRepository::delete_milestone"))
    }

    async fn enrollment(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        Err(pending("PbgmRepository::enrollment"))
    }

    async fn enrollment_for_update(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        Err(pending("PbgmRepository::enrollment_for_update"))
    }

    async fn enrollments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        Err(pending("PbgmRepository::enrollments_of_program"))
    }

    async fn enrollments_of_program_for_update(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        Err(pending("PbgmRepository::enrollments_of_program_for_update"))
    }

    async fn enrollments_of_participant(
        &mut self,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        Err(pending("PbgmRepository::enrollments_of_participant"))
    }

    async fn insert_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_enrollment"))
    }

    async fn update_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_enrollment"))
    }

    async fn participant_milestone(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmParticipantMilestone>> {
        Err(pending("PbgmRepository::participant_milestone"))
    }

    async fn participant_milestones(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        Err(pending("PbgmRepository::participant_milestones"))
    }

    async fn participant_milestones_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        Err(pending("PbgmRepository::participant_milestones_of_program"))
    }

    async fn insert_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_participant_milestone"))
    }

    async fn update_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_participant_milestone"))
    }

    async fn submission(&mut self, id: &str) -> StoreResult<Option<WblmSubmission>> {
        Err(pending("PbgmRepository::submission"))
    }

    async fn submissions_of(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmSubmission>> {
        Err(pending("PbgmRepository::submissions_of"))
    }

    async fn latest_submission(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmSubmission>> {
        Err(pending("PbgmRepository::latest_submission"))
    }

    async fn insert_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_submission"))
    }

    async fn update_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_submission"))
    }

    async fn reviews_of_submission(&mut self, submission_id: &str) -> StoreResult<Vec<WblmReview>> {
        Err(pending("PbgmRepository::reviews_of_submission"))
    }

    async fn insert_review(&mut self, review: &WblmReview) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_review"))
    }

    async fn reviewer_assignment(
        &mut self,
        id: &str,
    ) -> StoreResult<Option<WblmReviewerAssignment>> {
        Err(pending("PbgmRepository::reviewer_assignment"))
    }

    async fn assignments_of_participant(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Err(pending("PbgmRepository::assignments_of_participant"))
    }

    async fn assignments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Err(pending("PbgmRepository::assignments_of_program"))
    }

    async fn assignments_of_reviewer(
        &mut self,
        reviewer_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Err(pending("PbgmRepository::assignments_of_reviewer"))
    }

    async fn insert_reviewer_assignment(
        &mut self,
        assignment: &WblmReviewerAssignment,
    ) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_reviewer_assignment"))
    }

    async fn delete_reviewer_assignment(&mut self, id: &str) -> StoreResult<()> {
        Err(pending("PbgmRepository::delete_reviewer_assignment"))
    }

    async fn reflection(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
        milestone_id: Option<&str>,
    ) -> StoreResult<Option<WblmReflection>> {
        Err(pending("PbgmRepository::reflection"))
    }

    async fn reflections_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReflection>> {
        Err(pending("PbgmRepository::reflections_of_program"))
    }

    async fn insert_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        Err(pending("PbgmRepository::insert_reflection"))
    }

    async fn update_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        Err(pending("PbgmRepository::update_reflection"))
    }
}
