//! The program lifecycle and what closing locks.

use std::sync::Arc;

use chrono::Duration;

use super::{Project, uid};
use crate::app::{MilestoneInput, ProgramInput, ReflectionInput};
use crate::model::{
    WblmEnrollmentStatus as E, WblmMilestoneStatus as S, WblmProgramStatus as P,
    WblmReviewDecision as D,
};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::rules::pbgm::ReflectionAnswers;

pub async fn the_lifecycle_follows_its_table(store: Arc<dyn Store>) {
    let p = Project::draft(store, Policy::recommended(), &[], None).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let invalid = |state: &str, event: &str, e: &crate::app::Error| {
        assert_eq!(e.code(), "PBGM_INVALID_PROGRAM_TRANSITION");
        assert_eq!(e.facts()["state"], state);
        assert_eq!(e.facts()["event"], event);
    };
    refuses!(
        p,
        titan.publish_program(&p.owner, id).await,
        "PBGM_PUBLISH_NOT_READY"
    );
    for (step, event) in [
        (titan.start_program(&p.owner, id).await, "START"),
        (titan.close_program(&p.owner, id).await, "CLOSE"),
        (titan.archive_program(&p.owner, id).await, "ARCHIVE"),
    ] {
        invalid("DRAFT", event, &step.unwrap_err());
    }
    titan
        .create_milestone(
            &p.owner,
            id,
            &MilestoneInput::new("Rancangan", &["proposal"]),
        )
        .await
        .unwrap();
    let stranger = p.fx.instructor("orang-lain").await;
    refuses!(
        p,
        titan.publish_program(&stranger, id).await,
        "IDENTITY_FORBIDDEN"
    );
    refuses!(
        p,
        titan.publish_program(&p.participant, id).await,
        "IDENTITY_FORBIDDEN"
    );

    let published = titan.publish_program(&p.owner, id).await.unwrap();
    assert_eq!(published.program.status, P::Published);
    assert_eq!(published.changes.enrollment_changes.len(), 1);
    assert_eq!(published.changes.enrollment_changes[0].from, E::Invited);
    assert_eq!(published.changes.enrollment_changes[0].to, E::Enrolled);
    let enrolled = titan.list_program_participants(&p.owner, id).await.unwrap();
    assert_eq!(enrolled[0].status, E::Enrolled);
    invalid(
        "PUBLISHED",
        "PUBLISH",
        &titan.publish_program(&p.owner, id).await.unwrap_err(),
    );
    invalid(
        "PUBLISHED",
        "CLOSE",
        &titan.close_program(&p.owner, id).await.unwrap_err(),
    );

    let start = p.fx.clock.now();
    let running = titan.start_program(&p.owner, id).await.unwrap();
    assert_eq!(running.program.status, P::Running);
    assert_eq!(running.program.start_date, Some(start));
    let active = titan.list_program_participants(&p.owner, id).await.unwrap();
    assert_eq!(active[0].status, E::Active);
    invalid(
        "RUNNING",
        "ARCHIVE",
        &titan.archive_program(&p.owner, id).await.unwrap_err(),
    );

    p.fx.clock.advance(Duration::days(30));
    let closed = titan.close_program(&p.owner, id).await.unwrap();
    assert_eq!(closed.program.status, P::Closed);
    assert_eq!(closed.program.start_date, Some(start));
    assert_eq!(closed.program.end_date, Some(p.fx.clock.now()));
    assert!(closed.changes.lock_reflections);
    invalid(
        "CLOSED",
        "START",
        &titan.start_program(&p.owner, id).await.unwrap_err(),
    );
    let archived = titan.archive_program(&p.owner, id).await.unwrap();
    assert_eq!(archived.program.status, P::Archived);
    for step in [
        titan.publish_program(&p.owner, id).await,
        titan.start_program(&p.owner, id).await,
        titan.close_program(&p.owner, id).await,
        titan.archive_program(&p.owner, id).await,
    ] {
        assert_eq!(step.unwrap_err().facts()["state"], "ARCHIVED");
    }

    // A planned start or end date is kept.
    let planned = p.fx.clock.now() + Duration::days(7);
    let mut input = ProgramInput::new("Proyek Terjadwal", 4);
    input.start_date = Some(planned);
    input.end_date = Some(planned + Duration::days(28));
    let other = titan.create_program(&p.owner, &input).await.unwrap();
    titan
        .create_milestone(&p.owner, &other.id, &MilestoneInput::new("Tahap", &["x"]))
        .await
        .unwrap();
    titan.publish_program(&p.owner, &other.id).await.unwrap();
    let started = titan.start_program(&p.owner, &other.id).await.unwrap();
    assert_eq!(started.program.start_date, Some(planned));
    let ended = titan.close_program(&p.owner, &other.id).await.unwrap();
    assert_eq!(ended.program.end_date, Some(planned + Duration::days(28)));
}

pub async fn closing_locks_everything_but_approved_work(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let second = p.fx.learner("peserta-dua").await;
    p.enrol(&second).await;
    let idle = p.fx.learner("peserta-diam").await;
    p.enrol(&idle).await;
    // peserta: milestone 1 approved, milestone 2 awaiting review, a reflection.
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    p.review(&p.reviewer, &v1.submission.id, D::Accept)
        .await
        .unwrap();
    let pending = p.submit(&p.participant, 1).await.unwrap();
    titan
        .submit_reflection(
            &p.participant,
            id,
            &ReflectionInput {
                milestone_id: None,
                answers: ReflectionAnswers {
                    what_changed: Some("Cara saya memimpin rapat".into()),
                    ..ReflectionAnswers::default()
                },
            },
        )
        .await
        .unwrap();
    // peserta-dua: revision requested on milestone 1.
    let other = p.submit(&second, 0).await.unwrap();
    p.review(&p.reviewer, &other.submission.id, D::RequestRevision)
        .await
        .unwrap();
    // peserta-diam withdraws: withdrawn participants get no LOCKED rows.
    titan.withdraw_participant(&idle, id, None).await.unwrap();

    let closed = titan.close_program(&p.owner, id).await.unwrap();
    let mut uow = store.begin_read().await.unwrap();
    let repo = uow.pbgm();
    let status = |rows: &[crate::model::WblmParticipantMilestone], user: &str, m: &str| {
        rows.iter()
            .find(|r| r.participant_user_id == user && r.milestone_id == m)
            .map(|r| r.status)
    };
    let rows = repo.participant_milestones_of_program(id).await.unwrap();
    let (m1, m2) = (&p.milestones[0].id, &p.milestones[1].id);
    let me = uid(&p.participant);
    let two = uid(&second);
    assert_eq!(status(&rows, &me, m1), Some(S::ApprovedFinal));
    assert_eq!(status(&rows, &me, m2), Some(S::Locked));
    assert_eq!(status(&rows, &two, m1), Some(S::Locked));
    assert_eq!(status(&rows, &two, m2), Some(S::Locked));
    assert_eq!(status(&rows, &uid(&idle), m1), None);
    assert_eq!(rows.len(), 4);
    assert_eq!(closed.changes.milestone_changes.len(), 3);
    assert_eq!(
        closed
            .changes
            .milestone_changes
            .iter()
            .filter(|c| c.id.is_none())
            .count(),
        1
    );
    // The version awaiting a decision is locked with its milestone; approved work stays.
    let pending_now = repo
        .submission(&pending.submission.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pending_now.status, S::Locked);
    let approved_now = repo.submission(&v1.submission.id).await.unwrap().unwrap();
    assert_eq!(approved_now.status, S::ApprovedFinal);
    let reflections = repo.reflections_of_program(id).await.unwrap();
    assert_eq!(reflections.len(), 1);
    assert!(reflections[0].is_locked);
    drop(uow);

    refuses!(p, p.submit(&second, 0).await, "PBGM_PROGRAM_NOT_RUNNING");
    let locked = p
        .review(&p.reviewer, &pending.submission.id, D::Accept)
        .await
        .unwrap_err();
    assert_eq!(locked.code(), "PBGM_INVALID_MILESTONE_TRANSITION");
    assert_eq!(locked.facts()["state"], "LOCKED");
    assert_eq!(locked.facts()["event"], "ACCEPT");
    let standing = titan
        .participant_progress(&p.participant, id, None)
        .await
        .unwrap();
    assert_eq!(standing.progress.approved, 1);
    assert_eq!(standing.progress.percent.to_string(), "50.00");
    assert_eq!(standing.milestones[1].status, S::Locked);
}
