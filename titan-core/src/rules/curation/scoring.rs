//! Candidate scoring: the overall score, the recommendation and the channel filters.

use serde::{Deserialize, Serialize};

use super::{CurationError, CurationPolicy};
use crate::model::{Recommendation, YtCurationCandidate, YtCurationSession};

/// The four scores a candidate is rated on, integers 0..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateScores {
    /// `relevanceScore`.
    pub relevance: i32,
    /// `levelFitScore`.
    pub level_fit: i32,
    /// `pedagogyScore`.
    pub pedagogy: i32,
    /// `technicalScore`.
    pub technical: i32,
}

impl CandidateScores {
    /// A candidate's scores; a missing score is the seed's default 0.
    #[must_use]
    pub fn of(candidate: &YtCurationCandidate) -> Self {
        Self {
            relevance: candidate.relevance_score.unwrap_or(0),
            level_fit: candidate.level_fit_score.unwrap_or(0),
            pedagogy: candidate.pedagogy_score.unwrap_or(0),
            technical: candidate.technical_score.unwrap_or(0),
        }
    }

    fn check(&self, candidate_id: Option<&str>) -> Result<(), CurationError> {
        let ok = |v: i32| (0..=100).contains(&v);
        if ok(self.relevance) && ok(self.level_fit) && ok(self.pedagogy) && ok(self.technical) {
            return Ok(());
        }
        let fields = [
            ("relevanceScore", self.relevance),
            ("levelFitScore", self.level_fit),
            ("pedagogyScore", self.pedagogy),
            ("technicalScore", self.technical),
        ];
        match fields.iter().find(|(_, v)| !(0..=100).contains(v)) {
            Some((field, value)) => Err(CurationError::InvalidScore {
                candidate_id: candidate_id.map(str::to_owned),
                field,
                value: *value,
            }),
            None => Ok(()),
        }
    }
}

/// A candidate's overall score and recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoredCandidate {
    /// `overallScore`, 0..=100.
    pub overall_score: i32,
    /// include / maybe / exclude.
    pub recommendation: Recommendation,
}

/// The policy weights as integers over one common denominator, so scoring many candidates
/// needs no decimal arithmetic (and stays exact: every `Decimal` weight is `a / 10^scale`).
#[derive(Debug, Clone, Copy)]
pub(super) struct IntegerWeights {
    numerators: [i128; 4],
    denominator: i128,
    /// The same in i64 when the scale allows (≤ 15 places: 4 × 100 × 10^15 fits), because an
    /// i128 division costs as much as the rest of scoring.
    small: Option<([i64; 4], i64)>,
}

impl IntegerWeights {
    /// Validates the policy and converts its weights.
    pub(super) fn new(policy: &CurationPolicy) -> Result<Self, CurationError> {
        policy.validate()?;
        let w = &policy.weights;
        let all = [w.relevance, w.level_fit, w.pedagogy, w.technical];
        let scale = all.iter().map(|d| d.scale()).max().unwrap_or(0);
        let denominator = 10_i128.pow(scale);
        let mut numerators = [0_i128; 4];
        for (n, d) in numerators.iter_mut().zip(all) {
            // mantissa × 10^(scale − own scale): both factors fit an i128 (a Decimal mantissa
            // is < 2^96 and the weight is ≤ 1, so the product is ≤ 10^28).
            *n = d.mantissa() * 10_i128.pow(scale - d.scale());
        }
        let small = if scale <= 15 {
            let mut n64 = [0_i64; 4];
            for (dst, src) in n64.iter_mut().zip(numerators) {
                *dst = i64::try_from(src).unwrap_or(0);
            }
            i64::try_from(denominator).ok().map(|d| (n64, d))
        } else {
            None
        };
        Ok(Self {
            numerators,
            denominator,
            small,
        })
    }

    /// `round(Σ wᵢ sᵢ)`, half away from zero (every term is non-negative, so half up).
    #[inline]
    pub(super) fn overall(&self, s: &CandidateScores) -> i32 {
        if let Some(([a, b, c, d], den)) = self.small {
            let num = a * i64::from(s.relevance)
                + b * i64::from(s.level_fit)
                + c * i64::from(s.pedagogy)
                + d * i64::from(s.technical);
            return i32::try_from((2 * num + den) / (2 * den)).unwrap_or(100);
        }
        let [a, b, c, d] = self.numerators;
        let num = a * i128::from(s.relevance)
            + b * i128::from(s.level_fit)
            + c * i128::from(s.pedagogy)
            + d * i128::from(s.technical);
        let rounded = (2 * num + self.denominator) / (2 * self.denominator);
        // Weights sum to 1 and scores are ≤ 100, so the result is in 0..=100.
        i32::try_from(rounded).unwrap_or(100)
    }
}

/// The recommendation for an overall score and a relevance score: `include` when both reach the
/// include bars (75, 60), else `exclude` when either falls below the exclude bars (50, 40), else
/// `maybe`. The include test comes first.
#[must_use]
pub fn recommend(overall: i32, relevance: i32, policy: &CurationPolicy) -> Recommendation {
    if overall >= policy.include_min_overall && relevance >= policy.include_min_relevance {
        Recommendation::Include
    } else if overall < policy.exclude_below_overall || relevance < policy.exclude_below_relevance {
        Recommendation::Exclude
    } else {
        Recommendation::Maybe
    }
}

/// Scores one candidate: overall score (policy weights, exact, rounded half away from zero)
/// and recommendation.
///
/// # Errors
/// [`CurationError::InvalidScore`] for a score outside 0..=100;
/// [`CurationError::InvalidPolicy`] for unusable weights or thresholds.
pub fn score_candidate(
    scores: &CandidateScores,
    policy: &CurationPolicy,
) -> Result<ScoredCandidate, CurationError> {
    let weights = IntegerWeights::new(policy)?;
    scores.check(None)?;
    Ok(scored(&weights, scores, policy))
}

#[inline]
pub(super) fn scored(
    weights: &IntegerWeights,
    scores: &CandidateScores,
    policy: &CurationPolicy,
) -> ScoredCandidate {
    let overall_score = weights.overall(scores);
    ScoredCandidate {
        overall_score,
        recommendation: recommend(overall_score, scores.relevance, policy),
    }
}

/// Scores a candidate row (missing scores count as 0) and returns it with
/// `overallScore` and `recommendation` set.
///
/// # Errors
/// As [`score_candidate`]; the error names the candidate.
pub fn apply_scores(
    candidate: &YtCurationCandidate,
    policy: &CurationPolicy,
) -> Result<YtCurationCandidate, CurationError> {
    let weights = IntegerWeights::new(policy)?;
    let scores = CandidateScores::of(candidate);
    scores.check(Some(&candidate.id))?;
    let result = scored(&weights, &scores, policy);
    Ok(YtCurationCandidate {
        overall_score: Some(result.overall_score),
        recommendation: Some(result.recommendation),
        ..candidate.clone()
    })
}

#[inline]
pub(super) fn checked_scores(
    candidate: &YtCurationCandidate,
) -> Result<CandidateScores, CurationError> {
    let scores = CandidateScores::of(candidate);
    scores.check(Some(&candidate.id))?;
    Ok(scores)
}

/// A session's channel lists, parsed once: comma-separated names, trimmed, compared
/// case-insensitively. Excluded channels never pass; when an include list is given, only its
/// channels pass (a candidate without a channel then fails).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChannelFilter {
    include: ChannelList,
    exclude: ChannelList,
}

/// Parsed names, plus a mask of the lengths of the ASCII ones (bit `len`, lengths ≥ 63 on bit
/// 63), so an ASCII candidate channel of another length is rejected with one bit test.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct ChannelList {
    names: Vec<ChannelName>,
    ascii_lengths: u64,
    all_ascii: bool,
}

impl ChannelList {
    fn parse(list: Option<&str>) -> Self {
        let names = parse_list(list);
        let ascii_lengths = names
            .iter()
            .filter(|n| n.ascii)
            .fold(0_u64, |m, n| m | length_bit(n.lowered.len()));
        let all_ascii = names.iter().all(|n| n.ascii);
        Self {
            names,
            ascii_lengths,
            all_ascii,
        }
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn contains(&self, name: &str, ascii: bool) -> bool {
        if ascii && self.all_ascii && self.ascii_lengths & length_bit(name.len()) == 0 {
            return false;
        }
        self.names.iter().any(|n| n.matches(name, ascii))
    }
}

fn length_bit(len: usize) -> u64 {
    1_u64 << len.min(63)
}

/// A lower-cased, trimmed channel name, with whether it is ASCII (the fast path).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChannelName {
    lowered: String,
    ascii: bool,
}

impl ChannelName {
    /// Whether `name` (trimmed; `ascii` = `name.is_ascii()`) is this channel.
    fn matches(&self, name: &str, ascii: bool) -> bool {
        if ascii && self.ascii {
            name.len() == self.lowered.len() && name.eq_ignore_ascii_case(&self.lowered)
        } else {
            // Unicode lower-casing may change lengths (and map some non-ASCII letters to ASCII).
            name.chars()
                .flat_map(char::to_lowercase)
                .eq(self.lowered.chars())
        }
    }
}

fn parse_list(list: Option<&str>) -> Vec<ChannelName> {
    list.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let lowered = s.chars().flat_map(char::to_lowercase).collect::<String>();
            ChannelName {
                ascii: lowered.is_ascii(),
                lowered,
            }
        })
        .collect()
}

/// Trims ASCII whitespace cheaply, and Unicode whitespace only when an end is not ASCII.
fn trim_name(name: &str) -> &str {
    let name = name.trim_ascii();
    match (name.as_bytes().first(), name.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => name,
        _ => name.trim(),
    }
}

impl ChannelFilter {
    /// Parses the two comma-separated lists.
    #[must_use]
    pub fn from_lists(include: Option<&str>, exclude: Option<&str>) -> Self {
        Self {
            include: ChannelList::parse(include),
            exclude: ChannelList::parse(exclude),
        }
    }

    /// The filter of a session (`includeChannels`, `excludeChannels`).
    #[must_use]
    pub fn for_session(session: &YtCurationSession) -> Self {
        Self::from_lists(
            session.include_channels.as_deref(),
            session.exclude_channels.as_deref(),
        )
    }

    /// The lower-cased names of the channels allowed (empty: any).
    #[must_use]
    pub fn included(&self) -> Vec<&str> {
        self.include
            .names
            .iter()
            .map(|c| c.lowered.as_str())
            .collect()
    }

    /// The lower-cased names of the channels refused.
    #[must_use]
    pub fn excluded(&self) -> Vec<&str> {
        self.exclude
            .names
            .iter()
            .map(|c| c.lowered.as_str())
            .collect()
    }

    /// Whether a candidate from `channel` passes.
    #[must_use]
    pub fn passes(&self, channel: Option<&str>) -> bool {
        if self.include.is_empty() && self.exclude.is_empty() {
            return true;
        }
        match channel.map(trim_name) {
            Some(name) => {
                let ascii = name.is_ascii();
                !self.exclude.contains(name, ascii)
                    && (self.include.is_empty() || self.include.contains(name, ascii))
            }
            None => self.include.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::error::ErrorCode;
    use rust_decimal::Decimal;

    fn s(relevance: i32, level_fit: i32, pedagogy: i32, technical: i32) -> CandidateScores {
        CandidateScores {
            relevance,
            level_fit,
            pedagogy,
            technical,
        }
    }

    fn overall(scores: CandidateScores) -> i32 {
        score_candidate(&scores, &CurationPolicy::recommended())
            .unwrap()
            .overall_score
    }

    #[test]
    fn overall_is_the_weighted_sum_rounded_half_up() {
        assert_eq!(overall(s(90, 70, 80, 60)), 79);
        assert_eq!(overall(s(100, 100, 100, 100)), 100);
        assert_eq!(overall(s(0, 0, 0, 0)), 0);
        // 0.40·1 + 0.20·0 + 0.25·0 + 0.15·1 = 0.55 → 1
        assert_eq!(overall(s(1, 0, 0, 1)), 1);
        // 0.25·2 = 0.5 → 1 (half away from zero), 0.25·1 = 0.25 → 0
        assert_eq!(overall(s(0, 0, 2, 0)), 1);
        assert_eq!(overall(s(0, 0, 1, 0)), 0);
        // 0.40·71 + 0.20·70 + 0.25·70 + 0.15·70 = 70.4 → 70
        assert_eq!(overall(s(71, 70, 70, 70)), 70);
    }

    #[test]
    fn custom_weights_stay_exact() {
        let mut policy = CurationPolicy::recommended();
        policy.weights.relevance = Decimal::new(3333, 4);
        policy.weights.level_fit = Decimal::new(3333, 4);
        policy.weights.pedagogy = Decimal::new(3334, 4);
        policy.weights.technical = Decimal::ZERO;
        // 0.3333·50 + 0.3333·50 + 0.3334·51 = 50.3334 → 50
        let r = score_candidate(&s(50, 50, 51, 0), &policy).unwrap();
        assert_eq!(r.overall_score, 50);
    }

    #[test]
    fn recommendation_bands() {
        let p = CurationPolicy::recommended();
        assert_eq!(recommend(75, 60, &p), Recommendation::Include);
        assert_eq!(recommend(75, 59, &p), Recommendation::Maybe);
        assert_eq!(recommend(74, 90, &p), Recommendation::Maybe);
        assert_eq!(recommend(50, 40, &p), Recommendation::Maybe);
        assert_eq!(recommend(49, 90, &p), Recommendation::Exclude);
        assert_eq!(recommend(80, 39, &p), Recommendation::Exclude);
    }

    #[test]
    fn scores_outside_0_100_are_refused() {
        let p = CurationPolicy::recommended();
        let err = score_candidate(&s(101, 0, 0, 0), &p).unwrap_err();
        assert_eq!(err.code(), "CURATION_INVALID_SCORE");
        let err = score_candidate(&s(0, 0, -1, 0), &p).unwrap_err();
        assert_eq!(
            err,
            CurationError::InvalidScore {
                candidate_id: None,
                field: "pedagogyScore",
                value: -1
            }
        );
    }

    #[test]
    fn apply_scores_fills_the_row() {
        let c: YtCurationCandidate = serde_json::from_value(serde_json::json!({
            "id": "c1", "sessionId": "s1", "videoId": "v1", "videoTitle": "Video",
            "relevanceScore": 90, "levelFitScore": 70, "pedagogyScore": 80, "technicalScore": 60
        }))
        .unwrap();
        let scored = apply_scores(&c, &CurationPolicy::recommended()).unwrap();
        assert_eq!(scored.overall_score, Some(79));
        assert_eq!(scored.recommendation, Some(Recommendation::Include));
        let bad = YtCurationCandidate {
            technical_score: Some(200),
            ..c
        };
        let err = apply_scores(&bad, &CurationPolicy::recommended()).unwrap_err();
        assert!(
            matches!(err, CurationError::InvalidScore { candidate_id: Some(ref id), .. } if id == "c1")
        );
    }

    #[test]
    fn channel_filters() {
        let f = ChannelFilter::from_lists(None, Some(" Spam TV , ,Clickbait"));
        assert_eq!(f.excluded(), ["spam tv", "clickbait"]);
        assert!(f.included().is_empty());
        assert!(
            !f.passes(Some("\u{a0}Spam TV\u{3000}")),
            "Unicode spaces are trimmed"
        );
        assert!(!f.passes(Some("spam tv")));
        assert!(!f.passes(Some("  CLICKBAIT ")));
        assert!(f.passes(Some("Kelas Pintar")));
        assert!(f.passes(None));

        let f = ChannelFilter::from_lists(Some("Kelas Pintar,ÉCOLE"), Some("kelas pintar"));
        assert!(!f.passes(Some("Kelas Pintar")), "exclude wins over include");
        assert!(f.passes(Some("école")));
        let long = "Kanal Pendidikan dan Pelatihan Aparatur Sipil Negara Republik Indonesia";
        let by_length = ChannelFilter::from_lists(None, Some(&long.to_uppercase()));
        assert!(
            !by_length.passes(Some(long)),
            "names of 63+ bytes share the mask's last bit"
        );
        assert!(by_length.passes(Some(&format!("{long} 2"))));
        let kelvin = ChannelFilter::from_lists(Some("kanal"), None);
        assert!(
            kelvin.passes(Some("\u{212a}anal")),
            "Kelvin sign lower-cases to k"
        );
        assert!(!f.passes(Some("Other")));
        assert!(!f.passes(None));
    }
}
