//! The attendance jobs, run by the platform ([`Actor::System`]) or by hand by a `SUPER_ADMIN`:
//! marking absentees once a session has ended, and the SESSION_REMINDER 60 minutes before a
//! session starts. Both take `now` from the clock, are idempotent (a second run changes
//! nothing), and work one session per unit of work, so a long run never holds many locks.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::super::{Actor, Result, Titan, read_tx, write_tx};
use crate::model::{Enrollment, EnrollmentStatus};
use crate::ports::UnitOfWork;
use crate::rules::attendance::{mark_absentees, session_ended};
use crate::rules::identity::Action;
use crate::rules::xapi::{reminder_due, reminder_key, session_reminder};

/// Which ended sessions the absentee job looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AbsenteeSweep {
    /// Only sessions that ended after this instant (a scheduler passes its previous run minus a
    /// margin); `None` looks at every session that has ended.
    pub ended_after: Option<DateTime<Utc>>,
}

/// What the absentee job did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbsenteeSweepResult {
    /// The job's `now`.
    pub ran_at: DateTime<Utc>,
    /// Ended sessions looked at.
    pub sessions_checked: u32,
    /// Ids of the ABSENT records created, session by session.
    pub marked: Vec<String>,
    /// Ids of the enrolments that became COMPLETED because a session ended (the attendance
    /// rate of ON_CLASSROOM and HYBRID courses counts ended sessions only).
    pub completed_enrollments: Vec<String>,
}

/// What the reminder job did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRunResult {
    /// The job's `now`.
    pub ran_at: DateTime<Utc>,
    /// Sessions whose reminder is due (starting within the lead time).
    pub sessions_checked: u32,
    /// Ids of the SESSION_REMINDER notifications created (each learner and session once).
    pub sent: Vec<String>,
}

/// The action a `SUPER_ADMIN` needs to run a platform job by hand.
const RUN_JOB: Action = Action::ManageSettings;

impl Titan {
    /// Marks ABSENT (method MANUAL, time = now) every learner enrolled in a session's course
    /// before the session ended, not dropped, and without a record, for every session that has
    /// ended (after `sweep.ended_after`, if given); then recomputes those learners' enrolments,
    /// since an ended session changes their attendance rate (a classroom course may complete
    /// here). Absentee records emit no event: a later correction to PRESENT or LATE is the first
    /// `ATTENDED` and pays then. Idempotent: a second run creates nothing.
    ///
    /// # Errors
    /// `IDENTITY_*` for anyone but [`Actor::System`] or a `SUPER_ADMIN`.
    pub async fn mark_absentees(
        &self,
        actor: &Actor,
        sweep: &AbsenteeSweep,
    ) -> Result<AbsenteeSweepResult> {
        let now = self.now();
        let session_ids: Vec<String> = read_tx!(self, |uow| {
            self.authorize_job(uow, actor, RUN_JOB).await?;
            Ok(uow
                .attendance()
                .sessions_ended_between(sweep.ended_after, now)
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect())
        })?;
        let mut result = AbsenteeSweepResult {
            ran_at: now,
            ..AbsenteeSweepResult::default()
        };
        for session_id in &session_ids {
            let (marked, completed) = write_tx!(self, |uow| {
                self.mark_session_absentees(uow, session_id, now).await
            })?;
            result.sessions_checked += 1;
            result.marked.extend(marked);
            result.completed_enrollments.extend(completed);
        }
        Ok(result)
    }

    /// One session's absentees and its learners' refreshed enrolments: (record ids, completed
    /// enrolment ids).
    async fn mark_session_absentees(
        &self,
        uow: &mut dyn UnitOfWork,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(Vec<String>, Vec<String>)> {
        let Some(session) = uow.attendance().session(session_id).await? else {
            return Ok((Vec::new(), Vec::new()));
        };
        if !session_ended(&session, now) {
            return Ok((Vec::new(), Vec::new()));
        }
        // Each learner's enrolment lock first, in one order (enrolment date, id), as every
        // attendance write takes it before touching the record.
        let mut locked: Vec<Enrollment> = Vec::new();
        for e in uow.enrollments().of_course(&session.course_id).await? {
            if let Some(row) = uow
                .enrollments()
                .get_for_update(&e.user_id, &e.course_id)
                .await?
                && row.status.takes_seat()
            {
                locked.push(row);
            }
        }
        let expected: Vec<String> = locked
            .iter()
            .filter(|e| e.enrolled_at < session.end_time)
            .map(|e| e.user_id.clone())
            .collect();
        let existing = uow.attendance().records_of_session(&session.id).await?;
        let absentees = mark_absentees(&session, &expected, &existing, now, || self.ids().uuid())?;
        for record in &absentees {
            uow.attendance().insert_record(record).await?;
        }
        let mut occurrences = Vec::new();
        let mut completed = Vec::new();
        for enrollment in &locked {
            let after = self
                .refresh_enrollment(uow, enrollment, false, now, &mut occurrences)
                .await?;
            if after.status == EnrollmentStatus::Completed
                && enrollment.status != EnrollmentStatus::Completed
            {
                completed.push(after.id);
            }
        }
        if !occurrences.is_empty() {
            self.record(uow, occurrences, now).await?;
        }
        Ok((absentees.into_iter().map(|r| r.id).collect(), completed))
    }

    /// Queues a SESSION_REMINDER for every learner enrolled (not dropped) in the course of each
    /// session starting within the lead time (60 min, `xapi.session_reminder_minutes`), the
    /// start shown in the learner's timezone, else the session's, else WIB. Each (learner,
    /// session) is reminded once: the notification's `dedupKey` is `session_reminder:{user}:{session}`.
    /// A run that comes late still reminds until the session starts, never after.
    ///
    /// # Errors
    /// `IDENTITY_*` for anyone but [`Actor::System`] or a `SUPER_ADMIN`.
    pub async fn send_session_reminders(&self, actor: &Actor) -> Result<ReminderRunResult> {
        let now = self.now();
        let lead = Duration::minutes(i64::from(self.policy().xapi.session_reminder_minutes));
        let session_ids: Vec<String> = read_tx!(self, |uow| {
            self.authorize_job(uow, actor, RUN_JOB).await?;
            Ok(uow
                .attendance()
                .sessions_starting_between(now, now + lead)
                .await?
                .into_iter()
                .filter(|s| reminder_due(s.start_time, now, &self.policy().xapi))
                .map(|s| s.id)
                .collect())
        })?;
        let mut result = ReminderRunResult {
            ran_at: now,
            ..ReminderRunResult::default()
        };
        for session_id in &session_ids {
            let sent = write_tx!(self, |uow| {
                self.remind_session(uow, session_id, now).await
            })?;
            result.sessions_checked += 1;
            result.sent.extend(sent);
        }
        Ok(result)
    }

    /// One session's reminders: the ids of the notifications created.
    async fn remind_session(
        &self,
        uow: &mut dyn UnitOfWork,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let Some(session) = uow.attendance().session(session_id).await? else {
            return Ok(Vec::new());
        };
        if !reminder_due(session.start_time, now, &self.policy().xapi) {
            return Ok(Vec::new());
        }
        let learner_ids: Vec<String> = uow
            .enrollments()
            .of_course(&session.course_id)
            .await?
            .into_iter()
            .filter(|e| e.status.takes_seat())
            .map(|e| e.user_id)
            .collect();
        let learners = uow.users().get_many(&learner_ids).await?;
        let mut sent = Vec::new();
        for learner in &learners {
            let draft = session_reminder(
                &learner.id,
                &session.id,
                &session.title,
                session.start_time,
                &[learner.timezone.as_deref(), session.timezone.as_deref()],
                self.lang(),
            );
            let mut notification = draft.into_notification(self.ids().uuid(), now);
            notification.dedup_key = Some(reminder_key(&learner.id, &session.id));
            if uow.notifications().insert_if_absent(&notification).await? {
                sent.push(notification.id);
            }
        }
        Ok(sent)
    }
}
