//! Gamification, read and admin side (SPEC §6): badges (criteria checked when saved), a
//! learner's badge progress, on-demand badge evaluation, the leaderboard and a learner's
//! gamification summary. Points, streaks, levels and automatic awards are written by the event
//! pipeline ([`Titan::record`]).
//!
//! Who may:
//! - create and update badges, evaluate any learner's badges: `SUPER_ADMIN` (`MANAGE_BADGES`);
//! - list badges and see the leaderboard: any signed-in, active user (the leaderboard shows names
//!   and units only);
//! - see a learner's summary and badge progress, and evaluate their badges: the learner and unit
//!   admins of the learner (the rule of `VIEW_PROFILE`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::users::clean;
use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{Badge, BadgeType, Certificate, Role, User};
use crate::ports::UnitOfWork;
use crate::rules::common::resolve_timezone;
use crate::rules::gamification::{
    BadgeProgress, Leaderboard, LevelInfo, StreakChange, evaluate, level_for_points,
    parse_criteria, rank_leaderboard, update_streak,
};
use crate::rules::identity::{Action, Resource, UserFacts};

/// Longest badge name accepted, in characters.
pub const MAX_BADGE_NAME_CHARS: usize = 100;

/// Leaderboard size when the query gives none (the legacy app's default).
pub const DEFAULT_LEADERBOARD_SIZE: usize = 10;

/// Largest leaderboard size served.
pub const MAX_LEADERBOARD_SIZE: usize = 100;

/// A badge's editable fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeInput {
    /// Name (required, at most [`MAX_BADGE_NAME_CHARS`] characters).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Icon name or URL.
    #[serde(default)]
    pub icon: Option<String>,
    /// ACHIEVEMENT, MILESTONE or SPECIAL.
    #[serde(rename = "type")]
    pub badge_type: BadgeType,
    /// The criteria tree (`{type, count}` leaves under `{all:[…]}` / `{any:[…]}`); `None` for a
    /// badge that is never awarded automatically.
    #[serde(default)]
    pub criteria: Option<Value>,
}

impl BadgeInput {
    /// A badge with a name, a type and criteria.
    #[must_use]
    pub fn new(name: impl Into<String>, badge_type: BadgeType, criteria: Option<Value>) -> Self {
        Self {
            name: name.into(),
            description: None,
            icon: None,
            badge_type,
            criteria,
        }
    }
}

/// A badge a learner holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EarnedBadge {
    /// The badge.
    pub badge: Badge,
    /// When it was awarded.
    pub earned_at: DateTime<Utc>,
}

/// A badge as one learner sees it: held or not, and how far along they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadgeStanding {
    /// The badge.
    pub badge: Badge,
    /// When the learner was awarded it; `None` = not held.
    pub earned_at: Option<DateTime<Utc>>,
    /// Evaluation of its criteria against the learner's current counts; `None` for a badge
    /// without (readable) criteria.
    pub progress: Option<BadgeProgress>,
}

/// Which leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeaderboardQuery {
    /// Only learners of this unit kerja (trimmed, case-insensitive); `None` or blank = all.
    pub unit_kerja: Option<String>,
    /// How many to list: 0 = [`DEFAULT_LEADERBOARD_SIZE`], at most [`MAX_LEADERBOARD_SIZE`].
    pub limit: usize,
}

/// A learner's points, level, streak, badges and certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GamificationSummary {
    /// The learner.
    pub user_id: String,
    /// Points (the ledger's sum, kept on the user row).
    pub points: i64,
    /// The level the curve gives for `points`, its title and the progress to the next one.
    pub level: LevelInfo,
    /// The stored level, which never drops (it can exceed `level.level` after a curve change).
    pub stored_level: i32,
    /// The current streak in days: 0 once a day was missed (the stored value only changes on
    /// the next activity).
    pub streak: i32,
    /// The longest streak ever reached.
    pub longest_streak: i32,
    /// The last learning activity.
    pub last_active_at: Option<DateTime<Utc>>,
    /// Badges held, by award time.
    pub badges: Vec<EarnedBadge>,
    /// Certificates, by issue time (revoked ones included, with their revocation).
    pub certificates: Vec<Certificate>,
}

fn check_badge_input(input: &BadgeInput) -> Result<String> {
    let name = clean(Some(&input.name)).ok_or(ValidationError::Required { field: "name" })?;
    let actual = name.chars().count();
    if actual > MAX_BADGE_NAME_CHARS {
        return Err(ValidationError::TooLong {
            field: "name",
            max: MAX_BADGE_NAME_CHARS,
            actual,
        }
        .into());
    }
    if let Some(criteria) = &input.criteria {
        parse_criteria(criteria)?;
    }
    Ok(name)
}

fn apply_badge_input(badge: &mut Badge, name: String, input: &BadgeInput) {
    badge.name = name;
    badge.description = clean(input.description.as_deref());
    badge.icon = clean(input.icon.as_deref());
    badge.badge_type = input.badge_type;
    badge.criteria = input.criteria.clone();
}

impl Titan {
    /// The signed-in, active user behind `actor` (any role).
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`, `IDENTITY_USER_INACTIVE`, `IDENTITY_USER_SUSPENDED`.
    pub(crate) async fn signed_in(&self, uow: &mut dyn UnitOfWork, actor: &Actor) -> Result<User> {
        let id = match actor {
            Actor::User { id } => id.clone(),
            Actor::Anonymous | Actor::System => String::new(),
        };
        let own = UserFacts {
            user_id: id,
            role: Role::Learner,
            unit_kerja: None,
            is_learner_of_actor_course: false,
        };
        self.authorize(uow, actor, Action::ViewProfile, &Resource::User(own))
            .await
    }

    /// Loads `learner_id` and authorises `VIEW_PROFILE` on them (self, unit admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; the authorisation refusal.
    pub(crate) async fn learner_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<(User, User)> {
        let principal = self.principal(uow, actor).await?;
        // A learner reading their own standing (the common case) is read once.
        let own = principal
            .as_ref()
            .filter(|(_, me)| me.id == learner_id)
            .map(|(_, me)| me.clone());
        let learner = match own {
            Some(me) => me,
            None => uow
                .users()
                .get(learner_id)
                .await?
                .ok_or_else(|| Error::not_found("User", learner_id))?,
        };
        let me = self.permit(
            principal,
            Action::ViewProfile,
            &Resource::User(UserFacts::from_user(&learner)),
        )?;
        Ok((me, learner))
    }

    /// The learner's streak as of now: the stored streak while an activity now would keep or
    /// extend it, 0 once a day was missed (the stored value only changes on the next activity).
    pub(crate) fn current_streak(&self, learner: &User) -> i32 {
        let tz = resolve_timezone(&[learner.timezone.as_deref()]);
        let probe = update_streak(
            learner.streak,
            learner.longest_streak,
            learner.last_active_at,
            self.now(),
            tz,
            &self.policy().gamification,
        );
        match (learner.last_active_at, probe.change) {
            (None, _) | (_, StreakChange::Reset) => 0,
            _ => learner.streak.max(0),
        }
    }

    /// Creates a badge (`SUPER_ADMIN`). Its criteria are parsed first: an unknown criterion type
    /// or a malformed tree is refused and nothing is saved.
    ///
    /// # Errors
    /// `IDENTITY_*`; `VALIDATION_REQUIRED` / `VALIDATION_TOO_LONG` (name);
    /// `GAMIFICATION_UNKNOWN_CRITERION`; `GAMIFICATION_INVALID_CRITERIA`.
    pub async fn create_badge(&self, actor: &Actor, input: &BadgeInput) -> Result<Badge> {
        write_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageBadges, &Resource::Platform)
                .await?;
            let name = check_badge_input(input)?;
            let mut badge = Badge {
                id: self.ids().uuid(),
                name: String::new(),
                description: None,
                icon: None,
                badge_type: input.badge_type,
                criteria: None,
            };
            apply_badge_input(&mut badge, name, input);
            uow.gamification().insert_badge(&badge).await?;
            Ok(badge)
        })
    }

    /// Replaces a badge's fields (`SUPER_ADMIN`), criteria checked as on creation. Badges
    /// already awarded stay awarded.
    ///
    /// # Errors
    /// As [`Titan::create_badge`], and `NOT_FOUND`.
    pub async fn update_badge(
        &self,
        actor: &Actor,
        badge_id: &str,
        input: &BadgeInput,
    ) -> Result<Badge> {
        write_tx!(self, |uow| {
            self.authorize(uow, actor, Action::ManageBadges, &Resource::Platform)
                .await?;
            let mut badge = uow
                .gamification()
                .badge(badge_id)
                .await?
                .ok_or_else(|| Error::not_found("Badge", badge_id))?;
            let name = check_badge_input(input)?;
            apply_badge_input(&mut badge, name, input);
            uow.gamification().update_badge(&badge).await?;
            Ok(badge)
        })
    }

    /// Every badge, by name (any signed-in user: the badge wall shows locked badges too).
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`, `IDENTITY_USER_INACTIVE`, `IDENTITY_USER_SUSPENDED`.
    pub async fn list_badges(&self, actor: &Actor) -> Result<Vec<Badge>> {
        read_tx!(self, |uow| {
            self.signed_in(uow, actor).await?;
            Ok(uow.gamification().badges().await?)
        })
    }

    /// Every badge with the learner's standing: held (and when), and the progress of its
    /// criteria for display (the learner, unit admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn badge_progress(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<Vec<BadgeStanding>> {
        read_tx!(self, |uow| {
            let (_, learner) = self.learner_for(uow, actor, learner_id).await?;
            let badges = uow.gamification().badges().await?;
            let held: HashMap<String, DateTime<Utc>> = uow
                .gamification()
                .user_badges(learner_id)
                .await?
                .into_iter()
                .map(|a| (a.badge_id, a.earned_at))
                .collect();
            let needed = super::effects::needed_criteria(&badges);
            let stats = self
                .learner_stats(uow, &learner, &needed, self.now())
                .await?;
            Ok(badges
                .into_iter()
                .map(|badge| {
                    let progress = badge
                        .criteria
                        .as_ref()
                        .and_then(|c| parse_criteria(c).ok())
                        .map(|c| evaluate(&c, &stats));
                    BadgeStanding {
                        earned_at: held.get(&badge.id).copied(),
                        progress,
                        badge,
                    }
                })
                .collect())
        })
    }

    /// Evaluates the learner's badges now and awards every one earned and not yet held, as the
    /// event pipeline does after each activity (the same code path): useful after a badge is
    /// created, for learners who already qualify. The learner themself or `SUPER_ADMIN`
    /// (`MANAGE_BADGES`). Returns the badges newly awarded (each with its `BADGE_EARNED` outbox
    /// row, activity row and notification).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn evaluate_badges(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<Vec<EarnedBadge>> {
        write_tx!(self, |uow| {
            let own = matches!(actor, Actor::User { id } if id == learner_id);
            if own {
                self.signed_in(uow, actor).await?;
            } else {
                self.authorize(uow, actor, Action::ManageBadges, &Resource::Platform)
                    .await?;
            }
            // Locked like the pipeline locks it, so the two never evaluate the same learner at
            // once.
            let learner = uow
                .users()
                .get_for_update(learner_id)
                .await?
                .ok_or_else(|| Error::not_found("User", learner_id))?;
            let now = self.now();
            let occurrences = self.award_earned_badges(uow, &learner, now).await?;
            let recorded = self.record(uow, occurrences, now).await?;
            let mut awarded = Vec::new();
            for event in recorded {
                if let crate::events::DomainEvent::BadgeEarned {
                    badge_id,
                    occurred_at,
                    ..
                } = event
                    && let Some(badge) = uow.gamification().badge(&badge_id).await?
                {
                    awarded.push(EarnedBadge {
                        badge,
                        earned_at: occurred_at,
                    });
                }
            }
            Ok(awarded)
        })
    }

    /// The leaderboard: learners only, by points (ties to whoever reached the total first),
    /// optionally of one unit kerja; the top N and the caller's own rank (any signed-in user; a
    /// read path that may go to a replica).
    ///
    /// # Errors
    /// `IDENTITY_UNAUTHENTICATED`, `IDENTITY_USER_INACTIVE`, `IDENTITY_USER_SUSPENDED`.
    pub async fn leaderboard(
        &self,
        actor: &Actor,
        query: &LeaderboardQuery,
    ) -> Result<Leaderboard> {
        let limit = match query.limit {
            0 => DEFAULT_LEADERBOARD_SIZE,
            n => n.min(MAX_LEADERBOARD_SIZE),
        };
        let unit = clean(query.unit_kerja.as_deref());
        read_tx!(self, |uow| {
            let me = self.signed_in(uow, actor).await?;
            let entries = uow
                .gamification()
                .leaderboard_entries(unit.as_deref())
                .await?;
            // The store already kept the unit's learners (compared case-insensitively, as
            // units are everywhere), so the rule ranks them without filtering again.
            Ok(rank_leaderboard(entries, None, limit, Some(&me.id)))
        })
    }

    /// A learner's points, level (title and progress to the next), streak and longest streak,
    /// badges held and certificates (the learner, unit admins).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`.
    pub async fn gamification_summary(
        &self,
        actor: &Actor,
        learner_id: &str,
    ) -> Result<GamificationSummary> {
        read_tx!(self, |uow| {
            let (_, learner) = self.learner_for(uow, actor, learner_id).await?;
            let points = i64::from(learner.points);
            let streak = self.current_streak(&learner);
            let awards = uow.gamification().user_badges(learner_id).await?;
            let mut badges = Vec::with_capacity(awards.len());
            for award in awards {
                if let Some(badge) = uow.gamification().badge(&award.badge_id).await? {
                    badges.push(EarnedBadge {
                        badge,
                        earned_at: award.earned_at,
                    });
                }
            }
            let certificates = uow.certificates().of_user(learner_id).await?;
            Ok(GamificationSummary {
                user_id: learner.id.clone(),
                points,
                level: level_for_points(points, &self.policy().gamification.level_curve),
                stored_level: learner.level,
                streak,
                longest_streak: learner.longest_streak.max(learner.streak).max(0),
                last_active_at: learner.last_active_at,
                badges,
                certificates,
            })
        })
    }
}
