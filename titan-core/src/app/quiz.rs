//! Quizzes (SPEC §4): authoring quizzes and questions, taking an attempt (start or resume, the
//! shuffled sheet, saving answers, submitting), essay grading by a person or the
//! [`EssayGrader`](crate::ports::EssayGrader) port, reviews, regrades, results and learning
//! gain.
//!
//! Every change to a learner's attempts takes that learner's enrolment lock first
//! (`enrollments().get_for_update`), so one learner's starts, saves, submits and gradings in one
//! course apply one after the other: parallel starts cannot exceed `maxAttempts` and never open
//! two attempts. An attempt that gets its score emits `QUIZ_PASSED` / `QUIZ_FAILED`, refreshes
//! the learner's standing (PRE/POST tests count in progress) and, once the learner passes the
//! quiz (under `attempt_grading`), completes the module's QUIZ lessons that link it.
//!
//! Decisions where SPEC is silent:
//! - A DROPPED enrolment refuses attempts; a COMPLETED one allows them (practice after the
//!   course; its status stays COMPLETED).
//! - A quiz with no questions cannot be attempted (`QUIZ_NO_QUESTIONS`); a quiz that a QUIZ
//!   lesson links cannot be deleted (`QUIZ_LINKED_TO_LESSON`).
//! - Answers name options by their **original** index (the sheet gives each shown option its
//!   `index`), so a client never maps positions.
//! - Options are shuffled (per attempt and question) when the quiz shuffles its questions,
//!   except TRUE_FALSE, which keeps its natural order.
//! - A submission past the grace period under `auto_submit` ignores the answers sent with it and
//!   keeps only those saved by the deadline; answers that do not count are deleted, so a
//!   submitted attempt's stored answers are exactly what was scored (and what a regrade
//!   re-scores). Saves past the grace period are refused (`QUIZ_DEADLINE_PASSED`).
//! - An expired open attempt is closed when the learner next starts the quiz: scored on the
//!   answers saved by the deadline (`auto_submit`), or, under `reject`, scored 0 with no answers
//!   (it counts as a used, failed attempt).
//! - `QUIZ_FAILED` is emitted when an attempt first gets its score below the mark;
//!   `QUIZ_PASSED` whenever an attempt newly reaches it (a later essay grade or regrade); the
//!   outbox's idempotency key keeps each once per attempt.
//! - Automatic essay grading happens after the submission commits: the grader is called outside
//!   any unit of work and its grades are applied in a second one. Any failure there (the
//!   grader's, an out-of-range grade, the store's) leaves the essay pending for a person; the
//!   submission itself stands.

mod attempts;
mod authoring;
mod grading;
mod results;

pub use attempts::{
    AnswerInput, AttemptSheet, AttemptSubmission, SheetOption, SheetQuestion, StartedAttempt,
};
pub use authoring::{QuestionInput, QuizDetail, QuizInput};
pub use grading::{GradedEssay, PendingEssay, RegradeReport};
pub use results::{AttemptReview, LearningGainReport, QuizResults, ReviewOption, ReviewQuestion};

use chrono::{DateTime, Utc};

use super::effects::Occurrence;
use super::{Actor, Error, Result, Titan};
use crate::events::DomainEvent;
use crate::model::{ContentType, Course, Enrollment, EnrollmentStatus, Quiz, QuizAttempt, User};
use crate::ports::{PlacedLesson, UnitOfWork};
use crate::rules::identity::{Action, Resource};
use crate::rules::progress::{EnrollmentEvent, ProgressError};

/// A quiz with the course its module belongs to.
#[derive(Debug, Clone)]
struct PlacedQuiz {
    quiz: Quiz,
    course_id: String,
}

/// The signed-in user id behind `actor` (empty for anyone else, which every self-only check
/// refuses).
fn actor_id(actor: &Actor) -> &str {
    match actor {
        Actor::User { id } => id.as_str(),
        _ => "",
    }
}

/// Whether an attempt's new result is an event: `Some(true)` when it newly passes,
/// `Some(false)` when it gets its first score and fails.
fn outcome(before: &QuizAttempt, after: &QuizAttempt) -> Option<bool> {
    after.score?;
    match after.is_passed {
        Some(true) if before.is_passed != Some(true) => Some(true),
        Some(false) if before.score.is_none() => Some(false),
        _ => None,
    }
}

impl Titan {
    /// Loads a quiz and its module's course.
    async fn placed_quiz(&self, uow: &mut dyn UnitOfWork, quiz_id: &str) -> Result<PlacedQuiz> {
        let quiz = uow
            .quizzes()
            .quiz(quiz_id)
            .await?
            .ok_or_else(|| Error::not_found("Quiz", quiz_id))?;
        let module = uow
            .catalog()
            .module(&quiz.module_id)
            .await?
            .ok_or_else(|| Error::not_found("Module", quiz.module_id.clone()))?;
        Ok(PlacedQuiz {
            quiz,
            course_id: module.course_id,
        })
    }

    /// Loads a quiz and authorises `action` on its course (course editors).
    async fn quiz_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: Action,
        quiz_id: &str,
    ) -> Result<(User, Course, PlacedQuiz)> {
        let placed = self.placed_quiz(uow, quiz_id).await?;
        let (me, course) = self
            .course_for(uow, actor, action, &placed.course_id)
            .await?;
        Ok((me, course, placed))
    }

    /// Authorises a learner's own quiz act (`ATTEMPT_QUIZ`) and returns their id.
    async fn quiz_taker(&self, uow: &mut dyn UnitOfWork, actor: &Actor) -> Result<String> {
        let learner_id = actor_id(actor);
        let me = self
            .authorize(
                uow,
                actor,
                Action::AttemptQuiz,
                &Resource::learner(learner_id),
            )
            .await?;
        Ok(me.id)
    }

    /// Loads an attempt of the signed-in learner (`ATTEMPT_QUIZ` on its owner: someone else's
    /// attempt is `IDENTITY_FORBIDDEN`).
    async fn own_attempt(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        attempt_id: &str,
    ) -> Result<QuizAttempt> {
        self.quiz_taker(uow, actor).await?;
        let attempt = uow
            .quizzes()
            .attempt(attempt_id)
            .await?
            .ok_or_else(|| Error::not_found("QuizAttempt", attempt_id))?;
        self.authorize(
            uow,
            actor,
            Action::AttemptQuiz,
            &Resource::learner(attempt.user_id.clone()),
        )
        .await?;
        Ok(attempt)
    }

    /// The learner's enrolment in the quiz's course, locked; refused when missing or DROPPED.
    async fn taker_enrollment(
        &self,
        uow: &mut dyn UnitOfWork,
        learner_id: &str,
        course_id: &str,
    ) -> Result<Enrollment> {
        let enrollment = uow
            .enrollments()
            .get_for_update(learner_id, course_id)
            .await?
            .ok_or_else(|| ProgressError::NotEnrolled {
                course_id: course_id.to_owned(),
            })?;
        if enrollment.status == EnrollmentStatus::Dropped {
            return Err(ProgressError::TransitionRefused {
                state: enrollment.status,
                event: EnrollmentEvent::Activity,
            }
            .into());
        }
        Ok(enrollment)
    }

    /// What follows from an attempt's new result (`after`, already stored): the pass/fail event,
    /// the QUIZ lessons completed by passing the quiz, and the learner's refreshed standing
    /// (`enrollment` locked by the caller; `activity` when the learner acted). Pushes the events
    /// for the caller to record.
    #[allow(clippy::too_many_arguments)]
    async fn settle_attempt(
        &self,
        uow: &mut dyn UnitOfWork,
        placed: &PlacedQuiz,
        enrollment: Option<&Enrollment>,
        before: &QuizAttempt,
        after: &QuizAttempt,
        activity: bool,
        now: DateTime<Utc>,
        occurrences: &mut Vec<Occurrence>,
    ) -> Result<Option<Enrollment>> {
        if let (Some(passed), Some(score)) = (outcome(before, after), after.score) {
            let (user_id, course_id) = (after.user_id.clone(), placed.course_id.clone());
            let (quiz_id, attempt_id) = (placed.quiz.id.clone(), after.id.clone());
            let event = if passed {
                DomainEvent::QuizPassed {
                    user_id,
                    course_id,
                    quiz_id,
                    attempt_id,
                    score,
                    occurred_at: now,
                }
            } else {
                DomainEvent::QuizFailed {
                    user_id,
                    course_id,
                    quiz_id,
                    attempt_id,
                    score,
                    occurred_at: now,
                }
            };
            occurrences.push(Occurrence::new(event).titled(placed.quiz.title.clone()));
        }
        if after.is_passed == Some(true)
            && self
                .has_passed_quiz(uow, &after.user_id, &placed.quiz.id)
                .await?
        {
            let lessons = uow
                .catalog()
                .lessons_of_module(&placed.quiz.module_id)
                .await?;
            for lesson in lessons {
                let links = lesson.content_type == ContentType::Quiz
                    && lesson.content.as_deref().map(str::trim) == Some(placed.quiz.id.as_str());
                if links {
                    let placed_lesson = PlacedLesson {
                        lesson,
                        course_id: placed.course_id.clone(),
                    };
                    self.mark_lesson_complete(
                        uow,
                        &placed_lesson,
                        &after.user_id,
                        None,
                        now,
                        occurrences,
                    )
                    .await?;
                }
            }
        }
        match enrollment {
            Some(e) => Ok(Some(
                self.refresh_enrollment(uow, e, activity, now, occurrences)
                    .await?,
            )),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn attempt(score: Option<i64>, passed: Option<bool>) -> QuizAttempt {
        QuizAttempt {
            id: "a".into(),
            user_id: "u".into(),
            quiz_id: "q".into(),
            started_at: DateTime::<Utc>::UNIX_EPOCH,
            submitted_at: Some(DateTime::<Utc>::UNIX_EPOCH),
            score: score.map(Decimal::from),
            is_passed: passed,
        }
    }

    #[test]
    fn events_follow_new_results_only() {
        let open = attempt(None, None);
        assert_eq!(outcome(&open, &attempt(Some(80), Some(true))), Some(true));
        assert_eq!(outcome(&open, &attempt(Some(20), Some(false))), Some(false));
        assert_eq!(outcome(&open, &open), None);
        let failed = attempt(Some(20), Some(false));
        assert_eq!(outcome(&failed, &attempt(Some(90), Some(true))), Some(true));
        assert_eq!(outcome(&failed, &attempt(Some(30), Some(false))), None);
        let passed = attempt(Some(90), Some(true));
        assert_eq!(outcome(&passed, &attempt(Some(95), Some(true))), None);
        assert_eq!(outcome(&passed, &failed), None);
    }
}
