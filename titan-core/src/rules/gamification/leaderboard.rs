//! The leaderboard: learners by points, ties to whoever reached the total first.

use std::cmp::Ordering;
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Role;

/// One user's standing, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardEntry {
    /// The user.
    pub user_id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Work unit.
    #[serde(default)]
    pub unit_kerja: Option<String>,
    /// Role: only LEARNER is ranked.
    #[serde(default)]
    pub role: Role,
    /// Points (the ledger's sum).
    pub points: i64,
    /// When the user reached their current total (their latest ledger entry); `None` = never.
    #[serde(default)]
    pub reached_at: Option<DateTime<Utc>>,
}

/// A ranked learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedEntry {
    /// 1 = first; ranks are distinct (ties are broken, see [`rank_leaderboard`]).
    pub rank: u64,
    /// The user.
    pub user_id: String,
    /// Display name.
    pub name: Option<String>,
    /// Work unit.
    pub unit_kerja: Option<String>,
    /// Points.
    pub points: i64,
    /// When the total was reached.
    pub reached_at: Option<DateTime<Utc>>,
}

/// The top N and the caller's own place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Leaderboard {
    /// The first `top_n` learners.
    pub top: Vec<RankedEntry>,
    /// The caller's entry, even outside the top; `None` when the caller is not ranked (not a
    /// learner, another unit, or absent).
    pub caller: Option<RankedEntry>,
    /// How many learners are ranked.
    pub total: u64,
}

/// Points descending; then whoever reached the total first (never = last); then user id, so the
/// order is total and deterministic.
fn order(a: &LeaderboardEntry, b: &LeaderboardEntry) -> Ordering {
    b.points
        .cmp(&a.points)
        .then_with(|| match (a.reached_at, b.reached_at) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.user_id.cmp(&b.user_id))
}

fn ranked(rank: usize, e: LeaderboardEntry) -> RankedEntry {
    RankedEntry {
        rank: u64::try_from(rank).unwrap_or(u64::MAX),
        user_id: e.user_id,
        name: e.name,
        unit_kerja: e.unit_kerja,
        points: e.points,
        reached_at: e.reached_at,
    }
}

/// Ranks learners (role LEARNER only), optionally within one `unitKerja` (compared trimmed; a
/// blank filter means none), in O(n log n). Ranks are 1..n with ties broken by who reached the
/// total first, then user id. A user listed twice keeps their better entry.
#[must_use]
pub fn rank_leaderboard(
    entries: Vec<LeaderboardEntry>,
    unit_filter: Option<&str>,
    top_n: usize,
    caller_id: Option<&str>,
) -> Leaderboard {
    let unit = unit_filter.map(str::trim).filter(|u| !u.is_empty());
    let mut learners: Vec<LeaderboardEntry> = entries
        .into_iter()
        .filter(|e| e.role == Role::Learner)
        .filter(|e| unit.is_none_or(|u| e.unit_kerja.as_deref().map(str::trim) == Some(u)))
        .collect();
    learners.sort_unstable_by(order);
    let mut seen = HashSet::with_capacity(learners.len());
    learners.retain(|e| seen.insert(e.user_id.clone()));

    let total = u64::try_from(learners.len()).unwrap_or(u64::MAX);
    let caller = caller_id.and_then(|id| {
        learners
            .iter()
            .position(|e| e.user_id == id)
            .and_then(|i| learners.get(i).map(|e| ranked(i + 1, e.clone())))
    });
    learners.truncate(top_n);
    let top = learners
        .into_iter()
        .enumerate()
        .map(|(i, e)| ranked(i + 1, e))
        .collect();
    Leaderboard { top, caller, total }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    fn e(id: &str, points: i64, minute: Option<i64>, unit: &str, role: Role) -> LeaderboardEntry {
        LeaderboardEntry {
            user_id: id.into(),
            name: Some(id.to_uppercase()),
            unit_kerja: Some(unit.into()),
            role,
            points,
            reached_at: minute.map(|m| t0() + Duration::minutes(m)),
        }
    }

    fn sample() -> Vec<LeaderboardEntry> {
        vec![
            e("ani", 300, Some(5), "BKD", Role::Learner),
            e("budi", 300, Some(2), "Dinkes", Role::Learner),
            e("admin", 9000, Some(1), "BKD", Role::SuperAdmin),
            e("cici", 500, Some(9), "BKD", Role::Learner),
            e("dodi", 0, None, "BKD", Role::Learner),
            e("eka", 300, Some(2), "BKD", Role::Learner),
            e("guru", 800, Some(3), "BKD", Role::Instructor),
        ]
    }

    fn ids(b: &Leaderboard) -> Vec<(u64, &str)> {
        b.top.iter().map(|r| (r.rank, r.user_id.as_str())).collect()
    }

    #[test]
    fn points_then_earliest_then_id_learners_only() {
        let b = rank_leaderboard(sample(), None, 10, None);
        assert_eq!(
            ids(&b),
            [
                (1, "cici"),
                (2, "budi"),
                (3, "eka"),
                (4, "ani"),
                (5, "dodi")
            ]
        );
        assert_eq!(b.total, 5);
    }

    #[test]
    fn unit_filter_and_caller_outside_top() {
        let b = rank_leaderboard(sample(), Some(" BKD "), 2, Some("dodi"));
        assert_eq!(ids(&b), [(1, "cici"), (2, "eka")]);
        let caller = b.caller.unwrap();
        assert_eq!((caller.rank, caller.points), (4, 0));
        assert_eq!(b.total, 4);
        // Another unit's learner, or a non-learner, has no rank here.
        assert!(
            rank_leaderboard(sample(), Some("BKD"), 2, Some("budi"))
                .caller
                .is_none()
        );
        assert!(
            rank_leaderboard(sample(), None, 2, Some("admin"))
                .caller
                .is_none()
        );
        assert!(rank_leaderboard(sample(), Some(""), 0, None).top.is_empty());
    }

    #[test]
    fn a_duplicate_user_keeps_the_better_entry() {
        let mut v = sample();
        v.push(e("ani", 10, Some(1), "BKD", Role::Learner));
        let b = rank_leaderboard(v, None, 10, Some("ani"));
        assert_eq!(b.total, 5);
        assert_eq!(b.caller.unwrap().points, 300);
    }

    fn any_entries() -> impl Strategy<Value = Vec<LeaderboardEntry>> {
        proptest::collection::vec(
            (
                0_u8..40,
                -5_i64..20,
                proptest::option::of(0_i64..5),
                0_u8..3,
                any::<bool>(),
            ),
            0..60,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .map(|(id, points, minute, unit, learner)| {
                    let role = if learner {
                        Role::Learner
                    } else {
                        Role::Instructor
                    };
                    e(
                        &format!("u{id}"),
                        points,
                        minute,
                        &format!("unit{unit}"),
                        role,
                    )
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn ranks_are_one_to_n_and_follow_the_order(v in any_entries(), unit in proptest::option::of(0_u8..3)) {
            let unit = unit.map(|u| format!("unit{u}"));
            let b = rank_leaderboard(v, unit.as_deref(), usize::MAX, None);
            prop_assert_eq!(b.top.len() as u64, b.total);
            for (i, r) in b.top.iter().enumerate() {
                prop_assert_eq!(r.rank, i as u64 + 1);
            }
            for w in b.top.windows(2) {
                let (a, c) = (&w[0], &w[1]);
                prop_assert!(a.points >= c.points);
                if a.points == c.points {
                    let key = |r: &RankedEntry| (r.reached_at.is_none(), r.reached_at, r.user_id.clone());
                    prop_assert!(key(a) < key(c));
                }
            }
            // Every caller's rank is their place in the full list.
            for r in &b.top {
                let again = rank_leaderboard(
                    b.top.iter().map(|x| LeaderboardEntry {
                        user_id: x.user_id.clone(), name: None, unit_kerja: x.unit_kerja.clone(),
                        role: Role::Learner, points: x.points, reached_at: x.reached_at,
                    }).collect(),
                    None, 1, Some(&r.user_id));
                prop_assert_eq!(again.caller.map(|c| c.rank), Some(r.rank));
            }
        }
    }
}
