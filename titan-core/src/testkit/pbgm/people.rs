//! Participants and reviewers.

use std::sync::Arc;

use super::{Project, two_milestones, uid};
use crate::app::{Actor, MilestoneInput, ParticipantInput, ProgramInput, ReviewerAssignmentInput};
use crate::assert_code;
use crate::model::{Role, WblmEnrollmentStatus as E, WblmReviewerRole};
use crate::policy::Policy;
use crate::ports::Store;

fn participant(who: &Actor) -> ParticipantInput {
    ParticipantInput {
        participant_user_id: uid(who),
        supervisor_user_id: None,
    }
}

pub async fn enrolment_follows_the_program_status(store: Arc<dyn Store>) {
    let p = Project::draft(store, Policy::recommended(), &two_milestones(), None).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let mine = titan.list_my_programs(&p.participant).await.unwrap();
    assert_eq!(mine[0].enrollment.status, E::Invited);
    let supervisor = p.fx.instructor("atasan").await;
    let early = p.fx.learner("awal").await;
    let row = titan
        .enrol_participant(
            &p.owner,
            id,
            &ParticipantInput {
                participant_user_id: uid(&early),
                supervisor_user_id: Some(uid(&supervisor)),
            },
        )
        .await
        .unwrap();
    assert_eq!(row.status, E::Invited);
    assert_eq!(row.supervisor_user_id, Some(uid(&supervisor)));
    refuses!(
        p,
        titan
            .enrol_participant(&p.owner, id, &participant(&early))
            .await,
        "PBGM_ALREADY_ENROLLED"
    );
    refuses!(
        p,
        titan
            .enrol_participant(
                &p.owner,
                id,
                &ParticipantInput {
                    participant_user_id: "tidak-ada".into(),
                    supervisor_user_id: None,
                },
            )
            .await,
        "NOT_FOUND"
    );
    refuses!(
        p,
        titan
            .enrol_participant(
                &p.owner,
                id,
                &ParticipantInput {
                    participant_user_id: " ".into(),
                    supervisor_user_id: None,
                },
            )
            .await,
        "VALIDATION_REQUIRED"
    );
    let late = p.fx.learner("telat").await;
    refuses!(
        p,
        titan
            .enrol_participant(&late, id, &participant(&late))
            .await,
        "IDENTITY_FORBIDDEN"
    );

    titan.publish_program(&p.owner, id).await.unwrap();
    let published = p.fx.learner("terbit").await;
    assert_eq!(
        titan
            .enrol_participant(&p.owner, id, &participant(&published))
            .await
            .unwrap()
            .status,
        E::Enrolled
    );
    titan.start_program(&p.owner, id).await.unwrap();
    // A unit admin of the owner manages too; a late joiner is ACTIVE at once.
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    assert_eq!(
        titan
            .enrol_participant(&unit_admin, id, &participant(&late))
            .await
            .unwrap()
            .status,
        E::Active
    );
    // The legacy app only enrolled into DRAFT and PUBLISHED programs.
    let legacy = p.fx.engine_with(Policy::legacy());
    let refused = p.fx.learner("ditolak").await;
    refuses!(
        p,
        legacy
            .enrol_participant(&p.owner, id, &participant(&refused))
            .await,
        "PBGM_ENROLLMENT_CLOSED"
    );
    titan.close_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan
            .enrol_participant(&p.owner, id, &participant(&refused))
            .await,
        "PBGM_ENROLLMENT_CLOSED"
    );
    let statuses: Vec<E> = titan
        .list_program_participants(&p.owner, id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, vec![E::Active, E::Active, E::Active, E::Active]);
}

pub async fn participants_withdraw_themselves_or_are_withdrawn_by_managers(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let other = p.fx.learner("peserta-dua").await;
    p.enrol(&other).await;
    refuses!(
        p,
        titan
            .withdraw_participant(&other, id, Some(&uid(&p.participant)))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    refuses!(
        p,
        titan
            .withdraw_participant(&Actor::Anonymous, id, None)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let outsider = p.fx.learner("orang-luar").await;
    refuses!(
        p,
        titan.withdraw_participant(&outsider, id, None).await,
        "NOT_FOUND"
    );
    let gone = titan
        .withdraw_participant(&p.participant, id, None)
        .await
        .unwrap();
    assert_eq!(gone.status, E::Withdrawn);
    let again = titan
        .withdraw_participant(&p.participant, id, None)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "PBGM_INVALID_ENROLLMENT_TRANSITION");
    assert_eq!(again.facts()["state"], "WITHDRAWN");
    assert_eq!(again.facts()["event"], "WITHDRAW");
    refuses!(
        p,
        p.submit(&p.participant, 0).await,
        "PBGM_NOT_PARTICIPATING"
    );
    refuses!(
        p,
        titan
            .enrol_participant(&p.owner, id, &participant(&p.participant))
            .await,
        "PBGM_ALREADY_ENROLLED"
    );
    let by_owner = titan
        .withdraw_participant(&p.owner, id, Some(&uid(&other)))
        .await
        .unwrap();
    assert_eq!(by_owner.status, E::Withdrawn);
}

pub async fn reviewers_come_from_the_pool_once_per_participant_and_milestone(
    store: Arc<dyn Store>,
) {
    let p = Project::draft(store, Policy::recommended(), &two_milestones(), None).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let assign = |reviewer: &Actor, milestone: Option<&str>, role: WblmReviewerRole| {
        ReviewerAssignmentInput {
            participant_user_id: uid(&p.participant),
            reviewer_user_id: uid(reviewer),
            milestone_id: milestone.map(str::to_owned),
            role,
        }
    };
    let m1 = p.milestones[0].id.clone();
    let outside_pool = p.fx.instructor("bukan-pool").await;
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.owner,
                id,
                &assign(&outside_pool, None, WblmReviewerRole::Reviewer)
            )
            .await,
        "PBGM_REVIEWER_NOT_ELIGIBLE"
    );
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.owner,
                id,
                &assign(&p.reviewer, None, WblmReviewerRole::Coach)
            )
            .await,
        "PBGM_ALREADY_ASSIGNED"
    );
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.owner,
                id,
                &assign(&p.reviewer, Some("asing"), WblmReviewerRole::Coach)
            )
            .await,
        "NOT_FOUND"
    );
    let not_enrolled = ReviewerAssignmentInput {
        participant_user_id: uid(&outside_pool),
        ..assign(&p.reviewer, None, WblmReviewerRole::Reviewer)
    };
    refuses!(
        p,
        titan.assign_reviewer(&p.owner, id, &not_enrolled).await,
        "NOT_FOUND"
    );
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.reviewer,
                id,
                &assign(&p.reviewer, Some(&m1), WblmReviewerRole::Coach)
            )
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let coach = titan
        .assign_reviewer(
            &p.owner,
            id,
            &assign(&p.reviewer, Some(&m1), WblmReviewerRole::Coach),
        )
        .await
        .unwrap();
    assert_eq!(coach.role, WblmReviewerRole::Coach);
    assert_eq!(coach.milestone_id, Some(m1.clone()));
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.owner,
                id,
                &assign(&p.reviewer, Some(&m1), WblmReviewerRole::Panelist)
            )
            .await,
        "PBGM_ALREADY_ASSIGNED"
    );
    let all = titan.list_program_reviewers(&p.owner, id).await.unwrap();
    assert_eq!(all.len(), 2);
    titan.unassign_reviewer(&p.owner, &coach.id).await.unwrap();
    assert_eq!(
        titan
            .list_program_reviewers(&p.owner, id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_code!(
        titan.unassign_reviewer(&p.owner, &coach.id).await,
        "NOT_FOUND"
    );

    // Without a pool, instructors and admins are eligible; learners are not; never oneself.
    let open = titan
        .create_program(&p.owner, &ProgramInput::new("Proyek Tanpa Pool", 4))
        .await
        .unwrap();
    titan
        .create_milestone(&p.owner, &open.id, &MilestoneInput::new("Tahap", &["x"]))
        .await
        .unwrap();
    let learner = p.fx.learner("pelajar").await;
    for who in [&p.participant, &learner] {
        titan
            .enrol_participant(&p.owner, &open.id, &participant(who))
            .await
            .unwrap();
    }
    let on_open = |reviewer: &Actor, of: &Actor| ReviewerAssignmentInput {
        participant_user_id: uid(of),
        reviewer_user_id: uid(reviewer),
        milestone_id: None,
        role: WblmReviewerRole::Reviewer,
    };
    titan
        .assign_reviewer(&p.owner, &open.id, &on_open(&outside_pool, &p.participant))
        .await
        .unwrap();
    assert_code!(
        titan
            .assign_reviewer(&p.owner, &open.id, &on_open(&learner, &p.participant))
            .await,
        "PBGM_REVIEWER_NOT_ELIGIBLE"
    );
    let (admin_reviewer, _) =
        p.fx.user("admin-penilai", Role::AdminUnit, Some("BKN"))
            .await;
    titan
        .enrol_participant(&p.owner, &open.id, &participant(&admin_reviewer))
        .await
        .unwrap();
    assert_code!(
        titan
            .assign_reviewer(
                &p.owner,
                &open.id,
                &on_open(&admin_reviewer, &admin_reviewer)
            )
            .await,
        "PBGM_SELF_REVIEW"
    );
    titan
        .assign_reviewer(&p.owner, &open.id, &on_open(&admin_reviewer, &learner))
        .await
        .unwrap();

    titan.publish_program(&p.owner, id).await.unwrap();
    titan.start_program(&p.owner, id).await.unwrap();
    titan.close_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan
            .assign_reviewer(
                &p.owner,
                id,
                &assign(&p.reviewer, Some(&m1), WblmReviewerRole::Coach)
            )
            .await,
        "PBGM_PROGRAM_NOT_EDITABLE"
    );
}
