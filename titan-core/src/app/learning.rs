//! Learning (SPEC §3): video heartbeats, lesson completion by content type, manual completion,
//! and a learner's progress in a course.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::effects::Occurrence;
use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::events::DomainEvent;
use crate::model::{ContentType, Enrollment, EnrollmentStatus, Progress};
use crate::ports::{PlacedLesson, UnitOfWork};
use crate::rules::identity::{Action, Resource};
use crate::rules::progress::{
    CompletionCheck, CompletionEvidence, EnrollmentEvent, Heartbeat, HeartbeatOutcome,
    ManualCompletion, ProgressError, VideoState, apply_completion, complete_lesson,
    complete_lesson_manually, record_heartbeat,
};

/// What a heartbeat did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeartbeatResult {
    /// The lesson's progress row after the heartbeat.
    pub progress: Progress,
    /// Credited seconds, seek, completion.
    pub outcome: HeartbeatOutcome,
    /// The enrolment after the heartbeat (its progress and status).
    pub enrollment: Enrollment,
}

/// What a lesson completion did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonCompletionResult {
    /// The lesson's progress row.
    pub progress: Progress,
    /// False when the lesson was already complete (nothing was awarded again).
    pub newly_completed: bool,
    /// The enrolment after the completion.
    pub enrollment: Enrollment,
}

/// A learner's standing in a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnerProgress {
    /// The enrolment (status, stored progress, dates).
    pub enrollment: Enrollment,
    /// The learner's progress rows in the course's lessons.
    pub lessons: Vec<Progress>,
    /// The completion criteria as they stand now.
    pub criteria: CompletionCheck,
}

impl Titan {
    /// The lesson with its course, and the learner's enrolment in that course (locked), which
    /// must accept learning events.
    async fn learning_context(
        &self,
        uow: &mut dyn UnitOfWork,
        learner_id: &str,
        lesson_id: &str,
    ) -> Result<(PlacedLesson, Enrollment)> {
        let placed = uow
            .catalog()
            .placed_lesson(lesson_id)
            .await?
            .ok_or_else(|| Error::not_found("Lesson", lesson_id))?;
        let enrollment = uow
            .enrollments()
            .get_for_update(learner_id, &placed.course_id)
            .await?
            .ok_or_else(|| ProgressError::NotEnrolled {
                course_id: placed.course_id.clone(),
            })?;
        match enrollment.status {
            EnrollmentStatus::Enrolled | EnrollmentStatus::InProgress => {}
            state @ (EnrollmentStatus::Completed | EnrollmentStatus::Dropped) => {
                return Err(ProgressError::TransitionRefused {
                    state,
                    event: EnrollmentEvent::Activity,
                }
                .into());
            }
        }
        Ok((placed, enrollment))
    }

    /// Marks `lesson` complete for `learner_id` (idempotent) and queues its `LESSON_COMPLETED`
    /// event; returns the row and whether it was newly completed. The caller holds the
    /// learner's enrolment lock, then refreshes the enrolment and records the events.
    pub(crate) async fn mark_lesson_complete(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedLesson,
        learner_id: &str,
        manual: Option<&ManualCompletion>,
        now: DateTime<Utc>,
        occurrences: &mut Vec<Occurrence>,
    ) -> Result<(Progress, bool)> {
        // Most lessons are completed without a row yet: write the completed row unless one
        // exists (one statement), and only then read and update the existing row.
        let fresh = Progress::new(self.ids().uuid(), learner_id, &placed.lesson.id, now);
        let mut completion = apply_completion(&fresh, manual, now);
        if !uow
            .progress()
            .insert_if_absent(&completion.progress)
            .await?
        {
            let current = uow
                .progress()
                .get(learner_id, &placed.lesson.id)
                .await?
                .ok_or_else(|| {
                    Error::not_found("Progress", format!("{learner_id}:{}", placed.lesson.id))
                })?;
            completion = apply_completion(&current, manual, now);
            if !completion.newly_completed {
                return Ok((completion.progress, false));
            }
            uow.progress().update(&completion.progress).await?;
        }
        occurrences.push(
            Occurrence::new(DomainEvent::LessonCompleted {
                user_id: learner_id.to_owned(),
                course_id: placed.course_id.clone(),
                lesson_id: placed.lesson.id.clone(),
                occurred_at: now,
            })
            .titled(placed.lesson.title.clone()),
        );
        Ok((completion.progress, true))
    }

    /// Completes one lesson and writes everything the completion implies.
    async fn finish_lesson(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedLesson,
        enrollment: &Enrollment,
        manual: Option<&ManualCompletion>,
        now: DateTime<Utc>,
    ) -> Result<LessonCompletionResult> {
        let mut occurrences = Vec::new();
        let (progress, newly_completed) = self
            .mark_lesson_complete(
                uow,
                placed,
                &enrollment.user_id,
                manual,
                now,
                &mut occurrences,
            )
            .await?;
        if !newly_completed {
            return Ok(LessonCompletionResult {
                progress,
                newly_completed,
                enrollment: enrollment.clone(),
            });
        }
        let enrollment = self
            .refresh_enrollment(uow, enrollment, manual.is_none(), now, &mut occurrences)
            .await?;
        self.record(uow, occurrences, now).await?;
        Ok(LessonCompletionResult {
            progress,
            newly_completed,
            enrollment,
        })
    }

    /// Records one video-player heartbeat of the actor on a VIDEO lesson: credits watched
    /// seconds (seeks earn nothing), moves `lastPosition`, and completes the lesson at 90 % of
    /// its duration (or on `ended` when the duration is unknown; *legacy:* on `ended`).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `PROGRESS_WRONG_EVIDENCE` (not a VIDEO lesson);
    /// `PROGRESS_NOT_ENROLLED`; `PROGRESS_ENROLLMENT_COMPLETED` / `_DROPPED`;
    /// `PROGRESS_INVALID_HEARTBEAT`.
    pub async fn record_heartbeat(
        &self,
        actor: &Actor,
        lesson_id: &str,
        heartbeat: &Heartbeat,
    ) -> Result<HeartbeatResult> {
        write_tx!(self, |uow| {
            let learner_id = match actor {
                Actor::User { id } => id.as_str(),
                _ => "",
            };
            self.authorize(
                uow,
                actor,
                Action::RecordHeartbeat,
                &Resource::learner(learner_id),
            )
            .await?;
            let (placed, enrollment) = self.learning_context(uow, learner_id, lesson_id).await?;
            if placed.lesson.content_type != ContentType::Video {
                return Err(ProgressError::WrongEvidence {
                    content_type: placed.lesson.content_type,
                    evidence: "HEARTBEAT",
                }
                .into());
            }
            let now = self.now();
            let existing = uow.progress().get(learner_id, lesson_id).await?;
            let current = existing
                .clone()
                .unwrap_or_else(|| Progress::new(self.ids().uuid(), learner_id, lesson_id, now));
            let outcome = record_heartbeat(
                &VideoState::of(&current),
                placed.lesson.duration,
                heartbeat,
                &self.policy().progress,
            )?;
            let next = outcome.apply_to(&current, now);
            if existing.is_none() {
                uow.progress().insert(&next).await?;
            } else if next != current {
                uow.progress().update(&next).await?;
            }
            let mut occurrences = Vec::new();
            if outcome.newly_completed {
                occurrences.push(
                    Occurrence::new(DomainEvent::LessonCompleted {
                        user_id: learner_id.to_owned(),
                        course_id: placed.course_id.clone(),
                        lesson_id: lesson_id.to_owned(),
                        occurred_at: now,
                    })
                    .titled(placed.lesson.title.clone()),
                );
            }
            // Only a completion changes progress; the first heartbeat starts an ENROLLED one.
            let enrollment =
                if outcome.newly_completed || enrollment.status == EnrollmentStatus::Enrolled {
                    self.refresh_enrollment(uow, &enrollment, true, now, &mut occurrences)
                        .await?
                } else {
                    enrollment
                };
            if !occurrences.is_empty() {
                self.record(uow, occurrences, now).await?;
            }
            Ok(HeartbeatResult {
                progress: next,
                outcome,
                enrollment,
            })
        })
    }

    /// Completes a non-video lesson for the actor with the evidence its type needs: TEXT and
    /// DOCUMENT an explicit "done", EXTERNAL a launch, SCORM a `completed`/`passed` report, QUIZ
    /// a passed linked quiz (checked against the learner's attempts, whatever the client says).
    /// Idempotent: a completed lesson stays complete and pays once.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `PROGRESS_NOT_ENROLLED`; `PROGRESS_ENROLLMENT_*`;
    /// `PROGRESS_WRONG_EVIDENCE`, `PROGRESS_DWELL_TOO_SHORT`, `PROGRESS_SCORM_NOT_COMPLETE`,
    /// `PROGRESS_QUIZ_NOT_LINKED`, `PROGRESS_QUIZ_NOT_PASSED`.
    pub async fn complete_lesson(
        &self,
        actor: &Actor,
        lesson_id: &str,
        evidence: &CompletionEvidence,
    ) -> Result<LessonCompletionResult> {
        write_tx!(self, |uow| {
            let learner_id = match actor {
                Actor::User { id } => id.as_str(),
                _ => "",
            };
            self.authorize(
                uow,
                actor,
                Action::CompleteLesson,
                &Resource::learner(learner_id),
            )
            .await?;
            let (placed, enrollment) = self.learning_context(uow, learner_id, lesson_id).await?;
            let evidence = match evidence {
                CompletionEvidence::QuizResult { quiz_id, .. } => {
                    let passed = self.has_passed_quiz(uow, learner_id, quiz_id).await?;
                    CompletionEvidence::QuizResult {
                        quiz_id: quiz_id.clone(),
                        passed,
                    }
                }
                other => other.clone(),
            };
            complete_lesson(&placed.lesson, &evidence, &self.policy().progress)?;
            self.finish_lesson(uow, &placed, &enrollment, None, self.now())
                .await
        })
    }

    /// Whether the learner's attempts at `quiz_id` pass it, under the quiz policy's
    /// `attempt_grading`.
    pub(crate) async fn has_passed_quiz(
        &self,
        uow: &mut dyn UnitOfWork,
        learner_id: &str,
        quiz_id: &str,
    ) -> Result<bool> {
        let Some(quiz) = uow.quizzes().quiz(quiz_id).await? else {
            return Ok(false);
        };
        let attempts = uow
            .quizzes()
            .attempts_of_user_in_quizzes(learner_id, &[quiz_id.to_owned()])
            .await?;
        Ok(
            crate::rules::quiz::aggregate_attempts(&attempts, self.policy().quiz.attempt_grading)
                .is_some_and(|agg| crate::rules::quiz::passes(agg.score, quiz.passing_score)),
        )
    }

    /// Completes a lesson for a learner by hand (course editors), recording who and why.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `PROGRESS_REASON_REQUIRED`; `PROGRESS_NOT_ENROLLED`;
    /// `PROGRESS_ENROLLMENT_*`.
    pub async fn complete_lesson_for(
        &self,
        actor: &Actor,
        learner_id: &str,
        lesson_id: &str,
        reason: &str,
    ) -> Result<LessonCompletionResult> {
        write_tx!(self, |uow| {
            let placed = uow
                .catalog()
                .placed_lesson(lesson_id)
                .await?
                .ok_or_else(|| Error::not_found("Lesson", lesson_id))?;
            let (me, _) = self
                .course_for(
                    uow,
                    actor,
                    Action::CompleteLessonManually,
                    &placed.course_id,
                )
                .await?;
            let manual = complete_lesson_manually(&me.id, reason)?;
            let (placed, enrollment) = self.learning_context(uow, learner_id, lesson_id).await?;
            self.finish_lesson(uow, &placed, &enrollment, Some(&manual), self.now())
                .await
        })
    }

    /// A learner's standing in a course (the learner, course editors).
    ///
    /// # Errors
    /// `NOT_FOUND` (course or enrolment); `IDENTITY_FORBIDDEN`.
    pub async fn learner_progress(
        &self,
        actor: &Actor,
        learner_id: &str,
        course_id: &str,
    ) -> Result<LearnerProgress> {
        read_tx!(self, |uow| {
            self.learner_record_for(uow, actor, learner_id, course_id)
                .await?;
            let enrollment = uow
                .enrollments()
                .get(learner_id, course_id)
                .await?
                .ok_or_else(|| {
                    Error::not_found("Enrollment", format!("{learner_id}:{course_id}"))
                })?;
            let lesson_ids: Vec<String> = uow
                .catalog()
                .lesson_refs_of_course(course_id)
                .await?
                .into_iter()
                .map(|l| l.id)
                .collect();
            let lessons = uow
                .progress()
                .of_user_in_lessons(learner_id, &lesson_ids)
                .await?;
            let now = self.now();
            let criteria = self
                .evaluate_standing(uow, learner_id, course_id, now)
                .await?
                .map(|e| e.criteria)
                .unwrap_or(CompletionCheck {
                    met: false,
                    unmet: Vec::new(),
                });
            Ok(LearnerProgress {
                enrollment,
                lessons,
                criteria,
            })
        })
    }
}
