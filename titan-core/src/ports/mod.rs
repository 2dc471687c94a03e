//! Ports: the traits the adapters implement, so the use cases ([`crate::app`]) stay free of SQL,
//! runtimes and operating-system calls.
//!
//! - [`Store`] begins a [`UnitOfWork`]: one transaction that hands out a repository per area and
//!   ends with [`UnitOfWork::commit`] (or is rolled back: explicitly, or by being dropped).
//! - [`Clock`], [`IdGenerator`] and [`Secrets`] make time, ids and randomness arguments, so the
//!   conformance suite is deterministic; [`system`] has the production implementations.
//! - [`PasswordHasher`] hashes passwords, [`EssayGrader`] grades essays (a person's tool or a model), [`Lrs`] receives xAPI
//!   statements for the outbox relay.
//!
//! All ports are object safe (`#[async_trait]`, `Send + Sync`) and held as `Arc<dyn …>`, so the
//! bindings and the HTTP facade pick a store at run time.
//!
//! # What every store guarantees
//! - A read-write unit of work is **serializable**: its outcome is as if it ran alone. Reads
//!   named `…_for_update` lock what they read until the unit of work ends (PostgreSQL:
//!   `FOR UPDATE`; memory: one writer at a time), so a read that guards a write (seats taken,
//!   attempts used, the certificate counter) cannot be invalidated before the commit.
//! - Uniqueness in the data is a constraint in every store, reported as
//!   [`StoreError::Conflict`] naming the constraint (the names PostgreSQL uses for the seed's
//!   schema, see [`constraint`]); a store never panics on a duplicate.
//! - A serialization failure or deadlock is [`StoreError::Retryable`]; the use cases retry the
//!   whole unit of work a bounded number of times.
//! - Dropping a unit of work without committing rolls it back; nothing of it is visible to anyone.

mod repos;
mod services;
pub mod system;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use repos::*;
pub use services::{
    EssayGrader, EssayGradingRequest, GraderError, Lrs, LrsError, LrsResponse, NoEssayGrader,
    PasswordCheck, PasswordError, PasswordHasher,
};

/// The constraint names stores report in [`StoreError::Conflict`]: the names Prisma gives the
/// seed's unique indexes (`{Model}_{fields}_key`), and Titan's additions named the same way.
pub mod constraint {
    /// Primary key of any table (a duplicate id).
    pub const PRIMARY_KEY: &str = "pkey";
    /// `User.email` (compared case-insensitively).
    pub const USER_EMAIL: &str = "User_email_key";
    /// `User.nip`.
    pub const USER_NIP: &str = "User_nip_key";
    /// `Course.slug`.
    pub const COURSE_SLUG: &str = "Course_slug_key";
    /// `Course.ytPlaylistId`.
    pub const COURSE_YT_PLAYLIST: &str = "Course_ytPlaylistId_key";
    /// `Category.slug`.
    pub const CATEGORY_SLUG: &str = "Category_slug_key";
    /// `Enrollment(userId, courseId)`.
    pub const ENROLLMENT_USER_COURSE: &str = "Enrollment_userId_courseId_key";
    /// `Progress(userId, lessonId)`.
    pub const PROGRESS_USER_LESSON: &str = "Progress_userId_lessonId_key";
    /// `Attendance(sessionId, userId)`.
    pub const ATTENDANCE_SESSION_USER: &str = "Attendance_sessionId_userId_key";
    /// `AttendanceToken.token`.
    pub const ATTENDANCE_TOKEN: &str = "AttendanceToken_token_key";
    /// `UserBadge(userId, badgeId)`.
    pub const USER_BADGE: &str = "UserBadge_userId_badgeId_key";
    /// `PointsLedger.sourceKey` (Titan addition).
    pub const LEDGER_SOURCE_KEY: &str = "PointsLedger_sourceKey_key";
    /// `Certificate.certificateNo`.
    pub const CERTIFICATE_NO: &str = "Certificate_certificateNo_key";
    /// `Certificate.verificationCode`.
    pub const CERTIFICATE_CODE: &str = "Certificate_verificationCode_key";
    /// `Certificate(userId, courseId)` (Titan addition: one certificate per user and course).
    pub const CERTIFICATE_USER_COURSE: &str = "Certificate_userId_courseId_key";
    /// `QuestionAnswer(attemptId, questionId)` (Titan addition: one answer per attempt and
    /// question).
    pub const QUESTION_ANSWER_ATTEMPT_QUESTION: &str = "QuestionAnswer_attemptId_questionId_key";
    /// `SystemSetting.key`.
    pub const SETTING_KEY: &str = "SystemSetting_key_key";
    /// `xapi_outbox.idempotency_key`.
    pub const OUTBOX_IDEMPOTENCY_KEY: &str = "xapi_outbox_idempotency_key_key";
    /// `Notification(userId, dedupKey)` (Titan addition: a job's notification is sent once).
    pub const NOTIFICATION_DEDUP: &str = "Notification_userId_dedupKey_key";
    /// `feedback_responses(surveyId, userId)`.
    pub const SURVEY_RESPONSE_USER: &str = "feedback_responses_surveyId_userId_key";
    /// `yt_curation_sessions.session_uuid`.
    pub const CURATION_SESSION_UUID: &str = "yt_curation_sessions_session_uuid_key";
    /// `yt_curation_candidates(sessionId, videoId)`.
    pub const CURATION_CANDIDATE_VIDEO: &str = "yt_curation_candidates_sessionId_videoId_key";
    /// `wblm_enrollments(programId, participantUserId)`.
    pub const WBLM_ENROLLMENT_PARTICIPANT: &str =
        "wblm_enrollments_programId_participantUserId_key";
    /// `wblm_participant_milestones(programId, milestoneId, participantUserId)` (Titan addition).
    pub const WBLM_PARTICIPANT_MILESTONE: &str =
        "wblm_participant_milestones_milestoneId_participantUserId_key";
    /// `wblm_submissions(milestoneId, participantUserId, versionNumber)` (Titan addition).
    pub const WBLM_SUBMISSION_VERSION: &str = "wblm_submissions_milestone_participant_version_key";
    /// `wblm_reviews(submissionId, reviewerUserId)` (Titan addition: one review per reviewer
    /// per version).
    pub const WBLM_REVIEW_REVIEWER: &str = "wblm_reviews_submissionId_reviewerUserId_key";
    /// `wblm_reviewer_assignments(programId, participantUserId, reviewerUserId, milestoneId)`.
    pub const WBLM_REVIEWER_ASSIGNMENT: &str = "wblm_reviewer_assignments_unique_key";
    /// `wblm_reflections(programId, participantUserId, milestoneId)` (Titan addition).
    pub const WBLM_REFLECTION: &str = "wblm_reflections_participant_milestone_key";
}

/// What a store reports. Rules never see it; the use cases translate it into
/// [`crate::app::Error`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum StoreError {
    /// A write would break a unique constraint (see [`constraint`] for the names).
    #[error("unique constraint {constraint} violated")]
    Conflict {
        /// The constraint's name.
        constraint: String,
    },
    /// An update or delete named a row that does not exist.
    #[error("{entity} {id} not found")]
    NotFound {
        /// The table (seed model name).
        entity: &'static str,
        /// The row's id.
        id: String,
    },
    /// A serialization failure or deadlock: running the unit of work again may succeed.
    #[error("transaction must be retried: {reason}")]
    Retryable {
        /// What the store said.
        reason: String,
    },
    /// A write in a read-only unit of work.
    #[error("write in a read-only unit of work")]
    ReadOnly,
    /// A stored row cannot be read as the model (a column outside its type's range, …).
    #[error("{entity} row {id} cannot be read: {reason}")]
    Corrupt {
        /// The table.
        entity: &'static str,
        /// The row's id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// The store cannot be reached or failed for a reason of its own.
    #[error("store unavailable: {reason}")]
    Unavailable {
        /// What the store said (no personal data).
        reason: String,
    },
}

impl StoreError {
    /// Whether running the unit of work again may succeed.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Retryable { .. })
    }

    /// A conflict on `constraint`.
    #[must_use]
    pub fn conflict(constraint: &str) -> Self {
        StoreError::Conflict {
            constraint: constraint.to_owned(),
        }
    }
}

/// Result of a port call.
pub type StoreResult<T> = Result<T, StoreError>;

/// The data behind the use cases: begins units of work.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Begins a read-write unit of work with serializable semantics.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when no connection can be had.
    async fn begin(&self) -> StoreResult<Box<dyn UnitOfWork>>;

    /// Begins a read-only unit of work that sees one consistent, committed state. Writes in it
    /// fail with [`StoreError::ReadOnly`].
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when no connection can be had.
    async fn begin_read(&self) -> StoreResult<Box<dyn UnitOfWork>>;

    /// A learner with their enrolments (and courses) and their unread notification count, in
    /// one consistent snapshot: what the learner's dashboard shows. `None` when there is no such
    /// user. The default reads it in a read-only unit of work; a store may answer it in one
    /// statement (PostgreSQL does: the dashboard is the platform's most frequent read).
    ///
    /// # Errors
    /// As [`Store::begin_read`] and the reads.
    async fn learner_snapshot(&self, learner_id: &str) -> StoreResult<Option<LearnerSnapshot>> {
        let mut uow = self.begin_read().await?;
        let Some(learner) = uow.users().get(learner_id).await? else {
            return Ok(None);
        };
        let courses = uow.enrollments().courses_of_user(learner_id).await?;
        let unread_notifications = uow.notifications().unread_count(learner_id).await?;
        uow.rollback().await?;
        Ok(Some(LearnerSnapshot {
            learner,
            courses,
            unread_notifications,
        }))
    }
}

/// A learner as their dashboard shows them (see [`Store::learner_snapshot`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerSnapshot {
    /// The learner.
    pub learner: crate::model::User,
    /// Their enrolments with their courses, by `enrolledAt` then id.
    pub courses: Vec<EnrolledCourse>,
    /// How many of their notifications are unread.
    pub unread_notifications: u64,
}

/// One transaction: a repository per area, then commit or roll back.
///
/// Each accessor borrows the unit of work, so repositories are used one at a time, in order,
/// within the transaction.
#[async_trait]
pub trait UnitOfWork: Send {
    /// Users (and the first super admin).
    fn users(&mut self) -> &mut dyn UserRepository;
    /// Courses, modules, lessons and categories.
    fn catalog(&mut self) -> &mut dyn CatalogRepository;
    /// Course enrolments.
    fn enrollments(&mut self) -> &mut dyn EnrollmentRepository;
    /// Lesson progress rows.
    fn progress(&mut self) -> &mut dyn ProgressRepository;
    /// Quizzes, questions, attempts and answers.
    fn quizzes(&mut self) -> &mut dyn QuizRepository;
    /// Course sessions, attendance and QR tokens.
    fn attendance(&mut self) -> &mut dyn AttendanceRepository;
    /// Points ledger, badges and awards.
    fn gamification(&mut self) -> &mut dyn GamificationRepository;
    /// Certificates and their per-year counter.
    fn certificates(&mut self) -> &mut dyn CertificateRepository;
    /// PBGM programs, milestones, enrolments, submissions, reviews, reflections.
    fn pbgm(&mut self) -> &mut dyn PbgmRepository;
    /// Feedback surveys and responses.
    fn surveys(&mut self) -> &mut dyn SurveyRepository;
    /// Video curation sessions and candidates.
    fn curation(&mut self) -> &mut dyn CurationRepository;
    /// The xAPI outbox.
    fn outbox(&mut self) -> &mut dyn OutboxRepository;
    /// The learner-activity journal.
    fn activity(&mut self) -> &mut dyn ActivityRepository;
    /// In-app notifications.
    fn notifications(&mut self) -> &mut dyn NotificationRepository;
    /// System settings.
    fn settings(&mut self) -> &mut dyn SettingsRepository;

    /// Makes every write of this unit of work visible, atomically.
    ///
    /// # Errors
    /// [`StoreError::Retryable`] when the store detects a serialization conflict at commit;
    /// [`StoreError::Unavailable`] when the outcome cannot be known.
    async fn commit(self: Box<Self>) -> StoreResult<()>;

    /// Discards every write of this unit of work.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached (the store then discards
    /// the writes itself).
    async fn rollback(self: Box<Self>) -> StoreResult<()>;
}

/// The current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, in UTC. Stores keep millisecond precision (Prisma's `timestamp(3)`), so callers
    /// truncate; [`system::SystemClock`] already does.
    fn now(&self) -> DateTime<Utc>;
}

/// New row ids.
pub trait IdGenerator: Send + Sync + std::fmt::Debug {
    /// A new UUID (version 7, time-ordered) as lower-case text: the default id (SPEC General).
    fn uuid(&self) -> String;
    /// A new cuid, for the models whose seed id is `@default(cuid())` (User, Category, …).
    fn cuid(&self) -> String;
}

/// A cryptographically secure random source (QR tokens, verification codes, jitter).
pub trait Secrets: Send + Sync + std::fmt::Debug {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);

    /// A random fraction in `[0, 1)`, e.g. for backoff jitter.
    fn fraction(&self) -> f64 {
        let mut bytes = [0_u8; 8];
        self.fill(&mut bytes);
        // 53 random bits give every representable step of [0, 1).
        let bits = u64::from_le_bytes(bytes) >> 11;
        #[allow(clippy::cast_precision_loss)]
        let fraction = bits as f64 / (1_u64 << 53) as f64;
        fraction
    }
}
