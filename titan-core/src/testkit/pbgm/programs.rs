//! Programs and milestones: creation, updates, deletion, visibility.

use std::sync::Arc;

use chrono::Duration;
use serde_json::json;

use super::{Project, two_milestones, uid};
use crate::app::{Actor, MilestoneInput, ProgramInput};
use crate::assert_code;
use crate::model::{Role, WblmEnrollmentStatus, WblmProgramStatus};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::testkit::Fixture;

pub async fn programs_are_drafts_created_by_instructors_and_admins(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let teacher = fx.instructor("guru").await;
    let learner = fx.learner("budi").await;
    let input = ProgramInput::new("Proyek Perubahan", 8);
    assert_code!(
        fx.titan.create_program(&learner, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan.create_program(&Actor::Anonymous, &input).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let refusals = [
        (ProgramInput::new("AB", 8), "VALIDATION_TOO_SHORT"),
        (ProgramInput::new("   ", 8), "VALIDATION_REQUIRED"),
        (
            ProgramInput::new("Proyek Perubahan", 0),
            "VALIDATION_OUT_OF_RANGE",
        ),
        (
            ProgramInput {
                start_date: Some(fx.clock.now()),
                end_date: Some(fx.clock.now() - Duration::days(1)),
                ..input.clone()
            },
            "VALIDATION_OUT_OF_RANGE",
        ),
        (
            ProgramInput {
                status: Some(WblmProgramStatus::Running),
                ..input.clone()
            },
            "PBGM_STATUS_CHANGE_NOT_ALLOWED",
        ),
        (
            ProgramInput {
                reviewer_pool_ids: vec!["nobody".into()],
                ..input.clone()
            },
            "NOT_FOUND",
        ),
        (
            ProgramInput {
                settings: Some(json!([1])),
                ..input.clone()
            },
            "VALIDATION_FORMAT",
        ),
        (
            ProgramInput {
                settings: Some(json!({"maxRevisionCycles": -1})),
                ..input.clone()
            },
            "VALIDATION_OUT_OF_RANGE",
        ),
        (
            ProgramInput {
                settings: Some(json!({"evidenceVisibility": "public"})),
                ..input.clone()
            },
            "VALIDATION_UNKNOWN_VALUE",
        ),
        (
            ProgramInput {
                settings: Some(json!({"allowSupervisorReview": "ya"})),
                ..input.clone()
            },
            "VALIDATION_FORMAT",
        ),
    ];
    for (bad, code) in refusals {
        assert_code!(fx.titan.create_program(&teacher, &bad).await, code);
    }
    assert!(
        fx.titan
            .list_owned_programs(&teacher)
            .await
            .unwrap()
            .is_empty()
    );

    let (penilai, _) = fx.user("penilai", Role::Instructor, Some("BKN")).await;
    let made = fx
        .titan
        .create_program(
            &teacher,
            &ProgramInput {
                title: "  Proyek Perubahan  ".into(),
                target_roles: vec!["PNS".into(), " PNS ".into(), "".into(), "PPPK".into()],
                reviewer_pool_ids: vec![uid(&penilai), uid(&penilai)],
                settings: Some(json!({"maxRevisionCycles": 2, "safeToLearnStatement": "Aman"})),
                status: Some(WblmProgramStatus::Draft),
                ..input.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(made.status, WblmProgramStatus::Draft);
    assert_eq!(made.owner_user_id, uid(&teacher));
    assert_eq!(made.title, "Proyek Perubahan");
    assert_eq!(made.target_roles, vec!["PNS", "PPPK"]);
    assert_eq!(made.reviewer_pool_ids, vec![uid(&penilai)]);
    assert_eq!(
        made.settings,
        Some(json!({
            "allowSupervisorReview": false,
            "reviewerScoringEnabled": true,
            "maxRevisionCycles": 2,
            "evidenceVisibility": "participant_only",
            "safeToLearnStatement": "Aman",
        }))
    );
    let (admin, _) = fx.user("adminbkn", Role::AdminUnit, Some("BKN")).await;
    fx.titan.create_program(&admin, &input).await.unwrap();
    fx.titan.create_program(&fx.admin, &input).await.unwrap();
    let owned = fx.titan.list_owned_programs(&teacher).await.unwrap();
    assert_eq!(owned, vec![made]);
}

pub async fn updates_never_change_the_status_and_stop_once_closed(store: Arc<dyn Store>) {
    let p = Project::draft(store, Policy::recommended(), &two_milestones(), None).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let mut input = ProgramInput::new("Proyek Perubahan Kinerja", 10);
    input.reviewer_pool_ids = p.program.reviewer_pool_ids.clone();
    for status in [WblmProgramStatus::Published, WblmProgramStatus::Archived] {
        let bypass = ProgramInput {
            status: Some(status),
            ..input.clone()
        };
        refuses!(
            p,
            titan.update_program(&p.owner, id, &bypass).await,
            "PBGM_STATUS_CHANGE_NOT_ALLOWED"
        );
    }
    let stranger = p.fx.instructor("orang-lain").await;
    refuses!(
        p,
        titan.update_program(&stranger, id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    let (other_admin, _) = p.fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    refuses!(
        p,
        titan.update_program(&other_admin, id, &input).await,
        "IDENTITY_FORBIDDEN"
    );
    refuses!(
        p,
        titan
            .update_program(&p.owner, id, &ProgramInput::new("X", 10))
            .await,
        "VALIDATION_TOO_SHORT"
    );

    let updated = titan.update_program(&p.owner, id, &input).await.unwrap();
    assert_eq!(updated.title, "Proyek Perubahan Kinerja");
    assert_eq!(updated.duration_weeks, 10);
    assert_eq!(updated.status, WblmProgramStatus::Draft);
    // No settings given: the current ones stay.
    assert_eq!(updated.settings, p.program.settings);
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let same_status = ProgramInput {
        status: Some(WblmProgramStatus::Draft),
        settings: Some(json!({"maxRevisionCycles": 1})),
        ..input.clone()
    };
    let by_admin = titan
        .update_program(&unit_admin, id, &same_status)
        .await
        .unwrap();
    assert_eq!(by_admin.settings.unwrap()["maxRevisionCycles"], 1);

    titan.publish_program(&p.owner, id).await.unwrap();
    titan.start_program(&p.owner, id).await.unwrap();
    // Running programs are still editable (not their status).
    titan.update_program(&p.owner, id, &input).await.unwrap();
    titan.close_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan.update_program(&p.owner, id, &input).await,
        "PBGM_PROGRAM_NOT_EDITABLE"
    );
    titan.archive_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan.update_program(&p.owner, id, &input).await,
        "PBGM_PROGRAM_NOT_EDITABLE"
    );
}

pub async fn milestones_change_only_while_the_program_is_draft(store: Arc<dyn Store>) {
    let p = Project::draft(store, Policy::recommended(), &two_milestones(), None).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    assert_eq!(
        p.milestones
            .iter()
            .map(|m| m.order_index)
            .collect::<Vec<_>>(),
        vec![0, 1]
    );
    let third = titan
        .create_milestone(
            &p.owner,
            id,
            &MilestoneInput {
                requires_reflection: true,
                ..MilestoneInput::new("  Refleksi  ", &["esai", " esai ", ""])
            },
        )
        .await
        .unwrap();
    assert_eq!(third.order_index, 2);
    assert_eq!(third.name, "Refleksi");
    assert_eq!(third.required_artifact_types, vec!["esai"]);
    refuses!(
        p,
        titan
            .create_milestone(&p.owner, id, &MilestoneInput::new("A", &["x"]))
            .await,
        "VALIDATION_TOO_SHORT"
    );
    refuses!(
        p,
        titan
            .create_milestone(&p.owner, id, &MilestoneInput::new("Tanpa artefak", &[" "]))
            .await,
        "VALIDATION_REQUIRED"
    );
    let stranger = p.fx.instructor("orang-lain").await;
    refuses!(
        p,
        titan
            .create_milestone(&stranger, id, &MilestoneInput::new("Sisipan", &["x"]))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    let renamed = titan
        .update_milestone(
            &p.owner,
            &third.id,
            &MilestoneInput::new("Refleksi Akhir", &["esai"]),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Refleksi Akhir");
    assert_eq!(renamed.order_index, 2);
    assert!(!renamed.requires_reflection);

    let (a, b) = (p.milestones[0].id.clone(), p.milestones[1].id.clone());
    for bad in [
        vec![a.clone(), b.clone()],
        vec![a.clone(), a.clone(), b.clone()],
        vec![a.clone(), b.clone(), "asing".into()],
    ] {
        refuses!(
            p,
            titan.reorder_milestones(&p.owner, id, &bad).await,
            "VALIDATION_FORMAT"
        );
    }
    let ordered = titan
        .reorder_milestones(&p.owner, id, &[third.id.clone(), b.clone(), a.clone()])
        .await
        .unwrap();
    assert_eq!(
        ordered
            .iter()
            .map(|m| (m.id.clone(), m.order_index))
            .collect::<Vec<_>>(),
        vec![(third.id.clone(), 0), (b.clone(), 1), (a.clone(), 2)]
    );
    let detail = titan.get_program(&p.owner, id).await.unwrap();
    assert_eq!(detail.milestones, ordered);
    titan.delete_milestone(&p.owner, &third.id).await.unwrap();
    assert_eq!(
        titan
            .get_program(&p.owner, id)
            .await
            .unwrap()
            .milestones
            .len(),
        2
    );

    titan.publish_program(&p.owner, id).await.unwrap();
    refuses!(
        p,
        titan
            .create_milestone(&p.owner, id, &MilestoneInput::new("Terlambat", &["x"]))
            .await,
        "PBGM_PROGRAM_NOT_DRAFT"
    );
    refuses!(
        p,
        titan
            .update_milestone(&p.owner, &a, &MilestoneInput::new("Ganti", &["x"]))
            .await,
        "PBGM_PROGRAM_NOT_DRAFT"
    );
    refuses!(
        p,
        titan.delete_milestone(&p.owner, &a).await,
        "PBGM_PROGRAM_NOT_DRAFT"
    );
    refuses!(
        p,
        titan
            .reorder_milestones(&p.owner, id, &[a.clone(), b.clone()])
            .await,
        "PBGM_PROGRAM_NOT_DRAFT"
    );
    assert_code!(
        titan.delete_milestone(&p.owner, "tidak-ada").await,
        "NOT_FOUND"
    );
}

pub async fn only_a_draft_program_is_deleted_with_everything_in_it(store: Arc<dyn Store>) {
    let p = Project::draft(
        store.clone(),
        Policy::recommended(),
        &two_milestones(),
        None,
    )
    .await;
    let titan = &p.fx.titan;
    let stranger = p.fx.instructor("orang-lain").await;
    refuses!(
        p,
        titan.delete_program(&stranger, &p.program.id).await,
        "IDENTITY_FORBIDDEN"
    );
    titan.delete_program(&p.owner, &p.program.id).await.unwrap();
    assert_code!(
        titan.get_program(&p.owner, &p.program.id).await,
        "NOT_FOUND"
    );
    assert!(
        titan
            .list_my_programs(&p.participant)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        titan
            .list_owned_programs(&p.owner)
            .await
            .unwrap()
            .is_empty()
    );
    {
        let mut uow = store.begin_read().await.unwrap();
        let repo = uow.pbgm();
        assert!(repo.milestone(&p.milestones[0].id).await.unwrap().is_none());
        assert!(
            repo.assignments_of_reviewer(&uid(&p.reviewer))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            repo.enrollments_of_participant(&uid(&p.participant))
                .await
                .unwrap()
                .is_empty()
        );
    }
    assert_code!(
        titan.delete_program(&p.owner, &p.program.id).await,
        "NOT_FOUND"
    );

    let published = titan
        .create_program(&p.owner, &ProgramInput::new("Proyek Kedua", 4))
        .await
        .unwrap();
    titan
        .create_milestone(
            &p.owner,
            &published.id,
            &MilestoneInput::new("Tahap 1", &["x"]),
        )
        .await
        .unwrap();
    titan
        .publish_program(&p.owner, &published.id)
        .await
        .unwrap();
    assert_code!(
        titan.delete_program(&p.owner, &published.id).await,
        "PBGM_PROGRAM_NOT_DRAFT"
    );
    let kept = titan.get_program(&p.owner, &published.id).await.unwrap();
    assert_eq!(kept.program.status, WblmProgramStatus::Published);
    assert_eq!(kept.milestones.len(), 1);
}

pub async fn programs_are_visible_to_their_people_only(store: Arc<dyn Store>) {
    let p = Project::standard(store).await;
    let titan = &p.fx.titan;
    let id = &p.program.id;
    let (unit_admin, _) = p.fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    for who in [
        &p.owner,
        &p.participant,
        &p.reviewer,
        &unit_admin,
        &p.fx.admin,
    ] {
        let detail = titan.get_program(who, id).await.unwrap();
        assert_eq!(detail.program.id, *id);
        assert_eq!(detail.milestones.len(), 2);
    }
    let outsider = p.fx.learner("orang-luar").await;
    let (other_admin, _) = p.fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    assert_code!(titan.get_program(&outsider, id).await, "NOT_FOUND");
    assert_code!(titan.get_program(&other_admin, id).await, "NOT_FOUND");
    assert_code!(
        titan.get_program(&Actor::Anonymous, id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(titan.get_program(&p.owner, "tidak-ada").await, "NOT_FOUND");

    let mine = titan.list_my_programs(&p.participant).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].program.id, *id);
    assert_eq!(mine[0].enrollment.status, WblmEnrollmentStatus::Active);
    assert!(titan.list_my_programs(&outsider).await.unwrap().is_empty());
    assert_code!(
        titan.list_my_programs(&Actor::Anonymous).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        titan.list_program_participants(&outsider, id).await,
        "IDENTITY_FORBIDDEN"
    );
    let participants = titan.list_program_participants(&p.owner, id).await.unwrap();
    assert_eq!(participants.len(), 1);
    assert_eq!(participants[0].participant_user_id, uid(&p.participant));
}
