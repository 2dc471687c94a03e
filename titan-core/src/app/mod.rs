//! Use cases: what an application does, each one a method of [`Titan`].
//!
//! Every use case takes an [`Actor`] (who asks), checks the authorisation rule first
//! ([`crate::rules::identity::authorize`]), loads what the rules need through the [`Store`],
//! applies the rules, and writes the change **and the events it implies** (xAPI outbox row,
//! learner activity, notifications, points ledger, level and streak, badges, automatic
//! certificate) in one unit of work. A serialization failure (or a unique conflict, which a fresh
//! read turns into the rule's own refusal) reruns the unit of work, at most
//! [`MAX_TRANSACTION_ATTEMPTS`] times. A use case that returns an error wrote nothing.
//!
//! ```
//! # async fn demo(titan: titan_core::app::Titan) -> Result<(), titan_core::app::Error> {
//! use titan_core::app::{Actor, Registration};
//!
//! let user = titan
//!     .register_user(&Actor::Anonymous, &Registration::new("budi@example.go.id", "rahasia-123"))
//!     .await?;
//! let me = Actor::user(&user.id);
//! let catalog = titan.list_catalog(&me, &Default::default()).await?;
//! # let _ = catalog; Ok(()) }
//! ```

mod attendance;
mod catalog;
mod certificates;
mod curation;
mod dashboard;
mod effects;
mod enrolment;
mod error;
mod gamification;
mod journey;
mod learning;
mod notifications;
mod outbox;
mod pbgm;
mod quiz;
mod standing;
mod survey;
mod users;

pub use attendance::{
    AbsenteeSweep, AbsenteeSweepResult, AttendanceCorrection, AttendanceCounts, CheckInResult,
    GpsPosition, LearnerAttendance, ManualAttendanceInput, QrTokenIssued, ReminderRunResult,
    SessionAttendanceReport, SessionInput,
};
pub use catalog::{
    CatalogPage, CategoryInput, CourseInput, CourseOutline, LessonInput, ModuleInput, OutlineModule,
};
pub use certificates::CertificateIssue;
pub use curation::{
    CURATED_CATEGORY_SLUG, CURATION_TOPIC_MAX_CHARS, CandidateBatch, CandidateBoard,
    CandidateInput, CurationSessionInput, FinalizedCuration, IngestReport,
};
pub use dashboard::LearnerDashboard;
pub use error::{Error, Result};
pub use gamification::{
    BadgeInput, BadgeStanding, DEFAULT_LEADERBOARD_SIZE, EarnedBadge, GamificationSummary,
    LeaderboardQuery, MAX_BADGE_NAME_CHARS, MAX_LEADERBOARD_SIZE,
};
pub use journey::{DEFAULT_JOURNEY_PAGE, JourneyQuery, MAX_JOURNEY_PAGE};
pub use learning::{HeartbeatResult, LearnerProgress, LessonCompletionResult};
pub use notifications::{DEFAULT_NOTIFICATION_PAGE, MAX_NOTIFICATION_PAGE, NotificationQuery};
pub use outbox::{
    DeliveryRecord, DeliveryReport, MAX_ERROR_CHARS, MAX_OUTBOX_BATCH, OUTBOX_LEASE_SECONDS,
    RelayReport,
};
pub use pbgm::{
    MilestoneInput, MilestoneStanding, ParticipantInput, ParticipantStanding, ProgramDetail,
    ProgramInput, ProgramMembership, ProgramTransitionResult, ReflectionInput, ReviewInput,
    ReviewResult, ReviewerAssignmentInput, SubmissionInput, SubmissionResult,
};
pub use quiz::{
    AnswerInput, AttemptReview, AttemptSheet, AttemptSubmission, GradedEssay, LearningGainReport,
    PendingEssay, QuestionInput, QuizDetail, QuizInput, QuizResults, RegradeReport, ReviewOption,
    ReviewQuestion, SheetOption, SheetQuestion, StartedAttempt,
};
pub use survey::{ActiveSurvey, SURVEY_TITLE_MAX_CHARS, SurveyInput, SurveyResponseInput};
pub use users::{ProfileUpdate, Registration};

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Lang;
use crate::model::User;
use crate::policy::Policy;
use crate::ports::system::{Argon2Passwords, DefaultIds, OsSecrets, SystemClock};
use crate::ports::{
    Clock, EssayGrader, IdGenerator, NoEssayGrader, PasswordHasher, Secrets, Store, UnitOfWork,
};
use crate::rules::identity;

/// How many times a unit of work runs before a serialization failure is reported.
pub const MAX_TRANSACTION_ATTEMPTS: u32 = 5;

/// Who asks for a use case. The facade that authenticated the request builds it; the use case
/// loads the user's current role, status and unit, so a stale or forged role cannot act.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum Actor {
    /// Not signed in: only public use cases (register, catalog, verify a certificate).
    Anonymous,
    /// A signed-in user, by id.
    User {
        /// The user's id.
        id: String,
    },
    /// The platform itself: scheduled jobs (absentees, reminders) and the outbox relay. Refused
    /// by every use case that a person performs.
    System,
}

impl Actor {
    /// A signed-in user.
    #[must_use]
    pub fn user(id: impl Into<String>) -> Self {
        Actor::User { id: id.into() }
    }
}

/// The engine: the store and the other ports, the policy, and every use case as a method.
/// Cheap to clone (one `Arc`); share it between tasks.
#[derive(Debug, Clone)]
pub struct Titan {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdGenerator>,
    secrets: Arc<dyn Secrets>,
    passwords: Arc<dyn PasswordHasher>,
    grader: Arc<dyn EssayGrader>,
    policy: Policy,
    lang: Lang,
}

/// Builds a [`Titan`]: a store is required, every other port has a production default.
#[derive(Debug)]
pub struct TitanBuilder {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdGenerator>,
    secrets: Arc<dyn Secrets>,
    passwords: Arc<dyn PasswordHasher>,
    grader: Arc<dyn EssayGrader>,
    policy: Policy,
    lang: Lang,
}

impl TitanBuilder {
    /// The rule set (default: [`Policy::recommended`]).
    #[must_use]
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// The clock (default: the system clock).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The id generator (default: UUIDv7 and cuid).
    #[must_use]
    pub fn ids(mut self, ids: Arc<dyn IdGenerator>) -> Self {
        self.ids = ids;
        self
    }

    /// The random source (default: the operating system's CSPRNG).
    #[must_use]
    pub fn secrets(mut self, secrets: Arc<dyn Secrets>) -> Self {
        self.secrets = secrets;
        self
    }

    /// The password hasher (default: argon2id with OWASP parameters).
    #[must_use]
    pub fn passwords(mut self, passwords: Arc<dyn PasswordHasher>) -> Self {
        self.passwords = passwords;
        self
    }

    /// The automatic essay grader (default: none, essays wait for a person).
    #[must_use]
    pub fn essay_grader(mut self, grader: Arc<dyn EssayGrader>) -> Self {
        self.grader = grader;
        self
    }

    /// The language of notifications written by the use cases (default: Indonesian).
    #[must_use]
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The engine.
    ///
    /// # Errors
    /// The policy's first unusable knob (a broken certificate pattern, level curve, platform
    /// IRI, …).
    pub fn build(self) -> Result<Titan> {
        self.policy.certificate.validate()?;
        self.policy.gamification.validate()?;
        self.policy.curation.validate()?;
        self.policy.xapi.platform_iri()?;
        Ok(Titan {
            inner: Arc::new(Inner {
                store: self.store,
                clock: self.clock,
                ids: self.ids,
                secrets: self.secrets,
                passwords: self.passwords,
                grader: self.grader,
                policy: self.policy,
                lang: self.lang,
            }),
        })
    }
}

impl Titan {
    /// A builder over `store`.
    #[must_use]
    pub fn builder(store: Arc<dyn Store>) -> TitanBuilder {
        TitanBuilder {
            store,
            clock: Arc::new(SystemClock),
            ids: Arc::new(DefaultIds::default()),
            secrets: Arc::new(OsSecrets),
            passwords: Arc::new(Argon2Passwords::default()),
            grader: Arc::new(NoEssayGrader),
            policy: Policy::recommended(),
            lang: Lang::Id,
        }
    }

    /// The rule set in force.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub(crate) fn ids(&self) -> &dyn IdGenerator {
        &*self.inner.ids
    }

    pub(crate) fn secrets(&self) -> &dyn Secrets {
        &*self.inner.secrets
    }

    pub(crate) fn passwords(&self) -> &dyn PasswordHasher {
        &*self.inner.passwords
    }

    pub(crate) fn grader(&self) -> &dyn EssayGrader {
        &*self.inner.grader
    }

    pub(crate) fn lang(&self) -> Lang {
        self.inner.lang
    }

    /// The signed-in user behind `actor`, as the authorisation rule sees them (`None` for
    /// anonymous and for the platform, which does not act as a person). A user id that does not
    /// exist is treated as not signed in.
    pub(crate) async fn principal(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
    ) -> Result<Option<(identity::Actor, User)>> {
        match actor {
            Actor::Anonymous => Ok(None),
            Actor::User { id } => Ok(uow
                .users()
                .get(id)
                .await?
                .map(|user| (identity::Actor::from_user(&user), user))),
            Actor::System => Ok(None),
        }
    }

    /// Authorises `action` on `resource` for `actor`, returning the signed-in user.
    ///
    /// # Errors
    /// The authorisation rule's refusal (`IDENTITY_UNAUTHENTICATED`, `IDENTITY_FORBIDDEN`, …).
    pub(crate) async fn authorize(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: identity::Action,
        resource: &identity::Resource,
    ) -> Result<User> {
        let principal = self.principal(uow, actor).await?;
        self.permit(principal, action, resource)
    }

    /// Authorises `action` on `resource` for an already loaded principal, returning the user.
    ///
    /// # Errors
    /// As [`Titan::authorize`].
    pub(crate) fn permit(
        &self,
        principal: Option<(identity::Actor, User)>,
        action: identity::Action,
        resource: &identity::Resource,
    ) -> Result<User> {
        identity::authorize(
            principal.as_ref().map(|(a, _)| a),
            action,
            resource,
            &self.policy().identity,
        )?;
        principal.map(|(_, user)| user).ok_or_else(|| {
            // A public action allowed without a user: callers of `authorize` need a user, so
            // they only ask it for non-public actions; this keeps the contract total.
            identity::IdentityError::Unauthenticated { action }.into()
        })
    }

    /// Refuses anything but [`Actor::System`] (scheduled jobs and the relay), unless a
    /// `SUPER_ADMIN` runs the job by hand.
    ///
    /// # Errors
    /// The authorisation rule's refusal for `action` on the platform.
    pub(crate) async fn authorize_job(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        action: identity::Action,
    ) -> Result<()> {
        if *actor == Actor::System {
            return Ok(());
        }
        self.authorize(uow, actor, action, &identity::Resource::Platform)
            .await
            .map(|_| ())
    }
}

/// Runs `$body` (an expression using `$uow: &mut dyn UnitOfWork`, evaluated inside an async
/// block) in a read-write unit of work: commit on `Ok`, roll back on `Err`, and run again on a
/// retryable error, at most [`MAX_TRANSACTION_ATTEMPTS`] times.
macro_rules! write_tx {
    ($titan:expr, |$uow:ident| $body:expr) => {{
        let mut attempt = 1_u32;
        loop {
            let mut tx = $titan.store().begin().await?;
            let outcome: $crate::app::Result<_> = {
                let $uow: &mut dyn $crate::ports::UnitOfWork = &mut *tx;
                async { $body }.await
            };
            let retry = match outcome {
                Ok(value) => match tx.commit().await {
                    Ok(()) => break Ok(value),
                    Err(e) => $crate::app::Error::from(e),
                },
                Err(e) => {
                    // Dropping would roll back too; an explicit rollback frees a connection now.
                    let _ = tx.rollback().await;
                    e
                }
            };
            if !retry.is_retryable() || attempt >= $crate::app::MAX_TRANSACTION_ATTEMPTS {
                break Err(match retry {
                    $crate::app::Error::Store($crate::ports::StoreError::Conflict {
                        constraint,
                    }) => $crate::app::Error::Conflict { constraint },
                    other => other,
                });
            }
            attempt += 1;
        }
    }};
}
pub(crate) use write_tx;

/// Runs `$body` in a read-only unit of work (one consistent snapshot), then ends it.
macro_rules! read_tx {
    ($titan:expr, |$uow:ident| $body:expr) => {{
        let mut tx = $titan.store().begin_read().await?;
        let outcome: $crate::app::Result<_> = {
            let $uow: &mut dyn $crate::ports::UnitOfWork = &mut *tx;
            async { $body }.await
        };
        let _ = tx.rollback().await;
        outcome
    }};
}
pub(crate) use read_tx;
