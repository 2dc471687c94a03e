//! PBGM programs (`wblm_*`).

use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, NullOrdering, Order, SelectStatement};
use titan_core::model::{
    WblmEnrollment, WblmMilestone, WblmParticipantMilestone, WblmProgram, WblmReflection,
    WblmReview, WblmReviewerAssignment, WblmSubmission,
};
use titan_core::ports::{PbgmRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{build, delete_sql, insert_sql, update_sql};

mod cascade;
mod rows;

use rows::{
    ASSIGNMENT, ASSIGNMENT_COLUMNS, ENROLLMENT, ENROLLMENT_COLUMNS, MILESTONE, MILESTONE_COLUMNS,
    PARTICIPANT_MILESTONE, PARTICIPANT_MILESTONE_COLUMNS, PROGRAM, PROGRAM_COLUMNS, REFLECTION,
    REFLECTION_COLUMNS, REVIEW, REVIEW_COLUMNS, SUBMISSION, SUBMISSION_COLUMNS, assignment_values,
    decode_assignment, decode_enrollment, decode_milestone, decode_participant_milestone,
    decode_program, decode_reflection, decode_review, decode_submission, enrollment_values,
    milestone_values, participant_milestone_values, program_values, reflection_values,
    review_values, select_assignments, select_enrollments, select_milestones,
    select_participant_milestones, select_programs, select_reflections, select_reviews,
    select_submissions, submission_values,
};

/// `q` restricted to `column = value`.
fn where_eq(mut q: SelectStatement, column: &'static str, value: &str) -> SelectStatement {
    q.and_where(Expr::col(column).eq(value));
    q
}

/// `q` ordered by `columns`, ascending.
fn ordered(mut q: SelectStatement, columns: &[&'static str]) -> SelectStatement {
    for column in columns {
        q.order_by(*column, Order::Asc);
    }
    q
}

fn program_by_id(id: &str) -> SelectStatement {
    where_eq(select_programs(), "id", id)
}

fn enrollment_of(program_id: &str, participant_user_id: &str) -> SelectStatement {
    where_eq(
        where_eq(select_enrollments(), "programId", program_id),
        "participantUserId",
        participant_user_id,
    )
}

fn enrollments_in(program_id: &str) -> SelectStatement {
    ordered(
        where_eq(select_enrollments(), "programId", program_id),
        &["enrolledAt", "id"],
    )
}

fn submissions_by(milestone_id: &str, participant_user_id: &str) -> SelectStatement {
    where_eq(
        where_eq(select_submissions(), "milestoneId", milestone_id),
        "participantUserId",
        participant_user_id,
    )
}

fn assignments_where(column: &'static str, value: &str) -> SelectStatement {
    ordered(
        where_eq(select_assignments(), column, value),
        &["createdAt", "id"],
    )
}

#[async_trait]
impl PbgmRepository for PgUnitOfWork {
    async fn program(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        self.one(build(&program_by_id(id)), decode_program).await
    }

    async fn program_for_update(&mut self, id: &str) -> StoreResult<Option<WblmProgram>> {
        let sql = self.locked(program_by_id(id));
        self.one(sql, decode_program).await
    }

    async fn programs_of_owner(&mut self, owner_user_id: &str) -> StoreResult<Vec<WblmProgram>> {
        let q = ordered(
            where_eq(select_programs(), "ownerUserId", owner_user_id),
            &["createdAt", "id"],
        );
        self.all(build(&q), decode_program).await
    }

    async fn insert_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        let sql = insert_sql(PROGRAM, &PROGRAM_COLUMNS, program_values(program))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_program(&mut self, program: &WblmProgram) -> StoreResult<()> {
        let sql = update_sql(
            PROGRAM,
            &PROGRAM_COLUMNS,
            program_values(program),
            &program.id,
        );
        self.exec_one(sql, PROGRAM, &program.id).await
    }

    async fn delete_program(&mut self, id: &str) -> StoreResult<()> {
        self.delete_program_cascade(id).await
    }

    async fn milestone(&mut self, id: &str) -> StoreResult<Option<WblmMilestone>> {
        let q = where_eq(select_milestones(), "id", id);
        self.one(build(&q), decode_milestone).await
    }

    async fn milestones_of_program(&mut self, program_id: &str) -> StoreResult<Vec<WblmMilestone>> {
        let q = ordered(
            where_eq(select_milestones(), "programId", program_id),
            &["orderIndex", "id"],
        );
        self.all(build(&q), decode_milestone).await
    }

    async fn insert_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        let sql = insert_sql(MILESTONE, &MILESTONE_COLUMNS, milestone_values(milestone))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_milestone(&mut self, milestone: &WblmMilestone) -> StoreResult<()> {
        let sql = update_sql(
            MILESTONE,
            &MILESTONE_COLUMNS,
            milestone_values(milestone),
            &milestone.id,
        );
        self.exec_one(sql, MILESTONE, &milestone.id).await
    }

    async fn delete_milestone(&mut self, id: &str) -> StoreResult<()> {
        self.delete_milestone_cascade(id).await
    }

    async fn enrollment(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        let q = enrollment_of(program_id, participant_user_id);
        self.one(build(&q), decode_enrollment).await
    }

    async fn enrollment_for_update(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmEnrollment>> {
        let sql = self.locked(enrollment_of(program_id, participant_user_id));
        self.one(sql, decode_enrollment).await
    }

    async fn enrollments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        self.all(build(&enrollments_in(program_id)), decode_enrollment)
            .await
    }

    async fn enrollments_of_program_for_update(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        let sql = self.locked(enrollments_in(program_id));
        self.all(sql, decode_enrollment).await
    }

    async fn enrollments_of_participant(
        &mut self,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmEnrollment>> {
        let q = ordered(
            where_eq(
                select_enrollments(),
                "participantUserId",
                participant_user_id,
            ),
            &["enrolledAt", "id"],
        );
        self.all(build(&q), decode_enrollment).await
    }

    async fn insert_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        let sql = insert_sql(
            ENROLLMENT,
            &ENROLLMENT_COLUMNS,
            enrollment_values(enrollment),
        )?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_enrollment(&mut self, enrollment: &WblmEnrollment) -> StoreResult<()> {
        let sql = update_sql(
            ENROLLMENT,
            &ENROLLMENT_COLUMNS,
            enrollment_values(enrollment),
            &enrollment.id,
        );
        self.exec_one(sql, ENROLLMENT, &enrollment.id).await
    }

    async fn participant_milestone(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmParticipantMilestone>> {
        let q = where_eq(
            where_eq(select_participant_milestones(), "milestoneId", milestone_id),
            "participantUserId",
            participant_user_id,
        );
        self.one(build(&q), decode_participant_milestone).await
    }

    async fn participant_milestones(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        let q = ordered(
            where_eq(
                where_eq(select_participant_milestones(), "programId", program_id),
                "participantUserId",
                participant_user_id,
            ),
            &["milestoneId", "id"],
        );
        self.all(build(&q), decode_participant_milestone).await
    }

    async fn participant_milestones_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmParticipantMilestone>> {
        let q = ordered(
            where_eq(select_participant_milestones(), "programId", program_id),
            &["participantUserId", "milestoneId", "id"],
        );
        self.all(build(&q), decode_participant_milestone).await
    }

    async fn insert_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        let sql = insert_sql(
            PARTICIPANT_MILESTONE,
            &PARTICIPANT_MILESTONE_COLUMNS,
            participant_milestone_values(row),
        )?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_participant_milestone(
        &mut self,
        row: &WblmParticipantMilestone,
    ) -> StoreResult<()> {
        let sql = update_sql(
            PARTICIPANT_MILESTONE,
            &PARTICIPANT_MILESTONE_COLUMNS,
            participant_milestone_values(row),
            &row.id,
        );
        self.exec_one(sql, PARTICIPANT_MILESTONE, &row.id).await
    }

    async fn submission(&mut self, id: &str) -> StoreResult<Option<WblmSubmission>> {
        let q = where_eq(select_submissions(), "id", id);
        self.one(build(&q), decode_submission).await
    }

    async fn submissions_of(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmSubmission>> {
        let q = ordered(
            submissions_by(milestone_id, participant_user_id),
            &["versionNumber", "id"],
        );
        self.all(build(&q), decode_submission).await
    }

    async fn latest_submission(
        &mut self,
        milestone_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Option<WblmSubmission>> {
        let q = submissions_by(milestone_id, participant_user_id)
            .order_by("versionNumber", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(1)
            .to_owned();
        self.one(build(&q), decode_submission).await
    }

    async fn insert_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        let sql = insert_sql(
            SUBMISSION,
            &SUBMISSION_COLUMNS,
            submission_values(submission),
        )?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_submission(&mut self, submission: &WblmSubmission) -> StoreResult<()> {
        let sql = update_sql(
            SUBMISSION,
            &SUBMISSION_COLUMNS,
            submission_values(submission),
            &submission.id,
        );
        self.exec_one(sql, SUBMISSION, &submission.id).await
    }

    async fn reviews_of_submission(&mut self, submission_id: &str) -> StoreResult<Vec<WblmReview>> {
        let q = ordered(
            where_eq(select_reviews(), "submissionId", submission_id),
            &["createdAt", "id"],
        );
        self.all(build(&q), decode_review).await
    }

    async fn insert_review(&mut self, review: &WblmReview) -> StoreResult<()> {
        let sql = insert_sql(REVIEW, &REVIEW_COLUMNS, review_values(review))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn reviewer_assignment(
        &mut self,
        id: &str,
    ) -> StoreResult<Option<WblmReviewerAssignment>> {
        let q = where_eq(select_assignments(), "id", id);
        self.one(build(&q), decode_assignment).await
    }

    async fn assignments_of_participant(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        let q = where_eq(
            assignments_where("programId", program_id),
            "participantUserId",
            participant_user_id,
        );
        self.all(build(&q), decode_assignment).await
    }

    async fn assignments_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        let q = assignments_where("programId", program_id);
        self.all(build(&q), decode_assignment).await
    }

    async fn assignments_of_reviewer(
        &mut self,
        reviewer_user_id: &str,
    ) -> StoreResult<Vec<WblmReviewerAssignment>> {
        let q = assignments_where("reviewerUserId", reviewer_user_id);
        self.all(build(&q), decode_assignment).await
    }

    async fn insert_reviewer_assignment(
        &mut self,
        assignment: &WblmReviewerAssignment,
    ) -> StoreResult<()> {
        let sql = insert_sql(
            ASSIGNMENT,
            &ASSIGNMENT_COLUMNS,
            assignment_values(assignment),
        )?;
        self.exec(sql).await.map(|_| ())
    }

    async fn delete_reviewer_assignment(&mut self, id: &str) -> StoreResult<()> {
        self.exec_one(delete_sql(ASSIGNMENT, id), ASSIGNMENT, id)
            .await
    }

    async fn reflection(
        &mut self,
        program_id: &str,
        participant_user_id: &str,
        milestone_id: Option<&str>,
    ) -> StoreResult<Option<WblmReflection>> {
        let mut q = where_eq(
            where_eq(select_reflections(), "programId", program_id),
            "participantUserId",
            participant_user_id,
        );
        match milestone_id {
            Some(m) => q.and_where(Expr::col("milestoneId").eq(m)),
            None => q.and_where(Expr::col("milestoneId").is_null()),
        };
        self.one(build(&q), decode_reflection).await
    }

    async fn reflections_of_program(
        &mut self,
        program_id: &str,
    ) -> StoreResult<Vec<WblmReflection>> {
        let q = where_eq(select_reflections(), "programId", program_id)
            .order_by("participantUserId", Order::Asc)
            .order_by_with_nulls("milestoneId", Order::Asc, NullOrdering::First)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_reflection).await
    }

    async fn insert_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        let sql = insert_sql(
            REFLECTION,
            &REFLECTION_COLUMNS,
            reflection_values(reflection),
        )?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_reflection(&mut self, reflection: &WblmReflection) -> StoreResult<()> {
        let sql = update_sql(
            REFLECTION,
            &REFLECTION_COLUMNS,
            reflection_values(reflection),
            &reflection.id,
        );
        self.exec_one(sql, REFLECTION, &reflection.id).await
    }
}
