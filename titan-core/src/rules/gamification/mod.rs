//! SPEC §6 Gamification: the points ledger, levels, streaks, badge criteria and the leaderboard.
//!
//! - [`points`]: award kinds, their idempotent source keys and the ledger entry to insert.
//! - [`level`]: level curves (`linear`, `relative`, `flat`) and level titles.
//! - [`streak`]: daily streaks in the user's timezone (or the legacy elapsed-24 h rule).
//! - [`badge`]: badge criteria trees, their evaluation and which badges to award.
//! - [`leaderboard`]: ranking learners by points.
//!
//! ```
//! use titan_core::rules::gamification::{level_for_points, LevelCurve};
//!
//! let info = level_for_points(450, &LevelCurve::default());
//! assert_eq!((info.level, info.title.as_str()), (3, "Terampil"));
//! ```

pub mod badge;
pub mod leaderboard;
pub mod level;
pub mod points;
pub mod streak;

pub use badge::{
    BadgeProgress, Criteria, CriterionType, LeafProgress, LearnerStats, MAX_CRITERIA_DEPTH,
    MAX_CRITERIA_NODES, Requirement, badges_to_award, evaluate, parse_criteria,
};
pub use leaderboard::{Leaderboard, LeaderboardEntry, RankedEntry, rank_leaderboard};
pub use level::{LevelCurve, LevelInfo, level_for_points, level_threshold, level_title};
pub use points::{Award, AwardPoints, AwardSource, QuizPassAward, ledger_entry, total_points};
pub use streak::{StreakChange, StreakMode, StreakUpdate, local_date, update_streak};

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};

/// Refusals of the gamification rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum GamificationError {
    /// A badge criterion names a type this version does not know (refused when the badge is saved).
    UnknownCriterion {
        /// The unknown `type`.
        #[serde(rename = "type")]
        criterion_type: String,
        /// Where in the criteria document (JSON pointer, `""` = the root).
        path: String,
    },
    /// A badge criteria document is malformed.
    InvalidCriteria {
        /// Why, as a stable snake_case word (`missing_count`, `negative_count`, `empty_all`, …).
        reason: &'static str,
        /// Where in the criteria document (JSON pointer, `""` = the root).
        path: String,
    },
    /// A gamification policy knob holds a value the rules cannot use.
    InvalidPolicy {
        /// The knob, by its policy name.
        knob: &'static str,
        /// The value given.
        value: String,
    },
}

impl ErrorCode for GamificationError {
    fn code(&self) -> &'static str {
        match self {
            GamificationError::UnknownCriterion { .. } => "GAMIFICATION_UNKNOWN_CRITERION",
            GamificationError::InvalidCriteria { .. } => "GAMIFICATION_INVALID_CRITERIA",
            GamificationError::InvalidPolicy { .. } => "GAMIFICATION_INVALID_POLICY",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (GamificationError::UnknownCriterion { criterion_type, .. }, Lang::Id) => {
                format!("jenis kriteria lencana tidak dikenal: {criterion_type}")
            }
            (GamificationError::UnknownCriterion { criterion_type, .. }, Lang::En) => {
                format!("unknown badge criterion type: {criterion_type}")
            }
            (GamificationError::InvalidCriteria { reason, path }, Lang::Id) => {
                format!("kriteria lencana tidak valid ({reason}) pada '{path}'")
            }
            (GamificationError::InvalidCriteria { reason, path }, Lang::En) => {
                format!("invalid badge criteria ({reason}) at '{path}'")
            }
            (GamificationError::InvalidPolicy { knob, value }, Lang::Id) => {
                format!("nilai kebijakan gamifikasi {knob} tidak valid: {value}")
            }
            (GamificationError::InvalidPolicy { knob, value }, Lang::En) => {
                format!("invalid gamification policy value for {knob}: {value}")
            }
        }
    }
}
crate::error::impl_error!(GamificationError);

/// Policy knobs of the gamification rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct GamificationPolicy {
    /// Points paid per award kind.
    pub award_points: AwardPoints,
    /// Which passing quiz attempts pay QUIZ_PASS.
    pub quiz_pass_award: QuizPassAward,
    /// How points map to levels.
    pub level_curve: LevelCurve,
    /// How consecutive days are counted.
    pub streak_mode: StreakMode,
}

impl GamificationPolicy {
    /// The recommended behaviour (SPEC): QUIZ_PASS once per quiz, calendar-day streaks.
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            award_points: AwardPoints::default(),
            quiz_pass_award: QuizPassAward::FirstPassPerQuiz,
            level_curve: LevelCurve::default(),
            streak_mode: StreakMode::CalendarDays,
        }
    }

    /// The original TITAN ULP behaviour: QUIZ_PASS on every passing attempt, elapsed-24 h streaks.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            quiz_pass_award: QuizPassAward::EveryPassingAttempt,
            streak_mode: StreakMode::Elapsed24h,
            ..Self::recommended()
        }
    }

    /// Checks every knob (run when a policy is loaded or saved).
    ///
    /// # Errors
    /// [`GamificationError::InvalidPolicy`] for a negative award amount or an unusable level curve.
    pub fn validate(&self) -> Result<(), GamificationError> {
        self.award_points.validate()?;
        self.level_curve.validate()
    }
}

impl Default for GamificationPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_differ_only_where_spec_marks_legacy() {
        let (r, l) = (
            GamificationPolicy::recommended(),
            GamificationPolicy::legacy(),
        );
        assert_eq!(r, GamificationPolicy::default());
        assert_eq!(r.award_points, l.award_points);
        assert_eq!(r.level_curve, l.level_curve);
        assert_ne!(r.quiz_pass_award, l.quiz_pass_award);
        assert_ne!(r.streak_mode, l.streak_mode);
        assert!(r.validate().is_ok() && l.validate().is_ok());
    }

    #[test]
    fn policy_loads_from_toml_with_a_tagged_curve() {
        let text = "award_points = { quiz_pass = 50 }\nstreak_mode = \"elapsed_24h\"\n\
                    [level_curve]\ntype = \"relative\"\nbase = 100\nfactor = \"1.5\"\n";
        let policy: GamificationPolicy = toml::from_str(text).unwrap_or_default();
        assert_eq!(policy.award_points.quiz_pass, 50);
        assert_eq!(policy.award_points.lesson_complete, 10);
        assert_eq!(policy.streak_mode, StreakMode::Elapsed24h);
        assert_eq!(
            policy.level_curve,
            LevelCurve::Relative {
                base: 100,
                factor: rust_decimal::Decimal::new(15, 1)
            }
        );
    }

    #[test]
    fn errors_have_codes_and_both_languages() {
        let errors = [
            GamificationError::UnknownCriterion {
                criterion_type: "forum_posts".into(),
                path: String::new(),
            },
            GamificationError::InvalidCriteria {
                reason: "empty_all",
                path: "/all".into(),
            },
            GamificationError::InvalidPolicy {
                knob: "level_curve.step",
                value: "0".into(),
            },
        ];
        for e in errors {
            assert!(e.code().starts_with("GAMIFICATION_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::Id));
        }
        let facts = crate::CoreError::from(GamificationError::UnknownCriterion {
            criterion_type: "x".into(),
            path: "/any/0".into(),
        })
        .facts();
        assert_eq!(facts.get("type"), Some(&serde_json::json!("x")));
        assert_eq!(facts.get("path"), Some(&serde_json::json!("/any/0")));
    }
}
