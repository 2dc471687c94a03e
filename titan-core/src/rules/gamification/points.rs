//! The points ledger: award kinds, their amounts, idempotent source keys and the entry to insert.
//!
//! The ledger's unique `sourceKey` is what makes a retried or replayed award pay once: the store
//! inserts the entry "on conflict do nothing" and a user's points are the sum of their entries.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{GamificationError, GamificationPolicy};
use crate::model::PointsLedgerEntry;

/// What an award is paid for; stored as the ledger entry's `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Award {
    /// First completion of a lesson.
    LessonComplete,
    /// A passing quiz attempt (which ones pay: [`QuizPassAward`]).
    QuizPass,
    /// A course completed (once per course).
    CourseComplete,
    /// The first learning activity of a local day.
    DailyActive,
    /// Attended a classroom session on time.
    AttendancePresent,
    /// Attended a classroom session late.
    AttendanceLate,
}

impl Award {
    /// The label stored in `reason`, e.g. `LESSON_COMPLETE`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Award::LessonComplete => "LESSON_COMPLETE",
            Award::QuizPass => "QUIZ_PASS",
            Award::CourseComplete => "COURSE_COMPLETE",
            Award::DailyActive => "DAILY_ACTIVE",
            Award::AttendancePresent => "ATTENDANCE_PRESENT",
            Award::AttendanceLate => "ATTENDANCE_LATE",
        }
    }

    /// The amount this award pays under `policy`.
    #[must_use]
    pub const fn points(self, policy: &GamificationPolicy) -> i32 {
        let p = &policy.award_points;
        match self {
            Award::LessonComplete => p.lesson_complete,
            Award::QuizPass => p.quiz_pass,
            Award::CourseComplete => p.course_complete,
            Award::DailyActive => p.daily_active,
            Award::AttendancePresent => p.attendance_present,
            Award::AttendanceLate => p.attendance_late,
        }
    }
}

/// Points paid per award kind (policy knob `award_points`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct AwardPoints {
    /// LESSON_COMPLETE: 10.
    pub lesson_complete: i32,
    /// QUIZ_PASS: 30.
    pub quiz_pass: i32,
    /// COURSE_COMPLETE: 100.
    pub course_complete: i32,
    /// DAILY_ACTIVE: 5.
    pub daily_active: i32,
    /// ATTENDANCE_PRESENT: 20.
    pub attendance_present: i32,
    /// ATTENDANCE_LATE: 10.
    pub attendance_late: i32,
}

impl Default for AwardPoints {
    fn default() -> Self {
        Self {
            lesson_complete: 10,
            quiz_pass: 30,
            course_complete: 100,
            daily_active: 5,
            attendance_present: 20,
            attendance_late: 10,
        }
    }
}

impl AwardPoints {
    /// Refuses negative amounts (0 turns an award off).
    ///
    /// # Errors
    /// [`GamificationError::InvalidPolicy`] naming the first negative amount.
    pub fn validate(&self) -> Result<(), GamificationError> {
        let amounts = [
            ("award_points.lesson_complete", self.lesson_complete),
            ("award_points.quiz_pass", self.quiz_pass),
            ("award_points.course_complete", self.course_complete),
            ("award_points.daily_active", self.daily_active),
            ("award_points.attendance_present", self.attendance_present),
            ("award_points.attendance_late", self.attendance_late),
        ];
        match amounts.into_iter().find(|(_, v)| *v < 0) {
            Some((knob, value)) => Err(GamificationError::InvalidPolicy {
                knob,
                value: value.to_string(),
            }),
            None => Ok(()),
        }
    }
}

/// Which passing quiz attempts pay QUIZ_PASS (policy knob `quiz_pass_award`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuizPassAward {
    /// The first pass of each quiz (key `quiz_pass:{user}:{quiz}`).
    #[default]
    FirstPassPerQuiz,
    /// *legacy:* every passing attempt (key `quiz_pass:{user}:{quiz}:{attempt}`).
    EveryPassingAttempt,
}

/// The event an award is paid for, with the ids its source key is built from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "award",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum AwardSource {
    /// First completion of a lesson.
    LessonComplete {
        /// The lesson.
        lesson_id: String,
    },
    /// A passing attempt of a quiz.
    QuizPass {
        /// The quiz.
        quiz_id: String,
        /// The passing attempt (part of the key only under the legacy rule).
        attempt_id: String,
    },
    /// A course completed.
    CourseComplete {
        /// The course.
        course_id: String,
    },
    /// The first learning activity of a local calendar day.
    DailyActive {
        /// That day in the user's timezone (see [`super::local_date`]).
        local_date: NaiveDate,
    },
    /// Attended a session on time.
    AttendancePresent {
        /// The classroom session.
        session_id: String,
    },
    /// Attended a session late.
    AttendanceLate {
        /// The classroom session.
        session_id: String,
    },
}

impl AwardSource {
    /// The award kind.
    #[must_use]
    pub const fn award(&self) -> Award {
        match self {
            AwardSource::LessonComplete { .. } => Award::LessonComplete,
            AwardSource::QuizPass { .. } => Award::QuizPass,
            AwardSource::CourseComplete { .. } => Award::CourseComplete,
            AwardSource::DailyActive { .. } => Award::DailyActive,
            AwardSource::AttendancePresent { .. } => Award::AttendancePresent,
            AwardSource::AttendanceLate { .. } => Award::AttendanceLate,
        }
    }

    /// The ledger's unique source key for `user_id`: `lesson_complete:{user}:{lesson}`,
    /// `quiz_pass:{user}:{quiz}` (*legacy:* `…:{attempt}`), `course_complete:{user}:{course}`,
    /// `daily_active:{user}:{YYYY-MM-DD}`, `attendance:{user}:{session}`.
    ///
    /// Present and late share the attendance key: one session pays once, whatever the status.
    #[must_use]
    pub fn source_key(&self, user_id: &str, policy: &GamificationPolicy) -> String {
        match self {
            AwardSource::LessonComplete { lesson_id } => {
                format!("lesson_complete:{user_id}:{lesson_id}")
            }
            AwardSource::QuizPass {
                quiz_id,
                attempt_id,
            } => match policy.quiz_pass_award {
                QuizPassAward::FirstPassPerQuiz => format!("quiz_pass:{user_id}:{quiz_id}"),
                QuizPassAward::EveryPassingAttempt => {
                    format!("quiz_pass:{user_id}:{quiz_id}:{attempt_id}")
                }
            },
            AwardSource::CourseComplete { course_id } => {
                format!("course_complete:{user_id}:{course_id}")
            }
            AwardSource::DailyActive { local_date } => {
                format!("daily_active:{user_id}:{}", local_date.format("%Y-%m-%d"))
            }
            AwardSource::AttendancePresent { session_id }
            | AwardSource::AttendanceLate { session_id } => {
                format!("attendance:{user_id}:{session_id}")
            }
        }
    }
}

/// The ledger entry to insert for an award; the store's unique key on `sourceKey` makes a replay
/// pay once. An award whose amount is 0 under `policy` still gets its entry, so the event is
/// recorded and the key is taken.
#[must_use]
pub fn ledger_entry(
    id: impl Into<String>,
    user_id: &str,
    source: &AwardSource,
    policy: &GamificationPolicy,
    now: DateTime<Utc>,
) -> PointsLedgerEntry {
    let award = source.award();
    PointsLedgerEntry {
        id: id.into(),
        user_id: user_id.to_owned(),
        source_key: source.source_key(user_id, policy),
        reason: award.as_str().to_owned(),
        points: award.points(policy),
        created_at: now,
    }
}

/// A user's points: the sum of their ledger entries (in `i64`, so no total overflows).
#[must_use]
pub fn total_points(entries: &[PointsLedgerEntry]) -> i64 {
    entries
        .iter()
        .fold(0_i64, |sum, e| sum.saturating_add(i64::from(e.points)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
    }

    fn quiz_pass(attempt: &str) -> AwardSource {
        AwardSource::QuizPass {
            quiz_id: "q1".into(),
            attempt_id: attempt.into(),
        }
    }

    #[test]
    fn keys_follow_the_spec() {
        let p = GamificationPolicy::recommended();
        let cases = [
            (
                AwardSource::LessonComplete {
                    lesson_id: "l1".into(),
                },
                "lesson_complete:u1:l1",
            ),
            (quiz_pass("a1"), "quiz_pass:u1:q1"),
            (
                AwardSource::CourseComplete {
                    course_id: "c1".into(),
                },
                "course_complete:u1:c1",
            ),
            (
                AwardSource::DailyActive {
                    local_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                },
                "daily_active:u1:2026-03-01",
            ),
            (
                AwardSource::AttendancePresent {
                    session_id: "s1".into(),
                },
                "attendance:u1:s1",
            ),
            (
                AwardSource::AttendanceLate {
                    session_id: "s1".into(),
                },
                "attendance:u1:s1",
            ),
        ];
        for (source, key) in cases {
            assert_eq!(source.source_key("u1", &p), key);
        }
    }

    #[test]
    fn quiz_pass_pays_once_per_quiz_but_every_attempt_under_legacy() {
        let r = GamificationPolicy::recommended();
        assert_eq!(
            quiz_pass("a1").source_key("u1", &r),
            quiz_pass("a2").source_key("u1", &r)
        );
        let l = GamificationPolicy::legacy();
        assert_eq!(quiz_pass("a1").source_key("u1", &l), "quiz_pass:u1:q1:a1");
        assert_ne!(
            quiz_pass("a1").source_key("u1", &l),
            quiz_pass("a2").source_key("u1", &l)
        );
    }

    #[test]
    fn entry_carries_amount_reason_and_time() {
        let p = GamificationPolicy::recommended();
        let e = ledger_entry("e1", "u1", &quiz_pass("a1"), &p, now());
        assert_eq!(e.points, 30);
        assert_eq!(e.reason, "QUIZ_PASS");
        assert_eq!(e.source_key, "quiz_pass:u1:q1");
        assert_eq!(e.created_at, now());
        let amounts: Vec<i32> = [
            Award::LessonComplete,
            Award::QuizPass,
            Award::CourseComplete,
            Award::DailyActive,
            Award::AttendancePresent,
            Award::AttendanceLate,
        ]
        .iter()
        .map(|a| a.points(&p))
        .collect();
        assert_eq!(amounts, [10, 30, 100, 5, 20, 10]);
    }

    #[test]
    fn total_sums_and_never_overflows() {
        let p = GamificationPolicy::recommended();
        let mut e = ledger_entry("e1", "u1", &quiz_pass("a1"), &p, now());
        assert_eq!(total_points(&[e.clone(), e.clone()]), 60);
        assert_eq!(total_points(&[]), 0);
        e.points = i32::MAX;
        let many = vec![e; 10];
        assert_eq!(total_points(&many), 10 * i64::from(i32::MAX));
    }

    #[test]
    fn negative_amounts_are_refused() {
        let mut p = GamificationPolicy::recommended();
        p.award_points.daily_active = -5;
        let err = p.validate().unwrap_err();
        assert_eq!(
            err,
            GamificationError::InvalidPolicy {
                knob: "award_points.daily_active",
                value: "-5".into()
            }
        );
    }

    #[test]
    fn source_reads_from_camel_case_json() {
        let s: AwardSource = serde_json::from_value(serde_json::json!({
            "award": "QUIZ_PASS", "quizId": "q1", "attemptId": "a9"
        }))
        .unwrap();
        assert_eq!(s, quiz_pass("a9"));
    }
}
