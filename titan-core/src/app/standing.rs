//! A learner's standing in one course: progress %, completion criteria and the enrolment status,
//! recomputed from that learner's rows only (SPEC §3: a change never recomputes a whole course).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::effects::Occurrence;
use super::{Result, Titan};
use crate::events::DomainEvent;
use crate::model::{
    Attendance, Course, CourseSession, DeliveryMode, Enrollment, EnrollmentStatus, Quiz,
    QuizAttempt,
};
use crate::ports::UnitOfWork;
use crate::rules::attendance::{attendance_rate, session_ended};
use crate::rules::progress::{
    EnrollmentEvaluation, EnrollmentFacts, LessonFact, QuizFact, advance_enrollment,
    evaluate_enrollment,
};
use crate::rules::quiz::{aggregate_attempts, passes};

impl Titan {
    /// The course's sessions that count for a learner's attendance, with the learner's records
    /// at them: every session except those that ended before the learner enrolled (a late
    /// enrolee was not absent from sessions held before they joined) unless the learner has a
    /// record there anyway. `enrolled_at` is `None` when the learner is not enrolled.
    pub(crate) async fn learner_sessions(
        &self,
        uow: &mut dyn UnitOfWork,
        user_id: &str,
        course_id: &str,
        enrolled_at: Option<DateTime<Utc>>,
    ) -> Result<(Vec<CourseSession>, Vec<Attendance>)> {
        let sessions = uow.attendance().sessions_of_course(course_id).await?;
        let ids: Vec<String> = sessions.iter().map(|s| s.id.clone()).collect();
        let records = if ids.is_empty() {
            Vec::new()
        } else {
            uow.attendance()
                .records_of_user_in_sessions(user_id, &ids)
                .await?
        };
        let attended: HashSet<&str> = records.iter().map(|r| r.session_id.as_str()).collect();
        let sessions = sessions
            .into_iter()
            .filter(|s| {
                enrolled_at.is_none_or(|at| s.end_time > at) || attended.contains(s.id.as_str())
            })
            .collect();
        Ok((sessions, records))
    }

    /// The facts progress and completion need about `user_id` in `course_id`.
    pub(crate) async fn enrollment_facts(
        &self,
        uow: &mut dyn UnitOfWork,
        user_id: &str,
        course_id: &str,
        delivery_mode: DeliveryMode,
        enrolled_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<EnrollmentFacts> {
        let lessons = uow
            .progress()
            .lessons_done_in_course(user_id, course_id)
            .await?;
        let quizzes = uow.quizzes().quizzes_of_course(course_id).await?;
        let quiz_ids: Vec<String> = quizzes.iter().map(|q| q.id.clone()).collect();
        let attempts = if quiz_ids.is_empty() {
            Vec::new()
        } else {
            uow.quizzes()
                .attempts_of_user_in_quizzes(user_id, &quiz_ids)
                .await?
        };
        let attendance = match delivery_mode {
            DeliveryMode::OnClassroom | DeliveryMode::Hybrid => {
                let (sessions, records) = self
                    .learner_sessions(uow, user_id, course_id, enrolled_at)
                    .await?;
                // Attendance is judged once it is final: completing (and certifying) a learner
                // while sessions are still to come would judge on a rate that can still fall.
                if sessions.iter().all(|s| session_ended(s, now)) {
                    attendance_rate(&sessions, &records, now)
                } else {
                    None
                }
            }
            _ => None,
        };
        Ok(EnrollmentFacts {
            delivery_mode,
            lessons: lessons
                .into_iter()
                .map(|l| LessonFact::new(l.lesson.id, l.lesson.duration, l.completed))
                .collect(),
            quizzes: quizzes
                .iter()
                .map(|q| self.quiz_fact(q, &attempts))
                .collect(),
            attendance_rate: attendance,
        })
    }

    fn quiz_fact(&self, quiz: &Quiz, attempts: &[QuizAttempt]) -> QuizFact {
        let mine: Vec<QuizAttempt> = attempts
            .iter()
            .filter(|a| a.quiz_id == quiz.id)
            .cloned()
            .collect();
        let submitted = mine.iter().any(|a| a.submitted_at.is_some());
        let passed = aggregate_attempts(&mine, self.policy().quiz.attempt_grading)
            .is_some_and(|agg| passes(agg.score, quiz.passing_score));
        QuizFact {
            duration_seconds: quiz
                .time_limit
                .filter(|m| *m > 0)
                .map(|m| m.saturating_mul(60)),
            ..QuizFact::new(quiz.id.clone(), quiz.quiz_type, submitted, passed)
        }
    }

    /// Progress % and the unmet criteria of `user_id` in `course_id` (read only).
    pub(crate) async fn evaluate_standing(
        &self,
        uow: &mut dyn UnitOfWork,
        user_id: &str,
        course_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<EnrollmentEvaluation>> {
        let Some(course) = uow.catalog().course(course_id).await? else {
            return Ok(None);
        };
        let enrolled_at = uow
            .enrollments()
            .get(user_id, course_id)
            .await?
            .map(|e| e.enrolled_at);
        self.standing_in(uow, user_id, &course, enrolled_at, now)
            .await
            .map(Some)
    }

    /// Progress % and the unmet criteria of `user_id` in `course`, enrolled at `enrolled_at`.
    async fn standing_in(
        &self,
        uow: &mut dyn UnitOfWork,
        user_id: &str,
        course: &Course,
        enrolled_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<EnrollmentEvaluation> {
        let facts = self
            .enrollment_facts(
                uow,
                user_id,
                &course.id,
                course.delivery_mode,
                enrolled_at,
                now,
            )
            .await?;
        Ok(evaluate_enrollment(&facts, &self.policy().progress))
    }

    /// Recomputes `enrollment` (locked by the caller) after a change to its learner's rows and
    /// stores it if it changed. `activity` says whether the learner just acted (which starts an
    /// ENROLLED enrolment). A COMPLETED or DROPPED enrolment is returned unchanged. When it
    /// becomes COMPLETED, a `COURSE_COMPLETED` event is queued.
    pub(crate) async fn refresh_enrollment(
        &self,
        uow: &mut dyn UnitOfWork,
        enrollment: &Enrollment,
        activity: bool,
        now: DateTime<Utc>,
        occurrences: &mut Vec<Occurrence>,
    ) -> Result<Enrollment> {
        if matches!(
            enrollment.status,
            EnrollmentStatus::Completed | EnrollmentStatus::Dropped
        ) {
            return Ok(enrollment.clone());
        }
        let Some(course) = uow.catalog().course(&enrollment.course_id).await? else {
            return Ok(enrollment.clone());
        };
        let evaluation = self
            .standing_in(
                uow,
                &enrollment.user_id,
                &course,
                Some(enrollment.enrolled_at),
                now,
            )
            .await?;
        let change = advance_enrollment(
            enrollment,
            evaluation.progress,
            evaluation.criteria.met,
            activity,
            now,
        )?;
        if change.changed {
            uow.enrollments().update(&change.enrollment).await?;
        }
        if change.completed {
            occurrences.push(Occurrence::new(DomainEvent::CourseCompleted {
                user_id: enrollment.user_id.clone(),
                course_id: enrollment.course_id.clone(),
                occurred_at: now,
            }));
        }
        // The events of this course carry it to `record`, which need not read it again.
        for occurrence in occurrences.iter_mut() {
            if occurrence.course.is_none() && occurrence.event.course_id() == Some(&course.id) {
                occurrence.course = Some(course.clone());
            }
        }
        Ok(change.enrollment)
    }
}
