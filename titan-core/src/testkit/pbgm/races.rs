//! Races on one participant's milestone, and a close racing submissions.

use std::sync::Arc;

use super::{Project, uid, work};
use crate::app::{Actor, ReviewInput, ReviewerAssignmentInput};
use crate::model::{Role, WblmMilestoneStatus as S, WblmReviewDecision as D};
use crate::ports::Store;

const TASKS: usize = 8;

/// `TASKS` concurrent submissions by the participant on milestone 0: the versions that
/// succeeded, and the refusal codes with the state they name.
async fn submit_all(p: &Project) -> (Vec<i32>, Vec<(String, String)>) {
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let titan = p.fx.titan.clone();
            let who = p.participant.clone();
            let milestone = p.milestones[0].id.clone();
            tokio::spawn(async move { titan.submit_milestone(&who, &milestone, &work("x")).await })
        })
        .collect();
    let mut versions = Vec::new();
    let mut refusals = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(r) => versions.push(r.submission.version_number),
            Err(e) => refusals.push((e.code().to_owned(), e.facts()["state"].to_string())),
        }
    }
    (versions, refusals)
}

pub async fn concurrent_submissions_give_unique_consecutive_versions(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let (versions, refusals) = submit_all(&p).await;
    assert_eq!(versions, vec![1]);
    assert_eq!(refusals.len(), TASKS - 1);
    for (code, state) in &refusals {
        assert_eq!(code, "PBGM_INVALID_MILESTONE_TRANSITION");
        assert_eq!(state, "\"SUBMITTED\"");
    }
    let me = uid(&p.participant);
    let first = {
        let mut uow = store.begin_read().await.unwrap();
        uow.pbgm()
            .latest_submission(&p.milestones[0].id, &me)
            .await
            .unwrap()
            .unwrap()
    };
    p.review(&p.reviewer, &first.id, D::RequestRevision)
        .await
        .unwrap();
    let (versions, refusals) = submit_all(&p).await;
    assert_eq!(versions, vec![2]);
    for (code, state) in &refusals {
        assert_eq!(code, "PBGM_INVALID_MILESTONE_TRANSITION");
        assert_eq!(state, "\"RESUBMITTED\"");
    }
    let mut uow = store.begin_read().await.unwrap();
    let all: Vec<i32> = uow
        .pbgm()
        .submissions_of(&p.milestones[0].id, &me)
        .await
        .unwrap()
        .iter()
        .map(|s| s.version_number)
        .collect();
    assert_eq!(all, vec![1, 2]);
    // One event (and one notification of the reviewer) per accepted version.
    let told = uow
        .notifications()
        .of_user(&uid(&p.reviewer), false, 50)
        .await
        .unwrap();
    assert_eq!(told.len(), 2);
}

pub async fn concurrent_reviews_by_one_reviewer_give_one_review(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let titan = p.fx.titan.clone();
            let who = p.reviewer.clone();
            let id = v1.submission.id.clone();
            tokio::spawn(async move {
                titan
                    .review_submission(&who, &id, &ReviewInput::new(D::CommentOnly))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(r) => {
                ok += 1;
                assert_eq!(r.status, S::UnderReview);
            }
            Err(e) => assert_eq!(e.code(), "PBGM_ALREADY_REVIEWED", "{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    let mut uow = store.begin_read().await.unwrap();
    let reviews = uow
        .pbgm()
        .reviews_of_submission(&v1.submission.id)
        .await
        .unwrap();
    assert_eq!(reviews.len(), 1);
    let told = uow
        .notifications()
        .of_user(&uid(&p.participant), false, 50)
        .await
        .unwrap();
    assert_eq!(told.len(), 1);
}

pub async fn concurrent_accepts_approve_once(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let titan = &p.fx.titan;
    let mut reviewers: Vec<Actor> = Vec::new();
    for i in 0..TASKS {
        reviewers.push(
            p.fx.user(&format!("panel{i}"), Role::Instructor, Some("BKN"))
                .await
                .0,
        );
    }
    let mut input = crate::app::ProgramInput::new(p.program.title.clone(), 8);
    input.reviewer_pool_ids = reviewers.iter().map(uid).collect();
    titan
        .update_program(&p.owner, &p.program.id, &input)
        .await
        .unwrap();
    for r in &reviewers {
        titan
            .assign_reviewer(
                &p.owner,
                &p.program.id,
                &ReviewerAssignmentInput {
                    participant_user_id: uid(&p.participant),
                    reviewer_user_id: uid(r),
                    ..ReviewerAssignmentInput::default()
                },
            )
            .await
            .unwrap();
    }
    let v1 = p.submit(&p.participant, 0).await.unwrap();
    let tasks: Vec<_> = reviewers
        .iter()
        .map(|r| {
            let titan = titan.clone();
            let who = r.clone();
            let id = v1.submission.id.clone();
            tokio::spawn(async move {
                titan
                    .review_submission(&who, &id, &ReviewInput::new(D::Accept))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(r) => {
                ok += 1;
                assert_eq!(r.status, S::ApprovedFinal);
            }
            Err(e) => {
                assert_eq!(e.code(), "PBGM_INVALID_MILESTONE_TRANSITION", "{e:?}");
                assert_eq!(e.facts()["state"], "APPROVED_FINAL");
            }
        }
    }
    assert_eq!(ok, 1);
    let mut uow = store.begin_read().await.unwrap();
    assert_eq!(
        uow.pbgm()
            .reviews_of_submission(&v1.submission.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn a_close_racing_submissions_leaves_nothing_unlocked(store: Arc<dyn Store>) {
    let p = Project::standard(store.clone()).await;
    let mut people = vec![p.participant.clone()];
    for i in 0..5 {
        let who = p.fx.learner(&format!("peserta{i}")).await;
        p.enrol(&who).await;
        people.push(who);
    }
    let mut tasks = Vec::new();
    for who in &people {
        let titan = p.fx.titan.clone();
        let who = who.clone();
        let milestone = p.milestones[0].id.clone();
        tasks.push(tokio::spawn(async move {
            titan
                .submit_milestone(&who, &milestone, &work("x"))
                .await
                .map(|_| ())
        }));
    }
    let closer = {
        let titan = p.fx.titan.clone();
        let owner = p.owner.clone();
        let id = p.program.id.clone();
        tokio::spawn(async move { titan.close_program(&owner, &id).await })
    };
    for t in tasks {
        if let Err(e) = t.await.unwrap() {
            assert_eq!(e.code(), "PBGM_PROGRAM_NOT_RUNNING", "{e:?}");
        }
    }
    closer.await.unwrap().unwrap();
    let mut uow = store.begin_read().await.unwrap();
    let rows = uow
        .pbgm()
        .participant_milestones_of_program(&p.program.id)
        .await
        .unwrap();
    assert_eq!(rows.len(), people.len() * p.milestones.len());
    assert!(rows.iter().all(|r| r.status == S::Locked), "{rows:?}");
    for who in &people {
        for s in uow
            .pbgm()
            .submissions_of(&p.milestones[0].id, &uid(who))
            .await
            .unwrap()
        {
            assert_eq!(s.status, S::Locked);
        }
    }
}
