//! Reviews, reflections and progress.

use std::sync::Arc;

use chrono::Duration;

use super::{Project, two_milestones, uid};
use crate::app::{Actor, MilestoneInput, ProgramInput, ReflectionInput, ReviewerAssignmentInput};
use crate::assert_code;
use crate::model::{
    Role, WblmMilestoneStatus as S, WblmProgram, WblmReviewDecision as D, WblmReviewerRole,
};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::pbgm::ReflectionAnswers;

/// The program's current fields as an update.
fn input_of(program: &WblmProgram) -> ProgramInput {
    ProgramInput {
        title: program.title.clone(),
        description: program.description.clone(),
        target_roles: program.target_roles.clone(),
        duration_weeks: program.duration_weeks,
        start_date: program.start_date,
        end_date: program.end_date,
        reviewer_pool_ids: program.reviewer_pool_ids.clone(),
        settings: program.settings.clone(),
        status: Some(program.status),
    }
}

/// Adds a pool member `name` and assigns them to `peserta` on milestone `index` only.
async fn scoped_reviewer(p: &Project, name: &str, index: usize) -> Actor {
    let (reviewer, _) = p.fx.user(name, Role::Instructor, Some("BKN")).await;
    let mut input = input_of(&p.program);
    input.reviewer_pool_ids.push(uid(&reviewer));
    p.fx.titan
        .update_program(&p.owner, &p.program.id, &input)
        .await
        .unwrap();
    p.fx.titan
        .assign_reviewer(
            &p.owner,
            &p.program.id,
            &ReviewerAssignmentInput {
                participant_user_id: uid(&p.participant),
                reviewer_user_id: uid(&reviewer),
                milestone_id: Some(p.milestones[index].id.clone()),
                role: WblmReviewerRole::Panelist,
            },
        )
        .await
        .unwrap();
    reviewer
}

fn answers(text: &str) -> ReflectionAnswers {
    ReflectionAnswers {
        what_changed: Some(text.to_owned()),
        ..ReflectionAnswers::default()
    }
}

fn reflection(milestone_id: Option<&str>, text: &str) -> ReflectionInput {
    ReflectionInput {
        milestone_id: milestone_id.map(str::to_owned),
        answers: answers(text),
    }
}

async fn unread(p: &Project, who: &Actor) -> Vec<crate::model::Notification> {
    let mut uow = p.fx.store.begin_read().await.unwrap();
    uow.notifications()
        .of_user(&uid(who), false, 50)
        .await
        .unwrap()
}

pub async fn reviews_are_for_assigned_reviewers_owners_and_admins(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let panelist = scoped_reviewer(&p, "penilai-dua", 1).await;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let sid = v1.submission.id.clone();
    let forbidden = |e: crate::app::Error, reason: &str| {
        assert_eq!(e.code(), "IDENTITY_FORBIDDEN");
        assert_eq!(e.facts()["reason"], reason);
    };
    forbidden(
        p.review(&p.participant, &sid, D::Accept).await.unwrap_err(),
        "OWN_SUBMISSION",
    );
    refuses!(
        p,
        p.review(&p.participant, &sid, D::Accept).await,
        "IDENTITY_FORBIDDEN"
    );
    let stranger = p.fx.instructor("orang-lain").await;
    forbidden(
        p.review(&stranger, &sid, D::Accept).await.unwrap_err(),
        "NOT_REVIEWER",
    );
    // Scoped to the other milestone: not a reviewer of this one.
    forbidden(
        p.review(&panelist, &sid, D::Accept).await.unwrap_err(),
        "NOT_REVIEWER",
    );
    refuses!(
        p,
        p.review(&panelist, &sid, D::CommentOnly).await,
        "IDENTITY_FORBIDDEN"
    );
    let (other_admin, _) = p.fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    forbidden(
        p.review(&other_admin, &sid, D::Accept).await.unwrap_err(),
        "OUTSIDE_UNIT",
    );
    refuses!(
        p,
        p.review(&Actor::Anonymous, &sid, D::Accept).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        p.review(&p.reviewer, "tidak-ada", D::Accept).await,
        "NOT_FOUND"
    );
    // The milestone-1 submission reached only the program-wide reviewer.
    assert_eq!(unread(&p, &p.reviewer).await.len(), 1);
    assert!(unread(&p, &panelist).await.is_empty());

    let by_owner = p.review(&p.owner, &sid, D::CommentOnly).await.unwrap();
    assert_eq!(by_owner.status, S::UnderReview);
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let by_admin = p.review(&unit_admin, &sid, D::Accept).await.unwrap();
    assert_eq!(by_admin.status, S::ApprovedFinal);
    let after = p.review(&p.fx.admin, &sid, D::Accept).await.unwrap_err();
    assert_eq!(after.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(after.facts()["state"], "APPROVED_FINAL");

    // Milestone 2 reaches both its reviewers; the scoped one may review it.
    let v2 = p.submit(&p.participant, 1).await.unwrap();
    assert_eq!(unread(&p, &p.reviewer).await.len(), 2);
    assert_eq!(unread(&p, &panelist).await.len(), 1);
    let scoped = p
        .review(&panelist, &v2.submission.id, D::CommentOnly)
        .await
        .unwrap();
    assert_eq!(scoped.status, S::UnderReview);
}

pub async fn one_review_per_reviewer_per_version_and_only_the_latest(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let first = p
        .review(&p.reviewer, &v1.submission.id, D::CommentOnly)
        .await
        .unwrap();
    assert_eq!(first.status, S::UnderReview);
    let twice = p
        .review(&p.reviewer, &v1.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(twice.code(), "PBGM_ALREADY_REVIEWED");
    assert_eq!(twice.facts()["version"], 1);
    refuses!(
        p,
        p.review(&p.reviewer, &v1.submission.id, D::RequestRevision)
            .await,
        "PBGM_ALREADY_REVIEWED"
    );
    p.review(&p.owner, &v1.submission.id, D::RequestRevision)
        .await
        .unwrap();
    // Waiting for the participant: nothing to decide.
    let waiting = p
        .review(&unit_admin, &v1.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(waiting.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(waiting.facts()["state"], "REVISION_REQUESTED");
    assert_eq!(waiting.facts()["event"], "ACCEPT");

    p.fx.clock.advance(Duration::minutes(1));
    let v2 = p.submit(&p.participant, 0).await.unwrap();
    let stale = p
        .review(&unit_admin, &v1.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), "PBGM_NOT_LATEST_VERSION");
    assert_eq!(stale.facts()["version"], 1);
    assert_eq!(stale.facts()["latest"], 2);
    refuses!(
        p,
        p.review(&unit_admin, &v1.submission.id, D::Accept).await,
        "PBGM_NOT_LATEST_VERSION"
    );
    // A new version is a new review for the same reviewer.
    let accepted = p
        .review(&p.reviewer, &v2.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(accepted.status, S::ApprovedFinal);
    let mut uow = p.fx.store.begin_read().await.unwrap();
    assert_eq!(
        uow.pbgm()
            .reviews_of_submission(&v1.submission.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

pub async fn acceptance_waits_for_a_required_reflection(store: Arc<dyn Store>) {
    let reflective = MilestoneInput {
        requires_reflection: true,
        ..MilestoneInput::new("Pembelajaran", &["esai"])
    };
    let p = Project::running(store, Policy::recommended(), &[reflective], None).await;
    let titan = &p.fx.titan;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let e = p
        .review(&p.reviewer, &v1.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "PBGM_REFLECTION_REQUIRED");
    assert_eq!(e.facts()["milestoneId"], p.milestones[0].id);
    // The final reflection is not the milestone's.
    titan
        .submit_reflection(&p.participant, &p.program.id, &reflection(None, "Akhir"))
        .await
        .unwrap();
    refuses!(
        p,
        p.review(&p.reviewer, &v1.submission.id, D::Accept).await,
        "PBGM_REFLECTION_REQUIRED"
    );
    titan
        .submit_reflection(
            &p.participant,
            &p.program.id,
            &reflection(Some(&p.milestones[0].id), "Saya belajar mendengar"),
        )
        .await
        .unwrap();
    let accepted = p
        .review(&p.reviewer, &v1.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(accepted.status, S::ApprovedFinal);
}

pub async fn reflections_are_the_participants_own_until_locked(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let m1 = p.milestones[0].id.clone();
    let outsider = p.fx.learner("orang-luar").await;
    refuses!(
        p,
        titan
            .submit_reflection(&outsider, id, &reflection(None, "x"))
            .await,
        "PBGM_NOT_PARTICIPATING"
    );
    refuses!(
        p,
        titan
            .submit_reflection(&Actor::Anonymous, id, &reflection(None, "x"))
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    refuses!(
        p,
        titan
            .submit_reflection(&p.participant, id, &reflection(None, "   "))
            .await,
        "VALIDATION_REQUIRED"
    );
    refuses!(
        p,
        titan
            .submit_reflection(&p.participant, id, &reflection(None, &"x".repeat(2001)))
            .await,
        "VALIDATION_TOO_LONG"
    );
    refuses!(
        p,
        titan
            .submit_reflection(&p.participant, id, &reflection(Some("asing"), "x"))
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        titan
            .submit_reflection(&p.participant, "tidak-ada", &reflection(None, "x"))
            .await,
        "NOT_FOUND"
    );
    let first = titan
        .submit_reflection(
            &p.participant,
            id,
            &reflection(Some(&m1), "  Awalnya ragu  "),
        )
        .await
        .unwrap();
    assert_eq!(first.what_changed.as_deref(), Some("Awalnya ragu"));
    assert!(!first.is_locked);
    p.fx.clock.advance(Duration::hours(1));
    let second = titan
        .submit_reflection(&p.participant, id, &reflection(Some(&m1), "Sekarang yakin"))
        .await
        .unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.what_changed.as_deref(), Some("Sekarang yakin"));
    assert_eq!(second.submitted_at, p.fx.clock.now());

    // An invited participant (DRAFT program) does not reflect yet.
    let draft = titan
        .create_program(&p.owner, &ProgramInput::new("Proyek Draf", 4))
        .await
        .unwrap();
    titan
        .enrol_participant(
            &p.owner,
            &draft.id,
            &crate::app::ParticipantInput {
                participant_user_id: uid(&p.participant),
                supervisor_user_id: None,
            },
        )
        .await
        .unwrap();
    let invited = titan
        .submit_reflection(&p.participant, &draft.id, &reflection(None, "x"))
        .await
        .unwrap_err();
    assert_eq!(invited.code(), "PBGM_NOT_PARTICIPATING");
    assert_eq!(invited.facts()["state"], "INVITED");

    titan.close_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan
            .submit_reflection(&p.participant, id, &reflection(Some(&m1), "Lagi"))
            .await,
        "PBGM_REFLECTION_LOCKED"
    );
    refuses!(
        p,
        titan
            .submit_reflection(&p.participant, id, &reflection(None, "Baru"))
            .await,
        "PBGM_REFLECTION_LOCKED"
    );
}

pub async fn escalation_tells_the_owner(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let escalated = p
        .review(&p.reviewer, &v1.submission.id, D::Escalate)
        .await
        .unwrap();
    assert_eq!(escalated.status, S::UnderReview);
    assert_eq!(escalated.submission.status, S::UnderReview);
    let owner = unread(&p, &p.owner).await;
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0].title, "Tinjauan dieskalasi");
    assert!(owner[0].message.contains("Proyek Perubahan"));
    let participant = unread(&p, &p.participant).await;
    assert_eq!(participant.len(), 1);
    assert_eq!(participant[0].title, "Tinjauan selesai");
    // The owner's own decision tells only the participant.
    p.review(&p.owner, &v1.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(unread(&p, &p.owner).await.len(), 1);
}

pub async fn progress_is_read_by_the_participant_reviewers_and_managers(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    p.review(&p.reviewer, &v1.submission.id, D::Accept)
        .await
        .unwrap();
    let me = uid(&p.participant);
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let mine = titan
        .participant_progress(&p.participant, id, None)
        .await
        .unwrap();
    assert_eq!(mine.progress.approved, 1);
    assert_eq!(mine.progress.total, 2);
    for who in [&p.reviewer, &p.owner, &unit_admin, &p.fx.admin] {
        let seen = titan
            .participant_progress(who, id, Some(&me))
            .await
            .unwrap();
        assert_eq!(seen, mine);
    }
    let other = p.fx.learner("peserta-dua").await;
    p.enrol(&other).await;
    let outsider = p.fx.instructor("orang-lain").await;
    for who in [&other, &outsider] {
        assert_code!(
            titan.participant_progress(who, id, Some(&me)).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        titan
            .participant_progress(&Actor::Anonymous, id, Some(&me))
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        titan
            .participant_progress(&p.owner, id, Some(&uid(&outsider)))
            .await,
        "NOT_FOUND"
    );
    assert_code!(
        titan.participant_progress(&outsider, id, None).await,
        "NOT_FOUND"
    );
    assert_code!(
        titan
            .participant_progress(&p.participant, "tidak-ada", None)
            .await,
        "NOT_FOUND"
    );
    let fresh = titan.participant_progress(&other, id, None).await.unwrap();
    assert_eq!(fresh.progress.percent.to_string(), "0.00");
    assert!(fresh.milestones.iter().all(|m| m.status == S::NotStarted));
}

pub async fn legacy_reviewer_scope_and_progress_rounding(store: Arc<dyn Store>) {
    let three = {
        let mut m = two_milestones();
        m.push(MilestoneInput::new("Presentasi", &["slide"]));
        m
    };
    let p = Project::running(store, Policy::legacy(), &three, None).await;
    let panelist = scoped_reviewer(&p, "penilai-dua", 2).await;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    // Legacy ignores the assignment's milestone.
    let accepted = p
        .review(&panelist, &v1.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(accepted.status, S::ApprovedFinal);
    let legacy =
        p.fx.titan
            .participant_progress(&p.participant, &p.program.id, None)
            .await
            .unwrap();
    assert_eq!(legacy.progress.percent.to_string(), "33");
    let recommended = p.fx.engine_with(Policy::recommended());
    let standing = recommended
        .participant_progress(&p.participant, &p.program.id, None)
        .await
        .unwrap();
    assert_eq!(standing.progress.percent.to_string(), "33.33");
    let v2 = p.submit(&p.participant, 1).await.unwrap();
    let e = recommended
        .review_submission(
            &panelist,
            &v2.submission.id,
            &crate::app::ReviewInput::new(D::Accept),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "IDENTITY_FORBIDDEN");
    assert_eq!(e.facts()["reason"], "NOT_REVIEWER");
}
