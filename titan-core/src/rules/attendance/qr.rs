//! QR check-in: minting tokens, the payload text, and validating a scanned token.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::AttendanceError;
use super::policy::{AttendancePolicy, QrPayloadFormat};
use super::window::plus_seconds;
use crate::model::AttendanceToken;

/// Prefix of the versioned payload `titan:att:1:{sessionId}:{token}`.
pub const QR_PAYLOAD_PREFIX: &str = "titan:att:1:";
/// Fewest random bytes a token may carry (128 bits).
pub const QR_MIN_RANDOM_BYTES: usize = 16;
/// Most random bytes a token may carry (the original app used 32).
pub const QR_MAX_RANDOM_BYTES: usize = 64;
/// Longest session id accepted in a payload.
const MAX_SESSION_ID_LEN: usize = 128;

/// The two parts of a scanned attendance QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrPayload {
    /// The session the code was displayed for.
    pub session_id: String,
    /// The token text (lowercase hex).
    pub token: String,
}

/// Mints a QR token for a session from caller-supplied CSPRNG bytes: the token text is the
/// bytes in lowercase hex (as the original app), valid for `qr_token_ttl_seconds` from `now`.
///
/// # Errors
/// [`AttendanceError::QrRandomLength`] unless 16 ≤ `random.len()` ≤ 64.
pub fn new_qr_token(
    id: &str,
    random: &[u8],
    session_id: &str,
    now: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> Result<AttendanceToken, AttendanceError> {
    if !(QR_MIN_RANDOM_BYTES..=QR_MAX_RANDOM_BYTES).contains(&random.len()) {
        return Err(AttendanceError::QrRandomLength {
            min_bytes: QR_MIN_RANDOM_BYTES,
            max_bytes: QR_MAX_RANDOM_BYTES,
            actual_bytes: random.len(),
        });
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut token = String::with_capacity(random.len() * 2);
    for byte in random {
        for nibble in [byte >> 4, byte & 0x0f] {
            token.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    Ok(AttendanceToken {
        id: id.to_owned(),
        session_id: session_id.to_owned(),
        token,
        expires_at: plus_seconds(now, policy.qr_token_ttl_seconds),
        created_at: now,
    })
}

/// The text to encode in the QR code: `titan:att:1:{sessionId}:{token}`, or the original
/// app's `{sessionId}:{token}` under `qr_payload = legacy`.
#[must_use]
pub fn render_qr_payload(token: &AttendanceToken, policy: &AttendancePolicy) -> String {
    match policy.qr_payload {
        QrPayloadFormat::Versioned => {
            format!("{QR_PAYLOAD_PREFIX}{}:{}", token.session_id, token.token)
        }
        QrPayloadFormat::Legacy => format!("{}:{}", token.session_id, token.token),
    }
}

/// Reads a scanned QR text. Surrounding whitespace is ignored (scanners often add a newline).
/// The session id must be 1–128 visible ASCII characters without `:`; the token 32–128
/// lowercase hex digits, an even number. Under `qr_payload = legacy` the unprefixed
/// `{sessionId}:{token}` is accepted as well as the versioned form.
///
/// # Errors
/// [`AttendanceError::QrMalformed`] naming the problem.
pub fn parse_qr_payload(
    text: &str,
    policy: &AttendancePolicy,
) -> Result<QrPayload, AttendanceError> {
    let malformed = |problem| AttendanceError::QrMalformed { problem };
    let text = text.trim();
    let rest = match (text.strip_prefix(QR_PAYLOAD_PREFIX), policy.qr_payload) {
        (Some(rest), _) => rest,
        (None, QrPayloadFormat::Legacy) if !text.starts_with("titan:") => text,
        (None, _) => return Err(malformed("not a titan:att:1 payload")),
    };
    let (session_id, token) = rest
        .split_once(':')
        .ok_or_else(|| malformed("missing token"))?;
    let session_ok = !session_id.is_empty()
        && session_id.len() <= MAX_SESSION_ID_LEN
        && session_id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b':');
    if !session_ok {
        return Err(malformed("invalid session id"));
    }
    let token_ok = (QR_MIN_RANDOM_BYTES * 2..=QR_MAX_RANDOM_BYTES * 2).contains(&token.len())
        && token.len() % 2 == 0
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !token_ok {
        return Err(malformed("invalid token"));
    }
    Ok(QrPayload {
        session_id: session_id.to_owned(),
        token: token.to_owned(),
    })
}

/// Validates a scanned token for a check-in to `session_id` at `now`.
///
/// `stored` is the `AttendanceToken` row the store found for `scanned.token` (`None` when none).
/// Checks, in order: the payload names this session, the token exists, it belongs to this
/// session, and `now ≤ expiresAt + qr_skew_seconds`. Older tokens stay valid until their own
/// expiry (rotation does not revoke), as in the original app.
///
/// # Errors
/// [`AttendanceError::QrWrongSession`], [`AttendanceError::QrInvalid`] or
/// [`AttendanceError::QrExpired`].
pub fn validate_qr_token(
    scanned: &QrPayload,
    stored: Option<&AttendanceToken>,
    session_id: &str,
    now: DateTime<Utc>,
    policy: &AttendancePolicy,
) -> Result<(), AttendanceError> {
    if scanned.session_id != session_id {
        return Err(AttendanceError::QrWrongSession);
    }
    let token = stored
        .filter(|t| same_secret(&t.token, &scanned.token))
        .ok_or(AttendanceError::QrInvalid)?;
    if token.session_id != session_id {
        return Err(AttendanceError::QrWrongSession);
    }
    if now > plus_seconds(token.expires_at, policy.qr_skew_seconds) {
        return Err(AttendanceError::QrExpired {
            expires_at: token.expires_at,
            skew_seconds: policy.qr_skew_seconds,
            now,
        });
    }
    Ok(())
}

/// Equality whose time does not depend on where the texts differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::tests_support::at;
    use super::*;

    fn token(policy: &AttendancePolicy) -> AttendanceToken {
        new_qr_token("t1", &[0xab; 32], "s1", at("09:00:00"), policy).unwrap()
    }

    #[test]
    fn mints_hex_tokens_with_the_policy_ttl() {
        let t = token(&AttendancePolicy::recommended());
        assert_eq!(t.token, "ab".repeat(32));
        assert_eq!(t.expires_at, at("09:00:30"));
        assert_eq!(t.created_at, at("09:00:00"));
        let t = token(&AttendancePolicy::legacy());
        assert_eq!(t.expires_at, at("09:01:00"));
        let t = new_qr_token(
            "t",
            &[0x0f; 16],
            "s1",
            at("09:00:00"),
            &AttendancePolicy::default(),
        )
        .unwrap();
        assert_eq!(t.token, "0f".repeat(16));
    }

    #[test]
    fn too_little_randomness_is_refused() {
        let p = AttendancePolicy::recommended();
        for n in [0, 15, 65] {
            assert_eq!(
                new_qr_token("t", &vec![1; n], "s1", at("09:00:00"), &p),
                Err(AttendanceError::QrRandomLength {
                    min_bytes: 16,
                    max_bytes: 64,
                    actual_bytes: n
                })
            );
        }
    }

    #[test]
    fn payload_round_trips() {
        for p in [AttendancePolicy::recommended(), AttendancePolicy::legacy()] {
            let t = token(&p);
            let text = render_qr_payload(&t, &p);
            let parsed = parse_qr_payload(&format!(" {text}\n"), &p).unwrap();
            assert_eq!(parsed.session_id, "s1");
            assert_eq!(parsed.token, t.token);
        }
        let r = AttendancePolicy::recommended();
        assert_eq!(
            render_qr_payload(&token(&r), &r),
            format!("titan:att:1:s1:{}", "ab".repeat(32))
        );
    }

    #[test]
    fn legacy_payload_only_under_legacy() {
        let text = format!("s1:{}", "ab".repeat(32));
        assert!(parse_qr_payload(&text, &AttendancePolicy::legacy()).is_ok());
        assert_eq!(
            parse_qr_payload(&text, &AttendancePolicy::recommended()),
            Err(AttendanceError::QrMalformed {
                problem: "not a titan:att:1 payload"
            })
        );
    }

    #[test]
    fn malformed_payloads_are_refused() {
        let hex = "ab".repeat(16);
        for p in [AttendancePolicy::recommended(), AttendancePolicy::legacy()] {
            for bad in [
                String::new(),
                "titan:att:1:".to_owned(),
                "titan:att:1:s1".to_owned(),
                format!("titan:att:1::{hex}"),
                format!("titan:att:1:s 1:{hex}"),
                format!("titan:att:1:s1:{}", "ab".repeat(15)),
                format!("titan:att:1:s1:{}", "AB".repeat(16)),
                format!("titan:att:1:s1:{hex}0"),
                format!("titan:att:1:s1:{hex}:x"),
                format!("titan:att:2:s1:{hex}"),
                format!("https://example.com/{hex}"),
            ] {
                assert!(
                    matches!(
                        parse_qr_payload(&bad, &p),
                        Err(AttendanceError::QrMalformed { .. })
                    ),
                    "{bad}"
                );
            }
        }
    }

    #[test]
    fn validates_scanned_tokens() {
        let p = AttendancePolicy::recommended();
        let t = token(&p);
        let scan = QrPayload {
            session_id: "s1".into(),
            token: t.token.clone(),
        };
        assert!(validate_qr_token(&scan, Some(&t), "s1", at("09:00:30"), &p).is_ok());
        // Within the 5 s skew allowance.
        assert!(validate_qr_token(&scan, Some(&t), "s1", at("09:00:35"), &p).is_ok());
        assert_eq!(
            validate_qr_token(&scan, Some(&t), "s1", at("09:00:36"), &p),
            Err(AttendanceError::QrExpired {
                expires_at: at("09:00:30"),
                skew_seconds: 5,
                now: at("09:00:36"),
            })
        );
        assert_eq!(
            validate_qr_token(&scan, None, "s1", at("09:00:10"), &p),
            Err(AttendanceError::QrInvalid)
        );
        let other = QrPayload {
            token: "cd".repeat(32),
            ..scan.clone()
        };
        assert_eq!(
            validate_qr_token(&other, Some(&t), "s1", at("09:00:10"), &p),
            Err(AttendanceError::QrInvalid)
        );
        // Payload for another session, or a stored token of another session.
        assert_eq!(
            validate_qr_token(&scan, Some(&t), "s2", at("09:00:10"), &p),
            Err(AttendanceError::QrWrongSession)
        );
        let foreign = AttendanceToken {
            session_id: "s2".into(),
            ..t.clone()
        };
        assert_eq!(
            validate_qr_token(&scan, Some(&foreign), "s1", at("09:00:10"), &p),
            Err(AttendanceError::QrWrongSession)
        );
    }

    #[test]
    fn legacy_token_lives_60_seconds_without_skew() {
        let p = AttendancePolicy::legacy();
        let t = token(&p);
        let scan = QrPayload {
            session_id: "s1".into(),
            token: t.token.clone(),
        };
        assert!(validate_qr_token(&scan, Some(&t), "s1", at("09:01:00"), &p).is_ok());
        assert!(validate_qr_token(&scan, Some(&t), "s1", at("09:01:01"), &p).is_err());
    }
}
