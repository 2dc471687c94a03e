//! Durations: lesson seconds, module and course minutes, and JP (Jam Pelajaran).
//!
//! Seconds become minutes by rounding **up** (a 61-second lesson is 2 minutes), once, over the
//! sum: a course's minutes are the ceiling of all its lesson seconds, not the sum of its
//! modules' rounded minutes, so rounding never piles up.

use serde::{Deserialize, Serialize};

use crate::model::{Lesson, Module};

/// Minutes in one JP (Jam Pelajaran), the unit of training credit.
pub const JP_MINUTES: i64 = 45;

/// `ceil(seconds / 60)`; 0 for a negative value; saturates at `i32::MAX`.
#[must_use]
pub fn minutes_from_seconds(seconds: i64) -> i32 {
    let minutes = seconds.max(0).div_euclid(60) + i64::from(seconds.max(0).rem_euclid(60) > 0);
    i32::try_from(minutes).unwrap_or(i32::MAX)
}

/// Minutes of a set of lessons from their `duration` in seconds: the sum, rounded up once.
/// A missing or negative duration counts as 0.
#[must_use]
pub fn total_minutes(lesson_seconds: impl IntoIterator<Item = Option<i32>>) -> i32 {
    let seconds = lesson_seconds
        .into_iter()
        .map(|s| i64::from(s.unwrap_or(0).max(0)))
        .fold(0_i64, i64::saturating_add);
    minutes_from_seconds(seconds)
}

/// JP (Jam Pelajaran) of a duration in minutes: `ceil(minutes / 45)`; 0 for 0 or less.
#[must_use]
pub fn jp_from_minutes(minutes: i32) -> i32 {
    let minutes = i64::from(minutes.max(0));
    let jp = minutes.div_euclid(JP_MINUTES) + i64::from(minutes.rem_euclid(JP_MINUTES) > 0);
    i32::try_from(jp).unwrap_or(i32::MAX)
}

/// One module's duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleDuration {
    /// The module.
    pub module_id: String,
    /// Its lessons' seconds, summed and rounded up to minutes.
    pub minutes: i32,
}

/// A course's durations, derived from its lessons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseDurations {
    /// Each module, in `order`.
    pub modules: Vec<ModuleDuration>,
    /// All lesson seconds of the course, summed and rounded up to minutes.
    pub minutes: i32,
    /// `ceil(minutes / 45)`.
    pub jp: i32,
}

/// The `duration` (minutes) of each module and of the course, and the course's JP, from the
/// lessons' `duration` (seconds). Lessons of modules not in `modules` are ignored.
#[must_use]
pub fn course_durations(modules: &[Module], lessons: &[Lesson]) -> CourseDurations {
    let mut ordered: Vec<&Module> = modules.iter().collect();
    ordered.sort_by_key(|m| m.order);
    let module_durations: Vec<ModuleDuration> = ordered
        .iter()
        .map(|m| ModuleDuration {
            module_id: m.id.clone(),
            minutes: total_minutes(
                lessons
                    .iter()
                    .filter(|l| l.module_id == m.id)
                    .map(|l| l.duration),
            ),
        })
        .collect();
    let minutes = total_minutes(
        lessons
            .iter()
            .filter(|l| modules.iter().any(|m| m.id == l.module_id))
            .map(|l| l.duration),
    );
    CourseDurations {
        modules: module_durations,
        minutes,
        jp: jp_from_minutes(minutes),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::ContentType;

    #[test]
    fn seconds_round_up_to_minutes() {
        assert_eq!(minutes_from_seconds(0), 0);
        assert_eq!(minutes_from_seconds(1), 1);
        assert_eq!(minutes_from_seconds(60), 1);
        assert_eq!(minutes_from_seconds(61), 2);
        assert_eq!(minutes_from_seconds(-30), 0);
        assert_eq!(minutes_from_seconds(i64::MAX), i32::MAX);
    }

    #[test]
    fn jp_is_the_ceiling_of_45_minute_hours() {
        assert_eq!(jp_from_minutes(0), 0);
        assert_eq!(jp_from_minutes(1), 1);
        assert_eq!(jp_from_minutes(45), 1);
        assert_eq!(jp_from_minutes(46), 2);
        assert_eq!(jp_from_minutes(90), 2);
        assert_eq!(jp_from_minutes(-5), 0);
        assert_eq!(jp_from_minutes(i32::MAX), 47_721_859);
    }

    #[test]
    fn totals_round_once() {
        // Three 20-second lessons are one minute, not three.
        assert_eq!(total_minutes([Some(20), Some(20), Some(20)]), 1);
        assert_eq!(total_minutes([None, Some(-5), Some(61)]), 2);
        assert_eq!(total_minutes([Some(i32::MAX), Some(i32::MAX)]), 71_582_789);
    }

    #[test]
    fn course_durations_sum_by_module() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let module = |id: &str, order| Module {
            id: id.to_owned(),
            course_id: "c".to_owned(),
            title: id.to_owned(),
            description: None,
            order,
            duration: None,
            created_at: now,
            updated_at: now,
        };
        let lesson = |id: &str, module: &str, seconds| {
            let mut l = Lesson::new(id, module, id, 1, ContentType::Video, now);
            l.duration = seconds;
            l
        };
        let modules = [module("m2", 2), module("m1", 1), module("empty", 3)];
        let lessons = [
            lesson("a", "m1", Some(1800)),
            lesson("b", "m1", Some(30)),
            lesson("c", "m2", Some(1230)),
            lesson("x", "other", Some(9999)),
        ];
        let d = course_durations(&modules, &lessons);
        assert_eq!(
            d.modules,
            vec![
                ModuleDuration {
                    module_id: "m1".into(),
                    minutes: 31
                },
                ModuleDuration {
                    module_id: "m2".into(),
                    minutes: 21
                },
                ModuleDuration {
                    module_id: "empty".into(),
                    minutes: 0
                },
            ]
        );
        assert_eq!(d.minutes, 51);
        assert_eq!(d.jp, 2);
    }
}
