//! Fixtures shared by the Titan benches (see `benches/README.md`).

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
