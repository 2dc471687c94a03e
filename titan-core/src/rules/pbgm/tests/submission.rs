//! Unit tests of submissions.

use super::*;

fn running() -> WblmProgram {
    program(P::Running)
}

// ---- submissions ----

#[test]
fn first_submission_is_v1_submitted() {
    let out = submit_milestone(
        &running(),
        &milestone("m1"),
        &facts(S::NotStarted, vec![]),
        new_submission("s1"),
        &PbgmPolicy::recommended(),
        at(5),
    )
    .unwrap();
    assert_eq!(out.status, S::Submitted);
    assert_eq!(out.submission.version_number, 1);
    assert_eq!(out.submission.status, S::Submitted);
    assert_eq!(out.submission.title.as_deref(), Some("Draf"));
    assert!(!out.submission.is_late);
    assert!(!out.auto_approved);
    // From IN_PROGRESS too.
    assert!(
        submit_milestone(
            &running(),
            &milestone("m1"),
            &facts(S::InProgress, vec![]),
            new_submission("s1"),
            &PbgmPolicy::recommended(),
            at(5)
        )
        .is_ok()
    );
}

#[test]
fn late_work_is_accepted_and_marked() {
    let out = submit_milestone(
        &running(),
        &milestone("m1"),
        &facts(S::NotStarted, vec![]),
        new_submission("s1"),
        &PbgmPolicy::recommended(),
        at(11),
    )
    .unwrap();
    assert!(out.submission.is_late);
}

#[test]
fn submissions_need_a_running_program_and_a_participant() {
    let policy = PbgmPolicy::recommended();
    let err = submit_milestone(
        &program(P::Published),
        &milestone("m1"),
        &facts(S::NotStarted, vec![]),
        new_submission("s1"),
        &policy,
        at(5),
    );
    assert_eq!(
        err,
        Err(CoreError::Pbgm(PbgmError::ProgramNotRunning {
            state: P::Published
        }))
    );
    let mut f = facts(S::NotStarted, vec![]);
    f.enrollment_status = Some(E::Invited);
    assert_eq!(
        code(submit_milestone(
            &running(),
            &milestone("m1"),
            &f,
            new_submission("s1"),
            &policy,
            at(5)
        )),
        "PBGM_NOT_PARTICIPATING"
    );
    f.enrollment_status = None;
    assert_eq!(
        code(submit_milestone(
            &running(),
            &milestone("m1"),
            &f,
            new_submission("s1"),
            &policy,
            at(5)
        )),
        "PBGM_NOT_PARTICIPATING"
    );
}

#[test]
fn a_second_v1_and_an_unrequested_revision_are_refused() {
    let policy = PbgmPolicy::recommended();
    let err = submit_milestone(
        &running(),
        &milestone("m1"),
        &facts(S::Submitted, vec![submission("s1", 1)]),
        new_submission("s2"),
        &policy,
        at(5),
    )
    .unwrap_err();
    assert_eq!(
        err,
        CoreError::Pbgm(PbgmError::InvalidMilestoneTransition {
            state: S::Submitted,
            event: MilestoneEvent::Resubmit
        })
    );
    let err = submit_milestone(
        &running(),
        &milestone("m1"),
        &facts(S::ApprovedFinal, vec![submission("s1", 1)]),
        new_submission("s2"),
        &policy,
        at(5),
    )
    .unwrap_err();
    assert_eq!(err.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
}

#[test]
fn a_revision_is_the_next_version() {
    let out = submit_milestone(
        &running(),
        &milestone("m1"),
        &facts(
            S::RevisionRequested,
            vec![submission("s1", 1), submission("s2", 2)],
        ),
        new_submission("s3"),
        &PbgmPolicy::recommended(),
        at(6),
    )
    .unwrap();
    assert_eq!(out.submission.version_number, 3);
    assert_eq!(out.status, S::Resubmitted);
    assert_eq!(out.submission.status, S::Resubmitted);
}

#[test]
fn the_revision_limit_counts_resubmissions_or_all_versions() {
    let mut policy = PbgmPolicy::recommended();
    policy.max_revisions = Some(1);
    let one = facts(S::RevisionRequested, vec![submission("s1", 1)]);
    let two = facts(
        S::RevisionRequested,
        vec![submission("s1", 1), submission("s2", 2)],
    );
    assert!(
        submit_milestone(
            &running(),
            &milestone("m1"),
            &one,
            new_submission("s2"),
            &policy,
            at(6)
        )
        .is_ok()
    );
    assert_eq!(
        submit_milestone(
            &running(),
            &milestone("m1"),
            &two,
            new_submission("s3"),
            &policy,
            at(6)
        ),
        Err(CoreError::Pbgm(PbgmError::MaxRevisions {
            limit: 1,
            used: 1
        }))
    );
    // Legacy: settings.maxRevisionCycles = 2 allows two versions in total.
    let mut p = running();
    p.settings = Some(json!({ "maxRevisionCycles": 2 }));
    let legacy = PbgmPolicy::legacy();
    assert!(
        submit_milestone(
            &p,
            &milestone("m1"),
            &one,
            new_submission("s2"),
            &legacy,
            at(6)
        )
        .is_ok()
    );
    assert_eq!(
        submit_milestone(
            &p,
            &milestone("m1"),
            &two,
            new_submission("s3"),
            &legacy,
            at(6)
        ),
        Err(CoreError::Pbgm(PbgmError::MaxRevisions {
            limit: 2,
            used: 2
        }))
    );
    // The same program under the recommended count still allows a second revision.
    assert!(
        submit_milestone(
            &p,
            &milestone("m1"),
            &two,
            new_submission("s3"),
            &PbgmPolicy::recommended(),
            at(6)
        )
        .is_ok()
    );
    assert_eq!(revision_limit(&running(), &PbgmPolicy::recommended()), None);
    assert_eq!(revision_limit(&p, &policy), Some(2));
}

#[test]
fn a_milestone_without_review_is_approved_on_submit() {
    let mut m = milestone("m1");
    m.requires_review = false;
    let out = submit_milestone(
        &running(),
        &m,
        &facts(S::NotStarted, vec![]),
        new_submission("s1"),
        &PbgmPolicy::recommended(),
        at(5),
    )
    .unwrap();
    assert_eq!(out.status, S::ApprovedFinal);
    assert_eq!(out.submission.status, S::ApprovedFinal);
    assert!(out.auto_approved);
    m.requires_reflection = true;
    assert_eq!(
        code(submit_milestone(
            &running(),
            &m,
            &facts(S::NotStarted, vec![]),
            new_submission("s1"),
            &PbgmPolicy::recommended(),
            at(5)
        )),
        "PBGM_REFLECTION_REQUIRED"
    );
    let mut f = facts(S::NotStarted, vec![]);
    f.has_reflection = true;
    assert!(
        submit_milestone(
            &running(),
            &m,
            &f,
            new_submission("s1"),
            &PbgmPolicy::recommended(),
            at(5)
        )
        .is_ok()
    );
}

#[test]
fn files_are_checked_lightly() {
    assert!(validate_files(&files()).is_ok());
    assert!(validate_files(&json!([{ "url": "https://x/a", "filename": "a" }])).is_ok());
    assert_eq!(
        validate_files(&json!([])),
        Err(ValidationError::Required { field: "files" })
    );
    assert_eq!(
        validate_files(&serde_json::Value::Null),
        Err(ValidationError::Required { field: "files" })
    );
    for bad in [
        json!("a.pdf"),
        json!([1]),
        json!([{ "filename": "a" }]),
        json!([{ "storageUrl": " ", "filename": "a" }]),
        json!([{ "storageUrl": "s3://a", "filename": "a", "size": 0 }]),
        json!(vec![json!({ "url": "u", "filename": "f" }); MAX_FILES + 1]),
    ] {
        assert_eq!(
            validate_files(&bad).unwrap_err().code(),
            "VALIDATION_FORMAT",
            "{bad}"
        );
    }
    let mut new = new_submission("s1");
    new.files = json!([]);
    assert_eq!(
        code(submit_milestone(
            &running(),
            &milestone("m1"),
            &facts(S::NotStarted, vec![]),
            new,
            &PbgmPolicy::recommended(),
            at(5)
        )),
        "VALIDATION_REQUIRED"
    );
    let mut new = new_submission("s1");
    new.notes = Some("x".repeat(SUBMISSION_NOTES_MAX + 1));
    assert_eq!(
        code(submit_milestone(
            &running(),
            &milestone("m1"),
            &facts(S::NotStarted, vec![]),
            new,
            &PbgmPolicy::recommended(),
            at(5)
        )),
        "VALIDATION_TOO_LONG"
    );
}
