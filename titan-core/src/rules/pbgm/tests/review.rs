//! Unit tests of reviews.

use super::*;

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

// ---- reviewer assignment ----

#[test]
fn reviewers_come_from_the_pool_once_and_never_review_themselves() {
    let open = program(P::Running);
    let new = assignment("rev", Some("m1"));
    assert_eq!(
        check_reviewer_assignment(&open, &new, crate::model::Role::Learner, &[]),
        Ok(())
    );
    assert_eq!(
        check_reviewer_assignment(
            &open,
            &assignment("other", None),
            crate::model::Role::SuperAdmin,
            &[]
        ),
        Err(PbgmError::ReviewerNotEligible)
    );
    assert_eq!(
        check_reviewer_assignment(
            &open,
            &assignment("u1", None),
            crate::model::Role::Instructor,
            &[]
        ),
        Err(PbgmError::SelfReview)
    );
    assert_eq!(
        check_reviewer_assignment(
            &open,
            &new,
            crate::model::Role::Learner,
            std::slice::from_ref(&new)
        ),
        Err(PbgmError::AlreadyAssigned)
    );
    // The same reviewer program-wide is another assignment.
    assert_eq!(
        check_reviewer_assignment(
            &open,
            &assignment("rev", None),
            crate::model::Role::Learner,
            std::slice::from_ref(&new)
        ),
        Ok(())
    );
    let mut no_pool = program(P::Draft);
    no_pool.reviewer_pool_ids.clear();
    assert_eq!(
        check_reviewer_assignment(&no_pool, &new, crate::model::Role::Instructor, &[]),
        Ok(())
    );
    assert_eq!(
        check_reviewer_assignment(&no_pool, &new, crate::model::Role::Learner, &[]),
        Err(PbgmError::ReviewerNotEligible)
    );
    assert_eq!(
        check_reviewer_assignment(&program(P::Closed), &new, crate::model::Role::Learner, &[]),
        Err(PbgmError::ProgramNotEditable { state: P::Closed })
    );
}
