//! [`ProgressError`]: every refusal of the progress rules, with its facts.

use serde::Serialize;

use crate::error::{ErrorCode, Lang};
use crate::model::{ContentType, EnrollmentStatus};

use super::EnrollmentEvent;

/// Refusals of the progress rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum ProgressError {
    /// A heartbeat value is negative, not finite or too large.
    InvalidHeartbeat {
        /// `positionS` or `clientElapsedS`.
        field: &'static str,
        /// The value given, as text (it may be NaN).
        value: String,
    },
    /// This kind of evidence does not complete this kind of lesson.
    WrongEvidence {
        /// The lesson's content type.
        content_type: ContentType,
        /// The evidence given (`MARKED_DONE`, `LAUNCHED`, `SCORM_REPORTED`, `QUIZ_RESULT`).
        evidence: &'static str,
    },
    /// A TEXT or DOCUMENT lesson was marked done too soon.
    DwellTooShort {
        /// Seconds required (policy `min_dwell_seconds`).
        min_seconds: u32,
        /// Seconds spent.
        actual_seconds: u32,
    },
    /// The SCORM package reported neither `completed` nor `passed`.
    ScormNotComplete {
        /// The status reported.
        status: String,
    },
    /// The quiz is not the one the QUIZ lesson links to.
    QuizNotLinked {
        /// The quiz given.
        quiz_id: String,
        /// The quiz the lesson's `content` names, if any.
        linked_quiz_id: Option<String>,
    },
    /// The learner has not passed the lesson's quiz.
    QuizNotPassed {
        /// The quiz.
        quiz_id: String,
    },
    /// A manual completion needs the acting instructor or admin.
    ActorRequired,
    /// A manual completion needs a non-blank reason.
    ReasonRequired,
    /// A progress value outside 0..=100.
    InvalidProgress {
        /// The value given.
        value: String,
    },
    /// The enrolment's status does not allow this event (COMPLETED is final; DROPPED is out).
    TransitionRefused {
        /// The enrolment's status.
        state: EnrollmentStatus,
        /// What was attempted.
        event: EnrollmentEvent,
    },
    /// The learner is not enrolled in the lesson's course.
    NotEnrolled {
        /// The course.
        course_id: String,
    },
}

impl ErrorCode for ProgressError {
    fn code(&self) -> &'static str {
        match self {
            ProgressError::InvalidHeartbeat { .. } => "PROGRESS_INVALID_HEARTBEAT",
            ProgressError::WrongEvidence { .. } => "PROGRESS_WRONG_EVIDENCE",
            ProgressError::DwellTooShort { .. } => "PROGRESS_DWELL_TOO_SHORT",
            ProgressError::ScormNotComplete { .. } => "PROGRESS_SCORM_NOT_COMPLETE",
            ProgressError::QuizNotLinked { .. } => "PROGRESS_QUIZ_NOT_LINKED",
            ProgressError::QuizNotPassed { .. } => "PROGRESS_QUIZ_NOT_PASSED",
            ProgressError::ActorRequired => "PROGRESS_ACTOR_REQUIRED",
            ProgressError::ReasonRequired => "PROGRESS_REASON_REQUIRED",
            ProgressError::InvalidProgress { .. } => "PROGRESS_INVALID_PROGRESS",
            ProgressError::TransitionRefused { state, .. } => match state {
                EnrollmentStatus::Completed => "PROGRESS_ENROLLMENT_COMPLETED",
                EnrollmentStatus::Dropped => "PROGRESS_ENROLLMENT_DROPPED",
                _ => "PROGRESS_INVALID_TRANSITION",
            },
            ProgressError::NotEnrolled { .. } => "PROGRESS_NOT_ENROLLED",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            ProgressError::InvalidHeartbeat { field, .. } if en => {
                format!("Invalid video heartbeat: {field} must be a finite number ≥ 0")
            }
            ProgressError::InvalidHeartbeat { field, .. } => {
                format!("Heartbeat video tidak valid: {field} harus bilangan terhingga ≥ 0")
            }
            ProgressError::WrongEvidence {
                content_type,
                evidence,
            } if en => format!("{evidence} does not complete a {content_type} lesson"),
            ProgressError::WrongEvidence {
                content_type,
                evidence,
            } => format!("{evidence} tidak dapat menyelesaikan pelajaran {content_type}"),
            ProgressError::DwellTooShort { min_seconds, .. } if en => {
                format!("Spend at least {min_seconds} seconds on this lesson first")
            }
            ProgressError::DwellTooShort { min_seconds, .. } => {
                format!("Pelajari materi ini minimal {min_seconds} detik terlebih dahulu")
            }
            ProgressError::ScormNotComplete { .. } if en => {
                "The SCORM package has not reported completion".to_owned()
            }
            ProgressError::ScormNotComplete { .. } => {
                "Paket SCORM belum melaporkan penyelesaian".to_owned()
            }
            ProgressError::QuizNotLinked { .. } if en => {
                "This quiz is not the one linked to the lesson".to_owned()
            }
            ProgressError::QuizNotLinked { .. } => {
                "Kuis ini bukan kuis yang terhubung dengan pelajaran".to_owned()
            }
            ProgressError::QuizNotPassed { .. } if en => {
                "Pass the lesson's quiz to complete it".to_owned()
            }
            ProgressError::QuizNotPassed { .. } => {
                "Lulusi kuis pelajaran ini untuk menyelesaikannya".to_owned()
            }
            ProgressError::ActorRequired if en => {
                "A manual completion must name who completed it".to_owned()
            }
            ProgressError::ActorRequired => {
                "Penyelesaian manual harus mencatat siapa yang menyelesaikan".to_owned()
            }
            ProgressError::ReasonRequired if en => "A manual completion needs a reason".to_owned(),
            ProgressError::ReasonRequired => "Penyelesaian manual wajib disertai alasan".to_owned(),
            ProgressError::InvalidProgress { value } if en => {
                format!("Progress {value} is outside 0..100")
            }
            ProgressError::InvalidProgress { value } => {
                format!("Progres {value} di luar rentang 0..100")
            }
            ProgressError::TransitionRefused { state, event } if en => {
                format!("An enrolment with status {state} does not accept {event}")
            }
            ProgressError::TransitionRefused { state, event } => {
                format!("Pendaftaran berstatus {state} tidak menerima {event}")
            }
            ProgressError::NotEnrolled { .. } if en => {
                "Enrol in the course before learning its lessons".to_owned()
            }
            ProgressError::NotEnrolled { .. } => {
                "Daftar ke kursus ini terlebih dahulu untuk mempelajari materinya".to_owned()
            }
        }
    }
}
crate::error::impl_error!(ProgressError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    #[test]
    fn every_refusal_has_a_code_and_both_messages() {
        let all = [
            ProgressError::InvalidHeartbeat {
                field: "positionS",
                value: "NaN".into(),
            },
            ProgressError::WrongEvidence {
                content_type: ContentType::Video,
                evidence: "LAUNCHED",
            },
            ProgressError::DwellTooShort {
                min_seconds: 60,
                actual_seconds: 1,
            },
            ProgressError::ScormNotComplete {
                status: "incomplete".into(),
            },
            ProgressError::QuizNotLinked {
                quiz_id: "q".into(),
                linked_quiz_id: None,
            },
            ProgressError::QuizNotPassed {
                quiz_id: "q".into(),
            },
            ProgressError::ActorRequired,
            ProgressError::ReasonRequired,
            ProgressError::InvalidProgress {
                value: "101".into(),
            },
            ProgressError::TransitionRefused {
                state: EnrollmentStatus::Completed,
                event: EnrollmentEvent::Activity,
            },
            ProgressError::TransitionRefused {
                state: EnrollmentStatus::Dropped,
                event: EnrollmentEvent::Activity,
            },
            ProgressError::NotEnrolled {
                course_id: "c".into(),
            },
        ];
        let mut codes: Vec<&str> = all.iter().map(ErrorCode::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for e in all {
            assert!(e.code().starts_with("PROGRESS_"));
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert_eq!(CoreError::from(e.clone()).code(), e.code());
        }
        let facts = CoreError::from(ProgressError::DwellTooShort {
            min_seconds: 60,
            actual_seconds: 5,
        })
        .facts();
        assert_eq!(facts.get("minSeconds"), Some(&serde_json::json!(60)));
    }
}
