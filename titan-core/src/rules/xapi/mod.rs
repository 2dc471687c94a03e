//! SPEC §11, xAPI, learner activity and notifications: what every [`DomainEvent`](crate::events::DomainEvent) writes in the
//! same transaction as the change, and how the relay delivers the outbox.
//!
//! - [`build_statement`]: the complete xAPI 1.0.3 statement of an event (id, timestamp and
//!   version included), stored in the outbox and sent verbatim ([`statement`] tabulates verbs,
//!   object ids, results, extensions and the canonical form); [`statement_id`] is the UUIDv5
//!   of `{platformIri}/xapi/statements/{idempotencyKey}` in the URL namespace.
//! - [`validate_statement`]: the xAPI 1.0.3 rules that matter before a statement is stored.
//! - [`outbox_row`], [`classify_delivery`], [`next_attempt`], [`check_claim`],
//!   [`apply_delivery_result`], [`requeue`], [`is_due`], [`backlog_stats`]: the outbox and the relay's pure rules
//!   ([`outbox`] tabulates LRS answers and backoff).
//! - [`notifications_for`], [`session_reminder`], [`reminder_due`]: in-app notifications
//!   ([`notify`] tabulates who is told what).
//! - The learner-activity row is
//!   [`DomainEvent::learner_activity`](crate::events::DomainEvent::learner_activity).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use titan_core::events::DomainEvent;
//! use titan_core::rules::xapi::{CourseRef, StatementActor, StatementContext, XapiPolicy,
//!     build_statement, validate_statement};
//!
//! let event = DomainEvent::Enrolled {
//!     user_id: "u1".into(),
//!     course_id: "c1".into(),
//!     occurred_at: Utc.with_ymd_and_hms(2026, 3, 2, 1, 2, 3).unwrap(),
//! };
//! let context = StatementContext {
//!     actor: StatementActor { email: Some("budi@example.go.id".into()), name: Some("Budi".into()) },
//!     course: Some(CourseRef { slug: "etika-asn".into(), title: Some("Etika ASN".into()) }),
//!     ..StatementContext::default()
//! };
//! let statement = build_statement(&event, &context, &XapiPolicy::recommended()).unwrap();
//! assert_eq!(statement["timestamp"], "2026-03-02T01:02:03.000Z");
//! assert_eq!(statement["object"]["id"], "https://TITAN.setneg.go.id/courses/etika-asn");
//! assert!(validate_statement(&statement).is_ok());
//! ```

pub mod notify;
pub mod outbox;
pub mod statement;
pub mod validate;

pub use notify::{
    NotificationContext, NotificationDraft, notifications_for, reminder_due, reminder_key,
    session_reminder,
};
pub use outbox::{
    BacklogStats, DeliveryOutcome, apply_delivery_result, backlog_stats, check_claim,
    classify_delivery, is_due, next_attempt, outbox_row, requeue,
};
pub use statement::{
    CourseRef, StatementActor, StatementContext, build_statement, format_timestamp, statement_id,
};
pub use validate::{is_iri, validate_statement};

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, Lang};
use crate::model::OutboxStatus;

/// The platform IRI of the original app: object ids, extension keys and the `account`
/// home page live under it.
pub const DEFAULT_PLATFORM_IRI: &str = "https://TITAN.setneg.go.id";

/// Refusals of the xAPI rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum XapiError {
    /// A statement breaks an xAPI 1.0.3 rule.
    InvalidStatement {
        /// Where, as a dotted path (`actor.mbox`, `result.score.scaled`, …).
        path: String,
        /// Which rule, as a stable token (`missing`, `not_uuid`, `not_iri`, …).
        reason: &'static str,
    },
    /// A fact the statement needs was not given.
    MissingContext {
        /// Which (`actor.email`, `course`).
        field: &'static str,
    },
    /// A quiz score outside 0..100.
    InvalidScore {
        /// The score given.
        value: String,
    },
    /// The policy's platform IRI is not an absolute IRI.
    InvalidPlatformIri {
        /// The value configured.
        value: String,
    },
    /// A delivery result for a row that is not pending.
    NotPending {
        /// The row's status.
        status: OutboxStatus,
    },
    /// Only a dead-lettered (or failed) row can be re-queued.
    NotDeadLettered {
        /// The row's status.
        status: OutboxStatus,
    },
    /// A delivery result for a claim that is no longer current: the lease ran out and another
    /// relay claimed the row again, or a result was already recorded for this claim.
    StaleClaim {
        /// Attempts recorded when the row was claimed.
        claimed_attempts: i32,
        /// Attempts recorded now.
        current_attempts: i32,
    },
}

impl ErrorCode for XapiError {
    fn code(&self) -> &'static str {
        match self {
            XapiError::InvalidStatement { .. } => "XAPI_INVALID_STATEMENT",
            XapiError::MissingContext { .. } => "XAPI_MISSING_CONTEXT",
            XapiError::InvalidScore { .. } => "XAPI_INVALID_SCORE",
            XapiError::InvalidPlatformIri { .. } => "XAPI_INVALID_PLATFORM_IRI",
            XapiError::NotPending { .. } => "XAPI_OUTBOX_NOT_PENDING",
            XapiError::NotDeadLettered { .. } => "XAPI_OUTBOX_NOT_DLQ",
            XapiError::StaleClaim { .. } => "XAPI_OUTBOX_STALE_CLAIM",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (XapiError::InvalidStatement { path, reason }, Lang::Id) => {
                format!("pernyataan xAPI tidak valid pada {path} ({reason})")
            }
            (XapiError::InvalidStatement { path, reason }, Lang::En) => {
                format!("invalid xAPI statement at {path} ({reason})")
            }
            (XapiError::MissingContext { field }, Lang::Id) => {
                format!("data {field} dibutuhkan untuk pernyataan xAPI")
            }
            (XapiError::MissingContext { field }, Lang::En) => {
                format!("{field} is needed for the xAPI statement")
            }
            (XapiError::InvalidScore { value }, Lang::Id) => {
                format!("nilai {value} di luar rentang 0..100")
            }
            (XapiError::InvalidScore { value }, Lang::En) => {
                format!("score {value} is outside 0..100")
            }
            (XapiError::InvalidPlatformIri { value }, Lang::Id) => {
                format!("IRI platform tidak valid: {value}")
            }
            (XapiError::InvalidPlatformIri { value }, Lang::En) => {
                format!("invalid platform IRI: {value}")
            }
            (XapiError::NotPending { status }, Lang::Id) => {
                format!("baris outbox berstatus {status}, bukan PENDING")
            }
            (XapiError::NotPending { status }, Lang::En) => {
                format!("the outbox row is {status}, not PENDING")
            }
            (XapiError::NotDeadLettered { status }, Lang::Id) => {
                format!("hanya baris DLQ yang dapat diantrekan ulang (status {status})")
            }
            (XapiError::NotDeadLettered { status }, Lang::En) => {
                format!("only a DLQ row can be re-queued (status {status})")
            }
            (XapiError::StaleClaim { .. }, Lang::Id) => {
                "klaim baris outbox sudah kedaluwarsa; hasil pengiriman diabaikan".to_owned()
            }
            (XapiError::StaleClaim { .. }, Lang::En) => {
                "the outbox claim is no longer current; the delivery result is ignored".to_owned()
            }
        }
    }
}
crate::error::impl_error!(XapiError);

/// How the statement's actor is identified (its one inverse functional identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorIfi {
    /// `mbox: mailto:{email}` (the app).
    #[default]
    Mbox,
    /// `account: {homePage: platformIri, name: userId}`: no e-mail leaves the platform.
    Account,
}

/// How `result.score.raw` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawScore {
    /// The score rounded half away from zero to 2 places (as stored).
    #[default]
    Exact,
    /// Rounded to a whole number (*legacy*: `Math.round(score)`).
    Whole,
}

/// What a 409 from the LRS means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictHandling {
    /// The id is already stored, and an LRS never changes a stored statement: delivery ends,
    /// with a warning in `lastError`.
    #[default]
    AlreadyStored,
    /// A failure like any other (*legacy*: retried until the row goes to DLQ).
    Retry,
}

/// What a 4xx other than 408, 409 and 429 means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientErrorHandling {
    /// The statement itself is bad: it goes to DLQ at once with the error, so it never blocks
    /// or delays the others.
    #[default]
    Isolate,
    /// Retried like a server error (*legacy*).
    Retry,
}

/// Policy knobs of the xAPI, activity and notification rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct XapiPolicy {
    /// Object ids, extension keys and the account home page live under this IRI.
    pub platform_iri: String,
    /// `context.platform`.
    pub platform_name: String,
    /// `context.language` (RFC 5646).
    pub statement_language: String,
    /// `mbox` (default) or `account`.
    pub actor_ifi: ActorIfi,
    /// How `result.score.raw` is written.
    pub raw_score: RawScore,
    /// Failed deliveries before the row goes to DLQ (10; *legacy* 5).
    pub max_attempts: u32,
    /// First retry delay, seconds (5; *legacy* 60: the app's cron ran every minute).
    pub backoff_base_seconds: u32,
    /// Largest retry delay, seconds (3600; *legacy* 60).
    pub backoff_cap_seconds: u32,
    /// Jitter takes up to this many percent off a delay (20; *legacy* 0), so relays that failed
    /// together do not retry together.
    pub backoff_jitter_percent: u32,
    /// What a 409 means.
    pub on_conflict: ConflictHandling,
    /// What a non-transient 4xx means.
    pub on_client_error: ClientErrorHandling,
    /// SESSION_REMINDER lead time, minutes (60).
    pub session_reminder_minutes: u32,
}

impl XapiPolicy {
    /// The recommended behaviour (SPEC).
    #[must_use]
    pub fn recommended() -> Self {
        Self {
            platform_iri: DEFAULT_PLATFORM_IRI.to_owned(),
            platform_name: "TITAN LXP".to_owned(),
            statement_language: "id".to_owned(),
            actor_ifi: ActorIfi::Mbox,
            raw_score: RawScore::Exact,
            max_attempts: 10,
            backoff_base_seconds: 5,
            backoff_cap_seconds: 3600,
            backoff_jitter_percent: 20,
            on_conflict: ConflictHandling::AlreadyStored,
            on_client_error: ClientErrorHandling::Isolate,
            session_reminder_minutes: 60,
        }
    }

    /// The original TITAN ULP behaviour: 5 attempts, retried by a cron every minute, 409 and
    /// every 4xx counted as failures, raw scores rounded to whole numbers.
    #[must_use]
    pub fn legacy() -> Self {
        Self {
            raw_score: RawScore::Whole,
            max_attempts: 5,
            backoff_base_seconds: 60,
            backoff_cap_seconds: 60,
            backoff_jitter_percent: 0,
            on_conflict: ConflictHandling::Retry,
            on_client_error: ClientErrorHandling::Retry,
            ..Self::recommended()
        }
    }

    /// The platform IRI without a trailing `/`, checked to be an absolute IRI.
    ///
    /// # Errors
    /// [`XapiError::InvalidPlatformIri`].
    pub fn platform_iri(&self) -> Result<&str, XapiError> {
        let iri = self.platform_iri.trim_end_matches('/');
        if is_iri(iri) {
            Ok(iri)
        } else {
            Err(XapiError::InvalidPlatformIri {
                value: self.platform_iri.clone(),
            })
        }
    }
}

impl Default for XapiPolicy {
    fn default() -> Self {
        Self::recommended()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn presets() {
        let r = XapiPolicy::recommended();
        let l = XapiPolicy::legacy();
        assert_eq!((r.max_attempts, l.max_attempts), (10, 5));
        assert_eq!(r.platform_iri().unwrap(), "https://TITAN.setneg.go.id");
        assert_eq!(l.on_conflict, ConflictHandling::Retry);
        assert_eq!(XapiPolicy::default(), r);
    }

    #[test]
    fn platform_iri_is_checked_and_normalised() {
        let mut p = XapiPolicy::recommended();
        p.platform_iri = "https://lms.example.go.id/".into();
        assert_eq!(p.platform_iri().unwrap(), "https://lms.example.go.id");
        p.platform_iri = "not an iri".into();
        let err = p.platform_iri().unwrap_err();
        assert_eq!(err.code(), "XAPI_INVALID_PLATFORM_IRI");
    }

    #[test]
    fn messages_in_both_languages() {
        let errors = [
            XapiError::InvalidStatement {
                path: "actor".into(),
                reason: "ifi_count",
            },
            XapiError::MissingContext { field: "course" },
            XapiError::InvalidScore {
                value: "101".into(),
            },
            XapiError::NotPending {
                status: OutboxStatus::Sent,
            },
            XapiError::NotDeadLettered {
                status: OutboxStatus::Pending,
            },
            XapiError::StaleClaim {
                claimed_attempts: 1,
                current_attempts: 2,
            },
        ];
        for e in errors {
            assert!(e.code().starts_with("XAPI_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
        }
    }
}
