//! Curation: the candidate board, manual selection, playlist assembly, finalisation, the
//! legacy difference and concurrent finalisations.

use std::sync::Arc;

use super::{by_video, candidates, pairs, ready_session, selection, session};
use crate::app::{Actor, CandidateBatch, CategoryInput, CourseInput};
use crate::assert_code;
use crate::model::{ContentType, CurationStatus, YtCurationCandidate};
use crate::policy::Policy;
use crate::ports::{Clock, Store};
use crate::testkit::fixture::Fixture;
use crate::testkit::survey::id_of;

pub async fn candidates_are_listed_by_recommendation(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = ready_session(&fx, &curator, 30).await;
    let rows = candidates(&fx, &s.id).await;
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "b").id, None)
        .await
        .unwrap();
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "d").id, None)
        .await
        .unwrap();
    let board = fx.titan.curation_candidates(&curator, &s.id).await.unwrap();
    let ids =
        |list: &[YtCurationCandidate]| list.iter().map(|c| c.video_id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&board.include),
        vec!["b", "a", "c"],
        "selected first, then by score"
    );
    assert_eq!(ids(&board.maybe), vec!["d"]);
    assert_eq!(ids(&board.exclude), vec!["f", "e"]);
    assert_eq!(ids(&board.selected), vec!["b", "d"]);
    assert_eq!(board.selected_duration_seconds, 25 * 60);
    assert_eq!(board.session.total_candidates, Some(6));
}

pub async fn curators_select_and_order_videos_by_hand(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = ready_session(&fx, &curator, 30).await;
    let rows = candidates(&fx, &s.id).await;
    let id = |v: &str| by_video(&rows, v).id.clone();
    for v in ["a", "b", "c"] {
        fx.titan
            .select_curation_candidate(&curator, &id(v), None)
            .await
            .unwrap();
    }
    let list = fx
        .titan
        .select_curation_candidate(&curator, &id("d"), Some(1))
        .await
        .unwrap();
    assert_eq!(
        list.iter().map(|c| c.video_id.as_str()).collect::<Vec<_>>(),
        vec!["d", "a", "b", "c"]
    );
    fx.titan
        .select_curation_candidate(&curator, &id("c"), Some(2))
        .await
        .unwrap();
    assert_eq!(
        selection(&candidates(&fx, &s.id).await),
        pairs(&[("d", 1), ("c", 2), ("a", 3), ("b", 4)])
    );
    let list = fx
        .titan
        .unselect_curation_candidate(&curator, &id("c"))
        .await
        .unwrap();
    assert_eq!(list.len(), 3);
    let after = candidates(&fx, &s.id).await;
    assert_eq!(
        selection(&after),
        pairs(&[("d", 1), ("a", 2), ("b", 3)]),
        "orders close up"
    );
    assert_eq!(by_video(&after, "c").order_in_playlist, None);
    // Excluded by score: a curator may still choose it.
    fx.titan
        .select_curation_candidate(&curator, &id("e"), None)
        .await
        .unwrap();

    assert_code!(
        fx.titan
            .select_curation_candidate(&curator, &id("f"), None)
            .await,
        "CURATION_CHANNEL_EXCLUDED"
    );
    assert_code!(
        fx.titan
            .select_curation_candidate(&curator, &id("c"), Some(9))
            .await,
        "CATALOG_POSITION_OUT_OF_RANGE"
    );
    let colleague = fx.instructor("rekan").await;
    assert_code!(
        fx.titan
            .select_curation_candidate(&colleague, &id("c"), None)
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .unselect_curation_candidate(&colleague, &id("a"))
            .await,
        "IDENTITY_FORBIDDEN"
    );
    assert_code!(
        fx.titan
            .select_curation_candidate(&curator, "nope", None)
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        selection(&candidates(&fx, &s.id).await),
        pairs(&[("d", 1), ("a", 2), ("b", 3), ("e", 4)]),
        "the refusals changed nothing"
    );
}

pub async fn the_playlist_fits_the_target_or_nothing_changes(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = ready_session(&fx, &curator, 30).await;
    let rows = candidates(&fx, &s.id).await;
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "d").id, None)
        .await
        .unwrap();
    // Band 27..33 minutes: a + b (30 min, 170) beats c + d (30 min, 145); e and f never pass.
    let playlist = fx
        .titan
        .assemble_curation_playlist(&curator, &s.id)
        .await
        .unwrap();
    assert_eq!(playlist.total_score, 170);
    assert_eq!(playlist.total_duration_seconds, 1800);
    assert_eq!(playlist.skipped.len(), 2);
    assert_eq!(
        selection(&candidates(&fx, &s.id).await),
        pairs(&[("a", 1), ("b", 2)]),
        "replaces the selection"
    );

    let long = ready_session(&fx, &curator, 120).await;
    let rows = candidates(&fx, &long.id).await;
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "c").id, None)
        .await
        .unwrap();
    let refused = fx
        .titan
        .assemble_curation_playlist(&curator, &long.id)
        .await;
    assert_code!(refused.clone(), "CURATION_NO_PLAYLIST_FITS");
    let facts = refused.unwrap_err().facts();
    assert_eq!(
        (facts["eligible"].as_u64(), facts["minSeconds"].as_i64()),
        (Some(4), Some(6480))
    );
    assert_eq!(
        selection(&candidates(&fx, &long.id).await),
        pairs(&[("c", 1)]),
        "nothing changed"
    );
}

pub async fn finalizing_creates_a_draft_course_in_playlist_order(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let early = session(&fx, &curator, 30).await;
    assert_code!(
        fx.titan
            .finalize_curation_session(&curator, &early.id)
            .await,
        "CURATION_INVALID_TRANSITION"
    );
    let s = ready_session(&fx, &curator, 30).await;
    assert_code!(
        fx.titan.finalize_curation_session(&curator, &s.id).await,
        "CURATION_NOTHING_SELECTED"
    );
    fx.titan
        .create_course(
            &curator,
            &CourseInput::new("Kursus: Etika ASN", "Kursus yang sudah ada sebelumnya."),
        )
        .await
        .unwrap();
    let category = fx
        .titan
        .create_category(
            &fx.admin,
            &CategoryInput {
                name: "AI Curated".into(),
                ..CategoryInput::default()
            },
        )
        .await
        .unwrap();
    let rows = candidates(&fx, &s.id).await;
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "b").id, None)
        .await
        .unwrap();
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "c").id, None)
        .await
        .unwrap();
    fx.titan
        .select_curation_candidate(&curator, &by_video(&rows, "a").id, Some(1))
        .await
        .unwrap();

    // A super admin finalises; the course is still the curator's.
    let done = fx
        .titan
        .finalize_curation_session(&fx.admin, &s.id)
        .await
        .unwrap();
    assert_eq!(done.session.status, CurationStatus::Finalized);
    assert_eq!(done.session.processed_at, Some(fx.clock.now()));
    let course = &done.course;
    assert_eq!(course.title, "Kursus: Etika ASN");
    assert_eq!(course.slug, "kursus-etika-asn-2");
    assert!(!course.is_published, "a draft for the curator to review");
    assert_eq!(course.instructor_id, id_of(&curator));
    assert_eq!(course.category_id, Some(category.id));
    assert_eq!(course.yt_playlist_id, Some(format!("curation-{}", s.id)));
    assert_eq!(course.duration, Some(50));
    let outline = fx.titan.course_outline(&curator, &course.id).await.unwrap();
    assert_eq!(outline.modules.len(), 1);
    assert_eq!(outline.modules[0].module.title, "Materi Kurasi");
    let lessons: Vec<(Option<&str>, ContentType, i32)> = outline.modules[0]
        .lessons
        .iter()
        .map(|l| (l.yt_video_id.as_deref(), l.content_type, l.order))
        .collect();
    assert_eq!(
        lessons,
        vec![
            (Some("a"), ContentType::Video, 1),
            (Some("b"), ContentType::Video, 2),
            (Some("c"), ContentType::Video, 3)
        ]
    );
    assert_eq!(
        outline.modules[0].lessons[0].description.as_deref(),
        Some("Ringkasan a")
    );
    fx.titan.publish_course(&curator, &course.id).await.unwrap();

    let c = by_video(&rows, "c").id.clone();
    assert_code!(
        fx.titan.select_curation_candidate(&curator, &c, None).await,
        "CURATION_SESSION_FINALIZED"
    );
    assert_code!(
        fx.titan.unselect_curation_candidate(&curator, &c).await,
        "CURATION_SESSION_FINALIZED"
    );
    assert_code!(
        fx.titan.assemble_curation_playlist(&curator, &s.id).await,
        "CURATION_SESSION_FINALIZED"
    );
    assert_code!(
        fx.titan
            .ingest_curation_candidates(&Actor::System, &s.id, &CandidateBatch::default())
            .await,
        "CURATION_SESSION_FINALIZED"
    );
    assert_code!(
        fx.titan.finalize_curation_session(&curator, &s.id).await,
        "CURATION_INVALID_TRANSITION"
    );
    assert_code!(
        fx.titan
            .advance_curation_session(&Actor::System, &s.id, CurationStatus::Ready)
            .await,
        "CURATION_INVALID_TRANSITION"
    );
}

pub async fn legacy_publishes_the_finalized_course(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let legacy = fx.engine_with(Policy::legacy());
    let curator = fx.instructor("kurator").await;
    let s = ready_session(&fx, &curator, 30).await;
    let rows = candidates(&fx, &s.id).await;
    legacy
        .select_curation_candidate(&curator, &by_video(&rows, "a").id, None)
        .await
        .unwrap();
    let done = legacy
        .finalize_curation_session(&curator, &s.id)
        .await
        .unwrap();
    assert!(done.course.is_published);
    assert_eq!(
        done.course.category_id, None,
        "no AI Curated category exists"
    );
    let page = fx
        .titan
        .list_catalog(&Actor::Anonymous, &Default::default())
        .await;
    let listed = page.map(|p| p.courses.iter().any(|c| c.id == done.course.id));
    assert_eq!(listed.ok(), Some(true));
}

pub async fn four_concurrent_finalizations_create_one_course(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = ready_session(&fx, &curator, 30).await;
    fx.titan
        .assemble_curation_playlist(&curator, &s.id)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let titan = fx.titan.clone();
            let curator = curator.clone();
            let id = s.id.clone();
            tokio::spawn(async move { titan.finalize_curation_session(&curator, &id).await })
        })
        .collect();
    let mut made = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(done) => made.push(done.course),
            Err(e) => assert_eq!(e.code(), "CURATION_INVALID_TRANSITION", "{e:?}"),
        }
    }
    assert_eq!(made.len(), 1);
    let mut uow = fx.store.begin_read().await.unwrap();
    let slugs = uow.catalog().slugs_like("kursus-etika-asn").await.unwrap();
    assert_eq!(
        slugs,
        vec!["kursus-etika-asn".to_owned()],
        "exactly one course"
    );
    let lessons = uow.catalog().lessons_of_course(&made[0].id).await.unwrap();
    assert_eq!(lessons.len(), 2);
}
