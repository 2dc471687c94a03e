//! [`PbgmPolicy`]: the PBGM knobs, recommended (SPEC §8) and legacy (the original app).

use serde::{Deserialize, Serialize};

/// What counts against the revision limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionCountMode {
    /// Resubmissions after v1: a limit of N allows v1 plus N revisions (SPEC).
    #[default]
    Resubmissions,
    /// *Legacy*: every version including v1: a limit of N allows N versions in total.
    AllVersions,
}

/// How reviews of one version decide the milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecisionMode {
    /// The latest decision wins: one ACCEPT approves (SPEC default, and the legacy app).
    #[default]
    LatestWins,
    /// N ACCEPTs on the same version (by different reviewers) are needed before APPROVED_FINAL;
    /// a REQUEST_REVISION still sends the work back at once.
    NAccepts(u32),
}

/// Which reviewer assignments authorise a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewerScope {
    /// An assignment for the whole program, or for this very milestone.
    #[default]
    Milestone,
    /// *Legacy*: any assignment for the participant in the program (its milestone is ignored).
    Program,
}

/// Policy knobs of the PBGM rules (SPEC §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct PbgmPolicy {
    /// Platform-wide revision limit, used when a program's `settings.maxRevisionCycles` is unset;
    /// `None` = unlimited. Recommended and legacy: `None`.
    pub max_revisions: Option<u32>,
    /// What counts against the limit. Recommended: resubmissions; legacy: all versions.
    pub revision_count_mode: RevisionCountMode,
    /// How reviews decide. Recommended and legacy: latest wins.
    pub review_decision: ReviewDecisionMode,
    /// Whether participants may be enrolled in a RUNNING program. Recommended: true; legacy: false
    /// (DRAFT and PUBLISHED only).
    pub enrol_while_running: bool,
    /// Which assignments authorise a review. Recommended: milestone-scoped; legacy: program-wide.
    pub reviewer_scope: ReviewerScope,
    /// Decimal places of participant progress. Recommended: 2; legacy: 0 (`Math.round`).
    pub progress_decimals: u32,
}

impl PbgmPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            max_revisions: None,
            revision_count_mode: RevisionCountMode::Resubmissions,
            review_decision: ReviewDecisionMode::LatestWins,
            enrol_while_running: true,
            reviewer_scope: ReviewerScope::Milestone,
            progress_decimals: 2,
        }
    }

    /// The original TITAN ULP behaviour.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            max_revisions: None,
            revision_count_mode: RevisionCountMode::AllVersions,
            review_decision: ReviewDecisionMode::LatestWins,
            enrol_while_running: false,
            reviewer_scope: ReviewerScope::Program,
            progress_decimals: 0,
        }
    }
}

impl Default for PbgmPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn round_trips_through_json_and_toml() {
        let mut policy = PbgmPolicy::legacy();
        policy.review_decision = ReviewDecisionMode::NAccepts(2);
        policy.max_revisions = Some(3);
        let json = serde_json::to_string(&policy).unwrap();
        assert!(json.contains(r#""review_decision":{"n_accepts":2}"#));
        assert_eq!(serde_json::from_str::<PbgmPolicy>(&json).unwrap(), policy);
        let text = toml::to_string(&policy).unwrap();
        assert_eq!(toml::from_str::<PbgmPolicy>(&text).unwrap(), policy);
        let parsed: PbgmPolicy = toml::from_str("review_decision = { n_accepts = 3 }").unwrap();
        assert_eq!(parsed.review_decision, ReviewDecisionMode::NAccepts(3));
        assert_eq!(
            toml::from_str::<PbgmPolicy>("").unwrap(),
            PbgmPolicy::recommended()
        );
    }
}
