//! Lesson completion by content type (other than VIDEO, which completes through heartbeats),
//! manual completion by an instructor or admin, and writing a completion idempotently.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{ContentType, Lesson, Progress};

use super::{ProgressError, ProgressPolicy};

/// What the learner's client reports to complete a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum CompletionEvidence {
    /// The learner's explicit "done" on a TEXT or DOCUMENT lesson.
    MarkedDone {
        /// Seconds the learner spent on the lesson, if measured (unmeasured counts as 0).
        #[serde(default)]
        dwell_seconds: Option<u32>,
    },
    /// The learner launched an EXTERNAL lesson.
    Launched,
    /// A SCORM package reported a status (SCORM 1.2 `lesson_status`, or SCORM 2004
    /// `completion_status` / `success_status`).
    ScormReported {
        /// The status reported, e.g. `completed`, `passed`, `incomplete`.
        status: String,
    },
    /// The result of the learner's best attempt at a quiz (QUIZ lessons).
    QuizResult {
        /// The quiz attempted.
        quiz_id: String,
        /// Whether the learner has passed it (an attempt still awaiting grading has not).
        passed: bool,
    },
}

impl CompletionEvidence {
    /// The evidence's kind, as serialised.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            CompletionEvidence::MarkedDone { .. } => "MARKED_DONE",
            CompletionEvidence::Launched => "LAUNCHED",
            CompletionEvidence::ScormReported { .. } => "SCORM_REPORTED",
            CompletionEvidence::QuizResult { .. } => "QUIZ_RESULT",
        }
    }
}

/// Decides whether `evidence` completes `lesson`: TEXT and DOCUMENT on an explicit "done"
/// after at least `min_dwell_seconds`; EXTERNAL on launch; SCORM when the package reports
/// `completed` or `passed` (any case); QUIZ when the learner passed the quiz its `content`
/// names. VIDEO completes only through [`super::record_heartbeat`].
///
/// # Errors
/// [`ProgressError::WrongEvidence`], [`ProgressError::DwellTooShort`],
/// [`ProgressError::ScormNotComplete`], [`ProgressError::QuizNotLinked`],
/// [`ProgressError::QuizNotPassed`].
pub fn complete_lesson(
    lesson: &Lesson,
    evidence: &CompletionEvidence,
    policy: &ProgressPolicy,
) -> Result<(), ProgressError> {
    match (lesson.content_type, evidence) {
        (
            ContentType::Text | ContentType::Document,
            CompletionEvidence::MarkedDone { dwell_seconds },
        ) => {
            let actual = dwell_seconds.unwrap_or(0);
            if actual < policy.min_dwell_seconds {
                return Err(ProgressError::DwellTooShort {
                    min_seconds: policy.min_dwell_seconds,
                    actual_seconds: actual,
                });
            }
            Ok(())
        }
        (ContentType::External, CompletionEvidence::Launched) => Ok(()),
        (ContentType::Scorm, CompletionEvidence::ScormReported { status }) => {
            let normalised = status.trim().to_ascii_lowercase();
            if normalised == "completed" || normalised == "passed" {
                Ok(())
            } else {
                Err(ProgressError::ScormNotComplete {
                    status: status.clone(),
                })
            }
        }
        (ContentType::Quiz, CompletionEvidence::QuizResult { quiz_id, passed }) => {
            let linked = lesson
                .content
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty());
            if linked != Some(quiz_id.trim()) {
                return Err(ProgressError::QuizNotLinked {
                    quiz_id: quiz_id.clone(),
                    linked_quiz_id: linked.map(str::to_owned),
                });
            }
            if *passed {
                Ok(())
            } else {
                Err(ProgressError::QuizNotPassed {
                    quiz_id: quiz_id.clone(),
                })
            }
        }
        (content_type, evidence) => Err(ProgressError::WrongEvidence {
            content_type,
            evidence: evidence.kind(),
        }),
    }
}

/// Who completed a lesson for a learner, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualCompletion {
    /// The instructor's or admin's user id (`Progress.completedBy`).
    pub completed_by: String,
    /// Why (`Progress.completionReason`), trimmed.
    pub completion_reason: String,
}

/// Checks a manual completion by an instructor or admin (authorisation is §1's): the actor
/// and a non-blank reason are recorded, trimmed.
///
/// # Errors
/// [`ProgressError::ActorRequired`] for a blank actor id, [`ProgressError::ReasonRequired`]
/// for a blank reason.
pub fn complete_lesson_manually(
    actor_id: &str,
    reason: &str,
) -> Result<ManualCompletion, ProgressError> {
    let actor = actor_id.trim();
    if actor.is_empty() {
        return Err(ProgressError::ActorRequired);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ProgressError::ReasonRequired);
    }
    Ok(ManualCompletion {
        completed_by: actor.to_owned(),
        completion_reason: reason.to_owned(),
    })
}

/// A `Progress` row after a completion, and whether it is a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonCompletion {
    /// The row to store.
    pub progress: Progress,
    /// False when the lesson was already complete: nothing changes, nothing is awarded again.
    pub newly_completed: bool,
}

/// Writes a completion into `progress`, idempotently: an already completed row is returned
/// unchanged (first completion time and completer kept); otherwise it becomes complete at
/// `now`, with the actor and reason of a manual completion.
#[must_use]
pub fn apply_completion(
    progress: &Progress,
    manual: Option<&ManualCompletion>,
    now: DateTime<Utc>,
) -> LessonCompletion {
    if progress.is_completed {
        return LessonCompletion {
            progress: progress.clone(),
            newly_completed: false,
        };
    }
    let mut next = progress.clone();
    next.is_completed = true;
    next.completed_at = Some(now);
    if let Some(m) = manual {
        next.completed_by = Some(m.completed_by.clone());
        next.completion_reason = Some(m.completion_reason.clone());
    }
    LessonCompletion {
        progress: next,
        newly_completed: true,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn lesson(ct: ContentType) -> Lesson {
        Lesson::new("l1", "m1", "Pelajaran", 1, ct, DateTime::<Utc>::UNIX_EPOCH)
    }

    fn done(dwell: Option<u32>) -> CompletionEvidence {
        CompletionEvidence::MarkedDone {
            dwell_seconds: dwell,
        }
    }

    fn code(r: Result<(), ProgressError>) -> &'static str {
        r.map_or_else(|e| e.code(), |()| "OK")
    }

    #[test]
    fn text_and_document_complete_on_done_after_the_dwell() {
        let rec = ProgressPolicy::recommended();
        assert_eq!(
            complete_lesson(&lesson(ContentType::Text), &done(None), &rec),
            Ok(())
        );
        let strict = ProgressPolicy {
            min_dwell_seconds: 60,
            ..rec
        };
        assert_eq!(
            complete_lesson(&lesson(ContentType::Document), &done(Some(59)), &strict),
            Err(ProgressError::DwellTooShort {
                min_seconds: 60,
                actual_seconds: 59
            })
        );
        assert_eq!(
            complete_lesson(&lesson(ContentType::Document), &done(Some(60)), &strict),
            Ok(())
        );
        assert_eq!(
            code(complete_lesson(
                &lesson(ContentType::Text),
                &done(None),
                &strict
            )),
            "PROGRESS_DWELL_TOO_SHORT"
        );
    }

    #[test]
    fn external_completes_on_launch() {
        let rec = ProgressPolicy::recommended();
        assert_eq!(
            complete_lesson(
                &lesson(ContentType::External),
                &CompletionEvidence::Launched,
                &rec
            ),
            Ok(())
        );
    }

    #[test]
    fn scorm_needs_completed_or_passed() {
        let rec = ProgressPolicy::recommended();
        let l = lesson(ContentType::Scorm);
        for ok in ["completed", "passed", " Passed "] {
            let ev = CompletionEvidence::ScormReported { status: ok.into() };
            assert_eq!(complete_lesson(&l, &ev, &rec), Ok(()));
        }
        for bad in ["incomplete", "failed", "browsed", ""] {
            let ev = CompletionEvidence::ScormReported { status: bad.into() };
            assert_eq!(
                code(complete_lesson(&l, &ev, &rec)),
                "PROGRESS_SCORM_NOT_COMPLETE"
            );
        }
    }

    #[test]
    fn quiz_lessons_need_the_linked_quiz_passed() {
        let rec = ProgressPolicy::recommended();
        let mut l = lesson(ContentType::Quiz);
        l.content = Some("q1".into());
        let result = |id: &str, passed| CompletionEvidence::QuizResult {
            quiz_id: id.into(),
            passed,
        };
        assert_eq!(complete_lesson(&l, &result("q1", true), &rec), Ok(()));
        assert_eq!(
            complete_lesson(&l, &result("q1", false), &rec),
            Err(ProgressError::QuizNotPassed {
                quiz_id: "q1".into()
            })
        );
        assert_eq!(
            complete_lesson(&l, &result("q9", true), &rec),
            Err(ProgressError::QuizNotLinked {
                quiz_id: "q9".into(),
                linked_quiz_id: Some("q1".into())
            })
        );
    }

    #[test]
    fn wrong_evidence_is_refused() {
        let rec = ProgressPolicy::recommended();
        let cases = [
            (ContentType::Video, done(None)),
            (ContentType::Video, CompletionEvidence::Launched),
            (ContentType::Text, CompletionEvidence::Launched),
            (ContentType::External, done(None)),
            (
                ContentType::Scorm,
                CompletionEvidence::QuizResult {
                    quiz_id: "q".into(),
                    passed: true,
                },
            ),
        ];
        for (ct, ev) in cases {
            assert_eq!(
                complete_lesson(&lesson(ct), &ev, &rec),
                Err(ProgressError::WrongEvidence {
                    content_type: ct,
                    evidence: ev.kind()
                })
            );
        }
    }

    #[test]
    fn manual_completion_needs_actor_and_reason() {
        assert_eq!(
            complete_lesson_manually(" i1 ", "  hadir di kelas  "),
            Ok(ManualCompletion {
                completed_by: "i1".into(),
                completion_reason: "hadir di kelas".into()
            })
        );
        assert_eq!(
            complete_lesson_manually("i1", "   "),
            Err(ProgressError::ReasonRequired)
        );
        assert_eq!(
            complete_lesson_manually("", "alasan"),
            Err(ProgressError::ActorRequired)
        );
    }

    #[test]
    fn completion_is_idempotent() {
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        let t1 = t0 + chrono::Duration::hours(1);
        let row = Progress::new("p", "u", "l1", t0);
        let manual = complete_lesson_manually("i1", "sakit, materi dipelajari offline").unwrap();
        let first = apply_completion(&row, Some(&manual), t0);
        assert!(first.newly_completed);
        assert_eq!(first.progress.completed_at, Some(t0));
        assert_eq!(first.progress.completed_by.as_deref(), Some("i1"));
        let again = apply_completion(&first.progress, None, t1);
        assert!(!again.newly_completed);
        assert_eq!(again.progress, first.progress);
    }
}
