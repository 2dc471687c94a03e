//! Levels from points by a curve. `T(L)` is the points needed for level `L`, `T(1) = 0`.
//!
//! - `linear` (default, as legacy): `T(L) = step × (L − 1)`, i.e. level = ⌊points / step⌋ + 1.
//! - `relative` (Moodle Level Up): `T(2) = base`, `T(L) = base + round(factor × T(L − 1))`.
//! - `flat`: `T(L) = base × (L − 1)`.
//!
//! Levels are unbounded; arithmetic is checked, so a huge total gives a huge level (or a top level
//! with no next threshold), never an overflow.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::GamificationError;
use crate::rules::common::{percent, round_dp};

/// Most levels the relative curve walks through: bounds the work for a factor barely above 1.
const MAX_RELATIVE_STEPS: u64 = 100_000;

/// Largest growth factor of the relative curve.
const MAX_FACTOR: Decimal = Decimal::TEN;

/// How points map to levels (policy knob `level_curve`, tagged by `type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LevelCurve {
    /// `T(L) = step × (L − 1)`.
    Linear {
        /// Points per level (200).
        #[serde(default = "default_step")]
        step: u32,
    },
    /// `T(2) = base`, `T(L) = base + round(factor × T(L − 1))`.
    Relative {
        /// Points for level 2 and the constant part of each later step (120).
        #[serde(default = "default_base")]
        base: u32,
        /// Growth factor, 1..=10 (1.3).
        #[serde(default = "default_factor")]
        factor: Decimal,
    },
    /// `T(L) = base × (L − 1)`.
    Flat {
        /// Points per level (120).
        #[serde(default = "default_base")]
        base: u32,
    },
}

const fn default_step() -> u32 {
    200
}

const fn default_base() -> u32 {
    120
}

const fn default_factor() -> Decimal {
    Decimal::from_parts(13, 0, 0, false, 1)
}

impl Default for LevelCurve {
    fn default() -> Self {
        LevelCurve::Linear {
            step: default_step(),
        }
    }
}

impl LevelCurve {
    /// Refuses a zero step or base and a factor outside 1..=10.
    ///
    /// # Errors
    /// [`GamificationError::InvalidPolicy`] naming the knob.
    pub fn validate(&self) -> Result<(), GamificationError> {
        let bad = |knob, value: String| Err(GamificationError::InvalidPolicy { knob, value });
        match self {
            LevelCurve::Linear { step: 0 } => bad("level_curve.step", "0".into()),
            LevelCurve::Relative { base: 0, .. } | LevelCurve::Flat { base: 0 } => {
                bad("level_curve.base", "0".into())
            }
            LevelCurve::Relative { factor, .. }
                if *factor < Decimal::ONE || *factor > MAX_FACTOR =>
            {
                bad("level_curve.factor", factor.to_string())
            }
            _ => Ok(()),
        }
    }

    /// The equal step of a linear or flat curve (or of a relative one with factor 1).
    fn equal_step(&self) -> Option<i64> {
        match self {
            LevelCurve::Linear { step: s } | LevelCurve::Flat { base: s } => {
                Some(i64::from(*s).max(1))
            }
            LevelCurve::Relative { base, factor } if *factor <= Decimal::ONE => {
                // factor 1: base + T(L−1) is an equal step of `base`.
                Some(i64::from(*base).max(1))
            }
            LevelCurve::Relative { .. } => None,
        }
    }

    /// Base and factor of a relative curve, clamped to usable values.
    fn relative_parts(&self) -> (i64, Decimal) {
        match self {
            LevelCurve::Relative { base, factor } => (
                i64::from(*base).max(1),
                (*factor).clamp(Decimal::ONE, MAX_FACTOR),
            ),
            _ => (1, Decimal::ONE),
        }
    }
}

/// The next relative threshold after `previous`; `None` past `i64`.
fn next_relative(base: i64, factor: Decimal, previous: i64) -> Option<i64> {
    let grown = factor
        .checked_mul(Decimal::from(previous))
        .map(|grown| round_dp(grown, 0))?;
    i64::try_from(grown).ok()?.checked_add(base)
}

/// Where a learner stands on the level curve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelInfo {
    /// The level, from 1.
    pub level: u64,
    /// Its title (`Pemula` … `Legend`).
    pub title: String,
    /// `T(level)`: points at which this level began.
    pub current_threshold: i64,
    /// `T(level + 1)`; `None` past the largest representable total.
    pub next_threshold: Option<i64>,
    /// Points earned since `current_threshold`.
    pub points_into_level: i64,
    /// Points still needed for the next level.
    pub points_to_next: Option<i64>,
    /// Percent of the way to the next level, 0..100, truncated to 2 places (100 only at the top).
    pub progress_to_next: Decimal,
}

/// The title of a level: 1 Pemula, 2 Pelajar, 3 Terampil, 4 Mahir, 5 Ahli, 6 Master,
/// 7 Grandmaster, 8+ Legend.
#[must_use]
pub const fn level_title(level: u64) -> &'static str {
    match level {
        0 | 1 => "Pemula",
        2 => "Pelajar",
        3 => "Terampil",
        4 => "Mahir",
        5 => "Ahli",
        6 => "Master",
        7 => "Grandmaster",
        _ => "Legend",
    }
}

/// `T(level)`, the points needed for `level` (levels below 1 count as 1); `None` when it exceeds
/// `i64` (or the relative curve's bound on levels).
#[must_use]
pub fn level_threshold(level: u64, curve: &LevelCurve) -> Option<i64> {
    let steps = level.saturating_sub(1);
    if let Some(step) = curve.equal_step() {
        return i64::try_from(steps).ok()?.checked_mul(step);
    }
    if steps > MAX_RELATIVE_STEPS {
        return None;
    }
    let (base, factor) = curve.relative_parts();
    let mut threshold = 0_i64;
    for i in 0..steps {
        threshold = if i == 0 {
            base
        } else {
            next_relative(base, factor, threshold)?
        };
    }
    Some(threshold)
}

/// The level reached with `points` on `curve`. Negative points are level 1.
#[must_use]
pub fn level_for_points(points: i64, curve: &LevelCurve) -> LevelInfo {
    let points = points.max(0);
    let (level, current, next) = match curve.equal_step() {
        Some(step) => {
            let done = points / step;
            let current = done * step; // ≤ points, cannot overflow
            // done ≤ i64::MAX, so done + 1 fits in u64.
            (done.unsigned_abs() + 1, current, current.checked_add(step))
        }
        None => walk_relative(points, curve),
    };
    let points_into_level = points - current;
    let points_to_next = next.map(|n| n - points);
    let progress_to_next = match next {
        Some(n) => percent(Decimal::from(points_into_level), Decimal::from(n - current))
            .round_dp_with_strategy(2, RoundingStrategy::ToZero),
        None => Decimal::ONE_HUNDRED,
    };
    LevelInfo {
        level,
        title: level_title(level).to_owned(),
        current_threshold: current,
        next_threshold: next,
        points_into_level,
        points_to_next,
        progress_to_next,
    }
}

/// Walks the relative curve up to `points`: (level, T(level), T(level + 1)).
fn walk_relative(points: i64, curve: &LevelCurve) -> (u64, i64, Option<i64>) {
    let (base, factor) = curve.relative_parts();
    let (mut level, mut current, mut next) = (1_u64, 0_i64, Some(base));
    while let Some(n) = next {
        if n > points || level > MAX_RELATIVE_STEPS {
            break;
        }
        level += 1;
        current = n;
        next = next_relative(base, factor, n);
    }
    if level > MAX_RELATIVE_STEPS {
        next = None;
    }
    (level, current, next)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn relative() -> LevelCurve {
        LevelCurve::Relative {
            base: 120,
            factor: Decimal::new(13, 1),
        }
    }

    #[test]
    fn linear_is_floor_of_points_over_step_plus_one() {
        let c = LevelCurve::default();
        let l = |p| level_for_points(p, &c).level;
        assert_eq!(
            (l(0), l(199), l(200), l(399), l(400), l(1450)),
            (1, 1, 2, 2, 3, 8)
        );
        let info = level_for_points(250, &c);
        assert_eq!(info.current_threshold, 200);
        assert_eq!(info.next_threshold, Some(400));
        assert_eq!(info.points_into_level, 50);
        assert_eq!(info.points_to_next, Some(150));
        assert_eq!(info.progress_to_next, Decimal::new(25, 0));
        assert_eq!(info.title, "Pelajar");
    }

    #[test]
    fn relative_follows_level_up() {
        let c = relative();
        // T(2)=120, T(3)=120+156=276, T(4)=120+round(358.8)=479, T(5)=120+round(622.7)=743.
        let t: Vec<i64> = (1..=5).map(|l| level_threshold(l, &c).unwrap()).collect();
        assert_eq!(t, [0, 120, 276, 479, 743]);
        assert_eq!(level_for_points(119, &c).level, 1);
        assert_eq!(level_for_points(120, &c).level, 2);
        assert_eq!(level_for_points(478, &c).level, 3);
        let info = level_for_points(479, &c);
        assert_eq!((info.level, info.next_threshold), (4, Some(743)));
    }

    #[test]
    fn flat_is_base_times_level_minus_one() {
        let c = LevelCurve::Flat { base: 100 };
        assert_eq!(level_threshold(4, &c), Some(300));
        assert_eq!(level_for_points(299, &c).level, 3);
    }

    #[test]
    fn titles_cover_every_level() {
        let titles: Vec<&str> = (1..=9).map(level_title).collect();
        assert_eq!(
            titles,
            [
                "Pemula",
                "Pelajar",
                "Terampil",
                "Mahir",
                "Ahli",
                "Master",
                "Grandmaster",
                "Legend",
                "Legend"
            ]
        );
    }

    #[test]
    fn negative_points_are_level_one() {
        let info = level_for_points(-500, &LevelCurve::default());
        assert_eq!((info.level, info.current_threshold), (1, 0));
        assert_eq!(info.progress_to_next, Decimal::ZERO);
    }

    #[test]
    fn huge_totals_do_not_overflow() {
        for c in [
            LevelCurve::default(),
            relative(),
            LevelCurve::Linear { step: 1 },
            LevelCurve::Relative {
                base: 1,
                factor: Decimal::ONE,
            },
        ] {
            let info = level_for_points(i64::MAX, &c);
            assert!(info.level > 1);
            assert!(info.points_into_level >= 0);
        }
        let top = level_for_points(i64::MAX, &LevelCurve::Linear { step: 1 });
        assert_eq!(top.next_threshold, None);
        assert_eq!(top.progress_to_next, Decimal::ONE_HUNDRED);
        assert_eq!(level_threshold(u64::MAX, &relative()), None);
    }

    #[test]
    fn a_factor_barely_above_one_is_bounded() {
        let c = LevelCurve::Relative {
            base: 1,
            factor: Decimal::new(1_000_000_001, 9),
        };
        let info = level_for_points(i64::MAX, &c);
        assert!(info.level <= MAX_RELATIVE_STEPS + 1);
    }

    #[test]
    fn unusable_curves_are_refused() {
        let bad = [
            (LevelCurve::Linear { step: 0 }, "level_curve.step"),
            (LevelCurve::Flat { base: 0 }, "level_curve.base"),
            (
                LevelCurve::Relative {
                    base: 120,
                    factor: Decimal::new(9, 1),
                },
                "level_curve.factor",
            ),
            (
                LevelCurve::Relative {
                    base: 120,
                    factor: Decimal::new(11, 0),
                },
                "level_curve.factor",
            ),
        ];
        for (curve, knob) in bad {
            match curve.validate() {
                Err(GamificationError::InvalidPolicy { knob: k, .. }) => assert_eq!(k, knob),
                other => panic!("{curve:?}: {other:?}"),
            }
            // Still usable (clamped) without panicking.
            assert!(level_for_points(1000, &curve).level >= 1);
        }
        assert!(relative().validate().is_ok());
    }

    fn any_curve() -> impl Strategy<Value = LevelCurve> {
        prop_oneof![
            (1_u32..1000).prop_map(|step| LevelCurve::Linear { step }),
            (1_u32..1000).prop_map(|base| LevelCurve::Flat { base }),
            (1_u32..1000, 100_i64..=1000).prop_map(|(base, f)| LevelCurve::Relative {
                base,
                factor: Decimal::new(f, 2)
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn level_never_decreases_with_points(curve in any_curve(), a in any::<i64>(), b in any::<i64>()) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (x, y) = (level_for_points(lo, &curve), level_for_points(hi, &curve));
            prop_assert!(x.level <= y.level);
            prop_assert!(y.current_threshold <= hi.max(0));
            if let Some(n) = y.next_threshold {
                prop_assert!(n > hi.max(0));
            }
            prop_assert!(y.progress_to_next >= Decimal::ZERO && y.progress_to_next <= Decimal::ONE_HUNDRED);
        }

        #[test]
        fn threshold_agrees_with_level(curve in any_curve(), p in 0_i64..10_000_000) {
            let info = level_for_points(p, &curve);
            prop_assert_eq!(level_threshold(info.level, &curve), Some(info.current_threshold));
            prop_assert_eq!(level_threshold(info.level + 1, &curve), info.next_threshold);
        }
    }
}
