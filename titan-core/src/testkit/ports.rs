//! Deterministic implementations of the clock, id and randomness ports, and an in-process LRS,
//! so the conformance suite gives the same answers on every run and every store.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;

use crate::ports::{Clock, IdGenerator, Lrs, LrsError, LrsResponse, Secrets};

/// A clock that only moves when told to. Starts on Monday 2 March 2026, 08:00 WIB.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::at(
            Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0)
                .single()
                .unwrap_or_default(),
        )
    }
}

impl ManualClock {
    /// A clock showing `now`.
    #[must_use]
    pub fn at(now: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    /// Sets the time.
    pub fn set(&self, now: DateTime<Utc>) {
        if let Ok(mut guard) = self.now.lock() {
            *guard = now;
        }
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut guard) = self.now.lock() {
            *guard += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.now.lock().map(|g| *g).unwrap_or_default()
    }
}

/// Ids from a counter: `00000000-0000-7000-8000-{n:012x}` and `c{n:024}`, in creation order.
#[derive(Debug, Default)]
pub struct SequentialIds {
    next: AtomicU64,
}

impl IdGenerator for SequentialIds {
    fn uuid(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        format!("00000000-0000-7000-8000-{n:012x}")
    }

    fn cuid(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        format!("c{n:024}")
    }
}

/// A seeded SplitMix64 stream: reproducible "random" bytes for tests.
#[derive(Debug)]
pub struct SeededSecrets {
    state: AtomicU64,
}

impl SeededSecrets {
    /// A stream from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }
}

impl Default for SeededSecrets {
    fn default() -> Self {
        Self::new(0x7174_616e)
    }
}

impl Secrets for SeededSecrets {
    fn fill(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let mut z = self
                .state
                .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
                .wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let bytes = z.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// An LRS in the test process: answers each statement with the next scripted status (200 once
/// the script is used up), or a network error for `None`, and keeps what it stored.
#[derive(Debug, Default)]
pub struct ScriptedLrs {
    script: Mutex<Vec<Option<u16>>>,
    stored: Mutex<Vec<Value>>,
}

impl ScriptedLrs {
    /// An LRS that answers with `script` in order (`None` = unreachable), then 200.
    #[must_use]
    pub fn answering(script: Vec<Option<u16>>) -> Self {
        let mut script = script;
        script.reverse();
        Self {
            script: Mutex::new(script),
            stored: Mutex::new(Vec::new()),
        }
    }

    /// Statements answered with 2xx, in order.
    #[must_use]
    pub fn stored(&self) -> Vec<Value> {
        self.stored.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl Lrs for ScriptedLrs {
    async fn send(&self, statement: &Value) -> Result<LrsResponse, LrsError> {
        let next = self
            .script
            .lock()
            .ok()
            .and_then(|mut s| s.pop())
            .unwrap_or(Some(200));
        match next {
            None => Err(LrsError {
                reason: "connection refused".to_owned(),
            }),
            Some(status) => {
                if (200..300).contains(&status)
                    && let Ok(mut stored) = self.stored.lock()
                {
                    stored.push(statement.clone());
                }
                Ok(LrsResponse {
                    status,
                    body: String::new(),
                })
            }
        }
    }
}
