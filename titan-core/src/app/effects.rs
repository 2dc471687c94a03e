//! What every domain event writes, in the unit of work of the change that caused it (SPEC §6,
//! §7, §11): the xAPI outbox row, the learner-activity row, the notifications, the points ledger
//! entries, the learner's points, level and streak, badge awards and the automatic certificate.
//!
//! The outbox's unique idempotency key decides whether an event is new: a replayed event (the
//! same key) writes nothing at all, so nothing is paid, logged or notified twice. Follow-ups
//! (a completed course's certificate, a badge) are events themselves and go through the same
//! path.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::{DateTime, Utc};

use super::{Result, Titan};
use crate::events::DomainEvent;
use crate::model::{AttendanceStatus, Badge, Course, EnrollmentStatus, User, UserBadge};
use crate::ports::UnitOfWork;
use crate::rules::attendance::attendance_rate;
use crate::rules::certificate::{
    Issuance, IssueOutcome, IssueRequest, RANDOM_BYTES, issue_certificate, sequence_year,
};
use crate::rules::common::resolve_timezone;
use crate::rules::gamification::badge::{Criteria, CriterionType, LearnerStats};
use crate::rules::gamification::{
    AwardSource, badges_to_award, ledger_entry, level_for_points, parse_criteria, update_streak,
};
use crate::rules::xapi::{
    CourseRef, NotificationContext, StatementActor, StatementContext, build_statement,
    notifications_for, outbox_row,
};

/// A domain event with the facts its records need that the event does not carry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Occurrence {
    pub(crate) event: DomainEvent,
    /// The lesson, quiz, session, certificate or submission title (statement object name,
    /// activity title, notification text).
    pub(crate) object_title: Option<String>,
    /// PBGM: the program's owner (told of escalations).
    pub(crate) owner_id: Option<String>,
    /// PBGM: the reviewers to tell of a submission.
    pub(crate) reviewer_ids: Vec<String>,
    /// The event's course when the change that caused it has already read it (otherwise
    /// [`Titan::record`] reads it).
    pub(crate) course: Option<Course>,
}

impl Occurrence {
    pub(crate) fn new(event: DomainEvent) -> Self {
        Self {
            event,
            object_title: None,
            owner_id: None,
            reviewer_ids: Vec::new(),
            course: None,
        }
    }

    pub(crate) fn titled(mut self, title: impl Into<String>) -> Self {
        self.object_title = Some(title.into());
        self
    }

    pub(crate) fn with_program_people(
        mut self,
        owner_id: impl Into<String>,
        reviewer_ids: Vec<String>,
    ) -> Self {
        self.owner_id = Some(owner_id.into());
        self.reviewer_ids = reviewer_ids;
        self
    }
}

/// What an event pays its learner (a ledger source) and whether it is learning activity (which
/// moves the streak): the learner's row changes when either is set.
fn rewards(event: &DomainEvent) -> (Option<AwardSource>, bool) {
    match event {
        DomainEvent::LessonCompleted { lesson_id, .. } => (
            Some(AwardSource::LessonComplete {
                lesson_id: lesson_id.clone(),
            }),
            true,
        ),
        DomainEvent::QuizPassed {
            quiz_id,
            attempt_id,
            ..
        } => (
            Some(AwardSource::QuizPass {
                quiz_id: quiz_id.clone(),
                attempt_id: attempt_id.clone(),
            }),
            true,
        ),
        DomainEvent::QuizFailed { .. } => (None, true),
        DomainEvent::Attended {
            session_id, status, ..
        } => match status {
            AttendanceStatus::Present => (
                Some(AwardSource::AttendancePresent {
                    session_id: session_id.clone(),
                }),
                true,
            ),
            AttendanceStatus::Late => (
                Some(AwardSource::AttendanceLate {
                    session_id: session_id.clone(),
                }),
                true,
            ),
            AttendanceStatus::Absent | AttendanceStatus::Excused => (None, false),
        },
        DomainEvent::CourseCompleted { course_id, .. } => (
            Some(AwardSource::CourseComplete {
                course_id: course_id.clone(),
            }),
            false,
        ),
        _ => (None, false),
    }
}

/// Whether the event changes its learner's row (see [`rewards`]).
fn rewards_learner(event: &DomainEvent) -> bool {
    let (award, learning) = rewards(event);
    award.is_some() || learning
}

/// The learners whose points or streak changed in this unit of work, loaded under lock.
#[derive(Default)]
struct Learners {
    rows: BTreeMap<String, (User, bool)>,
}

impl Titan {
    /// Writes everything `occurrences` imply (see the module docs) and returns the events that
    /// were new, in the order they were recorded (follow-ups included).
    pub(crate) async fn record(
        &self,
        uow: &mut dyn UnitOfWork,
        occurrences: Vec<Occurrence>,
        now: DateTime<Utc>,
    ) -> Result<Vec<DomainEvent>> {
        let mut queue: VecDeque<Occurrence> = occurrences.into();
        let mut recorded = Vec::new();
        let mut learners = Learners::default();
        let mut courses: HashMap<String, Course> = HashMap::new();
        let mut badge_round_done: HashSet<String> = HashSet::new();
        loop {
            while let Some(occurrence) = queue.pop_front() {
                if self
                    .write_records(uow, &occurrence, &mut courses, &mut learners, now)
                    .await?
                {
                    self.apply_rewards(uow, &occurrence.event, &mut learners, &mut queue, now)
                        .await?;
                    recorded.push(occurrence.event);
                }
            }
            // Level and badges follow the learners' new totals; badges are events too.
            let dirty: Vec<String> = learners
                .rows
                .iter()
                .filter(|(_, (_, dirty))| *dirty)
                .map(|(id, _)| id.clone())
                .collect();
            for user_id in dirty {
                self.store_learner(uow, &mut learners, &user_id).await?;
                if badge_round_done.insert(user_id.clone()) {
                    self.award_badges(uow, &learners, &user_id, &mut queue, now)
                        .await?;
                }
            }
            if queue.is_empty() {
                break;
            }
        }
        Ok(recorded)
    }

    /// Outbox row, activity row and notifications of one event; `false` when the event was
    /// already recorded (its idempotency key exists), in which case nothing is written.
    async fn write_records(
        &self,
        uow: &mut dyn UnitOfWork,
        occurrence: &Occurrence,
        courses: &mut HashMap<String, Course>,
        learners: &mut Learners,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let event = &occurrence.event;
        let course = match (&occurrence.course, event.course_id()) {
            (Some(course), _) => Some(course),
            (None, Some(id)) => {
                if !courses.contains_key(id)
                    && let Some(c) = uow.catalog().course(id).await?
                {
                    courses.insert(id.to_owned(), c);
                }
                courses.get(id)
            }
            (None, None) => None,
        };
        let actor = if let Some((user, _)) = learners.rows.get(event.actor_id()) {
            Some(user.clone())
        } else if event.actor_id() == event.learner_id() && rewards_learner(event) {
            // The rewards lock this row next: read it locked now, once.
            self.learner(uow, learners, event.actor_id()).await?
        } else {
            uow.users().get(event.actor_id()).await?
        };
        let statement_context = StatementContext {
            actor: StatementActor {
                email: actor.as_ref().map(|u| u.email.clone()),
                name: actor.as_ref().and_then(|u| u.name.clone()),
            },
            course: course.map(|c| CourseRef {
                slug: c.slug.clone(),
                title: Some(c.title.clone()),
            }),
            object_title: occurrence.object_title.clone(),
            object_description: None,
        };
        let statement = build_statement(event, &statement_context, &self.policy().xapi)?;
        let row = outbox_row(event, statement, self.ids().uuid(), now);
        if !uow.outbox().insert_if_absent(&row).await? {
            return Ok(false);
        }
        let activity =
            event.learner_activity(self.ids().uuid(), occurrence.object_title.as_deref());
        uow.activity().insert(&activity).await?;
        let notification_context = NotificationContext {
            course_title: course.map(|c| c.title.clone()),
            course_slug: course.map(|c| c.slug.clone()),
            object_title: occurrence.object_title.clone(),
            reviewer_ids: occurrence.reviewer_ids.clone(),
            owner_id: occurrence.owner_id.clone(),
        };
        for draft in notifications_for(event, &notification_context, self.lang()) {
            let notification = draft.into_notification(self.ids().uuid(), now);
            uow.notifications().insert_if_absent(&notification).await?;
        }
        Ok(true)
    }

    /// Points, streak and certificate of a newly recorded event.
    async fn apply_rewards(
        &self,
        uow: &mut dyn UnitOfWork,
        event: &DomainEvent,
        learners: &mut Learners,
        queue: &mut VecDeque<Occurrence>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let user_id = event.learner_id().to_owned();
        if let DomainEvent::CourseCompleted { course_id, .. } = event
            && self.policy().certificate.issuance == Issuance::Automatic
            && let Some(occurrence) = self.issue_for(uow, &user_id, course_id, now).await?
        {
            queue.push_back(occurrence);
        }
        let (award, learning) = rewards(event);
        if award.is_none() && !learning {
            return Ok(());
        }
        let Some(user) = self.learner(uow, learners, &user_id).await? else {
            return Ok(());
        };
        let mut user = user;
        let mut sources: Vec<AwardSource> = award.into_iter().collect();
        if learning {
            let tz = resolve_timezone(&[user.timezone.as_deref()]);
            let streak = update_streak(
                user.streak,
                user.longest_streak,
                user.last_active_at,
                event.occurred_at(),
                tz,
                &self.policy().gamification,
            );
            user.streak = streak.streak;
            user.longest_streak = streak.longest_streak;
            user.last_active_at = Some(streak.last_active_at);
            if streak.daily_active_award {
                sources.push(AwardSource::DailyActive {
                    local_date: streak.activity_date,
                });
            }
        }
        for source in &sources {
            let entry = ledger_entry(
                self.ids().uuid(),
                &user_id,
                source,
                &self.policy().gamification,
                now,
            );
            if uow.gamification().insert_ledger_entry(&entry).await? {
                user.points = user.points.saturating_add(entry.points);
            }
        }
        learners.rows.insert(user_id, (user, true));
        Ok(())
    }

    /// The learner's row, locked on first use in this unit of work.
    async fn learner(
        &self,
        uow: &mut dyn UnitOfWork,
        learners: &mut Learners,
        user_id: &str,
    ) -> Result<Option<User>> {
        if let Some((user, _)) = learners.rows.get(user_id) {
            return Ok(Some(user.clone()));
        }
        let Some(user) = uow.users().get_for_update(user_id).await? else {
            return Ok(None);
        };
        learners
            .rows
            .insert(user_id.to_owned(), (user.clone(), false));
        Ok(Some(user))
    }

    /// Writes a changed learner row with its level (never lowered) and marks it clean.
    async fn store_learner(
        &self,
        uow: &mut dyn UnitOfWork,
        learners: &mut Learners,
        user_id: &str,
    ) -> Result<()> {
        let Some((user, dirty)) = learners.rows.get_mut(user_id) else {
            return Ok(());
        };
        let level = level_for_points(
            i64::from(user.points),
            &self.policy().gamification.level_curve,
        );
        let level = i32::try_from(level.level).unwrap_or(i32::MAX);
        user.level = user.level.max(level);
        uow.users().update(user).await?;
        *dirty = false;
        Ok(())
    }

    /// Issues the certificate of a completed course (or finds the one issued before); the
    /// event of a new one. The per-year counter is allocated inside this unit of work, so a
    /// rollback gives the number back.
    pub(crate) async fn issue_for(
        &self,
        uow: &mut dyn UnitOfWork,
        user_id: &str,
        course_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Occurrence>> {
        let existing = uow
            .certificates()
            .for_user_course(user_id, course_id)
            .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let mut random = [0_u8; RANDOM_BYTES];
        self.secrets().fill(&mut random);
        let seq = uow.certificates().next_sequence(sequence_year(now)).await?;
        let request = IssueRequest {
            id: self.ids().uuid(),
            user_id: user_id.to_owned(),
            course_id: course_id.to_owned(),
            seq,
            verification_random: random,
            course_validity_days: None,
        };
        let IssueOutcome::New(certificate) =
            issue_certificate(None, &request, now, &self.policy().certificate)?
        else {
            return Ok(None);
        };
        uow.certificates().insert(&certificate).await?;
        let course_title = uow.catalog().course(course_id).await?.map(|c| c.title);
        let occurrence = Occurrence::new(DomainEvent::CertificateEarned {
            user_id: user_id.to_owned(),
            course_id: course_id.to_owned(),
            certificate_id: certificate.id.clone(),
            certificate_no: certificate.certificate_no.clone(),
            verification_code: certificate.verification_code.clone(),
            occurred_at: now,
        });
        Ok(Some(match course_title {
            Some(title) => occurrence.titled(title),
            None => occurrence,
        }))
    }

    /// Awards every badge the learner now earns and does not hold yet.
    async fn award_badges(
        &self,
        uow: &mut dyn UnitOfWork,
        learners: &Learners,
        user_id: &str,
        queue: &mut VecDeque<Occurrence>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let Some((user, _)) = learners.rows.get(user_id) else {
            return Ok(());
        };
        queue.extend(self.award_earned_badges(uow, user, now).await?);
        Ok(())
    }

    /// Awards every badge `user` now earns and does not hold yet (a badge is awarded once, the
    /// store's unique key guards it) and returns their `BADGE_EARNED` occurrences, for
    /// [`Titan::record`]. The pipeline and the on-demand evaluation share it.
    pub(crate) async fn award_earned_badges(
        &self,
        uow: &mut dyn UnitOfWork,
        user: &User,
        now: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>> {
        let mut awarded = Vec::new();
        let badges = uow.gamification().badges().await?;
        if badges.is_empty() {
            return Ok(awarded);
        }
        let held: Vec<String> = uow
            .gamification()
            .user_badges(&user.id)
            .await?
            .into_iter()
            .map(|b| b.badge_id)
            .collect();
        let candidates: Vec<Badge> = badges
            .into_iter()
            .filter(|b| !held.contains(&b.id) && b.criteria.is_some())
            .collect();
        if candidates.is_empty() {
            return Ok(awarded);
        }
        let needed = needed_criteria(&candidates);
        let stats = self.learner_stats(uow, user, &needed, now).await?;
        for badge_id in badges_to_award(&candidates, &held, &stats) {
            let Some(badge) = candidates.iter().find(|b| b.id == badge_id) else {
                continue;
            };
            let award = UserBadge {
                id: self.ids().uuid(),
                user_id: user.id.clone(),
                badge_id: badge.id.clone(),
                earned_at: now,
            };
            if uow.gamification().insert_user_badge(&award).await? {
                awarded.push(
                    Occurrence::new(DomainEvent::BadgeEarned {
                        user_id: user.id.clone(),
                        badge_id: badge.id.clone(),
                        badge_name: badge.name.clone(),
                        occurred_at: now,
                    })
                    .titled(badge.name.clone()),
                );
            }
        }
        Ok(awarded)
    }

    /// The learner's statistics for badge criteria; only the `needed` ones are read.
    pub(crate) async fn learner_stats(
        &self,
        uow: &mut dyn UnitOfWork,
        user: &User,
        needed: &HashSet<CriterionType>,
        now: DateTime<Utc>,
    ) -> Result<LearnerStats> {
        let mut stats = LearnerStats {
            streak_days: u64::try_from(user.longest_streak.max(user.streak)).unwrap_or(0),
            points_total: i64::from(user.points),
            level: u64::try_from(user.level).unwrap_or(1),
            ..LearnerStats::default()
        };
        if needed.contains(&CriterionType::LessonCount) {
            stats.lessons_completed = uow.progress().completed_count(&user.id).await?;
        }
        if needed.contains(&CriterionType::QuizPassCount)
            || needed.contains(&CriterionType::QuizPerfect)
        {
            let attempts = uow.quizzes().attempts_of_user(&user.id).await?;
            let passed: HashSet<&str> = attempts
                .iter()
                .filter(|a| a.is_passed == Some(true))
                .map(|a| a.quiz_id.as_str())
                .collect();
            let perfect: HashSet<&str> = attempts
                .iter()
                .filter(|a| {
                    a.score
                        .is_some_and(|s| s >= rust_decimal::Decimal::ONE_HUNDRED)
                })
                .map(|a| a.quiz_id.as_str())
                .collect();
            stats.quizzes_passed = passed.len() as u64;
            stats.perfect_quizzes = perfect.len() as u64;
        }
        let enrollments = if needed.contains(&CriterionType::CourseComplete)
            || needed.contains(&CriterionType::AttendanceRate)
        {
            uow.enrollments().of_user(&user.id).await?
        } else {
            Vec::new()
        };
        if needed.contains(&CriterionType::CourseComplete) {
            stats.courses_completed = enrollments
                .iter()
                .filter(|e| e.status == EnrollmentStatus::Completed)
                .count() as u64;
        }
        if needed.contains(&CriterionType::AttendanceRate) {
            let (mut sessions, mut records) = (Vec::new(), Vec::new());
            for e in enrollments.iter().filter(|e| e.status.takes_seat()) {
                let (s, r) = self
                    .learner_sessions(uow, &user.id, &e.course_id, Some(e.enrolled_at))
                    .await?;
                sessions.extend(s);
                records.extend(r);
            }
            stats.attendance_rate = attendance_rate(&sessions, &records, now);
        }
        if needed.contains(&CriterionType::CertificateCount) {
            stats.certificates = uow
                .certificates()
                .of_user(&user.id)
                .await?
                .iter()
                .filter(|c| c.revoked_at.is_none())
                .count() as u64;
        }
        Ok(stats)
    }
}

/// The criterion types the badges' criteria use.
pub(crate) fn needed_criteria(badges: &[Badge]) -> HashSet<CriterionType> {
    fn walk(c: &Criteria, out: &mut HashSet<CriterionType>) {
        match c {
            Criteria::Leaf(r) => {
                out.insert(r.criterion);
            }
            Criteria::All { all: children } | Criteria::Any { any: children } => {
                for child in children {
                    walk(child, out);
                }
            }
        }
    }
    let mut out = HashSet::new();
    for badge in badges {
        if let Some(Ok(criteria)) = badge.criteria.as_ref().map(parse_criteria) {
            walk(&criteria, &mut out);
        }
    }
    out
}
