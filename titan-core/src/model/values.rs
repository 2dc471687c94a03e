//! Validating newtypes for values with rules of their own.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::ValidationError;

/// A percentage in 0..=100 (exact decimal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Percentage(Decimal);

impl Percentage {
    /// 0 %.
    pub const ZERO: Percentage = Percentage(Decimal::ZERO);
    /// 100 %.
    pub const HUNDRED: Percentage = Percentage(Decimal::ONE_HUNDRED);

    /// Checks `0 ≤ value ≤ 100`.
    ///
    /// # Errors
    /// [`ValidationError::OutOfRange`] outside 0..=100.
    pub fn new(value: Decimal) -> Result<Self, ValidationError> {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(ValidationError::OutOfRange {
                field: "percentage",
                value: value.to_string(),
                min: "0".to_owned(),
                max: "100".to_owned(),
            });
        }
        Ok(Self(value))
    }

    /// The value, 0..=100.
    #[must_use]
    pub const fn value(self) -> Decimal {
        self.0
    }
}

impl TryFrom<Decimal> for Percentage {
    type Error = ValidationError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Percentage> for Decimal {
    fn from(p: Percentage) -> Self {
        p.0
    }
}

/// A survey rating, an integer 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct Rating(u8);

impl Rating {
    /// Checks `1 ≤ value ≤ 5`.
    ///
    /// # Errors
    /// [`ValidationError::OutOfRange`] outside 1..=5.
    pub fn new(value: i32) -> Result<Self, ValidationError> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Self(v)),
            _ => Err(ValidationError::OutOfRange {
                field: "rating",
                value: value.to_string(),
                min: "1".to_owned(),
                max: "5".to_owned(),
            }),
        }
    }

    /// The value, 1..=5.
    #[must_use]
    pub const fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<i32> for Rating {
    type Error = ValidationError;

    fn try_from(value: i32) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Rating> for i32 {
    fn from(r: Rating) -> Self {
        i32::from(r.0)
    }
}

/// A point on Earth: latitude in [−90, 90], longitude in [−180, 180], both finite.
/// 0 is a valid coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPoint", into = "RawPoint")]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize, Deserialize)]
struct RawPoint {
    latitude: f64,
    longitude: f64,
}

impl Coordinates {
    /// Checks the ranges.
    ///
    /// # Errors
    /// [`ValidationError::OutOfRange`] naming `latitude` or `longitude` when a value is not
    /// finite or outside its range.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, ValidationError> {
        check_degrees("latitude", latitude, 90.0)?;
        check_degrees("longitude", longitude, 180.0)?;
        Ok(Self {
            latitude,
            longitude,
        })
    }

    /// Degrees north.
    #[must_use]
    pub const fn latitude(self) -> f64 {
        self.latitude
    }

    /// Degrees east.
    #[must_use]
    pub const fn longitude(self) -> f64 {
        self.longitude
    }
}

fn check_degrees(field: &'static str, value: f64, limit: f64) -> Result<(), ValidationError> {
    if value.is_finite() && (-limit..=limit).contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange {
            field,
            value: value.to_string(),
            min: format!("-{limit}"),
            max: limit.to_string(),
        })
    }
}

impl TryFrom<RawPoint> for Coordinates {
    type Error = ValidationError;

    fn try_from(raw: RawPoint) -> Result<Self, Self::Error> {
        Self::new(raw.latitude, raw.longitude)
    }
}

impl From<Coordinates> for RawPoint {
    fn from(c: Coordinates) -> Self {
        RawPoint {
            latitude: c.latitude,
            longitude: c.longitude,
        }
    }
}

/// Masks a NIP for public display (certificate verification): the birth year and the 3-digit
/// sequence stay, everything between becomes `*`. Any other text is masked but for its last 3
/// characters, so nothing identifying leaks from malformed data.
#[must_use]
pub fn mask_nip(nip: &str) -> String {
    let chars: Vec<char> = nip.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n == 18 { (4, 3) } else { (0, n.min(3)) };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_nip() {
        assert_eq!(mask_nip("199001012015031001"), "1990***********001");
        assert_eq!(mask_nip("12345"), "**345");
        assert_eq!(mask_nip(""), "");
    }

    #[test]
    fn percentage_bounds() {
        assert!(Percentage::new(Decimal::ZERO).is_ok());
        assert!(Percentage::new(Decimal::ONE_HUNDRED).is_ok());
        assert!(Percentage::new(Decimal::NEGATIVE_ONE).is_err());
        assert!(Percentage::new(Decimal::new(10001, 2)).is_err());
    }

    #[test]
    fn rating_bounds() {
        assert!(Rating::new(0).is_err());
        assert_eq!(Rating::new(5).map(Rating::value), Ok(5));
        assert!(Rating::new(6).is_err());
        assert!(serde_json::from_str::<Rating>("7").is_err());
    }

    #[test]
    fn coordinates_accept_zero_and_refuse_nan() {
        assert!(Coordinates::new(0.0, 0.0).is_ok());
        assert!(Coordinates::new(90.0, -180.0).is_ok());
        assert!(Coordinates::new(f64::NAN, 0.0).is_err());
        assert!(Coordinates::new(0.0, 180.5).is_err());
        assert!(Coordinates::new(-90.1, 0.0).is_err());
    }
}
