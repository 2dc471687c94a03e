//! Fixtures shared by the Titan benches (see `benches/README.md`).

/// Fixtures for the progress bench (`benches/progress.rs`).
pub mod progress {
    use titan_core::model::{DeliveryMode, QuizType};
    use titan_core::rules::progress::{EnrollmentFacts, LessonFact, QuizFact};

    /// One learner's facts for a course of `lessons` lessons (about 10 minutes each, two in
    /// three completed) with a pre-test, a post-test and a knowledge check per 10 lessons.
    #[must_use]
    pub fn course_facts(lessons: usize) -> EnrollmentFacts {
        let lesson_facts = (0..lessons)
            .map(|i| {
                let seconds = 540 + i32::try_from(i % 7).unwrap_or(0) * 30;
                LessonFact::new(format!("lesson-{i:04}"), Some(seconds), i % 3 != 0)
            })
            .collect();
        let mut quizzes = vec![
            QuizFact::new("pre-test", QuizType::PreTest, true, false),
            QuizFact::new("post-test", QuizType::PostTest, true, false),
        ];
        quizzes.extend((0..lessons / 10).map(|i| {
            QuizFact::new(
                format!("check-{i:03}"),
                QuizType::KnowledgeCheck,
                i % 2 == 0,
                false,
            )
        }));
        EnrollmentFacts {
            delivery_mode: DeliveryMode::Hybrid,
            lessons: lesson_facts,
            quizzes,
            attendance_rate: Some(rust_decimal::Decimal::new(8750, 2)),
        }
    }
}

/// Quiz fixtures: a mixed 50-question attempt (TRUE_FALSE, single and multiple MULTIPLE_CHOICE,
/// SHORT_ANSWER with a wildcard).
pub mod quiz {
    use chrono::{DateTime, Utc};
    use rust_decimal::Decimal;
    use serde_json::{Value, json};
    use titan_core::model::{Question, QuestionAnswer, QuestionType, Quiz};

    /// A quiz, its questions and a learner's answers (in question order, some wrong).
    #[derive(Debug, Clone)]
    pub struct MixedAttempt {
        /// The quiz (pass mark 70, no penalty).
        pub quiz: Quiz,
        /// The questions.
        pub questions: Vec<Question>,
        /// One answer per question.
        pub answers: Vec<QuestionAnswer>,
    }

    fn question(i: usize, question_type: QuestionType, options: Value) -> Question {
        Question {
            id: format!("question-{i:03}"),
            quiz_id: "quiz-bench".to_owned(),
            question_type,
            content: format!("Pertanyaan nomor {i}"),
            explanation: None,
            order: i32::try_from(i).unwrap_or(i32::MAX),
            points: Decimal::ONE,
            options: Some(options),
            rubric: None,
            model_answer: None,
        }
    }

    fn answer(q: &Question, selection: Option<Value>, text: Option<&str>) -> QuestionAnswer {
        QuestionAnswer {
            id: format!("answer-{}", q.id),
            attempt_id: "attempt-bench".to_owned(),
            question_id: q.id.clone(),
            answer: text.map(str::to_owned),
            selected_options: selection,
            is_correct: None,
            points_earned: None,
            ai_feedback: None,
            saved_at: None,
        }
    }

    /// `n` questions cycling TF, single MC (4 options), multiple MC (5 options, 2 correct) and
    /// SHORT_ANSWER (`"Bhinneka*"` or `"Tunggal Ika"`), each answered; every third answer is wrong.
    #[must_use]
    pub fn mixed_attempt(n: usize) -> MixedAttempt {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let mut questions = Vec::with_capacity(n);
        let mut answers = Vec::with_capacity(n);
        for i in 0..n {
            let wrong = i % 3 == 0;
            let (q, selection, text) = match i % 4 {
                0 => (
                    question(
                        i,
                        QuestionType::TrueFalse,
                        json!([{"text": "Benar", "isCorrect": true}, {"text": "Salah", "isCorrect": false}]),
                    ),
                    Some(json!([usize::from(wrong)])),
                    None,
                ),
                1 => (
                    question(
                        i,
                        QuestionType::MultipleChoice,
                        json!([
                            {"text": "Pancasila", "isCorrect": false},
                            {"text": "UUD 1945", "isCorrect": true},
                            {"text": "Tap MPR", "isCorrect": false},
                            {"text": "Perpres", "isCorrect": false}
                        ]),
                    ),
                    Some(json!([if wrong { 3 } else { 1 }])),
                    None,
                ),
                2 => (
                    question(
                        i,
                        QuestionType::MultipleChoice,
                        json!([
                            {"text": "Berorientasi pelayanan", "isCorrect": true},
                            {"text": "Akuntabel", "isCorrect": true},
                            {"text": "Kompeten", "isCorrect": false},
                            {"text": "Harmonis", "isCorrect": false},
                            {"text": "Loyal", "isCorrect": false}
                        ]),
                    ),
                    Some(if wrong { json!([0, 2]) } else { json!([0, 1]) }),
                    None,
                ),
                _ => (
                    question(
                        i,
                        QuestionType::ShortAnswer,
                        json!([
                            {"text": "Bhinneka*", "isCorrect": true},
                            {"text": "Tunggal Ika", "isCorrect": true}
                        ]),
                    ),
                    None,
                    Some(if wrong {
                        "Garuda Pancasila"
                    } else {
                        "  bhinneka  TUNGGAL ika "
                    }),
                ),
            };
            answers.push(answer(&q, selection, text));
            questions.push(q);
        }
        MixedAttempt {
            quiz: Quiz::new("quiz-bench", "module-bench", "Post-test", now),
            questions,
            answers,
        }
    }
}

/// Fixtures of `benches/attendance.rs`.
pub mod attendance {
    use chrono::{DateTime, Duration, Utc};
    use titan_core::model::{Coordinates, CourseSession, SessionType};

    /// A GPS check-in to judge: the session's point and radius, the device and its accuracy.
    #[derive(Debug, Clone, Copy)]
    pub struct GpsCase {
        /// The session's point (Monas, Jakarta).
        pub session_point: Coordinates,
        /// Geofence radius, metres.
        pub radius_m: u32,
        /// The device, about 60 m north: outside the radius, inside it with the accuracy.
        pub device: Coordinates,
        /// Device accuracy, metres.
        pub accuracy_m: Option<f64>,
    }

    /// The geofence edge case: the full accuracy-aware path (distance, then the accuracy band).
    #[must_use]
    pub fn gps_case() -> Option<GpsCase> {
        Some(GpsCase {
            session_point: Coordinates::new(-6.175_392, 106.827_153).ok()?,
            radius_m: 50,
            device: Coordinates::new(-6.174_852, 106.827_153).ok()?,
            accuracy_m: Some(15.0),
        })
    }

    /// `n` weekly sessions of one course, cycling through WIB, WITA and WIT, with locations
    /// that need escaping and descriptions long enough to fold.
    #[must_use]
    pub fn course_sessions(n: usize) -> Vec<CourseSession> {
        let first: DateTime<Utc> = DateTime::UNIX_EPOCH + Duration::days(20_157);
        let zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];
        (0..n)
            .map(|i| {
                let start = first + Duration::weeks(i64::try_from(i).unwrap_or(0));
                CourseSession {
                    id: format!("session-{i}"),
                    course_id: "course-1".to_owned(),
                    title: format!("Pertemuan {}: studi kasus, diskusi; refleksi", i + 1),
                    description: Some(
                        "Peserta membawa laptop dan dokumen rencana aksi, lalu berdiskusi dalam kelompok kecil."
                            .to_owned(),
                    ),
                    session_type: SessionType::Classroom,
                    start_time: start,
                    end_time: start + Duration::hours(2),
                    location: Some("Aula BPSDM, Lantai 2\nJl. Merdeka No. 1".to_owned()),
                    latitude: Some(-6.175_392),
                    longitude: Some(106.827_153),
                    radius: Some(50),
                    zoom_meeting_id: None,
                    zoom_join_url: None,
                    stream_url: None,
                    timezone: zones.get(i % zones.len()).map(|z| (*z).to_owned()),
                }
            })
            .collect()
    }
}

/// Fixtures for `benches/gamification.rs`.
pub mod gamification {
    use rust_decimal::Decimal;
    use serde_json::{Value, json};
    use titan_core::rules::gamification::LearnerStats;

    /// A badge criteria tree of exactly 10 nodes (3 inner, 7 leaves), 3 levels deep.
    #[must_use]
    pub fn badge_tree_10() -> Value {
        json!({"all": [
            {"type": "lesson_count", "count": 10},
            {"type": "quiz_pass_count", "count": 5},
            {"any": [
                {"type": "quiz_perfect", "count": 3},
                {"type": "streak_days", "count": 7},
                {"all": [
                    {"type": "points_total", "count": 1000},
                    {"type": "attendance_rate", "count": 90}
                ]}
            ]},
            {"type": "course_complete", "count": 2}
        ]})
    }

    /// A learner part-way to the badge (some leaves met, some not).
    #[must_use]
    pub fn learner_stats() -> LearnerStats {
        LearnerStats {
            lessons_completed: 14,
            quizzes_passed: 4,
            perfect_quizzes: 1,
            courses_completed: 1,
            streak_days: 5,
            points_total: 860,
            level: 5,
            attendance_rate: Some(Decimal::new(9250, 2)),
            certificates: 1,
        }
    }
}

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
