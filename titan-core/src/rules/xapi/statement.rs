//! The xAPI 1.0.3 statement of each domain event.
//!
//! | event | verb | object id (under the platform IRI) | object type | result | context |
//! |---|---|---|---|---|---|
//! | ENROLLED | ADL `registered` | `/courses/{slug}` | ADL course | — | — |
//! | LESSON_COMPLETED | ADL `completed` | `/courses/{slug}/lessons/{lessonId}` | ADL lesson | completion | parent course |
//! | QUIZ_PASSED / QUIZ_FAILED | ADL `passed` / `failed` | `/courses/{slug}/quizzes/{quizId}` | ADL assessment | score, success, completion | parent course; `attempt-id` |
//! | COURSE_COMPLETED | ADL `completed` | `/courses/{slug}` | ADL course | completion, success | — |
//! | ATTENDED | ADL `attended` | `/sessions/{sessionId}` | ADL meeting | completion (PRESENT or LATE) | parent course; `attendance-method`, `attendance-status`, `latitude`, `longitude` |
//! | CERTIFICATE_EARNED | tincan `earned` | `/certificates/{certificateId}` | tincan certificate | — | parent course; `certificate-no`, `verification-code` |
//! | BADGE_EARNED | tincan `earned` | `/badges/{badgeId}` | tincan badge | — | parent course when given |
//! | PBGM_SUBMITTED | activitystrea.ms `submit` | `/pbgm/submissions/{submissionId}` | `{IRI}/xapi/activities/pbgm-submission` | — | parent program, grouping milestone; `submission-version` |
//! | PBGM_REVIEWED (actor = reviewer) | tincan `reviewed` | same | same | success (ACCEPT true, REQUEST_REVISION false) | same; `review-decision` |
//!
//! Extensions are keyed `{IRI}/xapi/extensions/{name}`. Path segments taken from ids and slugs
//! are percent-encoded (every byte outside `A–Z a–z 0–9 - . _ ~`, upper-case hex), which leaves
//! ordinary ids untouched. Object names and descriptions are language maps `{"en": t, "id": t}`
//! holding the same text, as the app wrote them; they are left out when no title is known.
//!
//! **Canonical form**, so Python and Kotlin produce byte-identical statements: serialised
//! compactly with object keys sorted (what `serde_json` does here); `timestamp` is the event's
//! instant in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ` (truncated to milliseconds, as the database
//! keeps it); a decimal is written as an integer when whole, else as its shortest decimal form
//! (`85.5`, `0.855`).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{ActorIfi, RawScore, XapiError, XapiPolicy, validate_statement};
use crate::events::DomainEvent;
use crate::model::{AttendanceStatus, WblmReviewDecision};
use crate::rules::common::{round_dp, round2};

/// Who did it: the learner (the reviewer for a PBGM review).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementActor {
    /// `User.email`; needed when the policy identifies actors by `mbox`.
    #[serde(default)]
    pub email: Option<String>,
    /// `User.name`; left out of the statement when absent.
    #[serde(default)]
    pub name: Option<String>,
}

/// The course an event belongs to, as the statement names it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseRef {
    /// `Course.slug`: course-based object ids are built from it.
    pub slug: String,
    /// `Course.title`: the object's name when the object is the course.
    #[serde(default)]
    pub title: Option<String>,
}

/// What the statement needs beyond the event: names, the slug, the actor's e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementContext {
    /// The actor.
    #[serde(default)]
    pub actor: StatementActor,
    /// The course (needed by every course-based event; optional for a badge).
    #[serde(default)]
    pub course: Option<CourseRef>,
    /// The object's title: lesson, quiz, session, certificate, submission (a course object
    /// uses the course title, a badge its name).
    #[serde(default)]
    pub object_title: Option<String>,
    /// The object's description, when there is one.
    #[serde(default)]
    pub object_description: Option<String>,
}

struct Verb {
    id: &'static str,
    en: &'static str,
    id_label: &'static str,
}

const REGISTERED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/registered",
    en: "enrolled",
    id_label: "mendaftar",
};
const COMPLETED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/completed",
    en: "completed",
    id_label: "menyelesaikan",
};
const PASSED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/passed",
    en: "passed",
    id_label: "lulus",
};
const FAILED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/failed",
    en: "failed",
    id_label: "tidak lulus",
};
const ATTENDED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/attended",
    en: "attended",
    id_label: "menghadiri",
};
const EARNED: Verb = Verb {
    id: "http://id.tincanapi.com/verb/earned",
    en: "earned",
    id_label: "mendapatkan",
};
const SUBMITTED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/submit",
    en: "submitted",
    id_label: "mengumpulkan",
};
const REVIEWED: Verb = Verb {
    id: "http://id.tincanapi.com/verb/reviewed",
    en: "reviewed",
    id_label: "meninjau",
};

const COURSE_TYPE: &str = "http://adlnet.gov/expapi/activities/course";
const LESSON_TYPE: &str = "http://adlnet.gov/expapi/activities/lesson";
const ASSESSMENT_TYPE: &str = "http://adlnet.gov/expapi/activities/assessment";
const MEETING_TYPE: &str = "http://adlnet.gov/expapi/activities/meeting";
const CERTIFICATE_TYPE: &str = "http://id.tincanapi.com/activitytype/certificate";
const BADGE_TYPE: &str = "http://id.tincanapi.com/activitytype/badge";

/// The statement's timestamp: UTC, milliseconds, `Z` (`2026-03-02T01:02:03.000Z`).
#[must_use]
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The statement id of an idempotency key: UUIDv5 in the URL namespace of
/// `{platform_iri}/xapi/statements/{key}` (the IRI without a trailing `/`), lower-case.
#[must_use]
pub fn statement_id(platform_iri: &str, idempotency_key: &str) -> String {
    let name = format!(
        "{}/xapi/statements/{idempotency_key}",
        platform_iri.trim_end_matches('/')
    );
    Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()).to_string()
}

/// Percent-encodes one path segment (see the module doc).
fn segment(text: &str) -> Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    if text.bytes().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if plain(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// A decimal as a JSON number: an integer when whole, else its shortest decimal form.
pub(super) fn number(value: Decimal) -> Value {
    let value = value.normalize();
    if value.scale() == 0
        && let Ok(whole) = i64::try_from(value.mantissa())
    {
        return Value::from(whole);
    }
    value
        .to_string()
        .parse::<f64>()
        .map(Value::from)
        .unwrap_or(Value::Null)
}

fn language_map(text: &str) -> Value {
    json!({ "en": text, "id": text })
}

fn activity(id: String, kind: &str, name: Option<&str>, description: Option<&str>) -> Value {
    let mut definition = Map::new();
    definition.insert("type".into(), Value::from(kind));
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        definition.insert("name".into(), language_map(name));
    }
    if let Some(text) = description.filter(|d| !d.trim().is_empty()) {
        definition.insert("description".into(), language_map(text));
    }
    json!({ "objectType": "Activity", "id": id, "definition": definition })
}

fn context_activity(id: String, kind: &str) -> Value {
    json!({ "objectType": "Activity", "id": id, "definition": { "type": kind } })
}

fn score_result(score: Decimal, policy: &XapiPolicy) -> Result<Value, XapiError> {
    if score < Decimal::ZERO || score > Decimal::ONE_HUNDRED {
        return Err(XapiError::InvalidScore {
            value: score.normalize().to_string(),
        });
    }
    let raw = match policy.raw_score {
        RawScore::Exact => round2(score),
        RawScore::Whole => round_dp(score, 0),
    };
    Ok(json!({
        "raw": number(raw),
        "min": 0,
        "max": 100,
        "scaled": number(raw / Decimal::ONE_HUNDRED),
    }))
}

fn actor(
    event: &DomainEvent,
    ctx: &StatementContext,
    policy: &XapiPolicy,
    iri: &str,
) -> Result<Value, XapiError> {
    let mut agent = Map::new();
    agent.insert("objectType".into(), Value::from("Agent"));
    if let Some(name) = ctx
        .actor
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        agent.insert("name".into(), Value::from(name));
    }
    match policy.actor_ifi {
        ActorIfi::Mbox => {
            let email = ctx
                .actor
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .ok_or(XapiError::MissingContext {
                    field: "actor.email",
                })?;
            agent.insert("mbox".into(), Value::from(format!("mailto:{email}")));
        }
        ActorIfi::Account => {
            agent.insert(
                "account".into(),
                json!({ "homePage": iri, "name": event.actor_id() }),
            );
        }
    }
    Ok(Value::Object(agent))
}

/// The parts that differ from event to event.
struct Parts {
    verb: Verb,
    object: Value,
    result: Option<Value>,
    parent: Option<Value>,
    grouping: Option<Value>,
    extensions: Map<String, Value>,
}

fn parts(
    event: &DomainEvent,
    ctx: &StatementContext,
    policy: &XapiPolicy,
    iri: &str,
) -> Result<Parts, XapiError> {
    let course = || {
        ctx.course
            .as_ref()
            .ok_or(XapiError::MissingContext { field: "course" })
    };
    let course_iri = |c: &CourseRef| format!("{iri}/courses/{}", segment(&c.slug));
    let ext = |name: &str| format!("{iri}/xapi/extensions/{name}");
    let title = ctx.object_title.as_deref();
    let description = ctx.object_description.as_deref();
    let mut extensions = Map::new();

    let parts = match event {
        DomainEvent::Enrolled { .. } | DomainEvent::CourseCompleted { .. } => {
            let c = course()?;
            let name = c.title.as_deref().or(title);
            let completed = matches!(event, DomainEvent::CourseCompleted { .. });
            Parts {
                verb: if completed { COMPLETED } else { REGISTERED },
                object: activity(course_iri(c), COURSE_TYPE, name, description),
                result: completed.then(|| json!({ "completion": true, "success": true })),
                parent: None,
                grouping: None,
                extensions,
            }
        }
        DomainEvent::LessonCompleted { lesson_id, .. } => {
            let c = course()?;
            let id = format!("{}/lessons/{}", course_iri(c), segment(lesson_id));
            Parts {
                verb: COMPLETED,
                object: activity(id, LESSON_TYPE, title, description),
                result: Some(json!({ "completion": true })),
                parent: Some(context_activity(course_iri(c), COURSE_TYPE)),
                grouping: None,
                extensions,
            }
        }
        DomainEvent::QuizPassed {
            quiz_id,
            attempt_id,
            score,
            ..
        }
        | DomainEvent::QuizFailed {
            quiz_id,
            attempt_id,
            score,
            ..
        } => {
            let c = course()?;
            let passed = matches!(event, DomainEvent::QuizPassed { .. });
            let id = format!("{}/quizzes/{}", course_iri(c), segment(quiz_id));
            extensions.insert(ext("attempt-id"), Value::from(attempt_id.as_str()));
            Parts {
                verb: if passed { PASSED } else { FAILED },
                object: activity(id, ASSESSMENT_TYPE, title, description),
                result: Some(json!({
                    "score": score_result(*score, policy)?,
                    "success": passed,
                    "completion": true,
                })),
                parent: Some(context_activity(course_iri(c), COURSE_TYPE)),
                grouping: None,
                extensions,
            }
        }
        DomainEvent::Attended {
            session_id,
            status,
            method,
            latitude,
            longitude,
            ..
        } => {
            let c = course()?;
            extensions.insert(ext("attendance-method"), Value::from(method.as_str()));
            extensions.insert(ext("attendance-status"), Value::from(status.as_str()));
            for (name, value) in [("latitude", latitude), ("longitude", longitude)] {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    extensions.insert(ext(name), Value::from(v));
                }
            }
            let present = matches!(status, AttendanceStatus::Present | AttendanceStatus::Late);
            Parts {
                verb: ATTENDED,
                object: activity(
                    format!("{iri}/sessions/{}", segment(session_id)),
                    MEETING_TYPE,
                    title,
                    description,
                ),
                result: Some(json!({ "completion": present })),
                parent: Some(context_activity(course_iri(c), COURSE_TYPE)),
                grouping: None,
                extensions,
            }
        }
        DomainEvent::CertificateEarned {
            certificate_id,
            certificate_no,
            verification_code,
            ..
        } => {
            let c = course()?;
            extensions.insert(ext("certificate-no"), Value::from(certificate_no.as_str()));
            extensions.insert(
                ext("verification-code"),
                Value::from(verification_code.as_str()),
            );
            Parts {
                verb: EARNED,
                object: activity(
                    format!("{iri}/certificates/{}", segment(certificate_id)),
                    CERTIFICATE_TYPE,
                    title,
                    description,
                ),
                result: None,
                parent: Some(context_activity(course_iri(c), COURSE_TYPE)),
                grouping: None,
                extensions,
            }
        }
        DomainEvent::BadgeEarned {
            badge_id,
            badge_name,
            ..
        } => Parts {
            verb: EARNED,
            object: activity(
                format!("{iri}/badges/{}", segment(badge_id)),
                BADGE_TYPE,
                Some(badge_name.as_str()).or(title),
                description,
            ),
            result: None,
            parent: ctx
                .course
                .as_ref()
                .map(|c| context_activity(course_iri(c), COURSE_TYPE)),
            grouping: None,
            extensions,
        },
        DomainEvent::PbgmSubmitted {
            program_id,
            milestone_id,
            submission_id,
            version,
            ..
        }
        | DomainEvent::PbgmReviewed {
            program_id,
            milestone_id,
            submission_id,
            version,
            ..
        } => {
            let program = format!("{iri}/pbgm/programs/{}", segment(program_id));
            let milestone = format!("{program}/milestones/{}", segment(milestone_id));
            let submission = format!("{iri}/pbgm/submissions/{}", segment(submission_id));
            extensions.insert(ext("submission-version"), Value::from(*version));
            let (verb, result) = match event {
                DomainEvent::PbgmReviewed { decision, .. } => {
                    extensions.insert(ext("review-decision"), Value::from(decision.as_str()));
                    let success = match decision {
                        WblmReviewDecision::Accept => Some(true),
                        WblmReviewDecision::RequestRevision => Some(false),
                        WblmReviewDecision::CommentOnly | WblmReviewDecision::Escalate => None,
                    };
                    (REVIEWED, success.map(|s| json!({ "success": s })))
                }
                _ => (SUBMITTED, None),
            };
            Parts {
                verb,
                object: activity(
                    submission,
                    &format!("{iri}/xapi/activities/pbgm-submission"),
                    title,
                    description,
                ),
                result,
                parent: Some(context_activity(
                    program,
                    &format!("{iri}/xapi/activities/pbgm-project"),
                )),
                grouping: Some(context_activity(
                    milestone,
                    &format!("{iri}/xapi/activities/pbgm-milestone"),
                )),
                extensions,
            }
        }
    };
    Ok(parts)
}

/// The complete statement of `event` — `id`, `actor`, `verb`, `object`, `result`, `context`,
/// `timestamp`, `version` — validated, ready for the outbox (see the module doc for the
/// shapes and the canonical form).
///
/// # Errors
/// [`XapiError::MissingContext`] (no course for a course event, no e-mail under `mbox`),
/// [`XapiError::InvalidScore`], [`XapiError::InvalidPlatformIri`], and
/// [`XapiError::InvalidStatement`] when the result breaks an xAPI rule (a malformed e-mail).
pub fn build_statement(
    event: &DomainEvent,
    ctx: &StatementContext,
    policy: &XapiPolicy,
) -> Result<Value, XapiError> {
    let iri = policy.platform_iri()?;
    let parts = parts(event, ctx, policy, iri)?;

    let mut context = Map::new();
    context.insert(
        "platform".into(),
        Value::from(policy.platform_name.as_str()),
    );
    context.insert(
        "language".into(),
        Value::from(policy.statement_language.as_str()),
    );
    let mut activities = Map::new();
    if let Some(parent) = parts.parent {
        activities.insert("parent".into(), Value::Array(vec![parent]));
    }
    if let Some(grouping) = parts.grouping {
        activities.insert("grouping".into(), Value::Array(vec![grouping]));
    }
    if !activities.is_empty() {
        context.insert("contextActivities".into(), Value::Object(activities));
    }
    if !parts.extensions.is_empty() {
        context.insert("extensions".into(), Value::Object(parts.extensions));
    }

    let mut statement = Map::new();
    statement.insert(
        "id".into(),
        Value::from(statement_id(iri, &event.idempotency_key())),
    );
    statement.insert("actor".into(), actor(event, ctx, policy, iri)?);
    statement.insert(
        "verb".into(),
        json!({
            "id": parts.verb.id,
            "display": { "en": parts.verb.en, "id": parts.verb.id_label },
        }),
    );
    statement.insert("object".into(), parts.object);
    if let Some(result) = parts.result {
        statement.insert("result".into(), result);
    }
    statement.insert("context".into(), Value::Object(context));
    statement.insert(
        "timestamp".into(),
        Value::from(format_timestamp(event.occurred_at())),
    );
    statement.insert("version".into(), Value::from("1.0.3"));

    let statement = Value::Object(statement);
    validate_statement(&statement)?;
    Ok(statement)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::error::ErrorCode;
    use crate::model::CheckInMethod;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 1, 2, 3).unwrap() + chrono::Duration::microseconds(456_789)
    }

    fn ctx() -> StatementContext {
        StatementContext {
            actor: StatementActor {
                email: Some("budi@example.go.id".into()),
                name: Some("Budi Santoso".into()),
            },
            course: Some(CourseRef {
                slug: "etika-asn".into(),
                title: Some("Etika ASN".into()),
            }),
            object_title: Some("Kuis Akhir".into()),
            object_description: None,
        }
    }

    fn quiz(score: Decimal) -> DomainEvent {
        DomainEvent::QuizPassed {
            user_id: "u1".into(),
            course_id: "c1".into(),
            quiz_id: "q1".into(),
            attempt_id: "a1".into(),
            score,
            occurred_at: at(),
        }
    }

    #[test]
    fn quiz_passed_statement_in_full() {
        let s = build_statement(
            &quiz(Decimal::new(8550, 2)),
            &ctx(),
            &XapiPolicy::recommended(),
        )
        .unwrap();
        let expected = json!({
            "id": statement_id("https://TITAN.setneg.go.id", "quiz_pass:u1:q1:a1"),
            "actor": { "objectType": "Agent", "name": "Budi Santoso", "mbox": "mailto:budi@example.go.id" },
            "verb": { "id": "http://adlnet.gov/expapi/verbs/passed", "display": { "en": "passed", "id": "lulus" } },
            "object": {
                "objectType": "Activity",
                "id": "https://TITAN.setneg.go.id/courses/etika-asn/quizzes/q1",
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/assessment",
                    "name": { "en": "Kuis Akhir", "id": "Kuis Akhir" }
                }
            },
            "result": { "score": { "raw": 85.5, "min": 0, "max": 100, "scaled": 0.855 }, "success": true, "completion": true },
            "context": {
                "platform": "TITAN LXP",
                "language": "id",
                "contextActivities": { "parent": [ {
                    "objectType": "Activity",
                    "id": "https://TITAN.setneg.go.id/courses/etika-asn",
                    "definition": { "type": "http://adlnet.gov/expapi/activities/course" }
                } ] },
                "extensions": { "https://TITAN.setneg.go.id/xapi/extensions/attempt-id": "a1" }
            },
            "timestamp": "2026-03-02T01:02:03.456Z",
            "version": "1.0.3"
        });
        assert_eq!(s, expected);
        // Canonical text: sorted keys, compact.
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.starts_with("{\"actor\":{\"mbox\":\"mailto:budi@example.go.id\",\"name\":"));
        assert!(text.contains("\"scaled\":0.855"));
    }

    #[test]
    fn legacy_rounds_the_raw_score() {
        let s =
            build_statement(&quiz(Decimal::new(8550, 2)), &ctx(), &XapiPolicy::legacy()).unwrap();
        assert_eq!(
            s["result"]["score"],
            json!({"raw": 86, "min": 0, "max": 100, "scaled": 0.86})
        );
        let whole = build_statement(
            &quiz(Decimal::new(100, 0)),
            &ctx(),
            &XapiPolicy::recommended(),
        )
        .unwrap();
        assert_eq!(whole["result"]["score"]["scaled"], json!(1));
    }

    #[test]
    fn refusals() {
        let p = XapiPolicy::recommended();
        let err = build_statement(&quiz(Decimal::new(101, 0)), &ctx(), &p).unwrap_err();
        assert_eq!(err.code(), "XAPI_INVALID_SCORE");
        let no_course = StatementContext {
            course: None,
            ..ctx()
        };
        let err = build_statement(&quiz(Decimal::ONE), &no_course, &p).unwrap_err();
        assert_eq!(err, XapiError::MissingContext { field: "course" });
        let no_email = StatementContext {
            actor: StatementActor {
                email: None,
                name: None,
            },
            ..ctx()
        };
        let err = build_statement(&quiz(Decimal::ONE), &no_email, &p).unwrap_err();
        assert_eq!(
            err,
            XapiError::MissingContext {
                field: "actor.email"
            }
        );
        let bad_email = StatementContext {
            actor: StatementActor {
                email: Some("budi".into()),
                name: None,
            },
            ..ctx()
        };
        let err = build_statement(&quiz(Decimal::ONE), &bad_email, &p).unwrap_err();
        assert_eq!(err.code(), "XAPI_INVALID_STATEMENT");
    }

    #[test]
    fn account_actor_needs_no_email() {
        let mut p = XapiPolicy::recommended();
        p.actor_ifi = ActorIfi::Account;
        let c = StatementContext {
            actor: StatementActor::default(),
            ..ctx()
        };
        let s = build_statement(&quiz(Decimal::ONE), &c, &p).unwrap();
        assert_eq!(
            s["actor"],
            json!({"objectType": "Agent", "account": {"homePage": "https://TITAN.setneg.go.id", "name": "u1"}})
        );
    }

    #[test]
    fn every_event_builds_a_valid_statement() {
        let t = at();
        let events = [
            DomainEvent::Enrolled {
                user_id: "u".into(),
                course_id: "c".into(),
                occurred_at: t,
            },
            DomainEvent::LessonCompleted {
                user_id: "u".into(),
                course_id: "c".into(),
                lesson_id: "l 1".into(),
                occurred_at: t,
            },
            DomainEvent::QuizFailed {
                user_id: "u".into(),
                course_id: "c".into(),
                quiz_id: "q".into(),
                attempt_id: "a".into(),
                score: Decimal::new(40, 0),
                occurred_at: t,
            },
            DomainEvent::CourseCompleted {
                user_id: "u".into(),
                course_id: "c".into(),
                occurred_at: t,
            },
            DomainEvent::Attended {
                user_id: "u".into(),
                course_id: "c".into(),
                session_id: "s".into(),
                status: AttendanceStatus::Late,
                method: CheckInMethod::Gps,
                latitude: Some(-6.2),
                longitude: Some(106.816_666),
                occurred_at: t,
            },
            DomainEvent::CertificateEarned {
                user_id: "u".into(),
                course_id: "c".into(),
                certificate_id: "cert".into(),
                certificate_no: "001/ULP/2026".into(),
                verification_code: "AB12CD34".into(),
                occurred_at: t,
            },
            DomainEvent::BadgeEarned {
                user_id: "u".into(),
                badge_id: "b".into(),
                badge_name: "Rajin Belajar".into(),
                occurred_at: t,
            },
            DomainEvent::PbgmSubmitted {
                user_id: "u".into(),
                program_id: "p".into(),
                milestone_id: "m".into(),
                submission_id: "sub".into(),
                version: 2,
                occurred_at: t,
            },
            DomainEvent::PbgmReviewed {
                reviewer_id: "r".into(),
                participant_id: "u".into(),
                program_id: "p".into(),
                milestone_id: "m".into(),
                submission_id: "sub".into(),
                review_id: "rev".into(),
                version: 2,
                decision: WblmReviewDecision::RequestRevision,
                occurred_at: t,
            },
        ];
        let verbs = [
            "registered",
            "completed",
            "failed",
            "completed",
            "attended",
            "earned",
            "earned",
            "submit",
            "reviewed",
        ];
        for (event, verb) in events.iter().zip(verbs) {
            let s = build_statement(event, &ctx(), &XapiPolicy::recommended()).unwrap();
            assert!(
                s["verb"]["id"].as_str().unwrap().ends_with(verb),
                "{event:?}"
            );
            assert!(validate_statement(&s).is_ok());
        }
        let lesson = build_statement(&events[1], &ctx(), &XapiPolicy::recommended()).unwrap();
        assert_eq!(
            lesson["object"]["id"],
            "https://TITAN.setneg.go.id/courses/etika-asn/lessons/l%201"
        );
        let attended = build_statement(&events[4], &ctx(), &XapiPolicy::recommended()).unwrap();
        let ext = &attended["context"]["extensions"];
        assert_eq!(
            ext["https://TITAN.setneg.go.id/xapi/extensions/latitude"],
            json!(-6.2)
        );
        assert_eq!(
            ext["https://TITAN.setneg.go.id/xapi/extensions/attendance-method"],
            "GPS"
        );
        assert_eq!(attended["result"]["completion"], true);
        let cert = build_statement(&events[5], &ctx(), &XapiPolicy::recommended()).unwrap();
        assert_eq!(
            cert["context"]["extensions"]["https://TITAN.setneg.go.id/xapi/extensions/certificate-no"],
            "001/ULP/2026"
        );
        let review = build_statement(&events[8], &ctx(), &XapiPolicy::recommended()).unwrap();
        assert_eq!(review["result"], json!({"success": false}));
        assert_eq!(
            review["context"]["contextActivities"]["grouping"][0]["id"],
            "https://TITAN.setneg.go.id/pbgm/programs/p/milestones/m"
        );
        let badge = build_statement(
            &events[6],
            &StatementContext {
                course: None,
                ..ctx()
            },
            &XapiPolicy::recommended(),
        )
        .unwrap();
        assert_eq!(badge["object"]["definition"]["name"]["id"], "Rajin Belajar");
        assert!(badge["context"].get("contextActivities").is_none());
    }

    #[test]
    fn numbers_are_canonical() {
        assert_eq!(number(Decimal::new(8500, 2)), json!(85));
        assert_eq!(number(Decimal::new(855, 3)), json!(0.855));
        assert_eq!(
            serde_json::to_string(&number(Decimal::new(1, 4))).unwrap(),
            "0.0001"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn statement_ids_are_stable_and_distinct(a in "[a-z0-9:_-]{1,40}", b in "[a-z0-9:_-]{1,40}") {
            let iri = "https://TITAN.setneg.go.id";
            prop_assert_eq!(statement_id(iri, &a), statement_id(iri, &a));
            prop_assert_eq!(statement_id(iri, &a), statement_id(&format!("{iri}/"), &a));
            if a != b {
                prop_assert_ne!(statement_id(iri, &a), statement_id(iri, &b));
            }
        }
    }
}
