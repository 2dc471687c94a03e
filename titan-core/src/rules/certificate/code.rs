//! `verificationCode`: 10 Crockford base32 characters from CSPRNG bytes the caller gives, shown
//! `XXXXX-XXXXX`; *legacy:* 8 upper-case hex characters. Lookup forgives case, hyphens, spaces
//! and the look-alikes O→0, I/L→1.

use serde::{Deserialize, Serialize};

use super::CertificateError;

/// Crockford's base32 alphabet: no I, L, O (look-alikes) and no U.
pub const CROCKFORD_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How many CSPRNG bytes issuance takes: 0..7 for the Crockford code (50 bits used), 0..4 for
/// the legacy hex code, 8..10 for the legacy number's random part.
pub const RANDOM_BYTES: usize = 16;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Longest input [`normalize_lookup_code`] looks at (anything longer is no code).
const MAX_LOOKUP_CHARS: usize = 64;

/// How `verificationCode` is made (policy knob `code_scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeScheme {
    /// 10 Crockford base32 characters (50 random bits).
    #[default]
    Crockford10,
    /// *legacy:* 8 upper-case hex characters (32 random bits; the app took a UUID's first 8).
    LegacyHex8,
}

/// The code for `random` (CSPRNG bytes from the `Secrets` port), stored without the hyphen.
/// Crockford: the first 50 bits of bytes 0..7, sliced into ten 5-bit symbols (no rejection
/// needed: 32 symbols are exactly 5 bits).
#[must_use]
pub fn verification_code(random: &[u8; RANDOM_BYTES], scheme: CodeScheme) -> String {
    let [a, b, c, d, e, f, g, ..] = *random;
    match scheme {
        CodeScheme::Crockford10 => {
            // 56 bits in the top of a u64; the first 50 of them are used.
            let bits = u64::from_be_bytes([a, b, c, d, e, f, g, 0]) >> 14;
            (0..10_u32)
                .map(|i| symbol(CROCKFORD_ALPHABET, bits >> (45 - 5 * i)))
                .collect()
        }
        CodeScheme::LegacyHex8 => [a, b, c, d]
            .iter()
            .flat_map(|x| {
                [
                    symbol(HEX_UPPER, u64::from(x >> 4)),
                    symbol(HEX_UPPER, u64::from(*x)),
                ]
            })
            .collect(),
    }
}

/// The symbol for the low bits of `value` (the alphabet's length is a power of two).
fn symbol(alphabet: &[u8], value: u64) -> char {
    let mask = u64::try_from(alphabet.len()).unwrap_or(1).saturating_sub(1);
    let index = usize::try_from(value & mask).unwrap_or(0);
    alphabet.get(index).map_or('0', |b| char::from(*b))
}

/// Shows a 10-character code as `XXXXX-XXXXX`; any other code (legacy) as it is.
#[must_use]
pub fn format_verification_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    match chars.split_at_checked(5) {
        Some((head, tail)) if chars.len() == 10 => {
            let mut out: String = head.iter().collect();
            out.push('-');
            out.extend(tail);
            out
        }
        _ => code.to_owned(),
    }
}

/// The stored form of a code a person typed: case, hyphens and whitespace are ignored and
/// O→0, I/L→1 (Crockford decoding). 10-character (Crockford) and 8-character (legacy hex) codes
/// are accepted; hex digits are Crockford symbols, so old rows are found too. A legacy
/// sync-course code (`V` + 12 base36 characters) is upper-cased but not substituted, since base36
/// uses I, L, O and U literally.
///
/// # Errors
/// [`CertificateError::InvalidCode`]: `invalid_length`, or `invalid_character` (anything outside
/// the alphabet, including U, which Crockford reserves).
pub fn normalize_lookup_code(input: &str) -> Result<String, CertificateError> {
    let refuse = |reason| CertificateError::InvalidCode { reason };
    if input.chars().count() > MAX_LOOKUP_CHARS {
        return Err(refuse("invalid_length"));
    }
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() == 13
        && compact.starts_with('V')
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Ok(compact);
    }
    if !matches!(compact.chars().count(), 8 | 10) {
        return Err(refuse("invalid_length"));
    }
    compact
        .chars()
        .map(|c| match c {
            'O' => Ok('0'),
            'I' | 'L' => Ok('1'),
            c if c.is_ascii() && CROCKFORD_ALPHABET.contains(&(c as u8)) => Ok(c),
            _ => Err(refuse("invalid_character")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn bytes(prefix: &[u8]) -> [u8; RANDOM_BYTES] {
        let mut b = [0_u8; RANDOM_BYTES];
        b[..prefix.len()].copy_from_slice(prefix);
        b
    }

    #[test]
    fn crockford_slices_the_first_50_bits() {
        assert_eq!(
            verification_code(&bytes(&[]), CodeScheme::Crockford10),
            "0000000000"
        );
        assert_eq!(
            verification_code(&[0xFF; RANDOM_BYTES], CodeScheme::Crockford10),
            "ZZZZZZZZZZ"
        );
        // 00001 00010 00011 … 01010, packed into bytes.
        let code = verification_code(
            &bytes(&[0x08, 0x86, 0x42, 0x98, 0xE8, 0x4A, 0x80]),
            CodeScheme::Crockford10,
        );
        assert_eq!(code, "123456789A");
    }

    #[test]
    fn legacy_is_8_upper_hex() {
        let code = verification_code(&bytes(&[0xDE, 0xAD, 0x0B, 0xEF]), CodeScheme::LegacyHex8);
        assert_eq!(code, "DEAD0BEF");
    }

    #[test]
    fn formatting_and_lookup() {
        assert_eq!(format_verification_code("ABCDE12345"), "ABCDE-12345");
        assert_eq!(format_verification_code("DEAD0BEF"), "DEAD0BEF");
        assert_eq!(
            normalize_lookup_code(" abcde-12345 ").unwrap(),
            "ABCDE12345"
        );
        assert_eq!(normalize_lookup_code("oIl0o-ILLii").unwrap(), "0110011111");
        assert_eq!(normalize_lookup_code("dead0bef").unwrap(), "DEAD0BEF");
        assert_eq!(normalize_lookup_code("dead-0bef").unwrap(), "DEAD0BEF");
        assert_eq!(
            normalize_lookup_code("vlmxo1a2bu9zo").unwrap(),
            "VLMXO1A2BU9ZO"
        );
    }

    #[test]
    fn lookup_refuses_what_no_code_can_be() {
        let reason = |s: &str| match normalize_lookup_code(s) {
            Err(CertificateError::InvalidCode { reason }) => reason,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(reason("ABCDE-1234U"), "invalid_character");
        assert_eq!(reason("ABCDE-1234*"), "invalid_character");
        assert_eq!(reason("ÀBCDE-12345"), "invalid_character");
        assert_eq!(reason("ABCDE"), "invalid_length");
        assert_eq!(reason(""), "invalid_length");
        assert_eq!(reason(&"A".repeat(100)), "invalid_length");
    }

    fn confuse(c: char, pick: u8) -> char {
        match (c, pick % 3) {
            ('0', 0) => 'O',
            ('0', 1) => 'o',
            ('1', 0) => 'I',
            ('1', 1) => 'l',
            ('1', _) => 'L',
            (c, 0) => c.to_ascii_lowercase(),
            (c, _) => c,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn codes_are_10_alphabet_chars_and_normalise_back(
            random in proptest::array::uniform16(any::<u8>()),
            picks in proptest::collection::vec(any::<u8>(), 10),
        ) {
            let code = verification_code(&random, CodeScheme::Crockford10);
            prop_assert_eq!(code.len(), 10);
            prop_assert!(code.bytes().all(|b| CROCKFORD_ALPHABET.contains(&b)));
            let shown = format_verification_code(&code);
            prop_assert_eq!(normalize_lookup_code(&shown).unwrap(), code.clone());
            prop_assert_eq!(normalize_lookup_code(&shown.to_lowercase()).unwrap(), code.clone());
            let typed: String = code.chars().zip(&picks).map(|(c, p)| confuse(c, *p)).collect();
            prop_assert_eq!(normalize_lookup_code(&typed).unwrap(), code.clone());
            let legacy = verification_code(&random, CodeScheme::LegacyHex8);
            prop_assert_eq!(normalize_lookup_code(&legacy.to_lowercase()).unwrap(), legacy);
        }
    }
}
