//! YouTube curation: sessions and who manages them, ingesting scored candidates, the status
//! machine, manual selection, playlist assembly, finalisation into a course (once, even when
//! four calls race), and the legacy difference.

use std::sync::Arc;

use crate::app::{Actor, CandidateBatch, CandidateInput, CurationSessionInput};
use crate::assert_code;
use crate::model::{CurationStatus, Recommendation, Role, YtCurationCandidate, YtCurationSession};
use crate::policy::Policy;
use crate::ports::{Clock, Store};

use super::fixture::Fixture;
use super::survey::id_of;

mod playlist;
pub use playlist::*;

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_curation {
    ($make:expr) => {
        $crate::__conformance_cases!(
            $make,
            curation,
            [
                curators_start_sessions_with_the_seed_defaults,
                the_creator_and_their_unit_admins_manage_a_session,
                ingest_recomputes_scores_filters_channels_and_updates_known_videos,
                a_bad_batch_writes_nothing,
                the_status_moves_one_step_at_a_time,
                candidates_are_listed_by_recommendation,
                curators_select_and_order_videos_by_hand,
                the_playlist_fits_the_target_or_nothing_changes,
                finalizing_creates_a_draft_course_in_playlist_order,
                legacy_publishes_the_finalized_course,
                four_concurrent_finalizations_create_one_course,
            ]
        );
    };
}

/// A candidate whose four scores are all `score` (so its overall score is `score`).
fn video(id: &str, channel: Option<&str>, minutes: i32, score: i32) -> CandidateInput {
    CandidateInput {
        video_id: id.into(),
        video_title: format!("Video {id}"),
        video_url: None,
        video_thumbnail: None,
        channel_title: channel.map(str::to_owned),
        published_at: None,
        duration_seconds: Some(minutes * 60),
        relevance_score: score,
        level_fit_score: score,
        pedagogy_score: score,
        technical_score: score,
        role_suggestion: None,
        key_topics: None,
        prerequisites: None,
        ai_summary: Some(format!("Ringkasan {id}")),
        ai_notes: None,
    }
}

fn batch(candidates: Vec<CandidateInput>, finished: bool) -> CandidateBatch {
    CandidateBatch {
        candidates,
        finished,
    }
}

async fn session(fx: &Fixture, curator: &Actor, target: i32) -> YtCurationSession {
    let input = CurationSessionInput {
        target_duration_min: Some(target),
        exclude_channels: vec!["Kanal Hoaks".into()],
        ..CurationSessionInput::new("Etika ASN")
    };
    fx.titan
        .create_curation_session(curator, &input)
        .await
        .unwrap()
}

/// A ready session of `target` minutes holding a (15 min, 90), b (15, 80), c (20, 85),
/// d (10, 60: maybe), e (30, 30: excluded by score), f (30, 95, excluded channel).
async fn ready_session(fx: &Fixture, curator: &Actor, target: i32) -> YtCurationSession {
    let s = session(fx, curator, target).await;
    let candidates = vec![
        video("a", Some("BKN RI"), 15, 90),
        video("b", Some("LAN RI"), 15, 80),
        video("c", None, 20, 85),
        video("d", Some("BKN RI"), 10, 60),
        video("e", Some("BKN RI"), 30, 30),
        video("f", Some("kanal hoaks"), 30, 95),
    ];
    fx.titan
        .ingest_curation_candidates(&Actor::System, &s.id, &batch(candidates, true))
        .await
        .unwrap()
        .session
}

async fn candidates(fx: &Fixture, session_id: &str) -> Vec<YtCurationCandidate> {
    let mut uow = fx.store.begin_read().await.unwrap();
    let rows = uow
        .curation()
        .candidates_of_session(session_id)
        .await
        .unwrap();
    uow.rollback().await.unwrap();
    rows
}

fn by_video<'a>(rows: &'a [YtCurationCandidate], video_id: &str) -> &'a YtCurationCandidate {
    rows.iter().find(|c| c.video_id == video_id).unwrap()
}

/// The selection as (videoId, order), in playlist order.
fn selection(rows: &[YtCurationCandidate]) -> Vec<(String, i32)> {
    let mut out: Vec<(String, i32)> = rows
        .iter()
        .filter(|c| c.selected == Some(true))
        .map(|c| (c.video_id.clone(), c.order_in_playlist.unwrap_or(0)))
        .collect();
    out.sort_by_key(|(_, order)| *order);
    out
}

fn pairs(expected: &[(&str, i32)]) -> Vec<(String, i32)> {
    expected
        .iter()
        .map(|(v, o)| ((*v).to_owned(), *o))
        .collect()
}

pub async fn curators_start_sessions_with_the_seed_defaults(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let learner = fx.learner("peserta").await;
    let topic = CurationSessionInput::new("Etika ASN");
    for titan in [fx.titan.clone(), fx.engine_with(Policy::legacy())] {
        assert_code!(
            titan.create_curation_session(&learner, &topic).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    assert_code!(
        fx.titan
            .create_curation_session(&Actor::Anonymous, &topic)
            .await,
        "IDENTITY_UNAUTHENTICATED"
    );
    let bad = [
        (CurationSessionInput::new("  "), "VALIDATION_REQUIRED"),
        (
            CurationSessionInput::new("x".repeat(201)),
            "VALIDATION_TOO_LONG",
        ),
        (
            CurationSessionInput {
                target_duration_min: Some(0),
                ..topic.clone()
            },
            "CURATION_INVALID_TARGET",
        ),
        (
            CurationSessionInput {
                include_channels: vec!["BKN, LAN".into()],
                ..topic.clone()
            },
            "VALIDATION_FORMAT",
        ),
    ];
    for (input, code) in bad {
        assert_code!(
            fx.titan.create_curation_session(&curator, &input).await,
            code
        );
    }
    assert!(
        fx.titan
            .my_curation_sessions(&curator)
            .await
            .unwrap()
            .is_empty()
    );

    let s = fx
        .titan
        .create_curation_session(&curator, &topic)
        .await
        .unwrap();
    assert_eq!(s.status, CurationStatus::Searching);
    assert_eq!(s.language.as_deref(), Some("Bahasa Indonesia"));
    assert_eq!(s.level.as_deref(), Some("All levels"));
    assert_eq!(s.target_duration_min, 60);
    assert_eq!(s.total_candidates, Some(0));
    assert_eq!(s.created_by, Some(id_of(&curator)));
    assert_ne!(s.session_uuid, s.id);
    let custom = CurationSessionInput {
        language: Some("English".into()),
        level: Some("Menengah".into()),
        target_duration_min: Some(45),
        include_channels: vec![" BKN RI ".into(), "".into(), "LAN RI".into()],
        exclude_channels: vec![],
        ..CurationSessionInput::new(" Manajemen ASN ")
    };
    fx.clock.advance(chrono::Duration::seconds(1));
    let t = fx
        .titan
        .create_curation_session(&curator, &custom)
        .await
        .unwrap();
    assert_eq!(t.topic, "Manajemen ASN");
    assert_eq!(t.include_channels.as_deref(), Some("BKN RI, LAN RI"));
    assert_eq!(t.exclude_channels, None);
    assert_eq!(t.level.as_deref(), Some("Menengah"));
    let mine: Vec<String> = fx
        .titan
        .my_curation_sessions(&curator)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(mine, vec![s.id, t.id]);
    assert!(
        fx.titan
            .my_curation_sessions(&fx.admin)
            .await
            .unwrap()
            .is_empty()
    );
    assert_code!(
        fx.titan.my_curation_sessions(&learner).await,
        "IDENTITY_FORBIDDEN"
    );
}

/// A session row of the original app (its ids are UUIDs: `yt_curation_sessions.id` is `uuid`).
const LEGACY_SESSION: &str = "00000000-0000-4000-8000-0000000000aa";
const LEGACY_UUID: &str = "00000000-0000-4000-8000-0000000000ab";

pub async fn the_creator_and_their_unit_admins_manage_a_session(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let colleague = fx.instructor("rekan").await;
    let (unit_admin, _) = fx.user("admin-bkn", Role::AdminUnit, Some("BKN")).await;
    let (far_admin, _) = fx.user("admin-lan", Role::AdminUnit, Some("LAN")).await;
    let s = session(&fx, &curator, 30).await;
    for manager in [&curator, &unit_admin, &fx.admin] {
        fx.titan.curation_candidates(manager, &s.id).await.unwrap();
    }
    for stranger in [&colleague, &far_admin] {
        assert_code!(
            fx.titan.curation_candidates(stranger, &s.id).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan
                .ingest_curation_candidates(stranger, &s.id, &CandidateBatch::default())
                .await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan.assemble_curation_playlist(stranger, &s.id).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan.finalize_curation_session(stranger, &s.id).await,
            "IDENTITY_FORBIDDEN"
        );
        assert_code!(
            fx.titan
                .advance_curation_session(stranger, &s.id, CurationStatus::Scoring)
                .await,
            "IDENTITY_FORBIDDEN"
        );
    }
    // Only the workflow's callbacks accept the platform.
    assert_code!(
        fx.titan.curation_candidates(&Actor::System, &s.id).await,
        "IDENTITY_UNAUTHENTICATED"
    );
    assert_code!(
        fx.titan.curation_candidates(&curator, "nope").await,
        "NOT_FOUND"
    );
    assert_eq!(
        fx.titan
            .curation_candidates(&curator, &s.id)
            .await
            .unwrap()
            .session
            .status,
        CurationStatus::Searching
    );

    // A row of the original app has no creator: SUPER_ADMIN only.
    let mut legacy_row =
        YtCurationSession::new(LEGACY_SESSION, LEGACY_UUID, "Kepemimpinan", fx.clock.now());
    legacy_row.status = CurationStatus::Ready;
    let mut uow = fx.store.begin().await.unwrap();
    uow.curation().insert_session(&legacy_row).await.unwrap();
    uow.commit().await.unwrap();
    for user in [&curator, &unit_admin] {
        assert_code!(
            fx.titan.curation_candidates(user, LEGACY_SESSION).await,
            "IDENTITY_FORBIDDEN"
        );
    }
    fx.titan
        .curation_candidates(&fx.admin, LEGACY_SESSION)
        .await
        .unwrap();
}

pub async fn ingest_recomputes_scores_filters_channels_and_updates_known_videos(
    store: Arc<dyn Store>,
) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = session(&fx, &curator, 30).await;
    let mut scored = video("v1", Some("BKN RI"), 10, 0);
    (
        scored.relevance_score,
        scored.level_fit_score,
        scored.pedagogy_score,
        scored.technical_score,
    ) = (90, 70, 80, 60);
    let first = batch(
        vec![
            scored,
            video("v2", Some("LAN RI"), 10, 60),
            video("v3", None, 10, 30),
            video("v4", Some("  KANAL hoaks "), 10, 95),
        ],
        false,
    );
    let report = fx
        .titan
        .ingest_curation_candidates(&Actor::System, &s.id, &first)
        .await
        .unwrap();
    assert_eq!(
        (report.inserted, report.updated, report.channel_excluded),
        (4, 0, 1)
    );
    assert_eq!(report.session.status, CurationStatus::Scoring);
    assert_eq!(report.session.total_candidates, Some(4));
    let got: Vec<(i32, Recommendation)> = report
        .candidates
        .iter()
        .map(|c| (c.overall_score.unwrap(), c.recommendation.unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            (79, Recommendation::Include), // 36 + 14 + 20 + 9
            (60, Recommendation::Maybe),
            (30, Recommendation::Exclude),
            (95, Recommendation::Exclude), // the channel is excluded
        ]
    );
    let v2 = by_video(&report.candidates, "v2").clone();
    fx.titan
        .select_curation_candidate(&curator, &v2.id, None)
        .await
        .unwrap();

    let again = batch(
        vec![
            video("v2", Some("LAN RI"), 12, 80),
            video("v5", Some("BKN RI"), 5, 76),
        ],
        true,
    );
    let report = fx
        .titan
        .ingest_curation_candidates(&curator, &s.id, &again)
        .await
        .unwrap();
    assert_eq!(
        (report.inserted, report.updated, report.channel_excluded),
        (1, 1, 0)
    );
    assert_eq!(report.session.status, CurationStatus::Ready);
    assert_eq!(report.session.total_candidates, Some(5));
    let rows = candidates(&fx, &s.id).await;
    assert_eq!(rows.len(), 5, "one row per (session, video)");
    let updated = by_video(&rows, "v2");
    assert_eq!(updated.id, v2.id);
    assert_eq!(
        (updated.overall_score, updated.recommendation),
        (Some(80), Some(Recommendation::Include))
    );
    assert_eq!(updated.duration_seconds, Some(720));
    assert_eq!(
        (updated.selected, updated.order_in_playlist),
        (Some(true), Some(1)),
        "selection stays"
    );

    // Only these channels, when an include list is given.
    let only = CurationSessionInput {
        include_channels: vec!["BKN RI".into()],
        ..CurationSessionInput::new("Kearsipan")
    };
    let t = fx
        .titan
        .create_curation_session(&curator, &only)
        .await
        .unwrap();
    let listed = batch(
        vec![
            video("x1", Some("bkn ri"), 10, 90),
            video("x2", Some("Lain"), 10, 90),
            video("x3", None, 10, 90),
        ],
        false,
    );
    let report = fx
        .titan
        .ingest_curation_candidates(&Actor::System, &t.id, &listed)
        .await
        .unwrap();
    let recs: Vec<Recommendation> = report
        .candidates
        .iter()
        .map(|c| c.recommendation.unwrap())
        .collect();
    assert_eq!(
        recs,
        vec![
            Recommendation::Include,
            Recommendation::Exclude,
            Recommendation::Exclude
        ]
    );
    assert_eq!(report.channel_excluded, 2);
}

pub async fn a_bad_batch_writes_nothing(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = session(&fx, &curator, 30).await;
    let mut too_high = video("v9", None, 10, 50);
    too_high.pedagogy_score = 101;
    let mut negative = video("v8", None, 10, 50);
    negative.technical_score = -1;
    let mut untitled = video("v7", None, 10, 50);
    untitled.video_title = " ".into();
    let mut backwards = video("v6", None, 10, 50);
    backwards.duration_seconds = Some(-5);
    let cases = [
        (too_high, "CURATION_INVALID_SCORE"),
        (negative, "CURATION_INVALID_SCORE"),
        (untitled, "VALIDATION_REQUIRED"),
        (backwards, "VALIDATION_OUT_OF_RANGE"),
    ];
    for (bad, code) in cases {
        let result = fx
            .titan
            .ingest_curation_candidates(
                &Actor::System,
                &s.id,
                &batch(vec![video("ok", None, 10, 80), bad], true),
            )
            .await;
        assert_code!(result.clone(), code);
        if code == "CURATION_INVALID_SCORE" {
            let facts = result.unwrap_err().facts();
            assert!(
                facts["candidateId"].as_str().unwrap().starts_with('v'),
                "names the video"
            );
        }
    }
    assert!(candidates(&fx, &s.id).await.is_empty());
    let board = fx.titan.curation_candidates(&curator, &s.id).await.unwrap();
    assert_eq!(
        (board.session.status, board.session.total_candidates),
        (CurationStatus::Searching, Some(0))
    );
    assert_code!(
        fx.titan
            .ingest_curation_candidates(&Actor::System, "nope", &CandidateBatch::default())
            .await,
        "NOT_FOUND"
    );
}

pub async fn the_status_moves_one_step_at_a_time(store: Arc<dyn Store>) {
    let fx = Fixture::new(store).await;
    let curator = fx.instructor("kurator").await;
    let s = session(&fx, &curator, 30).await;
    let step = |to| {
        let titan = fx.titan.clone();
        let id = s.id.clone();
        async move {
            titan
                .advance_curation_session(&Actor::System, &id, to)
                .await
        }
    };
    for to in [
        CurationStatus::Ready,
        CurationStatus::Finalized,
        CurationStatus::Searching,
    ] {
        assert_code!(step(to).await, "CURATION_INVALID_TRANSITION");
    }
    assert_eq!(
        step(CurationStatus::Scoring).await.unwrap().status,
        CurationStatus::Scoring
    );
    assert_code!(
        step(CurationStatus::Searching).await,
        "CURATION_INVALID_TRANSITION"
    );
    assert_code!(
        step(CurationStatus::Scoring).await,
        "CURATION_INVALID_TRANSITION"
    );
    let ready = fx
        .titan
        .advance_curation_session(&curator, &s.id, CurationStatus::Ready)
        .await
        .unwrap();
    assert_eq!(ready.status, CurationStatus::Ready);
    assert_eq!(ready.updated_at, Some(fx.clock.now()));
    assert_code!(
        step(CurationStatus::Finalized).await,
        "CURATION_INVALID_TRANSITION"
    );
    // `finished` on a session already ready is no step at all.
    let report = fx
        .titan
        .ingest_curation_candidates(
            &Actor::System,
            &s.id,
            &batch(vec![video("v1", None, 5, 80)], true),
        )
        .await
        .unwrap();
    assert_eq!(report.session.status, CurationStatus::Ready);
}
