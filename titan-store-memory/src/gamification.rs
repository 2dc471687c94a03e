use async_trait::async_trait;
use chrono::{DateTime, Utc};
use titan_core::model::{Badge, PointsLedgerEntry, Role, UserBadge};
use titan_core::ports::{GamificationRepository, StoreResult, constraint};
use titan_core::rules::gamification::LeaderboardEntry;

use crate::table::{Table, key2, sort_time};
use crate::{MemoryUnitOfWork, rows, tables};

rows!(PointsLedgerEntry, Badge, UserBadge);

const LEDGER_BY_USER: usize = 0;
const BADGES_BY_NAME: usize = 0;
const AWARDS_BY_USER: usize = 0;

tables! {
    GamificationTables {
        ledger: Table<PointsLedgerEntry> = Table::<PointsLedgerEntry>::new("PointsLedger")
            .unique(constraint::LEDGER_SOURCE_KEY, |e| Some(e.source_key.clone()))
            .index(|e| Some((e.user_id.clone(), sort_time(e.created_at)))),
        badges: Table<Badge> = Table::<Badge>::new("Badge")
            .index(|b| Some((String::new(), key2(&b.name, &b.id)))),
        awards: Table<UserBadge> = Table::<UserBadge>::new("UserBadge")
            .unique(constraint::USER_BADGE, |a| Some(key2(&a.user_id, &a.badge_id)))
            .index(|a| Some((a.user_id.clone(), sort_time(a.earned_at)))),
    }
}

fn same_unit(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.trim().to_lowercase() == b.trim().to_lowercase())
}

#[async_trait]
impl GamificationRepository for MemoryUnitOfWork {
    async fn insert_ledger_entry(&mut self, entry: &PointsLedgerEntry) -> StoreResult<bool> {
        self.state_mut()?
            .gamification
            .ledger
            .insert_if_absent(entry.clone())
    }

    async fn ledger_of_user(&mut self, user_id: &str) -> StoreResult<Vec<PointsLedgerEntry>> {
        Ok(self
            .state()
            .gamification
            .ledger
            .by_index(LEDGER_BY_USER, user_id)
            .cloned()
            .collect())
    }

    async fn points_of_user(&mut self, user_id: &str) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        let ledger = &self.state().gamification.ledger;
        let total = ledger
            .by_index(LEDGER_BY_USER, user_id)
            .fold(0_i64, |sum, e| sum.saturating_add(i64::from(e.points)));
        let latest = ledger
            .by_index(LEDGER_BY_USER, user_id)
            .next_back()
            .map(|e| e.created_at);
        Ok((total, latest))
    }

    async fn leaderboard_entries(
        &mut self,
        unit_kerja: Option<&str>,
    ) -> StoreResult<Vec<LeaderboardEntry>> {
        let state = self.state();
        let ledger = &state.gamification.ledger;
        let mut out: Vec<LeaderboardEntry> = state
            .users
            .users
            .iter()
            .filter(|u| u.role == Role::Learner)
            .filter(|u| unit_kerja.is_none_or(|unit| same_unit(u.unit_kerja.as_deref(), unit)))
            .map(|u| LeaderboardEntry {
                user_id: u.id.clone(),
                name: u.name.clone(),
                unit_kerja: u.unit_kerja.clone(),
                role: u.role,
                points: i64::from(u.points),
                reached_at: ledger
                    .by_index(LEDGER_BY_USER, &u.id)
                    .rev()
                    .find(|e| e.points != 0)
                    .map(|e| e.created_at),
            })
            .collect();
        out.sort_by(|a, b| a.user_id.cmp(&b.user_id));
        Ok(out)
    }

    async fn badges(&mut self) -> StoreResult<Vec<Badge>> {
        Ok(self
            .state()
            .gamification
            .badges
            .by_index(BADGES_BY_NAME, "")
            .cloned()
            .collect())
    }

    async fn badge(&mut self, id: &str) -> StoreResult<Option<Badge>> {
        Ok(self.state().gamification.badges.get(id).cloned())
    }

    async fn insert_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        self.state_mut()?.gamification.badges.insert(badge.clone())
    }

    async fn update_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        self.state_mut()?.gamification.badges.update(badge.clone())
    }

    async fn user_badges(&mut self, user_id: &str) -> StoreResult<Vec<UserBadge>> {
        Ok(self
            .state()
            .gamification
            .awards
            .by_index(AWARDS_BY_USER, user_id)
            .cloned()
            .collect())
    }

    async fn insert_user_badge(&mut self, award: &UserBadge) -> StoreResult<bool> {
        self.state_mut()?
            .gamification
            .awards
            .insert_if_absent(award.clone())
    }
}
