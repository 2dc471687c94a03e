//! [`SurveyPolicy`]: the survey knobs, recommended (SPEC §9) and legacy (the original app).

use serde::{Deserialize, Serialize};

/// The mean of a rating nobody gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyMean {
    /// No value (`null`): nothing to average (SPEC).
    #[default]
    None,
    /// *Legacy*: 0.
    Zero,
}

/// Policy knobs of the survey rules (SPEC §9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct SurveyPolicy {
    /// Refuse responses outside `startsAt..=endsAt`. Recommended: true; legacy: false (the window
    /// only filtered the survey lookup).
    pub enforce_window: bool,
    /// A session survey needs the respondent PRESENT or LATE at the session. Recommended: true;
    /// legacy: false (course enrolment only).
    pub require_attendance: bool,
    /// Breakdowns (e.g. by unit) with fewer responses are withheld. Both: 3.
    pub min_group_size: u32,
    /// Newest comments shown in a report. Both: 10.
    pub comment_limit: usize,
    /// Longest text answer, in characters (longer ones are refused). Both: 2000.
    pub text_max_chars: usize,
    /// The mean of a rating without values. Recommended: none; legacy: zero.
    pub empty_mean: EmptyMean,
}

impl SurveyPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            enforce_window: true,
            require_attendance: true,
            min_group_size: 3,
            comment_limit: 10,
            text_max_chars: 2000,
            empty_mean: EmptyMean::None,
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            enforce_window: false,
            require_attendance: false,
            empty_mean: EmptyMean::Zero,
            ..Self::recommended()
        }
    }
}

impl Default for SurveyPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}
