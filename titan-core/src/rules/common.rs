//! Small helpers every area shares: rounding, ratios and timezones.

use chrono_tz::Tz;
use rust_decimal::{Decimal, RoundingStrategy};

/// The platform's default timezone (WIB).
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Asia::Jakarta;

/// Rounds half away from zero to 2 places: how scores, points and percentages are stored and shown.
#[must_use]
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds half away from zero to `dp` places.
#[must_use]
pub fn round_dp(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `part / whole × 100`, exact; 0 when `whole` is 0.
#[must_use]
pub fn percent(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        part * Decimal::ONE_HUNDRED / whole
    }
}

/// The timezone for calendar rules: the first valid IANA name among `candidates` (the user's,
/// then the session's, …), else [`DEFAULT_TIMEZONE`].
#[must_use]
pub fn resolve_timezone(candidates: &[Option<&str>]) -> Tz {
    candidates
        .iter()
        .flatten()
        .find_map(|name| name.parse::<Tz>().ok())
        .unwrap_or(DEFAULT_TIMEZONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round2(Decimal::new(12345, 3)), Decimal::new(1235, 2));
        assert_eq!(round2(Decimal::new(-12345, 3)), Decimal::new(-1235, 2));
        assert_eq!(round2(Decimal::new(12344, 3)), Decimal::new(1234, 2));
    }

    #[test]
    fn percent_of_nothing_is_zero() {
        assert_eq!(percent(Decimal::ONE, Decimal::ZERO), Decimal::ZERO);
        assert_eq!(percent(Decimal::ONE, Decimal::TWO), Decimal::new(50, 0));
    }

    #[test]
    fn timezone_falls_back_in_order() {
        assert_eq!(
            resolve_timezone(&[None, Some("Asia/Makassar")]),
            chrono_tz::Asia::Makassar
        );
        assert_eq!(
            resolve_timezone(&[Some("Mars/Olympus"), Some("Asia/Jayapura")]),
            chrono_tz::Asia::Jayapura
        );
        assert_eq!(resolve_timezone(&[]), DEFAULT_TIMEZONE);
    }
}
