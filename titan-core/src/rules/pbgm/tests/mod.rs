//! Unit tests of the PBGM rules: every rule, every refusal, every legacy difference.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::error::{CoreError, ErrorCode, Lang, ValidationError};
use crate::model::{
    WblmEnrollment, WblmEnrollmentStatus as E, WblmMilestone, WblmMilestoneStatus as S,
    WblmParticipantMilestone, WblmProgram, WblmProgramStatus as P, WblmReflection, WblmReview,
    WblmReviewDecision as D, WblmReviewerAssignment, WblmReviewerRole, WblmSubmission,
};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 8, 0, 0).unwrap()
}

fn program(status: P) -> WblmProgram {
    WblmProgram {
        id: "p1".into(),
        title: "Proyek Perubahan".into(),
        description: None,
        target_roles: vec![],
        duration_weeks: 4,
        start_date: None,
        end_date: None,
        status,
        owner_user_id: "owner".into(),
        reviewer_pool_ids: vec!["rev".into()],
        settings: None,
        created_at: at(1),
        updated_at: at(1),
    }
}

fn milestone(id: &str) -> WblmMilestone {
    WblmMilestone {
        id: id.into(),
        program_id: "p1".into(),
        name: "Rencana".into(),
        description: None,
        due_date: Some(at(10)),
        required_artifact_types: vec!["DOCUMENT".into()],
        requires_review: true,
        requires_reflection: false,
        order_index: 0,
    }
}

fn enrollment(id: &str, user: &str, status: E) -> WblmEnrollment {
    WblmEnrollment {
        id: id.into(),
        program_id: "p1".into(),
        participant_user_id: user.into(),
        status,
        supervisor_user_id: None,
        enrolled_at: at(1),
        completed_at: None,
    }
}

fn row(id: &str, user: &str, milestone: &str, status: S) -> WblmParticipantMilestone {
    WblmParticipantMilestone {
        id: id.into(),
        program_id: "p1".into(),
        milestone_id: milestone.into(),
        participant_user_id: user.into(),
        status,
        updated_at: at(2),
    }
}

fn submission(id: &str, version: i32) -> WblmSubmission {
    WblmSubmission {
        id: id.into(),
        program_id: "p1".into(),
        milestone_id: "m1".into(),
        participant_user_id: "u1".into(),
        version_number: version,
        title: None,
        notes: None,
        files: Some(json!([{ "storageUrl": "s3://a", "filename": "a.pdf" }])),
        status: S::Submitted,
        created_at: at(5),
        is_late: false,
    }
}

fn files() -> serde_json::Value {
    json!([{ "storageUrl": "s3://bucket/a.pdf", "filename": "a.pdf", "size": 1200 }])
}

fn new_submission(id: &str) -> NewSubmission {
    NewSubmission {
        id: id.into(),
        participant_user_id: "u1".into(),
        title: Some("  Draf  ".into()),
        notes: None,
        files: files(),
    }
}

fn facts(status: S, submissions: Vec<WblmSubmission>) -> SubmissionFacts {
    SubmissionFacts {
        enrollment_status: Some(E::Active),
        status,
        submissions,
        has_reflection: false,
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, CoreError>) -> &'static str {
    r.unwrap_err().code()
}

// ---- program lifecycle ----

#[test]
fn publish_needs_milestones_with_artifact_types() {
    let p = program(P::Draft);
    let err = transition_program(&p, ProgramEvent::Publish, &[], &[], &[], at(2)).unwrap_err();
    assert_eq!(
        err,
        PbgmError::PublishNotReady {
            milestone_count: 0,
            milestones_without_artifact_types: vec![]
        }
    );
    let mut bare = milestone("m2");
    bare.required_artifact_types = vec![" ".into()];
    let err = transition_program(
        &p,
        ProgramEvent::Publish,
        &[milestone("m1"), bare],
        &[],
        &[],
        at(2),
    )
    .unwrap_err();
    assert_eq!(err.code(), "PBGM_PUBLISH_NOT_READY");
    assert_eq!(
        err,
        PbgmError::PublishNotReady {
            milestone_count: 2,
            milestones_without_artifact_types: vec!["m2".into()]
        }
    );
}

#[test]
fn publish_promotes_invited_participants() {
    let p = program(P::Draft);
    let enrolments = [
        enrollment("e1", "u1", E::Invited),
        enrollment("e2", "u2", E::Withdrawn),
    ];
    let t = transition_program(
        &p,
        ProgramEvent::Publish,
        &[milestone("m1")],
        &enrolments,
        &[],
        at(2),
    )
    .unwrap();
    assert_eq!(t.status, P::Published);
    assert_eq!(
        t.enrollment_changes,
        vec![EnrollmentChange {
            enrollment_id: "e1".into(),
            participant_user_id: "u1".into(),
            from: E::Invited,
            to: E::Enrolled
        }]
    );
    assert!(t.milestone_changes.is_empty());
}

#[test]
fn start_defaults_the_start_date_and_activates() {
    let p = program(P::Published);
    let enrolments = [
        enrollment("e1", "u1", E::Enrolled),
        enrollment("e2", "u2", E::Invited),
        enrollment("e3", "u3", E::Withdrawn),
    ];
    let t = transition_program(&p, ProgramEvent::Start, &[], &enrolments, &[], at(3)).unwrap();
    assert_eq!(t.status, P::Running);
    assert_eq!(t.start_date, Some(at(3)));
    let moved: Vec<_> = t
        .enrollment_changes
        .iter()
        .map(|c| (c.enrollment_id.as_str(), c.to))
        .collect();
    assert_eq!(moved, vec![("e1", E::Active), ("e2", E::Active)]);

    let mut dated = program(P::Published);
    dated.start_date = Some(at(1));
    let t = transition_program(&dated, ProgramEvent::Start, &[], &[], &[], at(3)).unwrap();
    assert_eq!(t.start_date, Some(at(1)));
}

#[test]
fn close_locks_all_but_approved_work() {
    let p = program(P::Running);
    let milestones = [milestone("m1"), milestone("m2")];
    let enrolments = [
        enrollment("e1", "u1", E::Active),
        enrollment("e2", "u2", E::Active),
    ];
    let rows = [
        row("r1", "u1", "m1", S::ApprovedFinal),
        row("r2", "u1", "m2", S::UnderReview),
        row("r3", "u2", "m1", S::Locked),
    ];
    let t = transition_program(
        &p,
        ProgramEvent::Close,
        &milestones,
        &enrolments,
        &rows,
        at(20),
    )
    .unwrap();
    assert_eq!(t.status, P::Closed);
    assert_eq!(t.end_date, Some(at(20)));
    assert!(t.lock_reflections);
    let changes: Vec<_> = t
        .milestone_changes
        .iter()
        .map(|c| {
            (
                c.id.as_deref(),
                c.participant_user_id.as_str(),
                c.milestone_id.as_str(),
                c.from,
                c.to,
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (Some("r2"), "u1", "m2", S::UnderReview, S::Locked),
            (None, "u2", "m2", S::NotStarted, S::Locked),
        ]
    );
}

#[test]
fn archive_and_invalid_transitions() {
    let t = transition_program(
        &program(P::Closed),
        ProgramEvent::Archive,
        &[],
        &[],
        &[],
        at(2),
    )
    .unwrap();
    assert_eq!(t.status, P::Archived);
    for (state, event) in [
        (P::Draft, ProgramEvent::Start),
        (P::Published, ProgramEvent::Close),
        (P::Running, ProgramEvent::Publish),
        (P::Archived, ProgramEvent::Archive),
    ] {
        let err = transition_program(&program(state), event, &[milestone("m1")], &[], &[], at(2))
            .unwrap_err();
        assert_eq!(err, PbgmError::InvalidProgramTransition { state, event });
        assert!(err.message(Lang::Id).contains(event.as_str()));
        assert!(err.message(Lang::En).contains(state.as_str()));
    }
}

#[test]
fn only_drafts_are_deleted_or_restructured() {
    assert!(can_delete_program(P::Draft).is_ok());
    assert_eq!(
        can_delete_program(P::Published),
        Err(PbgmError::ProgramNotDraft {
            state: P::Published
        })
    );
    assert!(ensure_milestones_editable(P::Draft).is_ok());
    assert_eq!(
        ensure_milestones_editable(P::Running).unwrap_err().code(),
        "PBGM_PROGRAM_NOT_DRAFT"
    );
}

#[test]
fn program_fields_are_checked() {
    assert!(validate_program(&program(P::Draft)).is_ok());
    let mut p = program(P::Draft);
    p.title = " ab ".into();
    assert_eq!(
        validate_program(&p),
        Err(CoreError::Validation(ValidationError::TooShort {
            field: "title",
            min: 3,
            actual: 2
        }))
    );
    let mut p = program(P::Draft);
    p.duration_weeks = 0;
    assert_eq!(code(validate_program(&p)), "VALIDATION_OUT_OF_RANGE");
    let mut p = program(P::Draft);
    p.start_date = Some(at(5));
    p.end_date = Some(at(4));
    assert_eq!(code(validate_program(&p)), "VALIDATION_OUT_OF_RANGE");
}

#[test]
fn updates_never_change_the_status() {
    let current = program(P::Published);
    let mut updated = current.clone();
    updated.title = "Proyek Baru".into();
    assert!(validate_program_update(&current, &updated).is_ok());
    updated.status = P::Running;
    assert_eq!(
        validate_program_update(&current, &updated),
        Err(CoreError::Pbgm(PbgmError::StatusChangeNotAllowed {
            state: P::Published,
            requested: P::Running
        }))
    );
    let closed = program(P::Closed);
    assert_eq!(
        code(validate_program_update(&closed, &closed)),
        "PBGM_PROGRAM_NOT_EDITABLE"
    );
    assert_eq!(
        code(validate_program_update(
            &program(P::Archived),
            &program(P::Archived)
        )),
        "PBGM_PROGRAM_NOT_EDITABLE"
    );
}

#[test]
fn milestone_fields_are_checked() {
    assert!(validate_milestone(&milestone("m1")).is_ok());
    let mut m = milestone("m1");
    m.name = "A".into();
    assert_eq!(code(validate_milestone(&m)), "VALIDATION_TOO_SHORT");
    let mut m = milestone("m1");
    m.required_artifact_types.clear();
    assert_eq!(
        validate_milestone(&m),
        Err(CoreError::Validation(ValidationError::Required {
            field: "requiredArtifactTypes"
        }))
    );
}

#[test]
fn every_error_has_a_code_and_two_messages() {
    let all = [
        PbgmError::PublishNotReady {
            milestone_count: 0,
            milestones_without_artifact_types: vec![],
        },
        PbgmError::PublishNotReady {
            milestone_count: 1,
            milestones_without_artifact_types: vec!["m1".into()],
        },
        PbgmError::InvalidProgramTransition {
            state: P::Draft,
            event: ProgramEvent::Close,
        },
        PbgmError::ProgramNotDraft { state: P::Running },
        PbgmError::ProgramNotEditable { state: P::Closed },
        PbgmError::StatusChangeNotAllowed {
            state: P::Draft,
            requested: P::Running,
        },
        PbgmError::EnrollmentClosed { state: P::Closed },
        PbgmError::InvalidEnrollmentTransition {
            state: E::Completed,
            event: EnrollmentEvent::Withdraw,
        },
        PbgmError::InvalidMilestoneTransition {
            state: S::Locked,
            event: MilestoneEvent::Accept,
        },
        PbgmError::ReflectionRequired {
            milestone_id: "m1".into(),
        },
        PbgmError::ProgramNotRunning {
            state: P::Published,
        },
        PbgmError::NotParticipating { state: None },
        PbgmError::MaxRevisions { limit: 2, used: 2 },
        PbgmError::SelfReview,
        PbgmError::NotReviewer,
        PbgmError::AlreadyReviewed { version: 1 },
        PbgmError::NotLatestVersion {
            version: 1,
            latest: 2,
        },
        PbgmError::ReflectionLocked,
        PbgmError::AlreadyEnrolled {
            state: E::Withdrawn,
        },
        PbgmError::AlreadyAssigned,
        PbgmError::ReviewerNotEligible,
    ];
    for err in all {
        assert!(err.code().starts_with("PBGM_"));
        assert!(!err.message(Lang::Id).is_empty());
        assert_ne!(err.message(Lang::Id), err.message(Lang::En));
        assert_eq!(err.to_string(), err.message(Lang::Id));
    }
    let facts = CoreError::from(PbgmError::InvalidMilestoneTransition {
        state: S::Locked,
        event: MilestoneEvent::Accept,
    })
    .facts();
    assert_eq!(facts.get("state"), Some(&json!("LOCKED")));
    assert_eq!(facts.get("event"), Some(&json!("ACCEPT")));
    let facts = CoreError::from(PbgmError::PublishNotReady {
        milestone_count: 1,
        milestones_without_artifact_types: vec!["m1".into()],
    })
    .facts();
    assert_eq!(
        facts.get("milestonesWithoutArtifactTypes"),
        Some(&json!(["m1"]))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The program machine never leaves its table: accepted steps are rows, refusals name the
    /// state and the event and leave the program as it was.
    #[test]
    fn program_machine_never_leaves_its_table(
        events in proptest::collection::vec(proptest::sample::select(ProgramEvent::ALL.to_vec()), 0..12),
        start in proptest::sample::select(P::ALL.to_vec()),
    ) {
        let mut p = program(start);
        let milestones = [milestone("m1")];
        for event in events {
            let before = p.status;
            match transition_program(&p, event, &milestones, &[], &[], at(2)) {
                Ok(t) => {
                    let listed = PROGRAM_TRANSITIONS.iter().any(|row| row.from == before && row.event == event && row.to == t.status);
                    prop_assert!(listed);
                    p.status = t.status;
                }
                Err(PbgmError::InvalidProgramTransition { state, event: refused }) => {
                    prop_assert_eq!(state, before);
                    prop_assert_eq!(refused, event);
                    let listed = PROGRAM_TRANSITIONS.iter().any(|row| row.from == before && row.event == event);
                    prop_assert!(!listed);
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}

mod reflection;
mod review;
mod submission;
