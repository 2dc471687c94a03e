use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::Notification;
use titan_core::ports::{NotificationRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, enum_text, enum_value, get, get_count, get_enum, get_time, get_time_opt,
    insert_absent_sql, limit, time, time_opt, update_sql,
};

const TABLE: &str = "Notification";
const COLUMNS: [&str; 10] = [
    "id",
    "userId",
    "title",
    "message",
    "link",
    "isRead",
    "readAt",
    "createdAt",
    "dedupKey",
    "type",
];

fn select() -> SelectStatement {
    Query::select()
        .columns(COLUMNS[..9].iter().copied())
        .expr(enum_text("type"))
        .from(TABLE)
        .to_owned()
}

fn decode(row: &PgRow) -> StoreResult<Notification> {
    Ok(Notification {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        notification_type: get_enum(row, "type")?,
        title: get(row, "title")?,
        message: get(row, "message")?,
        link: get(row, "link")?,
        is_read: get(row, "isRead")?,
        read_at: get_time_opt(row, "readAt")?,
        created_at: get_time(row, "createdAt")?,
        dedup_key: get(row, "dedupKey")?,
    })
}

fn values(n: &Notification) -> Vec<SimpleExpr> {
    vec![
        Expr::val(n.id.clone()),
        Expr::val(n.user_id.clone()),
        Expr::val(n.title.clone()),
        Expr::val(n.message.clone()),
        Expr::val(n.link.clone()),
        Expr::val(n.is_read),
        Expr::val(time_opt(n.read_at)),
        Expr::val(time(n.created_at)),
        Expr::val(n.dedup_key.clone()),
        enum_value("NotificationType", n.notification_type.as_str()),
    ]
}

fn by_id(id: &str) -> SelectStatement {
    select().and_where(Expr::col("id").eq(id)).to_owned()
}

fn unread_of(user_id: &str) -> [SimpleExpr; 2] {
    [
        Expr::col((TABLE, "userId")).eq(user_id),
        Expr::col((TABLE, "isRead")).eq(false),
    ]
}

/// How many notifications of `user_id` are unread.
pub(super) fn unread_count_of(user_id: &str) -> sea_query::SelectStatement {
    let [of_user, unread] = unread_of(user_id);
    Query::select()
        .expr_as(Expr::col((TABLE, "id")).count(), "count")
        .from(TABLE)
        .and_where(of_user)
        .and_where(unread)
        .to_owned()
}

#[async_trait]
impl NotificationRepository for PgUnitOfWork {
    async fn insert_if_absent(&mut self, notification: &Notification) -> StoreResult<bool> {
        // A NULL key never conflicts; the primary key still does.
        let sql = insert_absent_sql(
            TABLE,
            &COLUMNS,
            values(notification),
            &["userId", "dedupKey"],
        )?;
        Ok(self.exec(sql).await? == 1)
    }

    async fn get(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        self.one(build(&by_id(id)), decode).await
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Notification>> {
        let sql = self.locked(by_id(id));
        self.one(sql, decode).await
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        unread_only: bool,
        limit_to: usize,
    ) -> StoreResult<Vec<Notification>> {
        let mut q = select()
            .and_where(Expr::col("userId").eq(user_id))
            .to_owned();
        if unread_only {
            q.and_where(Expr::col("isRead").eq(false));
        }
        q.order_by("createdAt", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(limit(limit_to));
        self.all(build(&q), decode).await
    }

    async fn unread_count(&mut self, user_id: &str) -> StoreResult<u64> {
        let q = unread_count_of(user_id);
        let n = self.one(build(&q), |r| get_count(r, "count")).await?;
        Ok(n.unwrap_or(0))
    }

    async fn update(&mut self, notification: &Notification) -> StoreResult<()> {
        let sql = update_sql(TABLE, &COLUMNS, values(notification), &notification.id);
        self.exec_one(sql, "Notification", &notification.id).await
    }

    async fn mark_all_read(&mut self, user_id: &str, at: DateTime<Utc>) -> StoreResult<u64> {
        let [of_user, unread] = unread_of(user_id);
        let q = Query::update()
            .table(TABLE)
            .value("isRead", true)
            .value("readAt", time(at))
            .and_where(of_user)
            .and_where(unread)
            .to_owned();
        self.exec(build(&q)).await
    }
}
