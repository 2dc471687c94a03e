//! The `wblm_*` tables: columns, selects, decoding and bound values.

use sea_query::{Expr, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{
    WblmEnrollment, WblmMilestone, WblmParticipantMilestone, WblmProgram, WblmReflection,
    WblmReview, WblmReviewerAssignment, WblmSubmission,
};
use titan_core::ports::StoreResult;

use crate::codec::{enum_text, enum_value, get, get_enum, get_time, get_time_opt, time, time_opt};

/// A `TEXT[]` value bound as one JSON array, unpacked in order by the server (sea-query is built
/// without array values).
fn text_array(items: &[String]) -> SimpleExpr {
    Expr::cust_with_values(
        "ARRAY(SELECT e FROM jsonb_array_elements_text($1) WITH ORDINALITY AS t(e, n) ORDER BY n)",
        [serde_json::Value::from(items.to_vec())],
    )
}

/// A nullable `TEXT[]` column (NULL reads as empty).
fn get_text_array(row: &PgRow, column: &str) -> StoreResult<Vec<String>> {
    get::<Option<Vec<String>>>(row, column).map(Option::unwrap_or_default)
}

/// `SELECT columns[..n], enum::text FROM table` (the enum column is the last one).
fn select_with_enum(table: &'static str, columns: &[&'static str]) -> SelectStatement {
    let mut q = Query::select();
    q.from(table);
    if let Some((last, plain)) = columns.split_last() {
        q.columns(plain.iter().copied()).expr(enum_text(last));
    }
    q
}

pub(super) const PROGRAM: &str = "wblm_programs";
pub(super) const PROGRAM_COLUMNS: [&str; 13] = [
    "id",
    "title",
    "description",
    "targetRoles",
    "durationWeeks",
    "startDate",
    "endDate",
    "ownerUserId",
    "reviewerPoolIds",
    "settings",
    "createdAt",
    "updatedAt",
    "status",
];

pub(super) fn select_programs() -> SelectStatement {
    select_with_enum(PROGRAM, &PROGRAM_COLUMNS)
}

pub(super) fn decode_program(row: &PgRow) -> StoreResult<WblmProgram> {
    Ok(WblmProgram {
        id: get(row, "id")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        target_roles: get_text_array(row, "targetRoles")?,
        duration_weeks: get(row, "durationWeeks")?,
        start_date: get_time_opt(row, "startDate")?,
        end_date: get_time_opt(row, "endDate")?,
        status: get_enum(row, "status")?,
        owner_user_id: get(row, "ownerUserId")?,
        reviewer_pool_ids: get_text_array(row, "reviewerPoolIds")?,
        settings: get(row, "settings")?,
        created_at: get_time(row, "createdAt")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

pub(super) fn program_values(p: &WblmProgram) -> Vec<SimpleExpr> {
    vec![
        Expr::val(p.id.clone()),
        Expr::val(p.title.clone()),
        Expr::val(p.description.clone()),
        text_array(&p.target_roles),
        Expr::val(p.duration_weeks),
        Expr::val(time_opt(p.start_date)),
        Expr::val(time_opt(p.end_date)),
        Expr::val(p.owner_user_id.clone()),
        text_array(&p.reviewer_pool_ids),
        Expr::val(p.settings.clone()),
        Expr::val(time(p.created_at)),
        Expr::val(time(p.updated_at)),
        enum_value("WblmProgramStatus", p.status.as_str()),
    ]
}

pub(super) const MILESTONE: &str = "wblm_milestones";
pub(super) const MILESTONE_COLUMNS: [&str; 9] = [
    "id",
    "programId",
    "name",
    "description",
    "dueDate",
    "requiredArtifactTypes",
    "requiresReview",
    "requiresReflection",
    "orderIndex",
];

pub(super) fn select_milestones() -> SelectStatement {
    Query::select()
        .columns(MILESTONE_COLUMNS)
        .from(MILESTONE)
        .to_owned()
}

pub(super) fn decode_milestone(row: &PgRow) -> StoreResult<WblmMilestone> {
    Ok(WblmMilestone {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        name: get(row, "name")?,
        description: get(row, "description")?,
        due_date: get_time_opt(row, "dueDate")?,
        required_artifact_types: get_text_array(row, "requiredArtifactTypes")?,
        requires_review: get(row, "requiresReview")?,
        requires_reflection: get(row, "requiresReflection")?,
        order_index: get(row, "orderIndex")?,
    })
}

pub(super) fn milestone_values(m: &WblmMilestone) -> Vec<SimpleExpr> {
    vec![
        Expr::val(m.id.clone()),
        Expr::val(m.program_id.clone()),
        Expr::val(m.name.clone()),
        Expr::val(m.description.clone()),
        Expr::val(time_opt(m.due_date)),
        text_array(&m.required_artifact_types),
        Expr::val(m.requires_review),
        Expr::val(m.requires_reflection),
        Expr::val(m.order_index),
    ]
}

pub(super) const ENROLLMENT: &str = "wblm_enrollments";
pub(super) const ENROLLMENT_COLUMNS: [&str; 7] = [
    "id",
    "programId",
    "participantUserId",
    "supervisorUserId",
    "enrolledAt",
    "completedAt",
    "status",
];

pub(super) fn select_enrollments() -> SelectStatement {
    select_with_enum(ENROLLMENT, &ENROLLMENT_COLUMNS)
}

pub(super) fn decode_enrollment(row: &PgRow) -> StoreResult<WblmEnrollment> {
    Ok(WblmEnrollment {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        participant_user_id: get(row, "participantUserId")?,
        status: get_enum(row, "status")?,
        supervisor_user_id: get(row, "supervisorUserId")?,
        enrolled_at: get_time(row, "enrolledAt")?,
        completed_at: get_time_opt(row, "completedAt")?,
    })
}

pub(super) fn enrollment_values(e: &WblmEnrollment) -> Vec<SimpleExpr> {
    vec![
        Expr::val(e.id.clone()),
        Expr::val(e.program_id.clone()),
        Expr::val(e.participant_user_id.clone()),
        Expr::val(e.supervisor_user_id.clone()),
        Expr::val(time(e.enrolled_at)),
        Expr::val(time_opt(e.completed_at)),
        enum_value("WblmEnrollmentStatus", e.status.as_str()),
    ]
}

pub(super) const PARTICIPANT_MILESTONE: &str = "wblm_participant_milestones";
pub(super) const PARTICIPANT_MILESTONE_COLUMNS: [&str; 6] = [
    "id",
    "programId",
    "milestoneId",
    "participantUserId",
    "updatedAt",
    "status",
];

pub(super) fn select_participant_milestones() -> SelectStatement {
    select_with_enum(PARTICIPANT_MILESTONE, &PARTICIPANT_MILESTONE_COLUMNS)
}

pub(super) fn decode_participant_milestone(row: &PgRow) -> StoreResult<WblmParticipantMilestone> {
    Ok(WblmParticipantMilestone {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        milestone_id: get(row, "milestoneId")?,
        participant_user_id: get(row, "participantUserId")?,
        status: get_enum(row, "status")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

pub(super) fn participant_milestone_values(r: &WblmParticipantMilestone) -> Vec<SimpleExpr> {
    vec![
        Expr::val(r.id.clone()),
        Expr::val(r.program_id.clone()),
        Expr::val(r.milestone_id.clone()),
        Expr::val(r.participant_user_id.clone()),
        Expr::val(time(r.updated_at)),
        enum_value("WblmMilestoneStatus", r.status.as_str()),
    ]
}

pub(super) const SUBMISSION: &str = "wblm_submissions";
pub(super) const SUBMISSION_COLUMNS: [&str; 11] = [
    "id",
    "programId",
    "milestoneId",
    "participantUserId",
    "versionNumber",
    "title",
    "notes",
    "files",
    "createdAt",
    "isLate",
    "status",
];

pub(super) fn select_submissions() -> SelectStatement {
    select_with_enum(SUBMISSION, &SUBMISSION_COLUMNS)
}

pub(super) fn decode_submission(row: &PgRow) -> StoreResult<WblmSubmission> {
    Ok(WblmSubmission {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        milestone_id: get(row, "milestoneId")?,
        participant_user_id: get(row, "participantUserId")?,
        version_number: get(row, "versionNumber")?,
        title: get(row, "title")?,
        notes: get(row, "notes")?,
        files: get(row, "files")?,
        status: get_enum(row, "status")?,
        created_at: get_time(row, "createdAt")?,
        is_late: get(row, "isLate")?,
    })
}

pub(super) fn submission_values(s: &WblmSubmission) -> Vec<SimpleExpr> {
    vec![
        Expr::val(s.id.clone()),
        Expr::val(s.program_id.clone()),
        Expr::val(s.milestone_id.clone()),
        Expr::val(s.participant_user_id.clone()),
        Expr::val(s.version_number),
        Expr::val(s.title.clone()),
        Expr::val(s.notes.clone()),
        Expr::val(s.files.clone()),
        Expr::val(time(s.created_at)),
        Expr::val(s.is_late),
        enum_value("WblmMilestoneStatus", s.status.as_str()),
    ]
}

pub(super) const REVIEW: &str = "wblm_reviews";
pub(super) const REVIEW_COLUMNS: [&str; 8] = [
    "id",
    "submissionId",
    "reviewerUserId",
    "commentsRichtext",
    "inlineComments",
    "score",
    "createdAt",
    "decision",
];

pub(super) fn select_reviews() -> SelectStatement {
    select_with_enum(REVIEW, &REVIEW_COLUMNS)
}

pub(super) fn decode_review(row: &PgRow) -> StoreResult<WblmReview> {
    Ok(WblmReview {
        id: get(row, "id")?,
        submission_id: get(row, "submissionId")?,
        reviewer_user_id: get(row, "reviewerUserId")?,
        decision: get_enum(row, "decision")?,
        comments_richtext: get(row, "commentsRichtext")?,
        inline_comments: get(row, "inlineComments")?,
        score: get(row, "score")?,
        created_at: get_time(row, "createdAt")?,
    })
}

pub(super) fn review_values(r: &WblmReview) -> Vec<SimpleExpr> {
    vec![
        Expr::val(r.id.clone()),
        Expr::val(r.submission_id.clone()),
        Expr::val(r.reviewer_user_id.clone()),
        Expr::val(r.comments_richtext.clone()),
        Expr::val(r.inline_comments.clone()),
        Expr::val(r.score.clone()),
        Expr::val(time(r.created_at)),
        enum_value("WblmReviewDecision", r.decision.as_str()),
    ]
}

pub(super) const ASSIGNMENT: &str = "wblm_reviewer_assignments";
pub(super) const ASSIGNMENT_COLUMNS: [&str; 7] = [
    "id",
    "programId",
    "participantUserId",
    "reviewerUserId",
    "milestoneId",
    "createdAt",
    "role",
];

pub(super) fn select_assignments() -> SelectStatement {
    select_with_enum(ASSIGNMENT, &ASSIGNMENT_COLUMNS)
}

pub(super) fn decode_assignment(row: &PgRow) -> StoreResult<WblmReviewerAssignment> {
    Ok(WblmReviewerAssignment {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        participant_user_id: get(row, "participantUserId")?,
        reviewer_user_id: get(row, "reviewerUserId")?,
        milestone_id: get(row, "milestoneId")?,
        role: get_enum(row, "role")?,
        created_at: get_time(row, "createdAt")?,
    })
}

pub(super) fn assignment_values(a: &WblmReviewerAssignment) -> Vec<SimpleExpr> {
    vec![
        Expr::val(a.id.clone()),
        Expr::val(a.program_id.clone()),
        Expr::val(a.participant_user_id.clone()),
        Expr::val(a.reviewer_user_id.clone()),
        Expr::val(a.milestone_id.clone()),
        Expr::val(time(a.created_at)),
        enum_value("WblmReviewerRole", a.role.as_str()),
    ]
}

pub(super) const REFLECTION: &str = "wblm_reflections";
pub(super) const REFLECTION_COLUMNS: [&str; 11] = [
    "id",
    "programId",
    "participantUserId",
    "milestoneId",
    "initialAssumptions",
    "whatChanged",
    "keyFeedback",
    "whatWouldDoDifferently",
    "additionalNotes",
    "isLocked",
    "submittedAt",
];

pub(super) fn select_reflections() -> SelectStatement {
    Query::select()
        .columns(REFLECTION_COLUMNS)
        .from(REFLECTION)
        .to_owned()
}

pub(super) fn decode_reflection(row: &PgRow) -> StoreResult<WblmReflection> {
    Ok(WblmReflection {
        id: get(row, "id")?,
        program_id: get(row, "programId")?,
        participant_user_id: get(row, "participantUserId")?,
        milestone_id: get(row, "milestoneId")?,
        initial_assumptions: get(row, "initialAssumptions")?,
        what_changed: get(row, "whatChanged")?,
        key_feedback: get(row, "keyFeedback")?,
        what_would_do_differently: get(row, "whatWouldDoDifferently")?,
        additional_notes: get(row, "additionalNotes")?,
        is_locked: get(row, "isLocked")?,
        submitted_at: get_time(row, "submittedAt")?,
    })
}

pub(super) fn reflection_values(r: &WblmReflection) -> Vec<SimpleExpr> {
    vec![
        Expr::val(r.id.clone()),
        Expr::val(r.program_id.clone()),
        Expr::val(r.participant_user_id.clone()),
        Expr::val(r.milestone_id.clone()),
        Expr::val(r.initial_assumptions.clone()),
        Expr::val(r.what_changed.clone()),
        Expr::val(r.key_feedback.clone()),
        Expr::val(r.what_would_do_differently.clone()),
        Expr::val(r.additional_notes.clone()),
        Expr::val(r.is_locked),
        Expr::val(time(r.submitted_at)),
    ]
}
