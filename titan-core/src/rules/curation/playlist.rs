//! Playlist assembly: the subset of eligible candidates with the greatest total overall score
//! whose total duration lies within ±`duration_tolerance_percent` of the session's target.
//!
//! **Eligible**: recommendation (recomputed from the four scores with the policy) is not
//! `exclude`, the channel passes the session's filters, and the duration is known and > 0.
//! Every other candidate is reported in [`Playlist::skipped`] with its [`SkipReason`].
//!
//! **Discretisation.** A 0/1 knapsack costs O(m × W) for W duration units; counting seconds
//! (W = 3960 for an hour) is 60× the work of counting minutes. So durations count in units of
//! `U = max(1, floor(T·60 / duration_resolution))` seconds for a target of T minutes (default
//! resolution 60: U = T seconds, i.e. whole minutes for an hour, 10 s for a 10-minute target):
//! a video of `d` seconds weighs `round(d / U)` units (half up), and the band in units is
//! `[ceil(T·60·(100−tol) / (100·U)), floor(T·60·(100+tol) / (100·U))]` — [54, 66] for an hour.
//! The rule is *defined* on these units, so the knapsack below is exact for it (the property
//! tests compare it with exhaustive search). Each video's weight differs from its real duration
//! by at most U/2, i.e. 1/(2·resolution) = 0.83 % of the target: the rounding errors of a
//! playlist's videos mostly cancel, and even k videos all rounded the same way stay within
//! k × 0.83 % against a ±10 % band. The table always has about `1.1 × resolution` columns
//! whatever the target, so assembly over 200 candidates stays within microseconds; a caller
//! that needs the exact second sets the resolution to `T × 60`.
//!
//! **Tie-breaks**, in order, so the answer is deterministic:
//! 1. greatest total overall score;
//! 2. fewer videos;
//! 3. total (in units) closest to the target, then the shorter;
//! 4. the earliest candidates in input order (the lexicographically smallest list of indices).
//!
//! **Order**: the playlist keeps the input order of the chosen candidates (the order the search
//! and the curator arranged); `orderInPlaylist` is 1..k in that order.
//!
//! **Algorithm**: a suffix table `best[i][w]` = best value using candidates `i..m` with total
//! weight exactly `w` (value = `score × (m+1) − 1` per video, which folds tie-break 2 into the
//! maximum); the best `w` in the band by tie-breaks 1–3, then a forward walk takes each
//! candidate whenever an optimal completion includes it (tie-break 4). O(m × W) time and memory.

use serde::{Deserialize, Serialize};

use super::scoring::{ChannelFilter, IntegerWeights, checked_scores, scored};
use super::{CurationError, CurationPolicy};
use crate::model::{Recommendation, YtCurationCandidate, YtCurationSession};

/// The most eligible candidates one assembly accepts (the table grows with m × W).
pub const MAX_PLAYLIST_CANDIDATES: usize = 1000;

/// Smallest and largest target the assembly accepts, minutes (one day at most).
const TARGET_MINUTES: (i32, i32) = (1, 1440);

/// Marks an unreachable weight. Values stay within ±10^8 (1000 videos × 100 × 1001), so
/// `UNREACHABLE + value` never wraps and never looks reachable (see `REACHABLE_FLOOR`).
const UNREACHABLE: i32 = -(1 << 30);
const REACHABLE_FLOOR: i32 = -(1 << 29);

/// The duration band of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DurationBand {
    /// The target, minutes.
    pub target_minutes: i32,
    /// Lower end, seconds: `ceil(T·60·(100−tol)/100)`.
    pub min_seconds: i64,
    /// Upper end, seconds: `floor(T·60·(100+tol)/100)`.
    pub max_seconds: i64,
    /// The unit durations are counted in, seconds (`max(1, floor(T·60 / resolution))`).
    pub unit_seconds: i64,
    /// Lower end in units.
    pub min_units: i64,
    /// Upper end in units.
    pub max_units: i64,
}

impl DurationBand {
    /// A duration's weight in units: `round(seconds / unit)`, half up.
    #[must_use]
    pub fn units(&self, seconds: i64) -> i64 {
        (2 * seconds + self.unit_seconds) / (2 * self.unit_seconds)
    }

    /// Whether a total in units lies in the band.
    #[must_use]
    pub fn contains_units(&self, units: i64) -> bool {
        (self.min_units..=self.max_units).contains(&units)
    }
}

/// The band of `target_minutes` under the policy's tolerance and unit.
///
/// # Errors
/// [`CurationError::InvalidTarget`] outside 1..=1440 minutes; [`CurationError::InvalidPolicy`].
pub fn duration_band(
    target_minutes: i32,
    policy: &CurationPolicy,
) -> Result<DurationBand, CurationError> {
    policy.validate()?;
    if !(TARGET_MINUTES.0..=TARGET_MINUTES.1).contains(&target_minutes) {
        return Err(CurationError::InvalidTarget {
            value: target_minutes,
            min: TARGET_MINUTES.0,
            max: TARGET_MINUTES.1,
        });
    }
    let t = i64::from(target_minutes) * 60;
    let tol = i64::from(policy.duration_tolerance_percent);
    let unit = (t / i64::from(policy.duration_resolution)).max(1);
    let low = t * (100 - tol);
    let high = t * (100 + tol);
    Ok(DurationBand {
        target_minutes,
        min_seconds: ceil_div(low, 100),
        max_seconds: high / 100,
        unit_seconds: unit,
        min_units: ceil_div(low, 100 * unit),
        max_units: high / (100 * unit),
    })
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

/// Why a candidate was left out before the knapsack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Its recommendation is `exclude`.
    Excluded,
    /// Its channel is excluded, or not in the include list.
    ChannelFiltered,
    /// Its duration is unknown (or not positive).
    UnknownDuration,
    /// It alone is longer than the band's upper end.
    TooLong,
}

/// A candidate left out, and why (by position, so reporting costs no copy of its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedCandidate {
    /// The candidate's position in the input, from 0.
    pub index: usize,
    /// Why.
    pub reason: SkipReason,
}

/// One video of the playlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistItem {
    /// The candidate's id.
    pub candidate_id: String,
    /// The candidate's position in the input, from 0.
    pub index: usize,
    /// 1..k.
    pub order_in_playlist: i32,
    /// Seconds.
    pub duration_seconds: i32,
    /// The recomputed overall score.
    pub overall_score: i32,
}

/// The assembled playlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Playlist {
    /// The chosen videos, in input order.
    pub items: Vec<PlaylistItem>,
    /// Sum of the real durations, seconds.
    pub total_duration_seconds: i64,
    /// Sum of the durations in units (what the band is checked on).
    pub total_units: i64,
    /// Sum of the overall scores.
    pub total_score: i64,
    /// The band it was assembled for.
    pub band: DurationBand,
    /// Candidates left out before the knapsack, in input order.
    pub skipped: Vec<SkippedCandidate>,
}

struct Eligible<'a> {
    candidate: &'a YtCurationCandidate,
    index: usize,
    seconds: i32,
    units: usize,
    score: i32,
}

/// Assembles the playlist of `session` from `candidates` (see the module doc).
///
/// # Errors
/// [`CurationError::InvalidScore`] (naming the candidate), [`CurationError::InvalidTarget`],
/// [`CurationError::InvalidPolicy`], [`CurationError::TooManyCandidates`], and
/// [`CurationError::NoPlaylistFits`] with the band when no subset lands within it.
pub fn assemble_playlist(
    session: &YtCurationSession,
    candidates: &[YtCurationCandidate],
    policy: &CurationPolicy,
) -> Result<Playlist, CurationError> {
    let band = duration_band(session.target_duration_min, policy)?;
    let weights = IntegerWeights::new(policy)?;
    let filter = ChannelFilter::for_session(session);
    let max_units = usize::try_from(band.max_units).unwrap_or(0);

    let mut eligible: Vec<Eligible<'_>> = Vec::with_capacity(candidates.len());
    let mut skipped = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let scores = checked_scores(candidate)?;
        let result = scored(&weights, &scores, policy);
        let reason = if result.recommendation == Recommendation::Exclude {
            Some(SkipReason::Excluded)
        } else if !filter.passes(candidate.channel_title.as_deref()) {
            Some(SkipReason::ChannelFiltered)
        } else {
            match candidate.duration_seconds {
                Some(d) if d > 0 => {
                    let units = usize::try_from(band.units(i64::from(d))).unwrap_or(usize::MAX);
                    if units > max_units {
                        Some(SkipReason::TooLong)
                    } else {
                        eligible.push(Eligible {
                            candidate,
                            index,
                            seconds: d,
                            units,
                            score: result.overall_score,
                        });
                        None
                    }
                }
                _ => Some(SkipReason::UnknownDuration),
            }
        };
        if let Some(reason) = reason {
            skipped.push(SkippedCandidate { index, reason });
        }
    }
    if eligible.len() > MAX_PLAYLIST_CANDIDATES {
        return Err(CurationError::TooManyCandidates {
            limit: MAX_PLAYLIST_CANDIDATES,
            value: eligible.len(),
        });
    }

    let eligible_count = eligible.len();
    prune_dominated(&mut eligible, max_units);
    let chosen = knapsack(&eligible, &band).ok_or(CurationError::NoPlaylistFits {
        target_minutes: band.target_minutes,
        min_seconds: band.min_seconds,
        max_seconds: band.max_seconds,
        eligible: eligible_count,
    })?;

    let mut items = Vec::with_capacity(chosen.len());
    let (mut total_seconds, mut total_units, mut total_score) = (0_i64, 0_i64, 0_i64);
    for (order, e) in (1_i32..).zip(chosen.iter().filter_map(|&i| eligible.get(i))) {
        total_seconds += i64::from(e.seconds);
        total_units += i64::try_from(e.units).unwrap_or(0);
        total_score += i64::from(e.score);
        items.push(PlaylistItem {
            candidate_id: e.candidate.id.clone(),
            index: e.index,
            order_in_playlist: order,
            duration_seconds: e.seconds,
            overall_score: e.score,
        });
    }
    Ok(Playlist {
        items,
        total_duration_seconds: total_seconds,
        total_units,
        total_score,
        band,
        skipped,
    })
}

/// Drops candidates no best playlist uses. At most `⌊max/w⌋` candidates of weight `w > 0` fit
/// together, so of the candidates weighing `w` only the best that many (by score, then input
/// order) can be chosen: if a best playlist used a dropped one, some kept one of the same weight
/// is unused, and swapping them gives a higher score, or the same score with an earlier index —
/// a better answer by tie-breaks 1 or 4. The answer is therefore unchanged, and the table has
/// fewer rows (whole-minute durations repeat a lot).
fn prune_dominated(eligible: &mut Vec<Eligible<'_>>, max_units: usize) {
    let cap = |units: usize| max_units.checked_div(units).unwrap_or(usize::MAX);
    let mut counts = vec![0_usize; max_units + 1];
    for e in eligible.iter() {
        if let Some(c) = counts.get_mut(e.units) {
            *c += 1;
        }
    }
    let crowded = |units: usize| counts.get(units).is_some_and(|&c| c > cap(units));
    if !eligible.iter().any(|e| crowded(e.units)) {
        return;
    }
    // Sort the crowded candidates by (weight, score desc, index) and keep each weight's first
    // `cap`: scores are ≤ 100 and indices < 2^32, so one u64 key orders them.
    let mut keys: Vec<u64> = eligible
        .iter()
        .enumerate()
        .filter(|(_, e)| crowded(e.units))
        .map(|(i, e)| {
            let loss = u64::try_from(100 - e.score).unwrap_or(0);
            ((e.units as u64) << 40) | (loss << 32) | i as u64
        })
        .collect();
    keys.sort_unstable();
    let mut keep = vec![true; eligible.len()];
    let mut run: Option<(u64, usize)> = None;
    for key in keys {
        let units = key >> 40;
        let seen = match run {
            Some((u, n)) if u == units => n + 1,
            _ => 1,
        };
        run = Some((units, seen));
        if seen > cap(usize::try_from(units).unwrap_or(usize::MAX))
            && let Some(k) = keep.get_mut((key & 0xFFFF_FFFF) as usize)
        {
            *k = false;
        }
    }
    let mut flags = keep.into_iter();
    eligible.retain(|_| flags.next().unwrap_or(true));
}

/// The indices (into `items`, ascending) of the best subset, or `None` when none fits.
fn knapsack(items: &[Eligible<'_>], band: &DurationBand) -> Option<Vec<usize>> {
    let m = items.len();
    let lo = usize::try_from(band.min_units).ok()?;
    let hi = usize::try_from(band.max_units).ok()?;
    let width = hi + 1;
    // Each video is worth score·(m+1) − 1: the total orders by score, then by fewer videos.
    let per_score = i32::try_from(m + 1).ok()?;
    let values: Vec<i32> = items.iter().map(|e| e.score * per_score - 1).collect();

    // Storage row r holds best[m − r][·]: row 0 is the empty suffix, and each new row is
    // pushed after its predecessor (no full-table initialisation).
    let mut table: Vec<i32> = Vec::with_capacity((m + 1) * width);
    table.resize(width, UNREACHABLE);
    *table.first_mut()? = 0;
    for (item, &value) in items.iter().zip(&values).rev() {
        let start = table.len();
        table.extend_from_within(start - width..start);
        let (done, cur) = table.split_at_mut(start);
        let prev = done.get(start - width..)?;
        if let Some(tail) = cur.get_mut(item.units..) {
            // Wrapping add is exact here (see UNREACHABLE) and keeps the loop vectorisable
            // under overflow checks.
            for (c, &p) in tail.iter_mut().zip(prev) {
                *c = (*c).max(p.wrapping_add(value));
            }
        }
    }
    let row = |i: usize| (m - i) * width;

    // Tie-breaks 1–3: greatest value, then closest to the target, then the shorter.
    let target_units2 = band.target_minutes as i64 * 60 * 2;
    let unit = band.unit_seconds;
    let first = table.get(row(0)..row(0) + width)?;
    let mut best: Option<(usize, i32)> = None;
    for w in lo..=hi {
        let v = *first.get(w)?;
        if v < REACHABLE_FLOOR {
            continue;
        }
        let better = match best {
            None => true,
            Some((bw, bv)) => {
                let dist = |x: usize| (x as i64 * unit * 2 - target_units2).abs();
                v > bv || (v == bv && dist(w) < dist(bw))
            }
        };
        if better {
            best = Some((w, v));
        }
    }
    let (mut remaining, mut need) = best?;

    // Tie-break 4: take each candidate whenever an optimal completion includes it.
    let mut chosen = Vec::new();
    for (i, (item, &value)) in items.iter().zip(&values).enumerate() {
        if item.units <= remaining {
            let rest = *table.get(row(i + 1) + remaining - item.units)?;
            if rest >= REACHABLE_FLOOR && rest.wrapping_add(value) == need {
                chosen.push(i);
                remaining -= item.units;
                need -= value;
            }
        }
    }
    Some(chosen)
}

/// The candidates with the playlist applied: chosen ones `selected = true` with their
/// `orderInPlaylist`, every other one `selected = false` without an order.
#[must_use]
pub fn apply_playlist(
    candidates: &[YtCurationCandidate],
    playlist: &Playlist,
) -> Vec<YtCurationCandidate> {
    candidates
        .iter()
        .map(|c| {
            let item = playlist.items.iter().find(|i| i.candidate_id == c.id);
            YtCurationCandidate {
                selected: Some(item.is_some()),
                order_in_playlist: item.map(|i| i.order_in_playlist),
                ..c.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::error::ErrorCode;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn session(target: i32) -> YtCurationSession {
        let mut s = YtCurationSession::new(
            "s1",
            "uuid-1",
            "Etika ASN",
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        );
        s.target_duration_min = target;
        s
    }

    /// A candidate whose four scores all equal `score` (so overall = score).
    fn cand(id: &str, score: i32, seconds: Option<i32>) -> YtCurationCandidate {
        serde_json::from_value(serde_json::json!({
            "id": id, "sessionId": "s1", "videoId": format!("v-{id}"), "videoTitle": id,
            "channelTitle": "Kanal", "durationSeconds": seconds,
            "relevanceScore": score, "levelFitScore": score,
            "pedagogyScore": score, "technicalScore": score
        }))
        .unwrap()
    }

    fn ids(p: &Playlist) -> Vec<&str> {
        p.items.iter().map(|i| i.candidate_id.as_str()).collect()
    }

    #[test]
    fn band_of_an_hour() {
        let band = duration_band(60, &CurationPolicy::recommended()).unwrap();
        assert_eq!((band.min_seconds, band.max_seconds), (3240, 3960));
        assert_eq!(band.unit_seconds, 60);
        assert_eq!((band.min_units, band.max_units), (54, 66));
        assert_eq!(band.units(89), 1);
        assert_eq!(band.units(90), 2, "half up");
        let short = duration_band(10, &CurationPolicy::recommended()).unwrap();
        assert_eq!(short.unit_seconds, 10);
        assert_eq!((short.min_units, short.max_units), (54, 66));
        assert!(duration_band(0, &CurationPolicy::recommended()).is_err());
        assert_eq!(
            duration_band(1441, &CurationPolicy::recommended())
                .unwrap_err()
                .code(),
            "CURATION_INVALID_TARGET"
        );
    }

    #[test]
    fn picks_the_best_scoring_fit() {
        let cands = [
            cand("a", 90, Some(30 * 60)),
            cand("b", 80, Some(30 * 60)),
            cand("c", 95, Some(40 * 60)),
            cand("d", 60, Some(20 * 60)),
        ];
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        // a+b = 170 (60 min), c+d = 155 (60 min), a+d… = 150 (50 min, out of band)
        assert_eq!(ids(&p), ["a", "b"]);
        assert_eq!(p.total_score, 170);
        assert_eq!(p.total_duration_seconds, 3600);
        assert_eq!(p.items[1].order_in_playlist, 2);
    }

    #[test]
    fn fewer_videos_then_closer_then_earlier() {
        // Same total score 160 either way: one video (c) beats two (a+b).
        let cands = [
            cand("a", 80, Some(30 * 60)),
            cand("b", 80, Some(30 * 60)),
            cand("c", 160 / 2, Some(60 * 60)),
        ];
        // c scores 80 alone < 160, so a+b wins on score.
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        assert_eq!(ids(&p), ["a", "b"]);

        // Equal score and count: the total closest to the target wins.
        let cands = [cand("x", 80, Some(55 * 60)), cand("y", 80, Some(61 * 60))];
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        assert_eq!(ids(&p), ["y"]);

        // Fully tied: the earlier candidate wins.
        let cands = [cand("p", 80, Some(60 * 60)), cand("q", 80, Some(60 * 60))];
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        assert_eq!(ids(&p), ["p"]);
    }

    #[test]
    fn skips_excluded_filtered_unknown_and_too_long() {
        let mut s = session(60);
        s.exclude_channels = Some("Spam".into());
        let mut spam = cand("spam", 90, Some(60 * 60));
        spam.channel_title = Some("SPAM".into());
        let cands = [
            cand("low", 30, Some(60 * 60)),
            spam,
            cand("nodur", 90, None),
            cand("zero", 90, Some(0)),
            cand("long", 90, Some(70 * 60)),
            cand("ok", 70, Some(58 * 60)),
        ];
        let p = assemble_playlist(&s, &cands, &CurationPolicy::recommended()).unwrap();
        assert_eq!(ids(&p), ["ok"]);
        let reasons: Vec<SkipReason> = p.skipped.iter().map(|x| x.reason).collect();
        assert_eq!(
            reasons,
            [
                SkipReason::Excluded,
                SkipReason::ChannelFiltered,
                SkipReason::UnknownDuration,
                SkipReason::UnknownDuration,
                SkipReason::TooLong,
            ]
        );
    }

    #[test]
    fn reports_the_band_when_nothing_fits() {
        let cands = [cand("a", 90, Some(10 * 60)), cand("b", 90, Some(10 * 60))];
        let err =
            assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap_err();
        assert_eq!(err.code(), "CURATION_NO_PLAYLIST_FITS");
        assert_eq!(
            err,
            CurationError::NoPlaylistFits {
                target_minutes: 60,
                min_seconds: 3240,
                max_seconds: 3960,
                eligible: 2
            }
        );
        let err = assemble_playlist(&session(60), &[], &CurationPolicy::recommended());
        assert!(err.is_err());
    }

    #[test]
    fn invalid_scores_are_refused() {
        let mut c = cand("a", 90, Some(3600));
        c.relevance_score = Some(120);
        let err =
            assemble_playlist(&session(60), &[c], &CurationPolicy::recommended()).unwrap_err();
        assert_eq!(err.code(), "CURATION_INVALID_SCORE");
    }

    #[test]
    fn apply_marks_selection_and_order() {
        let cands = [
            cand("a", 90, Some(1800)),
            cand("b", 10, Some(1800)),
            cand("c", 90, Some(1800)),
        ];
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        let applied = apply_playlist(&cands, &p);
        assert_eq!(applied[0].selected, Some(true));
        assert_eq!(applied[0].order_in_playlist, Some(1));
        assert_eq!(applied[1].selected, Some(false));
        assert_eq!(applied[1].order_in_playlist, None);
        assert_eq!(applied[2].order_in_playlist, Some(2));
    }

    #[test]
    fn two_hundred_candidates_stay_within_the_band() {
        let cands: Vec<YtCurationCandidate> = (0..200)
            .map(|i| {
                cand(
                    &format!("c{i}"),
                    40 + (i * 7) % 61,
                    Some(120 + (i * 97) % 1500),
                )
            })
            .collect();
        let p = assemble_playlist(&session(60), &cands, &CurationPolicy::recommended()).unwrap();
        assert!(p.band.contains_units(p.total_units));
        assert!(!p.items.is_empty());
    }

    /// (score, −count, −distance, −units): larger is better on every component.
    type Rank = (i64, i64, i64, i64);

    /// Exhaustive search under the same rule and all four tie-breaks: the chosen indices.
    fn brute_force(durations: &[i32], scores: &[i32], band: &DurationBand) -> Option<Vec<usize>> {
        let n = durations.len();
        let target2 = i64::from(band.target_minutes) * 120;
        let mut best: Option<(Rank, Vec<usize>)> = None;
        for mask in 0_u32..(1 << n) {
            let picked: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
            let units: i64 = picked
                .iter()
                .map(|&i| band.units(i64::from(durations[i])))
                .sum();
            if !band.contains_units(units) {
                continue;
            }
            let score: i64 = picked.iter().map(|&i| i64::from(scores[i])).sum();
            let dist = (units * band.unit_seconds * 2 - target2).abs();
            // Larger is better on every component.
            let key = (score, -(picked.len() as i64), -dist, -units);
            let better = match &best {
                None => true,
                Some((k, p)) => key > *k || (key == *k && picked < *p),
            };
            if better {
                best = Some((key, picked));
            }
        }
        best.map(|(_, p)| p)
    }

    fn check_against_brute_force(
        videos: &[(i32, i32)],
        target: i32,
        policy: &CurationPolicy,
    ) -> Result<(), TestCaseError> {
        let cands: Vec<YtCurationCandidate> = videos
            .iter()
            .enumerate()
            .map(|(i, (d, s))| cand(&format!("c{i}"), *s, Some(*d)))
            .collect();
        let band = duration_band(target, policy).unwrap();
        let durations: Vec<i32> = videos.iter().map(|v| v.0).collect();
        let scores: Vec<i32> = videos.iter().map(|v| v.1).collect();
        let expected = brute_force(&durations, &scores, &band);
        match assemble_playlist(&session(target), &cands, policy) {
            Ok(p) => {
                prop_assert!(p.band.contains_units(p.total_units));
                let got: Vec<String> = p.items.iter().map(|i| i.candidate_id.clone()).collect();
                let want: Vec<String> = expected
                    .unwrap_or_default()
                    .iter()
                    .map(|i| format!("c{i}"))
                    .collect();
                prop_assert_eq!(got, want);
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "CURATION_NO_PLAYLIST_FITS");
                prop_assert!(expected.is_none());
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn matches_exhaustive_search(
            videos in proptest::collection::vec((1_i32..=1500, 50_i32..=100), 0..=12),
            target in 5_i32..=90,
            resolution in prop_oneof![Just(60_u32), Just(600), Just(86_400)],
        ) {
            let mut policy = CurationPolicy::recommended();
            policy.duration_resolution = resolution;
            check_against_brute_force(&videos, target, &policy)?;
        }

        /// Few distinct durations and scores: many ties, and pruning of crowded weights.
        #[test]
        fn ties_and_pruning_match_exhaustive_search(
            videos in proptest::collection::vec(
                (prop_oneof![Just(600_i32), Just(900), Just(1200), Just(1800), Just(2400)],
                 prop_oneof![Just(60_i32), Just(80), Just(100)]),
                0..=12),
            target in prop_oneof![Just(30_i32), Just(45), Just(60)],
        ) {
            check_against_brute_force(&videos, target, &CurationPolicy::recommended())?;
        }
    }
}
