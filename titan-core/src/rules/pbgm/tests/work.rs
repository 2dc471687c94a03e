//! Unit tests of submissions, reviews, reflections and progress.

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

// ---- reviews ----

fn assignment(reviewer: &str, milestone: Option<&str>) -> WblmReviewerAssignment {
    WblmReviewerAssignment {
        id: format!("a-{reviewer}"),
        program_id: "p1".into(),
        participant_user_id: "u1".into(),
        reviewer_user_id: reviewer.into(),
        milestone_id: milestone.map(Into::into),
        role: WblmReviewerRole::Reviewer,
        created_at: at(1),
    }
}

fn review_facts(status: S) -> ReviewFacts {
    ReviewFacts {
        is_admin: false,
        is_owner: false,
        assignments: vec![assignment("rev", None)],
        status,
        latest_version: 1,
        reviews: vec![],
        has_reflection: false,
    }
}

fn new_review(reviewer: &str, decision: D) -> NewReview {
    NewReview {
        id: format!("rv-{reviewer}"),
        reviewer_user_id: reviewer.into(),
        decision,
        comments_richtext: Some(" Bagus ".into()),
        inline_comments: None,
        score: None,
    }
}

fn given(reviewer: &str, decision: D) -> WblmReview {
    WblmReview {
        id: format!("old-{reviewer}"),
        submission_id: "s1".into(),
        reviewer_user_id: reviewer.into(),
        decision,
        comments_richtext: None,
        inline_comments: None,
        score: None,
        created_at: at(6),
    }
}

fn review(
    facts: &ReviewFacts,
    new: NewReview,
    policy: &PbgmPolicy,
) -> Result<ReviewOutcome, PbgmError> {
    review_submission(
        &milestone("m1"),
        &submission("s1", 1),
        facts,
        new,
        policy,
        at(7),
    )
}

#[test]
fn decisions_move_the_milestone() {
    let policy = PbgmPolicy::recommended();
    let out = review(
        &review_facts(S::Submitted),
        new_review("rev", D::Accept),
        &policy,
    )
    .unwrap();
    assert_eq!(out.status, S::ApprovedFinal);
    assert_eq!(out.notice, ReviewNotice::MilestoneApproved);
    assert_eq!(out.review.comments_richtext.as_deref(), Some("Bagus"));
    assert_eq!(out.review.created_at, at(7));
    assert_eq!((out.accepts, out.accepts_required), (1, 1));
    let out = review(
        &review_facts(S::Resubmitted),
        new_review("rev", D::RequestRevision),
        &policy,
    )
    .unwrap();
    assert_eq!(
        (out.status, out.notice),
        (S::RevisionRequested, ReviewNotice::RevisionRequested)
    );
    let out = review(
        &review_facts(S::Submitted),
        new_review("rev", D::CommentOnly),
        &policy,
    )
    .unwrap();
    assert_eq!(
        (out.status, out.notice, out.notify_owner),
        (S::UnderReview, ReviewNotice::ReviewCompleted, false)
    );
    let out = review(
        &review_facts(S::UnderReview),
        new_review("rev", D::Escalate),
        &policy,
    )
    .unwrap();
    assert_eq!((out.status, out.notify_owner), (S::UnderReview, true));
}

#[test]
fn who_may_review() {
    let policy = PbgmPolicy::recommended();
    let f = review_facts(S::Submitted);
    assert_eq!(
        review(&f, new_review("u1", D::Accept), &policy),
        Err(PbgmError::SelfReview)
    );
    let mut admin = f.clone();
    admin.is_admin = true;
    assert_eq!(
        review(&admin, new_review("u1", D::Accept), &policy),
        Err(PbgmError::SelfReview)
    );
    assert!(review(&admin, new_review("boss", D::Accept), &policy).is_ok());
    let mut owner = f.clone();
    owner.is_owner = true;
    assert!(review(&owner, new_review("owner", D::Accept), &policy).is_ok());
    assert_eq!(
        review(&f, new_review("stranger", D::Accept), &policy),
        Err(PbgmError::NotReviewer)
    );
}

#[test]
fn assignments_are_scoped_to_their_milestone_unless_legacy() {
    let mut f = review_facts(S::Submitted);
    f.assignments = vec![assignment("rev", Some("m2"))];
    assert_eq!(
        review(&f, new_review("rev", D::Accept), &PbgmPolicy::recommended()),
        Err(PbgmError::NotReviewer)
    );
    assert!(review(&f, new_review("rev", D::Accept), &PbgmPolicy::legacy()).is_ok());
    f.assignments = vec![assignment("rev", Some("m1"))];
    assert!(review(&f, new_review("rev", D::Accept), &PbgmPolicy::recommended()).is_ok());
}

#[test]
fn one_review_per_reviewer_on_the_latest_version() {
    let policy = PbgmPolicy::recommended();
    let mut f = review_facts(S::UnderReview);
    f.reviews = vec![given("rev", D::CommentOnly)];
    assert_eq!(
        review(&f, new_review("rev", D::Accept), &policy),
        Err(PbgmError::AlreadyReviewed { version: 1 })
    );
    let mut f = review_facts(S::Resubmitted);
    f.latest_version = 2;
    assert_eq!(
        review(&f, new_review("rev", D::Accept), &policy),
        Err(PbgmError::NotLatestVersion {
            version: 1,
            latest: 2
        })
    );
}

#[test]
fn acceptance_needs_the_reflection_when_required() {
    let mut m = milestone("m1");
    m.requires_reflection = true;
    let mut f = review_facts(S::Submitted);
    let policy = PbgmPolicy::recommended();
    let err = review_submission(
        &m,
        &submission("s1", 1),
        &f,
        new_review("rev", D::Accept),
        &policy,
        at(7),
    );
    assert_eq!(
        err,
        Err(PbgmError::ReflectionRequired {
            milestone_id: "m1".into()
        })
    );
    // Other decisions do not need it.
    assert!(
        review_submission(
            &m,
            &submission("s1", 1),
            &f,
            new_review("rev", D::RequestRevision),
            &policy,
            at(7)
        )
        .is_ok()
    );
    f.has_reflection = true;
    assert!(
        review_submission(
            &m,
            &submission("s1", 1),
            &f,
            new_review("rev", D::Accept),
            &policy,
            at(7)
        )
        .is_ok()
    );
}

#[test]
fn reviews_of_finished_work_are_refused() {
    let policy = PbgmPolicy::recommended();
    for status in [
        S::ApprovedFinal,
        S::Locked,
        S::RevisionRequested,
        S::NotStarted,
    ] {
        let err = review(
            &review_facts(status),
            new_review("rev", D::CommentOnly),
            &policy,
        )
        .unwrap_err();
        assert_eq!(
            err,
            PbgmError::InvalidMilestoneTransition {
                state: status,
                event: MilestoneEvent::CommentOnly
            }
        );
    }
}

#[test]
fn n_accepts_waits_for_the_quorum() {
    let mut policy = PbgmPolicy::recommended();
    policy.review_decision = ReviewDecisionMode::NAccepts(2);
    let mut f = review_facts(S::Submitted);
    f.assignments.push(assignment("rev2", None));
    let out = review(&f, new_review("rev", D::Accept), &policy).unwrap();
    assert_eq!(
        (out.status, out.accepts, out.accepts_required),
        (S::UnderReview, 1, 2)
    );
    assert_eq!(out.notice, ReviewNotice::ReviewCompleted);
    f.status = S::UnderReview;
    f.reviews = vec![given("rev", D::Accept)];
    let out = review(&f, new_review("rev2", D::Accept), &policy).unwrap();
    assert_eq!((out.status, out.accepts), (S::ApprovedFinal, 2));
    // A revision request still sends the work back at once.
    let out = review(&f, new_review("rev2", D::RequestRevision), &policy).unwrap();
    assert_eq!(out.status, S::RevisionRequested);
}

// ---- reflections ----

fn target(milestone: Option<&str>) -> ReflectionTarget {
    ReflectionTarget {
        id: "rf1".into(),
        program_id: "p1".into(),
        participant_user_id: "u1".into(),
        milestone_id: milestone.map(Into::into),
    }
}

fn answers() -> ReflectionAnswers {
    ReflectionAnswers {
        what_changed: Some("  Cara kerja tim  ".into()),
        ..ReflectionAnswers::default()
    }
}

#[test]
fn reflections_are_created_and_overwritten_until_locked() {
    let first =
        submit_reflection(None, Some(E::Active), target(Some("m1")), &answers(), at(5)).unwrap();
    assert_eq!(first.id, "rf1");
    assert_eq!(first.what_changed.as_deref(), Some("Cara kerja tim"));
    assert!(!first.is_locked);
    let mut again = target(Some("m1"));
    again.id = "ignored".into();
    let second =
        submit_reflection(Some(&first), Some(E::Enrolled), again, &answers(), at(6)).unwrap();
    assert_eq!((second.id.as_str(), second.submitted_at), ("rf1", at(6)));
    let locked = WblmReflection {
        is_locked: true,
        ..first.clone()
    };
    assert_eq!(
        submit_reflection(
            Some(&locked),
            Some(E::Active),
            target(Some("m1")),
            &answers(),
            at(6)
        ),
        Err(CoreError::Pbgm(PbgmError::ReflectionLocked))
    );
    // A locked reflection of another milestone does not block the final one.
    let final_one = submit_reflection(
        Some(&locked),
        Some(E::Active),
        target(None),
        &answers(),
        at(6),
    )
    .unwrap();
    assert_eq!(final_one.id, "rf1");
    assert_eq!(final_one.milestone_id, None);
}

#[test]
fn reflections_need_a_participant_and_an_answer() {
    assert_eq!(
        code(submit_reflection(
            None,
            Some(E::Completed),
            target(None),
            &answers(),
            at(5)
        )),
        "PBGM_NOT_PARTICIPATING"
    );
    assert_eq!(
        submit_reflection(
            None,
            Some(E::Active),
            target(None),
            &ReflectionAnswers::default(),
            at(5)
        ),
        Err(CoreError::Validation(ValidationError::Required {
            field: "reflection"
        }))
    );
    let long = ReflectionAnswers {
        key_feedback: Some("x".repeat(REFLECTION_ANSWER_MAX + 1)),
        ..ReflectionAnswers::default()
    };
    assert_eq!(
        code(submit_reflection(
            None,
            Some(E::Active),
            target(None),
            &long,
            at(5)
        )),
        "VALIDATION_TOO_LONG"
    );
}

// ---- progress ----

#[test]
fn progress_is_approved_over_all() {
    let milestones = [milestone("m1"), milestone("m2"), milestone("m3")];
    let rows = [
        row("r1", "u1", "m1", S::ApprovedFinal),
        row("r2", "u1", "m2", S::Submitted),
        row("r9", "u1", "gone", S::ApprovedFinal),
    ];
    let p = participant_progress(
        &milestones,
        &rows,
        Some(E::Active),
        &PbgmPolicy::recommended(),
    );
    assert_eq!(
        (p.approved, p.total, p.all_approved, p.enrollment_change),
        (1, 3, false, None)
    );
    assert_eq!(p.percent.to_string(), "33.33");
    let legacy = participant_progress(&milestones, &rows, Some(E::Active), &PbgmPolicy::legacy());
    assert_eq!(legacy.percent.to_string(), "33");
    let two_thirds = [
        row("r1", "u1", "m1", S::ApprovedFinal),
        row("r2", "u1", "m2", S::ApprovedFinal),
    ];
    assert_eq!(
        participant_progress(&milestones, &two_thirds, None, &PbgmPolicy::recommended())
            .percent
            .to_string(),
        "66.67"
    );
    assert_eq!(
        participant_progress(&milestones, &two_thirds, None, &PbgmPolicy::legacy())
            .percent
            .to_string(),
        "67"
    );
}

#[test]
fn all_approved_completes_the_enrolment() {
    let milestones = [milestone("m1")];
    let rows = [row("r1", "u1", "m1", S::ApprovedFinal)];
    let p = participant_progress(
        &milestones,
        &rows,
        Some(E::Active),
        &PbgmPolicy::recommended(),
    );
    assert!(p.all_approved);
    assert_eq!(p.percent.to_string(), "100.00");
    assert_eq!(p.enrollment_change, Some(E::Completed));
    let done = participant_progress(
        &milestones,
        &rows,
        Some(E::Completed),
        &PbgmPolicy::recommended(),
    );
    assert_eq!(done.enrollment_change, None);
    let none = participant_progress(&[], &[], Some(E::Active), &PbgmPolicy::recommended());
    assert_eq!((none.all_approved, none.percent.is_zero()), (false, true));
}
