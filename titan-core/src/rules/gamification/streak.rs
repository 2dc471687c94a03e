//! Daily streaks. Only learning activity counts (lesson, quiz submit, attendance), not a login:
//! the caller decides which events call [`update_streak`].

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::GamificationPolicy;

/// Milliseconds in the legacy rule's "day".
const DAY_MS: i64 = 86_400_000;

/// How consecutive days are counted (policy knob `streak_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreakMode {
    /// Calendar days in the user's timezone; DAILY_ACTIVE on the first activity of each day.
    #[default]
    CalendarDays,
    /// *legacy:* elapsed 24 h periods since the last activity, `⌊(now − last) / 86 400 000 ms⌋`;
    /// DAILY_ACTIVE only when the streak grows.
    #[serde(rename = "elapsed_24h")]
    Elapsed24h,
}

/// What an activity did to the streak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreakChange {
    /// The first activity ever: streak 1.
    Started,
    /// Same day (or, legacy, under 24 h): unchanged.
    Kept,
    /// The next day (or, legacy, 24–48 h later): +1.
    Extended,
    /// After a gap: back to 1.
    Reset,
    /// An activity older than the last one (clock skew, out-of-order delivery): nothing changes.
    Ignored,
}

/// The user's streak columns after an activity, and whether DAILY_ACTIVE is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreakUpdate {
    /// The new `streak`.
    pub streak: i32,
    /// The new `longestStreak` (never below `streak`).
    pub longest_streak: i32,
    /// The new `lastActiveAt`.
    pub last_active_at: DateTime<Utc>,
    /// Whether to award DAILY_ACTIVE (its key uses `activity_date`, so it pays once a day).
    pub daily_active_award: bool,
    /// The activity's calendar day in the user's timezone.
    pub activity_date: NaiveDate,
    /// What happened.
    pub change: StreakChange,
}

/// The calendar day of `at` in `tz` (for streaks and the DAILY_ACTIVE key).
#[must_use]
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Applies one learning activity at `activity_at` to a streak. `tz` is the user's timezone
/// (`resolve_timezone(&[user.timezone.as_deref()])`, else Asia/Jakarta). Negative stored values
/// count as 0.
#[must_use]
pub fn update_streak(
    streak: i32,
    longest: i32,
    last_active_at: Option<DateTime<Utc>>,
    activity_at: DateTime<Utc>,
    tz: Tz,
    policy: &GamificationPolicy,
) -> StreakUpdate {
    let streak = streak.max(0);
    let mode = policy.streak_mode;
    let (new_streak, last, change) = match last_active_at {
        None => (1, activity_at, StreakChange::Started),
        Some(last) if activity_at < last => (streak, last, StreakChange::Ignored),
        Some(last) => {
            let days = match mode {
                StreakMode::CalendarDays => local_date(activity_at, tz)
                    .signed_duration_since(local_date(last, tz))
                    .num_days(),
                StreakMode::Elapsed24h => (activity_at - last).num_milliseconds() / DAY_MS,
            };
            match (days, mode) {
                // An activity today means a streak of at least 1, even over old rows holding 0.
                (0, StreakMode::CalendarDays) => (streak.max(1), activity_at, StreakChange::Kept),
                (0, StreakMode::Elapsed24h) => (streak, activity_at, StreakChange::Kept),
                (1, _) => (
                    streak.saturating_add(1),
                    activity_at,
                    StreakChange::Extended,
                ),
                _ => (1, activity_at, StreakChange::Reset),
            }
        }
    };
    let daily_active_award = matches!(
        (mode, change),
        (_, StreakChange::Extended)
            | (
                StreakMode::CalendarDays,
                StreakChange::Started | StreakChange::Reset
            )
    );
    StreakUpdate {
        streak: new_streak,
        longest_streak: longest.max(new_streak),
        last_active_at: last,
        daily_active_award,
        activity_date: local_date(activity_at, tz),
        change,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::rules::common::{DEFAULT_TIMEZONE, resolve_timezone};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, m, 0).unwrap()
    }

    fn rec() -> GamificationPolicy {
        GamificationPolicy::recommended()
    }

    fn leg() -> GamificationPolicy {
        GamificationPolicy::legacy()
    }

    const JKT: Tz = DEFAULT_TIMEZONE;

    #[test]
    fn first_activity_starts_at_one() {
        let u = update_streak(0, 0, None, at(1, 3, 0), JKT, &rec());
        assert_eq!(
            (u.streak, u.longest_streak, u.change),
            (1, 1, StreakChange::Started)
        );
        assert!(u.daily_active_award);
        let l = update_streak(0, 0, None, at(1, 3, 0), JKT, &leg());
        assert_eq!(l.streak, 1);
        assert!(!l.daily_active_award);
    }

    #[test]
    fn same_local_day_keeps_next_day_adds_gap_resets() {
        // 2026-03-01 01:00Z = 08:00 WIB; 16:00Z = 23:00 WIB, same day.
        let same = update_streak(3, 5, Some(at(1, 1, 0)), at(1, 16, 0), JKT, &rec());
        assert_eq!((same.streak, same.change), (3, StreakChange::Kept));
        assert!(!same.daily_active_award);
        // 17:30Z = 00:30 WIB on 03-02: the next local day, only 1.5 h later.
        let next = update_streak(3, 3, Some(at(1, 16, 0)), at(1, 17, 30), JKT, &rec());
        assert_eq!((next.streak, next.longest_streak), (4, 4));
        assert!(next.daily_active_award);
        assert_eq!(
            next.activity_date,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
        let gap = update_streak(4, 4, Some(at(1, 1, 0)), at(3, 1, 0), JKT, &rec());
        assert_eq!((gap.streak, gap.longest_streak), (1, 4));
        assert_eq!(gap.change, StreakChange::Reset);
        assert!(gap.daily_active_award);
    }

    #[test]
    fn wita_and_wit_have_their_own_midnight() {
        // 15:30Z is 23:30 WITA but 00:30 WIT (next day).
        let last = at(1, 2, 0);
        let now = at(1, 15, 30);
        let wita = resolve_timezone(&[Some("Asia/Makassar")]);
        let wit = resolve_timezone(&[Some("Asia/Jayapura")]);
        assert_eq!(update_streak(2, 2, Some(last), now, wita, &rec()).streak, 2);
        assert_eq!(update_streak(2, 2, Some(last), now, wit, &rec()).streak, 3);
    }

    #[test]
    fn legacy_counts_elapsed_24h_periods() {
        // 23 h later but the next calendar day: legacy keeps, recommended extends.
        let last = at(1, 2, 0);
        let now = at(2, 1, 0);
        let l = update_streak(2, 2, Some(last), now, JKT, &leg());
        assert_eq!((l.streak, l.change), (2, StreakChange::Kept));
        assert!(!l.daily_active_award);
        assert_eq!(update_streak(2, 2, Some(last), now, JKT, &rec()).streak, 3);
        // 47 h later: legacy +1 with the award; recommended sees a skipped day.
        let now = last + Duration::hours(47);
        let l = update_streak(2, 2, Some(last), now, JKT, &leg());
        assert_eq!(l.streak, 3);
        assert!(l.daily_active_award);
        assert_eq!(update_streak(2, 2, Some(last), now, JKT, &rec()).streak, 1);
        // 48 h: reset, and legacy pays nothing for it.
        let l = update_streak(2, 2, Some(last), last + Duration::hours(48), JKT, &leg());
        assert_eq!(l.streak, 1);
        assert!(!l.daily_active_award);
    }

    #[test]
    fn same_day_over_a_zero_streak_is_one_except_legacy() {
        let r = update_streak(0, 0, Some(at(1, 1, 0)), at(1, 2, 0), JKT, &rec());
        assert_eq!(r.streak, 1);
        let l = update_streak(0, 0, Some(at(1, 1, 0)), at(1, 2, 0), JKT, &leg());
        assert_eq!(l.streak, 0);
    }

    #[test]
    fn out_of_order_activity_changes_nothing() {
        for p in [rec(), leg()] {
            let u = update_streak(5, 7, Some(at(5, 1, 0)), at(2, 1, 0), JKT, &p);
            assert_eq!((u.streak, u.longest_streak), (5, 7));
            assert_eq!(u.last_active_at, at(5, 1, 0));
            assert_eq!(u.change, StreakChange::Ignored);
            assert!(!u.daily_active_award);
        }
    }

    #[test]
    fn corrupt_values_are_repaired() {
        let u = update_streak(-3, -1, Some(at(1, 1, 0)), at(2, 1, 0), JKT, &rec());
        assert_eq!((u.streak, u.longest_streak), (1, 1));
        let u = update_streak(i32::MAX, 0, Some(at(1, 1, 0)), at(2, 1, 0), JKT, &rec());
        assert_eq!((u.streak, u.longest_streak), (i32::MAX, i32::MAX));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn streak_is_never_negative_and_longest_covers_it(
            legacy in any::<bool>(),
            tz_pick in 0_usize..3,
            steps in proptest::collection::vec(-3_000_i64..200_000, 1..40),
        ) {
            let policy = if legacy { leg() } else { rec() };
            let tz = [JKT, chrono_tz::Asia::Makassar, chrono_tz::Asia::Jayapura][tz_pick];
            let (mut streak, mut longest, mut last) = (0, 0, None);
            let mut clock = at(1, 0, 0);
            for minutes in steps {
                clock += Duration::minutes(minutes);
                let u = update_streak(streak, longest, last, clock, tz, &policy);
                prop_assert!(u.streak >= 0);
                prop_assert!(u.longest_streak >= u.streak);
                prop_assert!(u.longest_streak >= longest);
                prop_assert!(last.is_none_or(|l| u.last_active_at >= l));
                streak = u.streak;
                longest = u.longest_streak;
                last = Some(u.last_active_at);
            }
        }
    }
}
