//! Domain events: what happened, as plain data, so the use cases can turn each into an outbox
//! row, a learner-activity row and notifications in the same transaction as the change
//! (SPEC §11).
//!
//! A [`DomainEvent`] carries the ids and the facts its xAPI statement, its learner-activity row
//! and its notifications need; names, slugs and e-mail addresses come from the caller's context
//! (see [`crate::rules::xapi::StatementContext`] and [`crate::rules::xapi::NotificationContext`]).
//! It serialises with a `type` tag in SCREAMING_SNAKE_CASE and camelCase fields:
//!
//! ```
//! use titan_core::events::DomainEvent;
//!
//! let event: DomainEvent = serde_json::from_str(
//!     r#"{"type":"ENROLLED","userId":"u1","courseId":"c1","occurredAt":"2026-03-02T01:02:03Z"}"#,
//! ).unwrap();
//! assert_eq!(event.idempotency_key(), "enrollment:u1:c1");
//! assert_eq!(event.activity_type(), "ENROLLMENT");
//! ```
//!
//! | event | idempotency key | activity type | entity |
//! |---|---|---|---|
//! | `ENROLLED` | `enrollment:{user}:{course}` | ENROLLMENT | course |
//! | `LESSON_COMPLETED` | `lesson_complete:{user}:{lesson}` | LESSON_COMPLETE | lesson |
//! | `QUIZ_PASSED` | `quiz_pass:{user}:{quiz}:{attempt}` | QUIZ_PASS | quiz |
//! | `QUIZ_FAILED` | `quiz_fail:{user}:{quiz}:{attempt}` | QUIZ_FAIL | quiz |
//! | `COURSE_COMPLETED` | `course_complete:{user}:{course}` | COURSE_COMPLETE | course |
//! | `ATTENDED` | `attendance:{user}:{session}` | ATTENDANCE | session |
//! | `CERTIFICATE_EARNED` | `certificate_earned:{user}:{course}` | CERTIFICATE | certificate |
//! | `BADGE_EARNED` | `badge_earned:{user}:{badge}` | BADGE | badge |
//! | `PBGM_SUBMITTED` | `pbgm_submitted:{user}:{submission}` | PBGM_SUBMISSION | submission |
//! | `PBGM_REVIEWED` | `pbgm_reviewed:{reviewer}:{submission}:{review}` | PBGM_REVIEW | submission |
//!
//! A review key carries the review id because one reviewer may review the same submission more
//! than once (a comment, then a decision): each review is its own statement, and nothing is
//! dropped by the outbox's unique key.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::model::{AttendanceStatus, CheckInMethod, LearnerActivity, WblmReviewDecision};

/// Something that happened to a learner, recorded in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum DomainEvent {
    /// A learner enrolled in a course.
    Enrolled {
        /// The learner.
        user_id: String,
        /// The course.
        course_id: String,
        /// When it happened.
        occurred_at: DateTime<Utc>,
    },
    /// A learner completed a lesson.
    LessonCompleted {
        /// The learner.
        user_id: String,
        /// The lesson's course.
        course_id: String,
        /// The lesson.
        lesson_id: String,
        /// When it happened.
        occurred_at: DateTime<Utc>,
    },
    /// A graded attempt reached the pass mark.
    QuizPassed {
        /// The learner.
        user_id: String,
        /// The quiz's course.
        course_id: String,
        /// The quiz.
        quiz_id: String,
        /// The graded attempt.
        attempt_id: String,
        /// Percent 0..100 (exact decimal).
        score: Decimal,
        /// When it was graded.
        occurred_at: DateTime<Utc>,
    },
    /// A graded attempt stayed below the pass mark.
    QuizFailed {
        /// The learner.
        user_id: String,
        /// The quiz's course.
        course_id: String,
        /// The quiz.
        quiz_id: String,
        /// The graded attempt.
        attempt_id: String,
        /// Percent 0..100 (exact decimal).
        score: Decimal,
        /// When it was graded.
        occurred_at: DateTime<Utc>,
    },
    /// A learner completed a course.
    CourseCompleted {
        /// The learner.
        user_id: String,
        /// The course.
        course_id: String,
        /// When it happened.
        occurred_at: DateTime<Utc>,
    },
    /// A learner's attendance at a session was recorded.
    Attended {
        /// The learner.
        user_id: String,
        /// The session's course.
        course_id: String,
        /// The session.
        session_id: String,
        /// PRESENT, LATE, …
        status: AttendanceStatus,
        /// How the check-in was made.
        method: CheckInMethod,
        /// Degrees north, for a GPS check-in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        latitude: Option<f64>,
        /// Degrees east, for a GPS check-in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        longitude: Option<f64>,
        /// When the check-in happened.
        occurred_at: DateTime<Utc>,
    },
    /// A certificate was issued to a learner.
    CertificateEarned {
        /// The learner.
        user_id: String,
        /// The certified course.
        course_id: String,
        /// The certificate row.
        certificate_id: String,
        /// Its public number.
        certificate_no: String,
        /// Its verification code (stored form, without the display hyphen).
        verification_code: String,
        /// When it was issued.
        occurred_at: DateTime<Utc>,
    },
    /// A learner earned a badge.
    BadgeEarned {
        /// The learner.
        user_id: String,
        /// The badge.
        badge_id: String,
        /// The badge's name.
        badge_name: String,
        /// When it was earned.
        occurred_at: DateTime<Utc>,
    },
    /// A participant submitted a PBGM artifact (a new submission version).
    PbgmSubmitted {
        /// The participant who submitted.
        user_id: String,
        /// The program (PBGM project).
        program_id: String,
        /// The milestone (step).
        milestone_id: String,
        /// The submission row.
        submission_id: String,
        /// Its version number, 1..n.
        version: i32,
        /// When it was submitted.
        occurred_at: DateTime<Utc>,
    },
    /// A reviewer (expert) reviewed a PBGM submission.
    PbgmReviewed {
        /// The reviewer.
        reviewer_id: String,
        /// The participant whose submission it is.
        participant_id: String,
        /// The program (PBGM project).
        program_id: String,
        /// The milestone (step).
        milestone_id: String,
        /// The reviewed submission.
        submission_id: String,
        /// The review row.
        review_id: String,
        /// The submission's version number.
        version: i32,
        /// ACCEPT, REQUEST_REVISION, COMMENT_ONLY or ESCALATE.
        decision: WblmReviewDecision,
        /// When the review was made.
        occurred_at: DateTime<Utc>,
    },
}

impl DomainEvent {
    /// The user who acted: the learner, the participant, or the reviewer for a review.
    #[must_use]
    pub fn actor_id(&self) -> &str {
        match self {
            DomainEvent::Enrolled { user_id, .. }
            | DomainEvent::LessonCompleted { user_id, .. }
            | DomainEvent::QuizPassed { user_id, .. }
            | DomainEvent::QuizFailed { user_id, .. }
            | DomainEvent::CourseCompleted { user_id, .. }
            | DomainEvent::Attended { user_id, .. }
            | DomainEvent::CertificateEarned { user_id, .. }
            | DomainEvent::BadgeEarned { user_id, .. }
            | DomainEvent::PbgmSubmitted { user_id, .. } => user_id,
            DomainEvent::PbgmReviewed { reviewer_id, .. } => reviewer_id,
        }
    }

    /// The learner whose journey this is: the participant for a review, else the actor.
    #[must_use]
    pub fn learner_id(&self) -> &str {
        match self {
            DomainEvent::PbgmReviewed { participant_id, .. } => participant_id,
            other => other.actor_id(),
        }
    }

    /// The course the event belongs to, when it belongs to one.
    #[must_use]
    pub fn course_id(&self) -> Option<&str> {
        match self {
            DomainEvent::Enrolled { course_id, .. }
            | DomainEvent::LessonCompleted { course_id, .. }
            | DomainEvent::QuizPassed { course_id, .. }
            | DomainEvent::QuizFailed { course_id, .. }
            | DomainEvent::CourseCompleted { course_id, .. }
            | DomainEvent::Attended { course_id, .. }
            | DomainEvent::CertificateEarned { course_id, .. } => Some(course_id),
            DomainEvent::BadgeEarned { .. }
            | DomainEvent::PbgmSubmitted { .. }
            | DomainEvent::PbgmReviewed { .. } => None,
        }
    }

    /// When it happened (the statement's timestamp).
    #[must_use]
    pub fn occurred_at(&self) -> DateTime<Utc> {
        match self {
            DomainEvent::Enrolled { occurred_at, .. }
            | DomainEvent::LessonCompleted { occurred_at, .. }
            | DomainEvent::QuizPassed { occurred_at, .. }
            | DomainEvent::QuizFailed { occurred_at, .. }
            | DomainEvent::CourseCompleted { occurred_at, .. }
            | DomainEvent::Attended { occurred_at, .. }
            | DomainEvent::CertificateEarned { occurred_at, .. }
            | DomainEvent::BadgeEarned { occurred_at, .. }
            | DomainEvent::PbgmSubmitted { occurred_at, .. }
            | DomainEvent::PbgmReviewed { occurred_at, .. } => *occurred_at,
        }
    }

    /// The outbox's unique key, `{action}:{id}:{id}…` (see the module table). The statement id
    /// is derived from it, so a replayed event yields the same statement.
    #[must_use]
    pub fn idempotency_key(&self) -> String {
        match self {
            DomainEvent::Enrolled {
                user_id, course_id, ..
            } => format!("enrollment:{user_id}:{course_id}"),
            DomainEvent::LessonCompleted {
                user_id, lesson_id, ..
            } => format!("lesson_complete:{user_id}:{lesson_id}"),
            DomainEvent::QuizPassed {
                user_id,
                quiz_id,
                attempt_id,
                ..
            } => format!("quiz_pass:{user_id}:{quiz_id}:{attempt_id}"),
            DomainEvent::QuizFailed {
                user_id,
                quiz_id,
                attempt_id,
                ..
            } => format!("quiz_fail:{user_id}:{quiz_id}:{attempt_id}"),
            DomainEvent::CourseCompleted {
                user_id, course_id, ..
            } => format!("course_complete:{user_id}:{course_id}"),
            DomainEvent::Attended {
                user_id,
                session_id,
                ..
            } => format!("attendance:{user_id}:{session_id}"),
            DomainEvent::CertificateEarned {
                user_id, course_id, ..
            } => format!("certificate_earned:{user_id}:{course_id}"),
            DomainEvent::BadgeEarned {
                user_id, badge_id, ..
            } => format!("badge_earned:{user_id}:{badge_id}"),
            DomainEvent::PbgmSubmitted {
                user_id,
                submission_id,
                ..
            } => format!("pbgm_submitted:{user_id}:{submission_id}"),
            DomainEvent::PbgmReviewed {
                reviewer_id,
                submission_id,
                review_id,
                ..
            } => format!("pbgm_reviewed:{reviewer_id}:{submission_id}:{review_id}"),
        }
    }

    /// The `learner_activity.activity_type` label (ENROLLMENT, LESSON_COMPLETE, …).
    #[must_use]
    pub fn activity_type(&self) -> &'static str {
        match self {
            DomainEvent::Enrolled { .. } => "ENROLLMENT",
            DomainEvent::LessonCompleted { .. } => "LESSON_COMPLETE",
            DomainEvent::QuizPassed { .. } => "QUIZ_PASS",
            DomainEvent::QuizFailed { .. } => "QUIZ_FAIL",
            DomainEvent::CourseCompleted { .. } => "COURSE_COMPLETE",
            DomainEvent::Attended { .. } => "ATTENDANCE",
            DomainEvent::CertificateEarned { .. } => "CERTIFICATE",
            DomainEvent::BadgeEarned { .. } => "BADGE",
            DomainEvent::PbgmSubmitted { .. } => "PBGM_SUBMISSION",
            DomainEvent::PbgmReviewed { .. } => "PBGM_REVIEW",
        }
    }

    /// The id of the thing the activity is about (`learner_activity.entity_id`).
    #[must_use]
    pub fn entity_id(&self) -> &str {
        match self {
            DomainEvent::Enrolled { course_id, .. }
            | DomainEvent::CourseCompleted { course_id, .. } => course_id,
            DomainEvent::LessonCompleted { lesson_id, .. } => lesson_id,
            DomainEvent::QuizPassed { quiz_id, .. } | DomainEvent::QuizFailed { quiz_id, .. } => {
                quiz_id
            }
            DomainEvent::Attended { session_id, .. } => session_id,
            DomainEvent::CertificateEarned { certificate_id, .. } => certificate_id,
            DomainEvent::BadgeEarned { badge_id, .. } => badge_id,
            DomainEvent::PbgmSubmitted { submission_id, .. }
            | DomainEvent::PbgmReviewed { submission_id, .. } => submission_id,
        }
    }

    /// The facts kept in `learner_activity.metadata` (camelCase keys), or `None` when the
    /// entity says it all (enrolment, lesson, course completion).
    #[must_use]
    pub fn activity_metadata(&self) -> Option<Value> {
        match self {
            DomainEvent::Enrolled { .. }
            | DomainEvent::LessonCompleted { .. }
            | DomainEvent::CourseCompleted { .. } => None,
            DomainEvent::QuizPassed {
                attempt_id, score, ..
            }
            | DomainEvent::QuizFailed {
                attempt_id, score, ..
            } => Some(json!({
                "attemptId": attempt_id,
                "score": score.normalize().to_string(),
                "passed": matches!(self, DomainEvent::QuizPassed { .. }),
            })),
            DomainEvent::Attended {
                status,
                method,
                latitude,
                longitude,
                ..
            } => {
                let mut m = Map::new();
                m.insert("status".into(), json!(status.as_str()));
                m.insert("method".into(), json!(method.as_str()));
                if let Some(lat) = latitude {
                    m.insert("latitude".into(), json!(lat));
                }
                if let Some(lon) = longitude {
                    m.insert("longitude".into(), json!(lon));
                }
                Some(Value::Object(m))
            }
            DomainEvent::CertificateEarned {
                certificate_no,
                verification_code,
                ..
            } => Some(json!({
                "certificateNo": certificate_no,
                "verificationCode": verification_code,
            })),
            DomainEvent::BadgeEarned { badge_name, .. } => Some(json!({ "badgeName": badge_name })),
            DomainEvent::PbgmSubmitted {
                program_id,
                milestone_id,
                version,
                ..
            } => Some(json!({
                "programId": program_id,
                "milestoneId": milestone_id,
                "version": version,
            })),
            DomainEvent::PbgmReviewed {
                reviewer_id,
                program_id,
                milestone_id,
                review_id,
                version,
                decision,
                ..
            } => Some(json!({
                "reviewerId": reviewer_id,
                "programId": program_id,
                "milestoneId": milestone_id,
                "reviewId": review_id,
                "version": version,
                "decision": decision.as_str(),
            })),
        }
    }

    /// The `learner_activity` row for this event (append-only; `id` given by the caller).
    /// The row belongs to the learner ([`DomainEvent::learner_id`]): a review shows up in the
    /// participant's journey, with the reviewer in its metadata. `entity_title` is the lesson,
    /// quiz, session, … title the caller knows; a badge falls back to its name.
    #[must_use]
    pub fn learner_activity(
        &self,
        id: impl Into<String>,
        entity_title: Option<&str>,
    ) -> LearnerActivity {
        let title = entity_title.map(str::to_owned).or_else(|| match self {
            DomainEvent::BadgeEarned { badge_name, .. } => Some(badge_name.clone()),
            _ => None,
        });
        LearnerActivity {
            id: id.into(),
            user_id: self.learner_id().to_owned(),
            course_id: self.course_id().map(str::to_owned),
            activity_type: self.activity_type().to_owned(),
            entity_id: self.entity_id().to_owned(),
            entity_title: title,
            metadata: self.activity_metadata(),
            occurred_at: self.occurred_at(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use chrono::TimeZone;

    fn t() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 1, 2, 3).unwrap()
    }

    fn all_events() -> Vec<DomainEvent> {
        vec![
            DomainEvent::Enrolled {
                user_id: "u".into(),
                course_id: "c".into(),
                occurred_at: t(),
            },
            DomainEvent::LessonCompleted {
                user_id: "u".into(),
                course_id: "c".into(),
                lesson_id: "l".into(),
                occurred_at: t(),
            },
            DomainEvent::QuizPassed {
                user_id: "u".into(),
                course_id: "c".into(),
                quiz_id: "q".into(),
                attempt_id: "a".into(),
                score: Decimal::new(8550, 2),
                occurred_at: t(),
            },
            DomainEvent::QuizFailed {
                user_id: "u".into(),
                course_id: "c".into(),
                quiz_id: "q".into(),
                attempt_id: "a".into(),
                score: Decimal::new(40, 0),
                occurred_at: t(),
            },
            DomainEvent::CourseCompleted {
                user_id: "u".into(),
                course_id: "c".into(),
                occurred_at: t(),
            },
            DomainEvent::Attended {
                user_id: "u".into(),
                course_id: "c".into(),
                session_id: "s".into(),
                status: AttendanceStatus::Late,
                method: CheckInMethod::Gps,
                latitude: Some(-6.2),
                longitude: Some(106.8),
                occurred_at: t(),
            },
            DomainEvent::CertificateEarned {
                user_id: "u".into(),
                course_id: "c".into(),
                certificate_id: "cert".into(),
                certificate_no: "NO/1".into(),
                verification_code: "ABCD1234".into(),
                occurred_at: t(),
            },
            DomainEvent::BadgeEarned {
                user_id: "u".into(),
                badge_id: "b".into(),
                badge_name: "Rajin".into(),
                occurred_at: t(),
            },
            DomainEvent::PbgmSubmitted {
                user_id: "u".into(),
                program_id: "p".into(),
                milestone_id: "m".into(),
                submission_id: "sub".into(),
                version: 2,
                occurred_at: t(),
            },
            DomainEvent::PbgmReviewed {
                reviewer_id: "r".into(),
                participant_id: "u".into(),
                program_id: "p".into(),
                milestone_id: "m".into(),
                submission_id: "sub".into(),
                review_id: "rev".into(),
                version: 2,
                decision: WblmReviewDecision::Accept,
                occurred_at: t(),
            },
        ]
    }

    #[test]
    fn keys_and_activity_types() {
        let keys: Vec<String> = all_events()
            .iter()
            .map(DomainEvent::idempotency_key)
            .collect();
        assert_eq!(
            keys,
            [
                "enrollment:u:c",
                "lesson_complete:u:l",
                "quiz_pass:u:q:a",
                "quiz_fail:u:q:a",
                "course_complete:u:c",
                "attendance:u:s",
                "certificate_earned:u:c",
                "badge_earned:u:b",
                "pbgm_submitted:u:sub",
                "pbgm_reviewed:r:sub:rev",
            ]
        );
        let types: Vec<&str> = all_events()
            .iter()
            .map(DomainEvent::activity_type)
            .collect();
        assert_eq!(
            types,
            [
                "ENROLLMENT",
                "LESSON_COMPLETE",
                "QUIZ_PASS",
                "QUIZ_FAIL",
                "COURSE_COMPLETE",
                "ATTENDANCE",
                "CERTIFICATE",
                "BADGE",
                "PBGM_SUBMISSION",
                "PBGM_REVIEW",
            ]
        );
    }

    #[test]
    fn serde_round_trip_with_type_tag() {
        for event in all_events() {
            let json = serde_json::to_value(&event).unwrap();
            assert!(json["type"].is_string());
            assert!(json["occurredAt"].is_string());
            let back: DomainEvent = serde_json::from_value(json).unwrap();
            assert_eq!(back, event);
        }
        let json = serde_json::to_value(&all_events()[5]).unwrap();
        assert_eq!(json["type"], "ATTENDED");
        assert_eq!(json["sessionId"], "s");
        assert_eq!(json["method"], "GPS");
    }

    #[test]
    fn learner_activity_rows() {
        let events = all_events();
        let row = events[2].learner_activity("act-1", Some("Kuis 1"));
        assert_eq!(row.user_id, "u");
        assert_eq!(row.course_id.as_deref(), Some("c"));
        assert_eq!(row.activity_type, "QUIZ_PASS");
        assert_eq!(row.entity_id, "q");
        assert_eq!(row.entity_title.as_deref(), Some("Kuis 1"));
        assert_eq!(
            row.metadata,
            Some(json!({"attemptId": "a", "score": "85.5", "passed": true}))
        );
        assert_eq!(row.occurred_at, t());

        let badge = events[7].learner_activity("act-2", None);
        assert_eq!(badge.entity_title.as_deref(), Some("Rajin"));
        assert_eq!(badge.course_id, None);

        let review = events[9].learner_activity("act-3", None);
        assert_eq!(
            review.user_id, "u",
            "a review belongs to the participant's journey"
        );
        assert_eq!(review.metadata.unwrap()["reviewerId"], "r");

        let attended = events[5].learner_activity("act-4", None);
        assert_eq!(
            attended.metadata,
            Some(json!({"status": "LATE", "method": "GPS", "latitude": -6.2, "longitude": 106.8}))
        );
        assert_eq!(events[0].learner_activity("x", None).metadata, None);
    }
}
