use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{Badge, PointsLedgerEntry, UserBadge};
use crate::ports::StoreResult;
use crate::rules::gamification::LeaderboardEntry;

/// The points ledger, badges and awarded badges.
#[async_trait]
pub trait GamificationRepository: Send {
    /// Adds a ledger entry unless one with its `sourceKey` exists ("on conflict do nothing").
    /// Returns whether it was added: a retried or replayed award pays once.
    async fn insert_ledger_entry(&mut self, entry: &PointsLedgerEntry) -> StoreResult<bool>;

    /// The learner's ledger, by `createdAt` then id.
    async fn ledger_of_user(&mut self, user_id: &str) -> StoreResult<Vec<PointsLedgerEntry>>;

    /// The sum of the learner's ledger and the time of its latest entry.
    async fn points_of_user(&mut self, user_id: &str) -> StoreResult<(i64, Option<DateTime<Utc>>)>;

    /// Every LEARNER (of `unit_kerja` when given, compared trimmed and case-insensitively) with
    /// their points (the ledger's sum, kept on the user row) and the time of their latest
    /// non-zero ledger entry (when they reached those points; `None` without one), in user id
    /// order: the leaderboard's input. A read path that may go to a replica.
    async fn leaderboard_entries(
        &mut self,
        unit_kerja: Option<&str>,
    ) -> StoreResult<Vec<LeaderboardEntry>>;

    /// Every badge, by name then id.
    async fn badges(&mut self) -> StoreResult<Vec<Badge>>;

    /// The badge with `id`.
    async fn badge(&mut self, id: &str) -> StoreResult<Option<Badge>>;

    /// Adds a badge.
    ///
    /// # Errors
    /// `Conflict` on the primary key.
    async fn insert_badge(&mut self, badge: &Badge) -> StoreResult<()>;

    /// Replaces a badge.
    ///
    /// # Errors
    /// `NotFound`.
    async fn update_badge(&mut self, badge: &Badge) -> StoreResult<()>;

    /// The learner's awarded badges, by `earnedAt` then id.
    async fn user_badges(&mut self, user_id: &str) -> StoreResult<Vec<UserBadge>>;

    /// Awards a badge unless the learner holds it ("on conflict do nothing"); returns whether it
    /// was added.
    async fn insert_user_badge(&mut self, award: &UserBadge) -> StoreResult<bool>;
}
