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
