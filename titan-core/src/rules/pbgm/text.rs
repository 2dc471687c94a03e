//! Small text checks shared by the PBGM rules.

use crate::error::ValidationError;

/// Trims `value` and checks its length in characters against `min..=max`.
pub(super) fn checked(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    let actual = trimmed.chars().count();
    if actual == 0 && min > 0 {
        Err(ValidationError::Required { field })
    } else if actual < min {
        Err(ValidationError::TooShort { field, min, actual })
    } else if actual > max {
        Err(ValidationError::TooLong { field, max, actual })
    } else {
        Ok(trimmed.to_owned())
    }
}

/// An optional text: trimmed, blank becomes `None`, at most `max` characters.
pub(super) fn optional(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => checked(field, text, 0, max).map(Some),
    }
}
