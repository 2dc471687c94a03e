//! The production implementations of [`Clock`], [`IdGenerator`], [`Secrets`] and
//! [`PasswordHasher`]: the system clock, UUIDv7 and cuid ids, the operating system's CSPRNG, and
//! argon2id passwords (verifying the legacy app's bcrypt hashes). They are the defaults of
//! [`crate::app::Titan`]; tests replace them with deterministic ones (`testkit`).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use super::{Clock, IdGenerator, PasswordCheck, PasswordError, PasswordHasher, Secrets};

/// The system clock, truncated to milliseconds (what the stores keep).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        now.duration_trunc(TimeDelta::milliseconds(1))
            .unwrap_or(now)
    }
}

/// The operating system's CSPRNG (`getrandom`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsSecrets;

impl Secrets for OsSecrets {
    fn fill(&self, buf: &mut [u8]) {
        // The OS generator does not fail once the process runs (Linux ≥ 3.17 `getrandom(2)`);
        // if it ever does, falling back to a weaker source would be worse than stopping.
        if let Err(e) = getrandom::fill(buf) {
            #[allow(clippy::panic)]
            {
                panic!("the operating system's random source failed: {e}");
            }
        }
    }
}

/// UUIDv7 ids (time-ordered, random tail) and cuid (v1 layout) ids.
#[derive(Debug)]
pub struct DefaultIds {
    counter: AtomicU32,
    fingerprint: String,
}

impl Default for DefaultIds {
    fn default() -> Self {
        let mut seed = [0_u8; 4];
        OsSecrets.fill(&mut seed);
        let pid = std::process::id();
        Self {
            counter: AtomicU32::new(u32::from_le_bytes(seed) % CUID_BLOCK),
            fingerprint: pad36(u64::from(pid ^ u32::from_le_bytes(seed)), 4),
        }
    }
}

/// 36⁴: one base-36 block of four characters.
const CUID_BLOCK: u32 = 1_679_616;

fn pad36(mut value: u64, width: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(value % 36) as usize];
        value /= 36;
    }
    String::from_utf8(out).unwrap_or_default()
}

impl IdGenerator for DefaultIds {
    fn uuid(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }

    /// `c` + 8 base-36 digits of the millisecond time + a 4-digit counter + a 4-digit process
    /// fingerprint + 8 random digits: 25 characters, like Prisma's `cuid()`.
    fn cuid(&self) -> String {
        let millis = u64::try_from(Utc::now().timestamp_millis()).unwrap_or_default();
        let count = self.counter.fetch_add(1, Ordering::Relaxed) % CUID_BLOCK;
        let mut random = [0_u8; 8];
        OsSecrets.fill(&mut random);
        let r = u64::from_le_bytes(random);
        let r1 = r % u64::from(CUID_BLOCK);
        let r2 = (r >> 32) % u64::from(CUID_BLOCK);
        format!(
            "c{}{}{}{}{}",
            pad36(millis, 8),
            pad36(u64::from(count), 4),
            self.fingerprint,
            pad36(r1, 4),
            pad36(r2, 4)
        )
    }
}

/// argon2id (OWASP parameters by default) for new hashes; bcrypt (`$2a$`/`$2b$`/`$2y$`, the
/// legacy app's cost 12) is verified and reported as [`PasswordCheck::MatchNeedsRehash`].
#[derive(Debug, Clone, Default)]
pub struct Argon2Passwords {
    params: argon2::Params,
}

impl Argon2Passwords {
    /// argon2id with `memory_kib` of memory and `iterations` passes (lower them only in tests).
    ///
    /// # Errors
    /// [`PasswordError`] for parameters argon2 refuses.
    pub fn with_cost(memory_kib: u32, iterations: u32) -> Result<Self, PasswordError> {
        let params =
            argon2::Params::new(memory_kib, iterations, 1, None).map_err(|e| PasswordError {
                reason: e.to_string(),
            })?;
        Ok(Self { params })
    }

    fn argon2(&self) -> argon2::Argon2<'static> {
        argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            self.params.clone(),
        )
    }
}

impl PasswordHasher for Argon2Passwords {
    fn hash(&self, password: &str) -> Result<String, PasswordError> {
        use argon2::password_hash::{PasswordHasher as _, SaltString};
        let mut salt = [0_u8; 16];
        OsSecrets.fill(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError {
            reason: e.to_string(),
        })?;
        self.argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError {
                reason: e.to_string(),
            })
    }

    fn verify(&self, password: &str, hash: &str) -> PasswordCheck {
        use argon2::password_hash::{PasswordHash, PasswordVerifier as _};
        if hash.starts_with("$2") {
            return match bcrypt::verify(password, hash) {
                Ok(true) => PasswordCheck::MatchNeedsRehash,
                _ => PasswordCheck::Mismatch,
            };
        }
        let Ok(parsed) = PasswordHash::new(hash) else {
            return PasswordCheck::Mismatch;
        };
        if self
            .argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
        {
            return PasswordCheck::Mismatch;
        }
        let current = argon2::Params::try_from(&parsed).is_ok_and(|p| {
            (p.m_cost(), p.t_cost(), p.p_cost())
                == (
                    self.params.m_cost(),
                    self.params.t_cost(),
                    self.params.p_cost(),
                )
        });
        if current {
            PasswordCheck::Match
        } else {
            PasswordCheck::MatchNeedsRehash
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cuids_have_the_prisma_shape_and_differ() {
        let ids = DefaultIds::default();
        let a = ids.cuid();
        let b = ids.cuid();
        assert_eq!(a.len(), 25);
        assert!(a.starts_with('c'));
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn uuids_are_version_7() {
        let id = DefaultIds::default().uuid();
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);
    }

    #[test]
    fn the_clock_keeps_milliseconds() {
        assert_eq!(SystemClock.now().timestamp_subsec_nanos() % 1_000_000, 0);
    }

    #[test]
    fn argon2_round_trips_and_bcrypt_asks_for_a_rehash() {
        let hasher = Argon2Passwords::with_cost(64, 1).unwrap();
        let hash = hasher.hash("rahasia-123").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert_eq!(hasher.verify("rahasia-123", &hash), PasswordCheck::Match);
        assert_eq!(hasher.verify("salah", &hash), PasswordCheck::Mismatch);
        let stronger = Argon2Passwords::with_cost(128, 1).unwrap();
        assert_eq!(
            stronger.verify("rahasia-123", &hash),
            PasswordCheck::MatchNeedsRehash
        );
        let legacy = bcrypt::hash("rahasia-123", 4).unwrap();
        assert_eq!(
            hasher.verify("rahasia-123", &legacy),
            PasswordCheck::MatchNeedsRehash
        );
        assert_eq!(hasher.verify("salah", &legacy), PasswordCheck::Mismatch);
        assert_eq!(hasher.verify("x", "not a hash"), PasswordCheck::Mismatch);
    }

    #[test]
    fn fractions_stay_in_the_unit_interval() {
        for _ in 0..100 {
            let f = OsSecrets.fraction();
            assert!((0.0..1.0).contains(&f));
        }
    }
}
