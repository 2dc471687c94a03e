//! Fixtures shared by the Titan benches (see `benches/README.md`).

/// Fixtures of the curation bench: a session and 200 scored candidates.
pub mod curation {
    use chrono::{TimeZone, Utc};
    use titan_core::model::{YtCurationCandidate, YtCurationSession};

    /// A 60-minute session excluding one channel.
    #[must_use]
    pub fn session() -> YtCurationSession {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
            .single()
            .unwrap_or_default();
        let mut s = YtCurationSession::new("s1", "uuid-s1", "Etika dan Integritas ASN", now);
        s.exclude_channels = Some("Spam TV, Clickbait".to_owned());
        s
    }

    /// `n` candidates with spread scores (about a fifth excluded) and durations of 2–25 min.
    #[must_use]
    pub fn candidates(n: usize) -> Vec<YtCurationCandidate> {
        (0..n)
            .map(|i| {
                // A small LCG keeps the fixture deterministic without a random crate.
                let r = (i as u64)
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let score = |shift: u32| 30 + ((r >> shift) % 71) as i32;
                YtCurationCandidate {
                    id: format!("cand-{i:04}"),
                    session_id: "s1".to_owned(),
                    video_id: format!("vid{i:08}"),
                    video_title: format!("Video {i}"),
                    video_url: None,
                    video_thumbnail: None,
                    channel_title: Some(
                        if i % 17 == 0 { "Spam TV" } else { "Kelas ASN" }.to_owned(),
                    ),
                    published_at: None,
                    duration_seconds: Some(120 + ((r >> 40) % 1380) as i32),
                    relevance_score: Some(score(8)),
                    level_fit_score: Some(score(16)),
                    pedagogy_score: Some(score(24)),
                    technical_score: Some(score(32)),
                    overall_score: None,
                    recommendation: None,
                    role_suggestion: None,
                    key_topics: None,
                    prerequisites: None,
                    ai_summary: None,
                    ai_notes: None,
                    selected: None,
                    order_in_playlist: None,
                }
            })
            .collect()
    }
}

/// Fixtures of the xAPI bench: a quiz-passed event and its statement context.
pub mod xapi {
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;
    use titan_core::events::DomainEvent;
    use titan_core::rules::xapi::{CourseRef, StatementActor, StatementContext};

    /// A graded quiz attempt (score 85.5).
    #[must_use]
    pub fn quiz_passed() -> DomainEvent {
        DomainEvent::QuizPassed {
            user_id: "0194f3a2-7c1d-7b6e-9a10-3c5d8e2f4a11".to_owned(),
            course_id: "0194f3a2-7c1d-7b6e-9a10-3c5d8e2f4a12".to_owned(),
            quiz_id: "0194f3a2-7c1d-7b6e-9a10-3c5d8e2f4a13".to_owned(),
            attempt_id: "0194f3a2-7c1d-7b6e-9a10-3c5d8e2f4a14".to_owned(),
            score: Decimal::new(8550, 2),
            occurred_at: Utc
                .with_ymd_and_hms(2026, 3, 2, 1, 2, 3)
                .single()
                .unwrap_or_default(),
        }
    }

    /// The learner, the course and the quiz title.
    #[must_use]
    pub fn context() -> StatementContext {
        StatementContext {
            actor: StatementActor {
                email: Some("budi.santoso@setneg.go.id".to_owned()),
                name: Some("Budi Santoso".to_owned()),
            },
            course: Some(CourseRef {
                slug: "etika-dan-integritas-asn".to_owned(),
                title: Some("Etika dan Integritas ASN".to_owned()),
            }),
            object_title: Some("Kuis Akhir Modul 1".to_owned()),
            object_description: None,
        }
    }
}
