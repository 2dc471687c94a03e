//! SPEC §10, YouTube curation: scoring candidates, assembling a playlist to a target duration,
//! the session's status machine, and the plan of the course a finalised session creates.
//!
//! - [`score_candidate`] / [`apply_scores`]: `overall = round(0.40 relevance + 0.20 levelFit +
//!   0.25 pedagogy + 0.15 technical)` (policy weights, exact, half away from zero) and the
//!   include / maybe / exclude recommendation; [`ChannelFilter`] applies a session's channel lists.
//! - [`assemble_playlist`]: the best subset of the eligible candidates within ±10 % of the target
//!   duration (a 0/1 knapsack; [`playlist`] documents the discretisation, the tie-breaks and
//!   the order).
//! - [`transition`] / [`advance_session`]: searching → scoring → ready → finalized.
//! - [`plan_finalization`]: the course, module and VIDEO lessons a finalised session creates.
//!
//! ```
//! use titan_core::rules::curation::{CandidateScores, CurationPolicy, score_candidate};
//! use titan_core::model::Recommendation;
//!
//! let scores = CandidateScores { relevance: 90, level_fit: 70, pedagogy: 80, technical: 60 };
//! let scored = score_candidate(&scores, &CurationPolicy::recommended()).unwrap();
//! assert_eq!(scored.overall_score, 79); // 36 + 14 + 20 + 9
//! assert_eq!(scored.recommendation, Recommendation::Include);
//! ```

pub mod finalize;
pub mod playlist;
pub mod scoring;

pub use finalize::{
    FinalizationIds, FinalizationPlan, advance_session, difficulty_for_level, plan_finalization,
    transition,
};
pub use playlist::{
    DurationBand, MAX_PLAYLIST_CANDIDATES, Playlist, PlaylistItem, SkipReason, SkippedCandidate,
    apply_playlist, assemble_playlist, duration_band,
};
pub use scoring::{
    CandidateScores, ChannelFilter, ScoredCandidate, apply_scores, recommend, score_candidate,
};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};
use crate::model::CurationStatus;

/// Refusals of the curation rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum CurationError {
    /// A score is not an integer in 0..=100.
    InvalidScore {
        /// The candidate, when the score belongs to one.
        candidate_id: Option<String>,
        /// `relevanceScore`, `levelFitScore`, `pedagogyScore` or `technicalScore`.
        field: &'static str,
        /// The value given.
        value: i32,
    },
    /// A curation knob is unusable (weights not summing to 1, thresholds out of order, …).
    InvalidPolicy {
        /// The knob, by its policy name.
        knob: &'static str,
        /// The offending value (for `weights`, their sum).
        value: String,
    },
    /// The session's target duration is outside the allowed range.
    InvalidTarget {
        /// Minutes given.
        value: i32,
        /// Smallest allowed, minutes.
        min: i32,
        /// Largest allowed, minutes.
        max: i32,
    },
    /// More eligible candidates than one assembly handles.
    TooManyCandidates {
        /// The limit ([`MAX_PLAYLIST_CANDIDATES`]).
        limit: usize,
        /// Eligible candidates given.
        value: usize,
    },
    /// No subset of the eligible candidates lands within the duration band.
    NoPlaylistFits {
        /// The session's target, minutes.
        target_minutes: i32,
        /// Lower end of the band, seconds.
        min_seconds: i64,
        /// Upper end of the band, seconds.
        max_seconds: i64,
        /// Candidates that were eligible.
        eligible: usize,
    },
    /// A status change the machine does not allow (no skipping; finalized is final).
    InvalidTransition {
        /// The session's status.
        from: CurationStatus,
        /// The status asked for.
        to: CurationStatus,
    },
    /// Finalising needs at least one selected candidate.
    NothingSelected,
    /// The session is finalized: its candidates, selection and status no longer change.
    SessionFinalized,
    /// The candidate's channel is excluded by the session's channel lists (excluded, or not
    /// in the include list when one is given), so it can never be selected.
    ChannelExcluded {
        /// The candidate.
        candidate_id: String,
        /// Its channel (`None` when unknown: it cannot pass an include list).
        channel: Option<String>,
    },
    /// Fewer new ids than rows to create.
    NotEnoughIds {
        /// Lesson ids needed (one per selected candidate).
        needed: usize,
        /// Lesson ids given.
        given: usize,
    },
}

impl ErrorCode for CurationError {
    fn code(&self) -> &'static str {
        match self {
            CurationError::InvalidScore { .. } => "CURATION_INVALID_SCORE",
            CurationError::InvalidPolicy { .. } => "CURATION_INVALID_POLICY",
            CurationError::InvalidTarget { .. } => "CURATION_INVALID_TARGET",
            CurationError::TooManyCandidates { .. } => "CURATION_TOO_MANY_CANDIDATES",
            CurationError::NoPlaylistFits { .. } => "CURATION_NO_PLAYLIST_FITS",
            CurationError::InvalidTransition { .. } => "CURATION_INVALID_TRANSITION",
            CurationError::NothingSelected => "CURATION_NOTHING_SELECTED",
            CurationError::SessionFinalized => "CURATION_SESSION_FINALIZED",
            CurationError::ChannelExcluded { .. } => "CURATION_CHANNEL_EXCLUDED",
            CurationError::NotEnoughIds { .. } => "CURATION_NOT_ENOUGH_IDS",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CurationError::InvalidScore { field, value, .. }, Lang::Id) => {
                format!("skor {field} = {value} tidak valid (harus bilangan bulat 0..100)")
            }
            (CurationError::InvalidScore { field, value, .. }, Lang::En) => {
                format!("score {field} = {value} is invalid (must be an integer 0..100)")
            }
            (CurationError::InvalidPolicy { knob, value }, Lang::Id) => {
                format!("pengaturan kurasi {knob} tidak valid: {value}")
            }
            (CurationError::InvalidPolicy { knob, value }, Lang::En) => {
                format!("curation setting {knob} is invalid: {value}")
            }
            (CurationError::InvalidTarget { value, min, max }, Lang::Id) => {
                format!("target durasi {value} menit di luar rentang {min}..{max} menit")
            }
            (CurationError::InvalidTarget { value, min, max }, Lang::En) => {
                format!("target duration {value} minutes is outside {min}..{max} minutes")
            }
            (CurationError::TooManyCandidates { limit, value }, Lang::Id) => {
                format!("terlalu banyak kandidat video ({value}); maksimal {limit}")
            }
            (CurationError::TooManyCandidates { limit, value }, Lang::En) => {
                format!("too many video candidates ({value}); at most {limit}")
            }
            (
                CurationError::NoPlaylistFits {
                    min_seconds,
                    max_seconds,
                    ..
                },
                Lang::Id,
            ) => format!(
                "tidak ada kombinasi video dengan total durasi {min_seconds}..{max_seconds} detik"
            ),
            (
                CurationError::NoPlaylistFits {
                    min_seconds,
                    max_seconds,
                    ..
                },
                Lang::En,
            ) => format!(
                "no combination of videos has a total duration of {min_seconds}..{max_seconds} seconds"
            ),
            (CurationError::InvalidTransition { from, to }, Lang::Id) => {
                format!("status sesi kurasi tidak dapat berubah dari {from} ke {to}")
            }
            (CurationError::InvalidTransition { from, to }, Lang::En) => {
                format!("a curation session cannot move from {from} to {to}")
            }
            (CurationError::NothingSelected, Lang::Id) => {
                "Tidak ada video yang dipilih untuk difinalisasi".to_owned()
            }
            (CurationError::NothingSelected, Lang::En) => {
                "No video is selected to finalise".to_owned()
            }
            (CurationError::SessionFinalized, Lang::Id) => {
                "Sesi kurasi sudah difinalisasi dan tidak dapat diubah".to_owned()
            }
            (CurationError::SessionFinalized, Lang::En) => {
                "The curation session is finalised and can no longer change".to_owned()
            }
            (CurationError::ChannelExcluded { .. }, Lang::Id) => {
                "Kanal video ini dikecualikan oleh daftar kanal sesi kurasi".to_owned()
            }
            (CurationError::ChannelExcluded { .. }, Lang::En) => {
                "This video's channel is excluded by the session's channel lists".to_owned()
            }
            (CurationError::NotEnoughIds { needed, given }, Lang::Id) => {
                format!("dibutuhkan {needed} id pelajaran, hanya {given} yang diberikan")
            }
            (CurationError::NotEnoughIds { needed, given }, Lang::En) => {
                format!("{needed} lesson ids are needed, only {given} were given")
            }
        }
    }
}
crate::error::impl_error!(CurationError);

/// The weights that combine the four scores into the overall score; they must sum to exactly 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct OverallWeights {
    /// Weight of `relevanceScore` (0.40).
    pub relevance: Decimal,
    /// Weight of `levelFitScore` (0.20).
    pub level_fit: Decimal,
    /// Weight of `pedagogyScore` (0.25).
    pub pedagogy: Decimal,
    /// Weight of `technicalScore` (0.15).
    pub technical: Decimal,
}

impl Default for OverallWeights {
    fn default() -> Self {
        Self {
            relevance: Decimal::new(40, 2),
            level_fit: Decimal::new(20, 2),
            pedagogy: Decimal::new(25, 2),
            technical: Decimal::new(15, 2),
        }
    }
}

/// Whether the course a finalised session creates is published at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalizedCourse {
    /// An unpublished draft: the curator reviews it (and the enrichment fills the description)
    /// before learners see it.
    #[default]
    Draft,
    /// Published at once (*legacy*: the app set `isPublished = true`).
    Published,
}

/// Policy knobs of the curation rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct CurationPolicy {
    /// Weights of the overall score.
    pub weights: OverallWeights,
    /// `include` needs overall ≥ this (75) …
    pub include_min_overall: i32,
    /// … and relevance ≥ this (60).
    pub include_min_relevance: i32,
    /// `exclude` when overall < this (50) …
    pub exclude_below_overall: i32,
    /// … or relevance < this (40).
    pub exclude_below_relevance: i32,
    /// The playlist's total duration may differ from the target by this many percent (10).
    pub duration_tolerance_percent: u32,
    /// How many units the target is divided into (60): durations count in units of
    /// `max(1, floor(target·60 / resolution))` seconds — whole minutes for a 60-minute target,
    /// 10 s for a 10-minute one — each video rounded to the nearest unit. See the `playlist`
    /// module doc for the trade-off; `target_minutes × 60` is exact to the second.
    pub duration_resolution: u32,
    /// Draft (recommended) or published (*legacy*) course on finalisation.
    pub finalized_course: FinalizedCourse,
}

impl CurationPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            weights: OverallWeights::default(),
            include_min_overall: 75,
            include_min_relevance: 60,
            exclude_below_overall: 50,
            exclude_below_relevance: 40,
            duration_tolerance_percent: 10,
            duration_resolution: 60,
            finalized_course: FinalizedCourse::Draft,
        }
    }

    /// The original TITAN ULP behaviour. The app scored in an external workflow and assembled
    /// nothing automatically, so only the finalised course's publication differs.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            finalized_course: FinalizedCourse::Published,
            ..Self::recommended()
        }
    }

    /// Checks the knobs: weights in 0..=1 summing to exactly 1, thresholds in 0..=100 with the
    /// include bars at or above the exclude bars, tolerance ≤ 100 %, resolution 1..=86400.
    ///
    /// # Errors
    /// [`CurationError::InvalidPolicy`] naming the first bad knob.
    pub fn validate(&self) -> Result<(), CurationError> {
        let w = &self.weights;
        let all = [w.relevance, w.level_fit, w.pedagogy, w.technical];
        let sum: Decimal = all.iter().copied().sum();
        if all.iter().any(|x| *x < Decimal::ZERO || *x > Decimal::ONE) || sum != Decimal::ONE {
            return Err(CurationError::InvalidPolicy {
                knob: "weights",
                value: sum.normalize().to_string(),
            });
        }
        let thresholds = [
            ("include_min_overall", self.include_min_overall),
            ("include_min_relevance", self.include_min_relevance),
            ("exclude_below_overall", self.exclude_below_overall),
            ("exclude_below_relevance", self.exclude_below_relevance),
        ];
        for (knob, value) in thresholds {
            if !(0..=100).contains(&value) {
                return Err(CurationError::InvalidPolicy {
                    knob,
                    value: value.to_string(),
                });
            }
        }
        if self.include_min_overall < self.exclude_below_overall {
            return Err(CurationError::InvalidPolicy {
                knob: "include_min_overall",
                value: self.include_min_overall.to_string(),
            });
        }
        if self.include_min_relevance < self.exclude_below_relevance {
            return Err(CurationError::InvalidPolicy {
                knob: "include_min_relevance",
                value: self.include_min_relevance.to_string(),
            });
        }
        if self.duration_tolerance_percent > 100 {
            return Err(CurationError::InvalidPolicy {
                knob: "duration_tolerance_percent",
                value: self.duration_tolerance_percent.to_string(),
            });
        }
        if !(1..=86_400).contains(&self.duration_resolution) {
            return Err(CurationError::InvalidPolicy {
                knob: "duration_resolution",
                value: self.duration_resolution.to_string(),
            });
        }
        Ok(())
    }
}

impl Default for CurationPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn presets_are_valid_and_differ_only_in_publication() {
        assert_eq!(CurationPolicy::recommended().validate(), Ok(()));
        assert_eq!(CurationPolicy::legacy().validate(), Ok(()));
        assert_eq!(
            CurationPolicy::legacy().finalized_course,
            FinalizedCourse::Published
        );
        assert_eq!(
            CurationPolicy::recommended().finalized_course,
            FinalizedCourse::Draft
        );
    }

    #[test]
    fn weights_must_sum_to_one() {
        let mut p = CurationPolicy::recommended();
        p.weights.technical = Decimal::new(20, 2);
        let err = p.validate().unwrap_err();
        assert_eq!(err.code(), "CURATION_INVALID_POLICY");
        assert_eq!(
            err,
            CurationError::InvalidPolicy {
                knob: "weights",
                value: "1.05".into()
            }
        );
        let mut p = CurationPolicy::recommended();
        p.weights.relevance = Decimal::new(-10, 2);
        p.weights.level_fit = Decimal::new(70, 2);
        assert!(p.validate().is_err(), "a negative weight is refused");
    }

    #[test]
    fn thresholds_and_units_are_checked() {
        let mut p = CurationPolicy::recommended();
        p.include_min_overall = 40;
        assert!(p.validate().is_err());
        let mut p = CurationPolicy::recommended();
        p.exclude_below_relevance = 101;
        assert!(p.validate().is_err());
        let mut p = CurationPolicy::recommended();
        p.duration_resolution = 0;
        assert!(p.validate().is_err());
        let mut p = CurationPolicy::recommended();
        p.duration_tolerance_percent = 101;
        assert!(p.validate().is_err());
    }

    #[test]
    fn messages_in_both_languages() {
        let errors = [
            CurationError::InvalidScore {
                candidate_id: None,
                field: "relevanceScore",
                value: 101,
            },
            CurationError::NothingSelected,
            CurationError::SessionFinalized,
            CurationError::ChannelExcluded {
                candidate_id: "c1".into(),
                channel: Some("Kanal Hoaks".into()),
            },
            CurationError::InvalidTransition {
                from: CurationStatus::Searching,
                to: CurationStatus::Ready,
            },
            CurationError::NoPlaylistFits {
                target_minutes: 60,
                min_seconds: 3240,
                max_seconds: 3960,
                eligible: 0,
            },
        ];
        for e in errors {
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert!(e.code().starts_with("CURATION_"));
        }
    }
}
