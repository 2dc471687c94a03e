use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Func, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{Badge, PointsLedgerEntry, Role, UserBadge};
use titan_core::ports::{GamificationRepository, StoreResult};
use titan_core::rules::gamification::LeaderboardEntry;

use crate::PgUnitOfWork;
use crate::codec::{
    build, enum_text, enum_value, get, get_enum, get_time, get_time_opt, insert_absent_sql,
    insert_sql, time, update_sql,
};

const LEDGER: &str = "PointsLedger";
const LEDGER_COLUMNS: [&str; 6] = ["id", "userId", "sourceKey", "reason", "points", "createdAt"];

const BADGE: &str = "Badge";
const BADGE_COLUMNS: [&str; 6] = ["id", "name", "description", "icon", "criteria", "type"];

const AWARD: &str = "UserBadge";
const AWARD_COLUMNS: [&str; 4] = ["id", "userId", "badgeId", "earnedAt"];

/// The latest ledger entry that moved the learner's total (a fixed fragment, no input).
const REACHED_AT: &str = "(SELECT MAX(l.\"createdAt\") FROM \"PointsLedger\" l \
     WHERE l.\"userId\" = \"User\".\"id\" AND l.\"points\" <> 0)";

fn decode_entry(row: &PgRow) -> StoreResult<PointsLedgerEntry> {
    Ok(PointsLedgerEntry {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        source_key: get(row, "sourceKey")?,
        reason: get(row, "reason")?,
        points: get(row, "points")?,
        created_at: get_time(row, "createdAt")?,
    })
}

fn entry_values(e: &PointsLedgerEntry) -> Vec<SimpleExpr> {
    vec![
        Expr::val(e.id.clone()),
        Expr::val(e.user_id.clone()),
        Expr::val(e.source_key.clone()),
        Expr::val(e.reason.clone()),
        Expr::val(e.points),
        Expr::val(time(e.created_at)),
    ]
}

fn select_badges() -> SelectStatement {
    Query::select()
        .columns(BADGE_COLUMNS[..5].iter().copied())
        .expr(enum_text("type"))
        .from(BADGE)
        .to_owned()
}

fn decode_badge(row: &PgRow) -> StoreResult<Badge> {
    Ok(Badge {
        id: get(row, "id")?,
        name: get(row, "name")?,
        description: get(row, "description")?,
        icon: get(row, "icon")?,
        badge_type: get_enum(row, "type")?,
        criteria: get(row, "criteria")?,
    })
}

fn badge_values(b: &Badge) -> Vec<SimpleExpr> {
    vec![
        Expr::val(b.id.clone()),
        Expr::val(b.name.clone()),
        Expr::val(b.description.clone()),
        Expr::val(b.icon.clone()),
        Expr::val(b.criteria.clone()),
        enum_value("BadgeType", b.badge_type.as_str()),
    ]
}

fn decode_award(row: &PgRow) -> StoreResult<UserBadge> {
    Ok(UserBadge {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        badge_id: get(row, "badgeId")?,
        earned_at: get_time(row, "earnedAt")?,
    })
}

fn award_values(a: &UserBadge) -> Vec<SimpleExpr> {
    vec![
        Expr::val(a.id.clone()),
        Expr::val(a.user_id.clone()),
        Expr::val(a.badge_id.clone()),
        Expr::val(time(a.earned_at)),
    ]
}

fn decode_points(row: &PgRow) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    Ok((get(row, "total")?, get_time_opt(row, "latest")?))
}

fn decode_standing(row: &PgRow) -> StoreResult<LeaderboardEntry> {
    Ok(LeaderboardEntry {
        user_id: get(row, "id")?,
        name: get(row, "name")?,
        unit_kerja: get(row, "unitKerja")?,
        role: get_enum(row, "role")?,
        points: i64::from(get::<i32>(row, "points")?),
        reached_at: get_time_opt(row, "reachedAt")?,
    })
}

/// Learners with their points and when they reached them, in user id order; of one unit
/// (trimmed, case-insensitive) when given.
fn leaderboard_query(unit_kerja: Option<&str>) -> SelectStatement {
    let mut q = Query::select()
        .columns(["id", "name", "unitKerja", "points"])
        .expr(enum_text("role"))
        .expr_as(Expr::cust(REACHED_AT), "reachedAt")
        .from("User")
        .and_where(Expr::col("role").eq(enum_value("Role", Role::Learner.as_str())))
        .order_by("id", Order::Asc)
        .to_owned();
    if let Some(unit) = unit_kerja {
        let stored = Func::lower(Func::cust("btrim").arg(Expr::col("unitKerja")));
        q.and_where(Expr::expr(stored).eq(unit.trim().to_lowercase()));
    }
    q
}

#[async_trait]
impl GamificationRepository for PgUnitOfWork {
    async fn insert_ledger_entry(&mut self, entry: &PointsLedgerEntry) -> StoreResult<bool> {
        let sql = insert_absent_sql(LEDGER, &LEDGER_COLUMNS, entry_values(entry), &["sourceKey"])?;
        Ok(self.exec(sql).await? == 1)
    }

    async fn ledger_of_user(&mut self, user_id: &str) -> StoreResult<Vec<PointsLedgerEntry>> {
        let q = Query::select()
            .columns(LEDGER_COLUMNS)
            .from(LEDGER)
            .and_where(Expr::col("userId").eq(user_id))
            .order_by("createdAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_entry).await
    }

    async fn points_of_user(&mut self, user_id: &str) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
        let q = Query::select()
            .expr_as(Expr::cust("COALESCE(SUM(\"points\"), 0)::bigint"), "total")
            .expr_as(Expr::col("createdAt").max(), "latest")
            .from(LEDGER)
            .and_where(Expr::col("userId").eq(user_id))
            .to_owned();
        Ok(self
            .one(build(&q), decode_points)
            .await?
            .unwrap_or((0, None)))
    }

    async fn leaderboard_entries(
        &mut self,
        unit_kerja: Option<&str>,
    ) -> StoreResult<Vec<LeaderboardEntry>> {
        self.all(build(&leaderboard_query(unit_kerja)), decode_standing)
            .await
    }

    async fn badges(&mut self) -> StoreResult<Vec<Badge>> {
        let q = select_badges()
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_badge).await
    }

    async fn badge(&mut self, id: &str) -> StoreResult<Option<Badge>> {
        let q = select_badges().and_where(Expr::col("id").eq(id)).to_owned();
        self.one(build(&q), decode_badge).await
    }

    async fn insert_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        let sql = insert_sql(BADGE, &BADGE_COLUMNS, badge_values(badge))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_badge(&mut self, badge: &Badge) -> StoreResult<()> {
        let sql = update_sql(BADGE, &BADGE_COLUMNS, badge_values(badge), &badge.id);
        self.exec_one(sql, "Badge", &badge.id).await
    }

    async fn user_badges(&mut self, user_id: &str) -> StoreResult<Vec<UserBadge>> {
        let q = Query::select()
            .columns(AWARD_COLUMNS)
            .from(AWARD)
            .and_where(Expr::col("userId").eq(user_id))
            .order_by("earnedAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_award).await
    }

    async fn insert_user_badge(&mut self, award: &UserBadge) -> StoreResult<bool> {
        let sql = insert_absent_sql(
            AWARD,
            &AWARD_COLUMNS,
            award_values(award),
            &["userId", "badgeId"],
        )?;
        Ok(self.exec(sql).await? == 1)
    }
}
