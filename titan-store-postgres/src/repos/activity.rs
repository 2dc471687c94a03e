use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Order, Query};
use sqlx::postgres::PgRow;
use titan_core::model::LearnerActivity;
use titan_core::ports::{ActivityRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{build, get, get_time, insert_sql, limit, time};

const TABLE: &str = "learner_activity";
const COLUMNS: [&str; 8] = [
    "id",
    "user_id",
    "course_id",
    "activity_type",
    "entity_id",
    "entity_title",
    "metadata",
    "occurredAt",
];

fn decode(row: &PgRow) -> StoreResult<LearnerActivity> {
    Ok(LearnerActivity {
        id: get(row, "id")?,
        user_id: get(row, "user_id")?,
        course_id: get(row, "course_id")?,
        activity_type: get(row, "activity_type")?,
        entity_id: get(row, "entity_id")?,
        entity_title: get(row, "entity_title")?,
        metadata: get(row, "metadata")?,
        occurred_at: get_time(row, "occurredAt")?,
    })
}

#[async_trait]
impl ActivityRepository for PgUnitOfWork {
    async fn insert(&mut self, row: &LearnerActivity) -> StoreResult<()> {
        let values = vec![
            Expr::val(row.id.clone()),
            Expr::val(row.user_id.clone()),
            Expr::val(row.course_id.clone()),
            Expr::val(row.activity_type.clone()),
            Expr::val(row.entity_id.clone()),
            Expr::val(row.entity_title.clone()),
            Expr::val(row.metadata.clone()),
            Expr::val(time(row.occurred_at)),
        ];
        self.exec(insert_sql(TABLE, &COLUMNS, values)?)
            .await
            .map(|_| ())
    }

    async fn of_user(
        &mut self,
        user_id: &str,
        course_id: Option<&str>,
        limit_to: usize,
    ) -> StoreResult<Vec<LearnerActivity>> {
        let mut q = Query::select()
            .columns(COLUMNS)
            .from(TABLE)
            .and_where(Expr::col("user_id").eq(user_id))
            .to_owned();
        if let Some(course_id) = course_id {
            q.and_where(Expr::col("course_id").eq(course_id));
        }
        q.order_by("occurredAt", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(limit(limit_to));
        self.all(build(&q), decode).await
    }
}
