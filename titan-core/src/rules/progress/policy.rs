//! [`ProgressPolicy`]: the progress area's knobs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// When a VIDEO lesson is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VideoCompletion {
    /// Credited watched seconds reach `video_completion_percent` of the duration; a lesson
    /// without a known duration completes on the player's `ended` (SPEC).
    #[default]
    WatchedShare,
    /// The player's `ended` alone (*legacy*).
    EndedOnly,
}

/// Which items make up enrolment progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressItems {
    /// Lessons, POST_TEST quizzes (passed) and PRE_TEST quizzes (submitted) (SPEC).
    #[default]
    LessonsAndTests,
    /// Lessons only (*legacy*).
    LessonsOnly,
}

/// How items weigh in enrolment progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressWeighting {
    /// Every item weighs the same (default).
    #[default]
    Equal,
    /// Every item weighs its duration in seconds (`default_item_seconds` when unknown).
    ByDuration,
}

/// Policy knobs of the progress rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct ProgressPolicy {
    /// When a VIDEO lesson is complete (default `watched_share`; *legacy* `ended_only`).
    pub video_completion: VideoCompletion,
    /// Share of a video's duration that must be watched, in percent (default 90).
    pub video_completion_percent: Decimal,
    /// Minimum seconds on a TEXT or DOCUMENT lesson before "done" counts (default 0).
    pub min_dwell_seconds: u32,
    /// Items counted in progress (default `lessons_and_tests`; *legacy* `lessons_only`).
    pub progress_items: ProgressItems,
    /// Item weighting (default `equal`).
    pub progress_weighting: ProgressWeighting,
    /// Weight in seconds of an item without a known duration under `by_duration` (default 300).
    pub default_item_seconds: u32,
    /// Decimal places the progress percent is rounded to, half away from zero (default 2;
    /// *legacy* 0, as the original app's `Math.round`).
    pub progress_decimal_places: u32,
    /// Minimum attendance rate, in percent, for ON_CLASSROOM and HYBRID courses (default 80).
    pub min_attendance_rate: Decimal,
}

impl ProgressPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            video_completion: VideoCompletion::WatchedShare,
            video_completion_percent: Decimal::from(90),
            min_dwell_seconds: 0,
            progress_items: ProgressItems::LessonsAndTests,
            progress_weighting: ProgressWeighting::Equal,
            default_item_seconds: 300,
            progress_decimal_places: 2,
            min_attendance_rate: Decimal::from(80),
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            video_completion: VideoCompletion::EndedOnly,
            progress_items: ProgressItems::LessonsOnly,
            progress_decimal_places: 0,
            ..Self::recommended()
        }
    }
}

impl Default for ProgressPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_through_toml_and_json() {
        for preset in [ProgressPolicy::recommended(), ProgressPolicy::legacy()] {
            let text = toml::to_string(&preset).unwrap();
            assert_eq!(toml::from_str::<ProgressPolicy>(&text).unwrap(), preset);
            let json = serde_json::to_string(&preset).unwrap();
            assert_eq!(
                serde_json::from_str::<ProgressPolicy>(&json).unwrap(),
                preset
            );
        }
    }

    #[test]
    fn knobs_load_from_plain_numbers() {
        let p: ProgressPolicy = toml::from_str(
            "video_completion = \"ended_only\"\nvideo_completion_percent = 95\nmin_attendance_rate = 87.5",
        )
        .unwrap();
        assert_eq!(p.video_completion, VideoCompletion::EndedOnly);
        assert_eq!(p.video_completion_percent, Decimal::from(95));
        assert_eq!(p.min_attendance_rate, Decimal::new(875, 1));
        assert_eq!(p.min_dwell_seconds, 0);
    }
}
