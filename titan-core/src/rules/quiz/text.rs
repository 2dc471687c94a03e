//! SHORT_ANSWER matching: Unicode NFKC, trim, whitespace collapse, optional case folding, and
//! `*` wildcards (`\*` is a literal asterisk, as in Moodle).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Writes the comparable form of `input` into `out` (cleared first): NFKC, whitespace runs
/// collapsed to one space, trimmed, and (unless `case_sensitive`) case-folded.
///
/// Case folding is `char::to_lowercase` plus `ß`/`ẞ` → `ss` and final `ς` → `σ`, applied the same
/// way to the learner's text and to the accepted answers.
pub(crate) fn normalize_into(input: &str, case_sensitive: bool, out: &mut String) {
    out.clear();
    // ASCII is already NFKC; most answers take this byte path without the normaliser.
    if input.is_ascii() {
        push_folded_ascii(input.as_bytes(), case_sensitive, out);
    } else if is_nfkc_quick(input.chars()) == IsNormalized::Yes {
        push_folded(input.chars(), case_sensitive, out);
    } else {
        push_folded(input.nfkc(), case_sensitive, out);
    }
}

fn push_folded_ascii(bytes: &[u8], case_sensitive: bool, out: &mut String) {
    out.reserve(bytes.len());
    let mut pending_space = false;
    for &b in bytes {
        // The ASCII characters with Unicode White_Space, as `char::is_whitespace`.
        if matches!(b, b'\t'..=b'\r' | b' ') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(char::from(if case_sensitive {
            b
        } else {
            b.to_ascii_lowercase()
        }));
    }
}

fn push_folded(chars: impl Iterator<Item = char>, case_sensitive: bool, out: &mut String) {
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if case_sensitive {
            out.push(c);
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            match c {
                'ß' | 'ẞ' => out.push_str("ss"),
                'ς' => out.push('σ'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (also none) and
/// `\*` for a literal `*`. Both are expected in normalised form.
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == text;
    }
    if pattern.contains("\\*") {
        let segments = split_escaped(pattern);
        match_segments(segments.iter().map(String::as_str), text)
    } else {
        match_segments(pattern.split('*'), text)
    }
}

/// Splits on unescaped `*`, turning `\*` into `*` (the rare path, so it may allocate).
fn split_escaped(pattern: &str) -> Vec<String> {
    let mut segments = vec![String::new()];
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                chars.next();
                if let Some(last) = segments.last_mut() {
                    last.push('*');
                }
            }
            '*' => segments.push(String::new()),
            _ => {
                if let Some(last) = segments.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    segments
}

/// Glob over literal segments separated by wildcards: the first is a prefix, the last a suffix,
/// the middle ones occur in order (leftmost match is optimal for `*`-only patterns).
fn match_segments<'p>(segments: impl Iterator<Item = &'p str>, text: &str) -> bool {
    let mut segments = segments.peekable();
    let Some(first) = segments.next() else {
        return text.is_empty();
    };
    if segments.peek().is_none() {
        return text == first;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    while let Some(segment) = segments.next() {
        if segments.peek().is_none() {
            return rest.ends_with(segment);
        }
        match rest
            .find(segment)
            .and_then(|at| rest.get(at + segment.len()..))
        {
            Some(after) => rest = after,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str, case_sensitive: bool) -> String {
        let mut out = String::new();
        normalize_into(s, case_sensitive, &mut out);
        out
    }

    #[test]
    fn normalises_width_space_and_case() {
        assert_eq!(
            norm("  Bhinneka \t Tunggal\nIka ", false),
            "bhinneka tunggal ika"
        );
        assert_eq!(norm("  Bhinneka  Ika ", true), "Bhinneka Ika");
        // Full-width letters and an ideographic space fold under NFKC.
        assert_eq!(norm("ＪＡＫＡＲＴＡ\u{3000}Pusat", false), "jakarta pusat");
        // The "ﬁ" ligature and a non-breaking space.
        assert_eq!(norm("ﬁnal\u{a0}answer", false), "final answer");
        assert_eq!(norm("STRASSE", false), norm("Straße", false));
        assert_eq!(norm("ΟΔΟΣ", false), norm("οδος", false));
        assert_eq!(norm("   ", false), "");
    }

    #[test]
    fn wildcards_match_any_run() {
        assert!(wildcard_match("jakarta", "jakarta"));
        assert!(!wildcard_match("jakarta", "jakarta pusat"));
        assert!(wildcard_match("jakarta*", "jakarta pusat"));
        assert!(wildcard_match("jakarta*", "jakarta"));
        assert!(wildcard_match("*pusat", "jakarta pusat"));
        assert!(wildcard_match("j*a*t", "jakarta pusat"));
        assert!(!wildcard_match("j*z*t", "jakarta pusat"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*a", "aa"));
        assert!(!wildcard_match("aa*aa", "aaa"));
        assert!(wildcard_match("ab*ab*ab", "ababab"));
        assert!(wildcard_match("é*ü", "éxyzü"));
    }

    #[test]
    fn escaped_asterisk_is_literal() {
        assert!(wildcard_match("2\\*3", "2*3"));
        assert!(!wildcard_match("2\\*3", "2x3"));
        assert!(wildcard_match("2\\**", "2*3"));
        assert!(!wildcard_match("2\\**", "23"));
    }
}
