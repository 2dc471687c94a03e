use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_query::{
    Expr, ExprTrait, LockBehavior, LockType, Order, Query, SelectStatement, SimpleExpr,
};
use sqlx::postgres::PgRow;
use titan_core::model::{OutboxStatus, XapiOutbox};
use titan_core::ports::{OutboxRepository, OutboxSummary, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, get, get_count, get_enum, get_time, get_time_opt, insert_absent_sql, limit, time,
    time_opt, update_sql,
};

const TABLE: &str = "xapi_outbox";
const COLUMNS: [&str; 9] = [
    "id",
    "idempotency_key",
    "statement",
    "status",
    "attempts",
    "last_error",
    "createdAt",
    "processedAt",
    "next_attempt_at",
];

fn select() -> SelectStatement {
    Query::select().columns(COLUMNS).from(TABLE).to_owned()
}

fn decode(row: &PgRow) -> StoreResult<XapiOutbox> {
    Ok(XapiOutbox {
        id: get(row, "id")?,
        idempotency_key: get(row, "idempotency_key")?,
        statement: get(row, "statement")?,
        status: get_enum(row, "status")?,
        attempts: get(row, "attempts")?,
        last_error: get(row, "last_error")?,
        created_at: get_time(row, "createdAt")?,
        processed_at: get_time_opt(row, "processedAt")?,
        next_attempt_at: get_time_opt(row, "next_attempt_at")?,
    })
}

fn values(r: &XapiOutbox) -> Vec<SimpleExpr> {
    vec![
        Expr::val(r.id.clone()),
        Expr::val(r.idempotency_key.clone()),
        Expr::val(r.statement.clone()),
        // The seed keeps the status as text, not as an enum type.
        Expr::val(r.status.as_str()),
        Expr::val(r.attempts),
        Expr::val(r.last_error.clone()),
        Expr::val(time(r.created_at)),
        Expr::val(time_opt(r.processed_at)),
        Expr::val(time_opt(r.next_attempt_at)),
    ]
}

fn pending() -> SimpleExpr {
    Expr::col("status").eq(OutboxStatus::Pending.as_str())
}

#[async_trait]
impl OutboxRepository for PgUnitOfWork {
    async fn insert_if_absent(&mut self, row: &XapiOutbox) -> StoreResult<bool> {
        let sql = insert_absent_sql(TABLE, &COLUMNS, values(row), &["idempotency_key"])?;
        Ok(self.exec(sql).await? == 1)
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<XapiOutbox>> {
        let sql = self.locked(select().and_where(Expr::col("id").eq(id)).to_owned());
        self.one(sql, decode).await
    }

    async fn by_idempotency_key(&mut self, key: &str) -> StoreResult<Option<XapiOutbox>> {
        let q = select()
            .and_where(Expr::col("idempotency_key").eq(key))
            .to_owned();
        self.one(build(&q), decode).await
    }

    async fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit_to: usize,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<XapiOutbox>> {
        let due = Query::select()
            .column("id")
            .from(TABLE)
            .and_where(pending())
            .and_where(
                Expr::col("next_attempt_at")
                    .is_null()
                    .or(Expr::col("next_attempt_at").lte(time(now))),
            )
            .order_by("createdAt", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(limit(limit_to))
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .to_owned();
        let q = Query::update()
            .table(TABLE)
            .value("next_attempt_at", time(lease_until))
            .and_where(Expr::col("id").in_subquery(due))
            .returning(Query::returning().columns(COLUMNS))
            .to_owned();
        self.writable()?;
        let mut claimed = self.all(build(&q), decode).await?;
        // RETURNING keeps no order: oldest first, as claimed.
        claimed.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        Ok(claimed)
    }

    async fn update(&mut self, row: &XapiOutbox) -> StoreResult<()> {
        let sql = update_sql(TABLE, &COLUMNS, values(row), &row.id);
        self.exec_one(sql, "XapiOutbox", &row.id).await
    }

    async fn by_status(
        &mut self,
        status: OutboxStatus,
        limit_to: usize,
    ) -> StoreResult<Vec<XapiOutbox>> {
        let q = select()
            .and_where(Expr::col("status").eq(status.as_str()))
            .order_by("createdAt", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(limit(limit_to))
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn summary(&mut self) -> StoreResult<OutboxSummary> {
        let count_of = |status: OutboxStatus| {
            Expr::cust_with_values("COUNT(*) FILTER (WHERE \"status\" = $1)", [status.as_str()])
        };
        let q = Query::select()
            .expr_as(count_of(OutboxStatus::Pending), "pending")
            .expr_as(count_of(OutboxStatus::Dlq), "dead")
            .expr_as(
                Expr::cust_with_values(
                    "MIN(\"createdAt\") FILTER (WHERE \"status\" = $1)",
                    [OutboxStatus::Pending.as_str()],
                ),
                "oldest",
            )
            .from(TABLE)
            .to_owned();
        let counts = self
            .one(build(&q), |row| {
                Ok(OutboxSummary {
                    pending: count(row, "pending")?,
                    dead_lettered: count(row, "dead")?,
                    oldest_pending_at: get_time_opt(row, "oldest")?,
                })
            })
            .await?;
        Ok(counts.unwrap_or_default())
    }
}

fn count(row: &PgRow, column: &str) -> StoreResult<usize> {
    get_count(row, column).map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}
