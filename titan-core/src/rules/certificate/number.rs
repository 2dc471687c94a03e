//! `certificateNo`: from a pattern with a per-year sequence the store allocates (default
//! `CERT/{YYYY}/{SEQ:06}`), or *legacy:* `CERT-{epoch ms}-{0..999}`.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::{CertificateError, CertificatePolicy, RANDOM_BYTES};
use crate::rules::common::DEFAULT_TIMEZONE;

/// Longest pattern accepted (characters).
const MAX_PATTERN_CHARS: usize = 64;

/// Widest `{SEQ:0N}` (a `u32` has at most 10 digits).
const MAX_SEQ_WIDTH: usize = 10;

/// How `certificateNo` is made (policy knob `number_scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberScheme {
    /// From `number_pattern` and the store's per-year sequence.
    #[default]
    Pattern,
    /// *legacy:* `CERT-{epoch ms}-{0..999}` (not zero-padded), the random part from the given bytes.
    LegacyEpoch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Year,
    Month,
    Seq { width: usize },
}

/// A checked `number_pattern`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPattern {
    segments: Vec<Segment>,
}

/// Parses and checks a number pattern: placeholders `{YYYY}`, `{MM}`, `{SEQ}` and `{SEQ:0N}`
/// (N = 1..10). `{YYYY}` and exactly one `{SEQ…}` are required, since the sequence restarts
/// each year and only the two together make a number unique.
///
/// # Errors
/// [`CertificateError::InvalidNumberPattern`] with `reason` one of `empty`, `too_long`,
/// `control_character`, `unclosed_brace`, `stray_brace`, `unknown_placeholder`, `bad_width`,
/// `missing_seq`, `duplicate_seq`, `missing_year`.
pub fn parse_number_pattern(pattern: &str) -> Result<NumberPattern, CertificateError> {
    let refuse = |reason| CertificateError::InvalidNumberPattern {
        pattern: pattern.chars().take(MAX_PATTERN_CHARS).collect(),
        reason,
    };
    if pattern.trim().is_empty() {
        return Err(refuse("empty"));
    }
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(refuse("too_long"));
    }
    if pattern.chars().any(char::is_control) {
        return Err(refuse("control_character"));
    }
    let mut segments = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(i) if rest.get(i..).is_some_and(|t| t.starts_with('}')) => {
                return Err(refuse("stray_brace"));
            }
            Some(i) => {
                let (literal, tail) = rest.split_at(i);
                if !literal.is_empty() {
                    segments.push(Segment::Literal(literal.to_owned()));
                }
                let close = tail.find('}').ok_or_else(|| refuse("unclosed_brace"))?;
                let name = tail.get(1..close).unwrap_or_default();
                if name.contains('{') {
                    return Err(refuse("unclosed_brace"));
                }
                segments.push(placeholder(name).map_err(refuse)?);
                rest = tail.get(close + 1..).unwrap_or_default();
            }
            None => {
                segments.push(Segment::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    let seqs = segments
        .iter()
        .filter(|s| matches!(s, Segment::Seq { .. }))
        .count();
    match seqs {
        0 => return Err(refuse("missing_seq")),
        1 => {}
        _ => return Err(refuse("duplicate_seq")),
    }
    if !segments.contains(&Segment::Year) {
        return Err(refuse("missing_year"));
    }
    Ok(NumberPattern { segments })
}

fn placeholder(name: &str) -> Result<Segment, &'static str> {
    match name {
        "YYYY" => Ok(Segment::Year),
        "MM" => Ok(Segment::Month),
        "SEQ" => Ok(Segment::Seq { width: 0 }),
        _ => {
            let spec = name.strip_prefix("SEQ:").ok_or("unknown_placeholder")?;
            let digits = spec.strip_prefix('0').ok_or("bad_width")?;
            match digits.parse::<usize>() {
                Ok(width) if (1..=MAX_SEQ_WIDTH).contains(&width) => Ok(Segment::Seq { width }),
                _ => Err("bad_width"),
            }
        }
    }
}

impl NumberPattern {
    /// The number for `seq` issued at `now` (year and month in Asia/Jakarta, as
    /// [`sequence_year`]). A sequence wider than `N` is printed whole, never cut.
    #[must_use]
    pub fn format(&self, now: DateTime<Utc>, seq: u32) -> String {
        let local = now.with_timezone(&DEFAULT_TIMEZONE);
        let mut out = String::with_capacity(24);
        for s in &self.segments {
            match s {
                Segment::Literal(text) => out.push_str(text),
                Segment::Year => out.push_str(&format!("{:04}", local.year())),
                Segment::Month => out.push_str(&format!("{:02}", local.month())),
                Segment::Seq { width } => out.push_str(&format!("{seq:0width$}")),
            }
        }
        out
    }
}

/// The year whose sequence a certificate issued at `now` takes: the calendar year in
/// Asia/Jakarta, so the store's counter and `{YYYY}` always agree.
#[must_use]
pub fn sequence_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&DEFAULT_TIMEZONE).year()
}

/// The `certificateNo` under `policy`: the pattern with `seq` (the store's counter for
/// [`sequence_year`]), or *legacy:* `CERT-{epoch ms}-{r}` with `r` = bytes 8..10 of `random`
/// mod 1000.
///
/// # Errors
/// [`CertificateError::InvalidNumberPattern`] when the pattern scheme's pattern is invalid.
pub fn certificate_number(
    policy: &CertificatePolicy,
    now: DateTime<Utc>,
    seq: u32,
    random: &[u8; RANDOM_BYTES],
) -> Result<String, CertificateError> {
    match policy.number_scheme {
        NumberScheme::Pattern => Ok(parse_number_pattern(&policy.number_pattern)?.format(now, seq)),
        NumberScheme::LegacyEpoch => {
            // Constant indexes into a fixed-size array: checked at compile time.
            let r = u16::from_be_bytes([random[8], random[9]]) % 1000;
            Ok(format!("CERT-{}-{r}", now.timestamp_millis()))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use chrono::TimeZone;

    fn reason(p: &str) -> &'static str {
        match parse_number_pattern(p) {
            Err(CertificateError::InvalidNumberPattern { reason, .. }) => reason,
            other => panic!("{p}: {other:?}"),
        }
    }

    fn at(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
    }

    #[test]
    fn default_pattern_pads_the_sequence() {
        let p = parse_number_pattern("CERT/{YYYY}/{SEQ:06}").unwrap();
        assert_eq!(p.format(at(2026, 5, 1, 3), 42), "CERT/2026/000042");
        assert_eq!(p.format(at(2026, 5, 1, 3), 1_234_567), "CERT/2026/1234567");
        let p = parse_number_pattern("ULP-{YYYY}{MM}-{SEQ}").unwrap();
        assert_eq!(p.format(at(2026, 5, 1, 3), 7), "ULP-202605-7");
    }

    #[test]
    fn the_year_is_jakarta_s() {
        // 2026-12-31 18:00Z is 2027-01-01 01:00 WIB.
        let now = at(2026, 12, 31, 18);
        assert_eq!(sequence_year(now), 2027);
        let p = parse_number_pattern("CERT/{YYYY}/{MM}/{SEQ:04}").unwrap();
        assert_eq!(p.format(now, 1), "CERT/2027/01/0001");
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert_eq!(reason(""), "empty");
        assert_eq!(reason("   "), "empty");
        assert_eq!(reason(&"X".repeat(65)), "too_long");
        assert_eq!(reason("A\n{YYYY}{SEQ}"), "control_character");
        assert_eq!(reason("CERT/{YYYY}/{SEQ"), "unclosed_brace");
        assert_eq!(reason("CERT/{YY{YY}/{SEQ}"), "unclosed_brace");
        assert_eq!(reason("CERT}/{YYYY}/{SEQ}"), "stray_brace");
        assert_eq!(reason("CERT/{YYYY}/{NAME}/{SEQ}"), "unknown_placeholder");
        assert_eq!(reason("CERT/{YYYY}/{SEQ:6}"), "bad_width");
        assert_eq!(reason("CERT/{YYYY}/{SEQ:00}"), "bad_width");
        assert_eq!(reason("CERT/{YYYY}/{SEQ:011}"), "bad_width");
        assert_eq!(reason("CERT/{YYYY}"), "missing_seq");
        assert_eq!(reason("{YYYY}{SEQ}{SEQ:02}"), "duplicate_seq");
        assert_eq!(reason("CERT/{MM}/{SEQ}"), "missing_year");
    }

    #[test]
    fn legacy_uses_epoch_millis_and_a_random_0_to_999() {
        let mut random = [0_u8; RANDOM_BYTES];
        random[8] = 0x12;
        random[9] = 0x34; // 0x1234 = 4660 → 660
        let now = Utc.timestamp_millis_opt(1_767_225_600_123).unwrap();
        let n = certificate_number(&CertificatePolicy::legacy(), now, 9, &random).unwrap();
        assert_eq!(n, "CERT-1767225600123-660");
        random[8] = 0;
        random[9] = 5;
        let n = certificate_number(&CertificatePolicy::legacy(), now, 9, &random).unwrap();
        assert_eq!(n, "CERT-1767225600123-5");
        let n = certificate_number(&CertificatePolicy::recommended(), now, 9, &random).unwrap();
        assert_eq!(n, "CERT/2026/000009");
    }
}
