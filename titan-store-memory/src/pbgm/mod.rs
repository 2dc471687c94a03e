use async_trait::async_trait;
use titan_core::model::{
    WblmEnrollment, WblmMilestone, WblmParticipantMilestone, WblmProgram, WblmReflection,
    WblmReview, WblmReviewerAssignment, WblmSubmission,
};
use titan_core::ports::{PbgmRepository, StoreResult, constraint};

use crate::table::{Table, key2, sort_order, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

mod cascade;

rows!(
    WblmProgram,
    WblmMilestone,
    WblmEnrollment,
    WblmParticipantMilestone,
    WblmSubmission,
    WblmReview,
    WblmReviewerAssignment,
    WblmReflection,
);

const PROGRAMS_BY_OWNER: usize = 0;
const MILESTONES_BY_PROGRAM: usize = 0;
const ENROLLMENT_BY_PARTICIPANT: usize = 0;
const ENROLLMENTS_BY_PROGRAM: usize = 0;
const ENROLLMENTS_BY_USER: usize = 1;
const PM_BY_MILESTONE_USER: usize = 0;
const PM_BY_PROGRAM_USER: usize = 0;
const PM_BY_PROGRAM: usize = 1;
const PM_BY_MILESTONE: usize = 2;
const SUBMISSIONS_BY_MILESTONE_USER: usize = 0;
const SUBMISSIONS_BY_PROGRAM: usize = 1;
const REVIEWS_BY_SUBMISSION: usize = 0;
const ASSIGNMENTS_BY_PROGRAM_USER: usize = 0;
const ASSIGNMENTS_BY_PROGRAM: usize = 1;
const ASSIGNMENTS_BY_REVIEWER: usize = 2;
const REFLECTION_BY_KEY: usize = 0;
const REFLECTIONS_BY_PROGRAM: usize = 0;

/// A nullable milestone id as a key part: NULL is a value of its own (`NULLS NOT DISTINCT`)
/// and sorts first.
fn milestone_part(milestone_id: Option<&str>) -> String {
    milestone_id.map_or_else(|| "0".to_owned(), |m| format!("1{m}"))
}

fn key3(a: &str, b: &str, c: &str) -> String {
    key2(&key2(a, b), c)
}

fn reflection_key(program_id: &str, participant: &str, milestone_id: Option<&str>) -> String {
    key3(program_id, participant, &milestone_part(milestone_id))
}

tables! {
    PbgmTables {
        programs: Table<WblmProgram> = Table::<WblmProgram>::new("wblm_programs")
            .index(|p| Some((p.owner_user_id.clone(), key2(&sort_time(p.created_at), &p.id)))),
        milestones: Table<WblmMilestone> = Table::<WblmMilestone>::new("wblm_milestones")
            .index(|m| Some((m.program_id.clone(), sort_order(m.order_index)))),
        enrollments: Table<WblmEnrollment> = Table::<WblmEnrollment>::new("wblm_enrollments")
            .unique(constraint::WBLM_ENROLLMENT_PARTICIPANT, |e| {
                Some(key2(&e.program_id, &e.participant_user_id))
            })
            .index(|e| Some((e.program_id.clone(), sort_time(e.enrolled_at))))
            .index(|e| Some((e.participant_user_id.clone(), sort_time(e.enrolled_at)))),
        participant_milestones: Table<WblmParticipantMilestone> =
            Table::<WblmParticipantMilestone>::new("wblm_participant_milestones")
                .unique(constraint::WBLM_PARTICIPANT_MILESTONE, |r| {
                    Some(key2(&r.milestone_id, &r.participant_user_id))
                })
                .index(|r| {
                    Some((key2(&r.program_id, &r.participant_user_id), r.milestone_id.clone()))
                })
                .index(|r| {
                    Some((r.program_id.clone(), key2(&r.participant_user_id, &r.milestone_id)))
                })
                .index(|r| Some((r.milestone_id.clone(), String::new()))),
        submissions: Table<WblmSubmission> = Table::<WblmSubmission>::new("wblm_submissions")
            .unique(constraint::WBLM_SUBMISSION_VERSION, |s| {
                Some(key3(
                    &s.milestone_id,
                    &s.participant_user_id,
                    &s.version_number.to_string(),
                ))
            })
            .index(|s| {
                Some((
                    key2(&s.milestone_id, &s.participant_user_id),
                    sort_order(s.version_number),
                ))
            })
            .index(|s| Some((s.program_id.clone(), String::new()))),
        reviews: Table<WblmReview> = Table::<WblmReview>::new("wblm_reviews")
            .unique(constraint::WBLM_REVIEW_REVIEWER, |r| {
                Some(key2(&r.submission_id, &r.reviewer_user_id))
            })
            .index(|r| Some((r.submission_id.clone(), sort_time(r.created_at)))),
        assignments: Table<WblmReviewerAssignment> =
            Table::<WblmReviewerAssignment>::new("wblm_reviewer_assignments")
                .unique(constraint::WBLM_REVIEWER_ASSIGNMENT, |a| {
                    Some(key2(
                        &key3(&a.program_id, &a.participant_user_id, &a.reviewer_user_id),
                        &milestone_part(a.milestone_id.as_deref()),
                    ))
                })
                .index(|a| {
                    Some((key2(&a.program_id, &a.participant_user_id), sort_time(a.created_at)))
                })
                .index(|a| Some((a.program_id.clone(), sort_time(a.created_at))))
                .index(|a| Some((a.reviewer_user_id.clone(), sort_time(a.created_at)))),
        reflections: Table<WblmReflection> = Table::<WblmReflection>::new("wblm_reflections")
            .unique(constraint::WBLM_REFLECTION, |r| {
                Some(reflection_key(
                    &r.program_id,
                    &r.participant_user_id,
                    r.milestone_id.as_deref(),
                ))
            })
            .index(|r| {
                Some((
                    r.program_id.clone(),
                    key2(&r.participant_user_id, &milestone_part(r.milestone_id.as_deref())),
                ))
            }),
    }
}

// One writer at a time holds the whole store, so every read in a read-write unit of work is
// already a locking read: the `…_for_update` methods are the plain reads.
#[async_trait]
impl PbgmRepository for MemoryUnitOfWork {
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        Ok(self.state().pbgm.programs.get(id).cloned())
    }

    async fn program_for_update(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        PbgmRepository::program(self, id).await
    }

    async fn programs_of_owner(&mut self, owner_user_id: &str) -> StoreResult<Vec<WblmProgram>> {
        Ok(self
            .state()
            .pbgm
            .programs
            .by_index(PROGRAMS_BY_OWNER, owner_user_id)
            .cloned()
            .collect())
    }

    async fn insert_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        self.state_mut()?.pbgm.programs.insert(program.clone())
    }

    async fn update_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        self.state_mut()?.pbgm.programs.update(program.clone())
    }

    async fn delete_program(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.delete_program_cascade(id)
    }

    async fn milestone(&mut self, id: &str) -> StoreResult<Option<WblmMilestone>> {
        Ok(self.state().pbgm.milestones.get(id).cloned())
    }

    async fn milestones_of_program(&mut self, program_id: &str) -> StoreResult<Vec<WblmMilestone>> {
        Ok(self
            .state()
            .pbgm
            .milestones
            .by_index(MILESTONES_BY_PROGRAM, program_id)
            .cloned()
            .collect())
    }

    async fn insert_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        self.state_mut()?.pbgm.milestones.insert(milestone.clone())
    }

    async fn update_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        self.state_mut()?.pbgm.milestones.update(milestone.clone())
    }

    async fn delete_milestone(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.delete_milestone_cascade(id)
    }

    async fn enrollment(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        Ok(self
            .state()
            .pbgm
            .enrollments
            .by_unique(
                ENROLLMENT_BY_PARTICIPANT,
                &key2(program_id, participant_user_id),
            )
            .cloned())
    }

    async fn enrollment_for_update(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        PbgmRepository::enrollment(self, program_id, participant_user_id).await
    }

    async fn enrollments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        Ok(self
            .state()
            .pbgm
            .enrollments
            .by_index(ENROLLMENTS_BY_PROGRAM, program_id)
            .cloned()
            .collect())
    }

    async fn enrollments_of_program_for_update(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        PbgmRepository::enrollments_of_program(self, program_id).await
    }

    async fn enrollments_of_participant(
        &mut self,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        Ok(self
            .state()
            .pbgm
            .enrollments
            .by_index(ENROLLMENTS_BY_USER, participant_user_id)
            .cloned()
            .collect())
    }

    async fn insert_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .enrollments
            .insert(enrollment.clone())
    }

    async fn update_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .enrollments
            .update(enrollment.clone())
    }

    async fn participant_milestone(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmParticipantMilestone>> {
        Ok(self
            .state()
            .pbgm
            .participant_milestones
            .by_unique(
                PM_BY_MILESTONE_USER,
                &key2(milestone_id, participant_user_id),
            )
            .cloned())
    }

    async fn participant_milestones(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        Ok(self
            .state()
            .pbgm
            .participant_milestones
            .by_index(PM_BY_PROGRAM_USER, &key2(program_id, participant_user_id))
            .cloned()
            .collect())
    }

    async fn participant_milestones_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        Ok(self
            .state()
            .pbgm
            .participant_milestones
            .by_index(PM_BY_PROGRAM, program_id)
            .cloned()
            .collect())
    }

    async fn insert_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .participant_milestones
            .insert(row.clone())
    }

    async fn update_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .participant_milestones
            .update(row.clone())
    }

    async fn submission(&mut self, id: &str) -> StoreResult<Option<WblmSubmission>> {
        Ok(self.state().pbgm.submissions.get(id).cloned())
    }

    async fn submissions_of(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmSubmission>> {
        Ok(self
            .state()
            .pbgm
            .submissions
            .by_index(
                SUBMISSIONS_BY_MILESTONE_USER,
                &key2(milestone_id, participant_user_id),
            )
            .cloned()
            .collect())
    }

    async fn latest_submission(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmSubmission>> {
        Ok(self
            .state()
            .pbgm
            .submissions
            .by_index(
                SUBMISSIONS_BY_MILESTONE_USER,
                &key2(milestone_id, participant_user_id),
            )
            .next_back()
            .cloned())
    }

    async fn insert_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .submissions
            .insert(submission.clone())
    }

    async fn update_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .submissions
            .update(submission.clone())
    }

    async fn reviews_of_submission(&mut self, submission_id: &str) -> StoreResult<Vec<WblmReview>> {
        Ok(self
            .state()
            .pbgm
            .reviews
            .by_index(REVIEWS_BY_SUBMISSION, submission_id)
            .cloned()
            .collect())
    }

    async fn insert_review(&mut self, review: &WblmReview) -> StoreResult<()> {
        self.state_mut()?.pbgm.reviews.insert(review.clone())
    }

    async fn reviewer_assignment(
        &mut self,
        id: &str,
    ) -> StoreResult<Option<WblmReviewerAssignment>> {
        Ok(self.state().pbgm.assignments.get(id).cloned())
    }

    async fn assignments_of_participant(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Ok(self
            .state()
            .pbgm
            .assignments
            .by_index(
                ASSIGNMENTS_BY_PROGRAM_USER,
                &key2(program_id, participant_user_id),
            )
            .cloned()
            .collect())
    }

    async fn assignments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Ok(self
            .state()
            .pbgm
            .assignments
            .by_index(ASSIGNMENTS_BY_PROGRAM, program_id)
            .cloned()
            .collect())
    }

    async fn assignments_of_reviewer(
        &mut self,
        reviewer_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        Ok(self
            .state()
            .pbgm
            .assignments
            .by_index(ASSIGNMENTS_BY_REVIEWER, reviewer_user_id)
            .cloned()
            .collect())
    }

    async fn insert_reviewer_assignment(
        &mut self,
        assignment: &WblmReviewerAssignment,
    ) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .assignments
            .insert(assignment.clone())
    }

    async fn delete_reviewer_assignment(&mut self, id: &str) -> StoreResult<()> {
        self.state_mut()?.pbgm.assignments.delete(id).map(|_| ())
    }

    async fn reflection(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
        milestone_id: Option<&str>,
    ) -> StoreResult<Option<WblmReflection>> {
        Ok(self
            .state()
            .pbgm
            .reflections
            .by_unique(
                REFLECTION_BY_KEY,
                &reflection_key(program_id, participant_user_id, milestone_id),
            )
            .cloned())
    }

    async fn reflections_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReflection>> {
        Ok(self
            .state()
            .pbgm
            .reflections
            .by_index(REFLECTIONS_BY_PROGRAM, program_id)
            .cloned()
            .collect())
    }

    async fn insert_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .reflections
            .insert(reflection.clone())
    }

    async fn update_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        self.state_mut()?
            .pbgm
            .reflections
            .update(reflection.clone())
    }
}
