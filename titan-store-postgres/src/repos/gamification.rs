//! PENDING: generated skeleton; every method is to be implemented.
#![allow(unused_variables, unused_imports)]

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{Badge, PointsLedgerEntry, UserBadge};
use titan_core::ports::{GamificationRepository, StoreResult};
use titan_core::rules::gamification::LeaderboardEntry;

use super::pending;
use crate::PgUnitOfWork;

#[async_trait]
impl GamificationRepository for PgUnitOfWork {
    async fn insert_ledger_entry(&mut self, entry: &PointsLedgerEntry) -> StoreResult<bool> {
        Err(pending("GamificationRepository::insert_ledger_entry"))
    }

    async fn ledger_of_user(&mut self, user_id: &str) -> StoreResult<Vec<PointsLedgerEntry>> {
        Err(pending("GamificationRepository::ledger_of_user"))
    }

    async fn points_of_user(&mut self, user_id: &str) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        Err(pending("GamificationRepository::points_of_user"))
    }

    async fn leaderboard_entries(
        &mut self,
        unit_kerja: Option<&str>,
    ) -> StoreResult<Vec<LeaderboardEntry>> {
        Err(pending("GamificationRepository::leaderboard_entries"))
    }

    async fn badges(&mut self) -> StoreResult<Vec<Badge>> {
        Err(pending("GamificationRepository::badges"))
    }

    async fn badge(&mut self, id: &str) -> StoreResult<Option<Badge>> {
        Err(pending("GamificationRepository::badge"))
    }

    async fn insert_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        Err(pending("GamificationRepository::insert_badge"))
    }

    async fn update_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        Err(pending("GamificationRepository::update_badge"))
    }

    async fn user_badges(&mut self, user_id: &str) -> StoreResult<Vec<UserBadge>> {
        Err(pending("GamificationRepository::user_badges"))
    }

    async fn insert_user_badge(&mut self, award: &UserBadge) -> StoreResult<bool> {
        Err(pending("GamificationRepository::insert_user_badge"))
    }
}
