//! Submissions and revisions: the full milestone journey, every refusal, late work, the
//! revision limit and milestones without review.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use super::{Project, two_milestones, uid, work};
use crate::app::{Actor, MilestoneInput, ReflectionInput, SubmissionInput};
use crate::model::{
    NotificationType, WblmEnrollmentStatus as E, WblmMilestoneStatus as S, WblmReviewDecision as D,
};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::pbgm::ReflectionAnswers;

pub async fn a_milestone_goes_submit_revision_resubmit_accept(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let me = uid(&p.participant);
    let reviewer = uid(&p.reviewer);

    let v1 = p.submit(&p.participant, 0).await.unwrap();
    assert_eq!(v1.submission.version_number, 1);
    assert_eq!(v1.submission.status, S::Submitted);
    assert_eq!(v1.status, S::Submitted);
    assert!(!v1.auto_approved && !v1.submission.is_late);
    assert_eq!(v1.submission.title.as_deref(), Some("Versi kerja"));
    assert_eq!(v1.enrollment.status, E::Active);
    {
        let mut uow = store.begin_read().await.unwrap();
        let key = format!("pbgm_submitted:{me}:{}", v1.submission.id);
        assert!(
            uow.outbox()
                .by_idempotency_key(&key)
                .await
                .unwrap()
                .is_some()
        );
        let told = uow
            .notifications()
            .of_user(&reviewer, false, 10)
            .await
            .unwrap();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].notification_type, NotificationType::System);
        assert!(
            told[0].message.contains("Proyek Perubahan"),
            "{}",
            told[0].message
        );
        assert_eq!(
            told[0].link.as_deref(),
            Some(format!("/dashboard/wblm/review/{}", v1.submission.id).as_str())
        );
        // Not the owner: the program has an assigned reviewer.
        let owner = uow
            .notifications()
            .of_user(&uid(&p.owner), false, 10)
            .await
            .unwrap();
        assert!(owner.is_empty());
        let journal = uow.activity().of_user(&me, None, 10).await.unwrap();
        assert_eq!(journal.len(), 1);
    }

    let asked = p
        .review(&p.reviewer, &v1.submission.id, D::RequestRevision)
        .await
        .unwrap();
    assert_eq!(asked.status, S::RevisionRequested);
    assert_eq!(asked.submission.status, S::RevisionRequested);
    assert_eq!(asked.review.reviewer_user_id, reviewer);
    {
        let mut uow = store.begin_read().await.unwrap();
        let told = uow.notifications().of_user(&me, false, 10).await.unwrap();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].title, "Revisi diminta");
        let key = format!(
            "pbgm_reviewed:{reviewer}:{}:{}",
            v1.submission.id, asked.review.id
        );
        assert!(
            uow.outbox()
                .by_idempotency_key(&key)
                .await
                .unwrap()
                .is_some()
        );
    }

    p.fx.clock.advance(Duration::hours(2));
    let v2 = titan
        .submit_milestone(
            &p.participant,
            &p.milestones[0].id,
            &SubmissionInput {
                title: Some("Versi perbaikan".into()),
                notes: Some("  Sudah diperbaiki sesuai masukan  ".into()),
                files: work("x").files,
            },
        )
        .await
        .unwrap();
    assert_eq!(v2.submission.version_number, 2);
    assert_eq!(v2.status, S::Resubmitted);
    assert_eq!(
        v2.submission.notes.as_deref(),
        Some("Sudah diperbaiki sesuai masukan")
    );

    let accepted = p
        .review(&p.reviewer, &v2.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(accepted.status, S::ApprovedFinal);
    assert_eq!(accepted.submission.status, S::ApprovedFinal);
    assert_eq!((accepted.accepts, accepted.accepts_required), (1, 1));
    assert_eq!(accepted.enrollment.status, E::Active);
    let standing = titan
        .participant_progress(&p.participant, id, None)
        .await
        .unwrap();
    assert_eq!(standing.progress.percent.to_string(), "50.00");
    assert_eq!(standing.milestones[0].status, S::ApprovedFinal);
    assert_eq!(standing.milestones[0].latest_version, Some(2));
    assert_eq!(standing.milestones[1].status, S::NotStarted);
    assert_eq!(standing.milestones[1].latest_version, None);
    {
        let mut uow = store.begin_read().await.unwrap();
        let versions = uow
            .pbgm()
            .submissions_of(&p.milestones[0].id, &me)
            .await
            .unwrap();
        let summary: Vec<(i32, S)> = versions
            .iter()
            .map(|s| (s.version_number, s.status))
            .collect();
        assert_eq!(
            summary,
            vec![(1, S::RevisionRequested), (2, S::ApprovedFinal)]
        );
        let told = uow.notifications().of_user(&me, false, 10).await.unwrap();
        assert_eq!(told[0].title, "Pengumpulan disetujui");
    }

    // Approved work cannot be submitted again.
    let again = p.submit(&p.participant, 0).await.unwrap_err();
    assert_eq!(again.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(again.facts()["state"], "APPROVED_FINAL");
    assert_eq!(again.facts()["event"], "RESUBMIT");

    // The last milestone completes the enrolment.
    let last = p.submit(&p.participant, 1).await.unwrap();
    p.fx.clock.advance(Duration::minutes(5));
    let done = p
        .review(&p.reviewer, &last.submission.id, D::Accept)
        .await
        .unwrap();
    assert_eq!(done.enrollment.status, E::Completed);
    assert_eq!(done.enrollment.completed_at, Some(p.fx.clock.now()));
    let standing = titan
        .participant_progress(&p.participant, id, None)
        .await
        .unwrap();
    assert_eq!(standing.progress.percent.to_string(), "100.00");
    assert!(standing.progress.all_approved);
    assert_eq!(standing.enrollment.status, E::Completed);
    let leave = titan
        .withdraw_participant(&p.participant, id, None)
        .await
        .unwrap_err();
    assert_eq!(leave.code(), "PBGM_INVALID_ENROLLMENT_TRANSITION");
    assert_eq!(leave.facts()["state"], "COMPLETED");
}

pub async fn submissions_need_a_running_program_an_enrolment_and_files(store: Arc<dyn Store>) {
    let p = Project::draft(store, Policy::recommended(), &two_milestones(), None).await;
    let titan = &p.fx.titan;
    let m1 = p.milestones[0].id.clone();
    let refused = |e: crate::app::Error, state: &str| {
        assert_eq!(e.code(), "PBGM_PROGRAM_NOT_RUNNING");
        assert_eq!(e.facts()["state"], state);
    };
    refused(p.submit(&p.participant, 0).await.unwrap_err(), "DRAFT");
    titan
        .publish_program(&p.owner, &p.program.id)
        .await
        .unwrap();
    refuses!(
        p,
        p.submit(&p.participant, 0).await,
        "PBGM_PROGRAM_NOT_RUNNING"
    );
    titan.start_program(&p.owner, &p.program.id).await.unwrap();

    let outsider = p.fx.learner("orang-luar").await;
    let e = p.submit(&outsider, 0).await.unwrap_err();
    assert_eq!(e.code(), "PBGM_NOT_PARTICIPATING");
    assert_eq!(e.facts()["state"], serde_json::Value::Null);
    refuses!(
        p,
        p.submit(&Actor::Anonymous, 0).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    refuses!(
        p,
        titan
            .submit_milestone(&p.participant, "tidak-ada", &work("x"))
            .await,
        "NOT_FOUND"
    );
    let bad_files = [
        (json!(null), "VALIDATION_REQUIRED"),
        (json!([]), "VALIDATION_REQUIRED"),
        (json!("berkas.pdf"), "VALIDATION_FORMAT"),
        (json!([{"filename": "a.pdf"}]), "VALIDATION_FORMAT"),
        (
            json!([{"storageUrl": "https://x/a.pdf", "filename": "a.pdf", "size": 0}]),
            "VALIDATION_FORMAT",
        ),
    ];
    for (files, code) in bad_files {
        let input = SubmissionInput { files, ..work("x") };
        refuses!(
            p,
            titan.submit_milestone(&p.participant, &m1, &input).await,
            code
        );
    }
    let long_title = SubmissionInput {
        title: Some("x".repeat(201)),
        ..work("x")
    };
    refuses!(
        p,
        titan
            .submit_milestone(&p.participant, &m1, &long_title)
            .await,
        "VALIDATION_TOO_LONG"
    );

    p.submit(&p.participant, 0).await.unwrap();
    let twice = p.submit(&p.participant, 0).await.unwrap_err();
    assert_eq!(twice.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(twice.facts()["state"], "SUBMITTED");
    assert_eq!(twice.facts()["event"], "RESUBMIT");
    refuses!(
        p,
        p.submit(&p.participant, 0).await,
        "PBGM_INVALID_MILESTONE_TRANSITION"
    );
}

pub async fn late_work_is_accepted_and_marked(store: Arc<dyn Store>) {
    let fx_now = crate::testkit::ManualClock::default().now();
    let due = MilestoneInput {
        due_date: Some(fx_now + Duration::days(7)),
        ..MilestoneInput::new("Rancangan Proyek", &["proposal"])
    };
    let p = Project::running(store, Policy::recommended(), &[due.clone(), due], None).await;
    let on_time = p.submit(&p.participant, 0).await.unwrap();
    assert!(!on_time.submission.is_late);
    p.fx.clock.advance(Duration::days(7));
    // Exactly at the due date is still on time.
    let edge = p.submit(&p.participant, 1).await.unwrap();
    assert!(!edge.submission.is_late);
    p.review(&p.reviewer, &on_time.submission.id, D::RequestRevision)
        .await
        .unwrap();
    p.fx.clock.advance(Duration::seconds(1));
    let late = p.submit(&p.participant, 0).await.unwrap();
    assert!(late.submission.is_late);
    assert_eq!(late.submission.version_number, 2);
    assert_eq!(late.status, S::Resubmitted);
}

/// Submits and has a revision asked for, `rounds` times.
async fn revise(p: &Project, rounds: usize) {
    for _ in 0..rounds {
        let v = p.submit(&p.participant, 0).await.unwrap();
        p.review(&p.reviewer, &v.submission.id, D::RequestRevision)
            .await
            .unwrap();
    }
}

pub async fn the_revision_limit_comes_from_the_program_or_the_policy(store: Arc<dyn Store>) {
    // maxRevisionCycles = 1: v1 and one revision.
    let p = Project::running(
        store.clone(),
        Policy::recommended(),
        &two_milestones(),
        Some(json!({"maxRevisionCycles": 1})),
    )
    .await;
    revise(&p, 2).await;
    let e = p.submit(&p.participant, 0).await.unwrap_err();
    assert_eq!(e.code(), "PBGM_MAX_REVISIONS");
    assert_eq!(e.facts()["limit"], 1);
    assert_eq!(e.facts()["used"], 1);
    refuses!(p, p.submit(&p.participant, 0).await, "PBGM_MAX_REVISIONS");

    // The platform limit applies when the program sets none; legacy counts every version.
    let mut legacy = Policy::legacy();
    legacy.pbgm.max_revisions = Some(2);
    let engine = p.fx.engine_with(legacy);
    let second_input = crate::app::ProgramInput {
        reviewer_pool_ids: vec![uid(&p.reviewer)],
        ..crate::app::ProgramInput::new("Proyek Kedua", 4)
    };
    let program =
        p.fx.titan
            .create_program(&p.owner, &second_input)
            .await
            .unwrap();
    let m =
        p.fx.titan
            .create_milestone(&p.owner, &program.id, &MilestoneInput::new("Tahap", &["x"]))
            .await
            .unwrap();
    let second = Project {
        program: program.clone(),
        milestones: vec![m.clone()],
        ..p.clone()
    };
    second.enrol(&p.participant).await;
    p.fx.titan
        .publish_program(&p.owner, &program.id)
        .await
        .unwrap();
    p.fx.titan
        .start_program(&p.owner, &program.id)
        .await
        .unwrap();
    for _ in 0..2 {
        let v = engine
            .submit_milestone(&p.participant, &m.id, &work("x"))
            .await
            .unwrap();
        engine
            .review_submission(
                &p.reviewer,
                &v.submission.id,
                &crate::app::ReviewInput::new(D::RequestRevision),
            )
            .await
            .unwrap();
    }
    // Legacy: two versions in total; recommended: v1 plus two revisions.
    let e = engine
        .submit_milestone(&p.participant, &m.id, &work("x"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "PBGM_MAX_REVISIONS");
    assert_eq!(e.facts()["used"], 2);
    let mut recommended = Policy::recommended();
    recommended.pbgm.max_revisions = Some(2);
    let v3 =
        p.fx.engine_with(recommended)
            .submit_milestone(&p.participant, &m.id, &work("x"))
            .await
            .unwrap();
    assert_eq!(v3.submission.version_number, 3);
}

pub async fn a_milestone_without_review_is_approved_on_submission(store: Arc<dyn Store>) {
    let unreviewed = MilestoneInput {
        requires_review: false,
        requires_reflection: true,
        ..MilestoneInput::new("Catatan Harian", &["jurnal"])
    };
    let p = Project::running(store, Policy::recommended(), &[unreviewed], None).await;
    let titan = &p.fx.titan;
    refuses!(
        p,
        p.submit(&p.participant, 0).await,
        "PBGM_REFLECTION_REQUIRED"
    );
    titan
        .submit_reflection(
            &p.participant,
            &p.program.id,
            &ReflectionInput {
                milestone_id: Some(p.milestones[0].id.clone()),
                answers: ReflectionAnswers {
                    key_feedback: Some("Perlu data pendukung".into()),
                    ..ReflectionAnswers::default()
                },
            },
        )
        .await
        .unwrap();
    let done = p.submit(&p.participant, 0).await.unwrap();
    assert!(done.auto_approved);
    assert_eq!(done.status, S::ApprovedFinal);
    assert_eq!(done.submission.status, S::ApprovedFinal);
    assert_eq!(done.enrollment.status, E::Completed);
    assert!(done.enrollment.completed_at.is_some());
    // Approved at once: nothing is left to review.
    let e = p
        .review(&p.reviewer, &done.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(e.facts()["state"], "APPROVED_FINAL");
}
