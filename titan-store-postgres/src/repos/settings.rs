use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use sqlx::postgres::PgRow;
use titan_core::model::SystemSetting;
use titan_core::ports::{SettingsRepository, StoreError, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{build, get, get_time, time};

const TABLE: &str = "SystemSetting";
const COLUMNS: [&str; 4] = ["id", "key", "value", "updatedAt"];

fn decode(row: &PgRow) -> StoreResult<SystemSetting> {
    Ok(SystemSetting {
        id: get(row, "id")?,
        key: get(row, "key")?,
        value: get(row, "value")?,
        updated_at: get_time(row, "updatedAt")?,
    })
}

#[async_trait]
impl SettingsRepository for PgUnitOfWork {
    async fn get(&mut self, key: &str) -> StoreResult<Option<SystemSetting>> {
        let q = Query::select()
            .columns(COLUMNS)
            .from(TABLE)
            .and_where(Expr::col("key").eq(key))
            .to_owned();
        self.one(build(&q), decode).await
    }

    async fn all(&mut self) -> StoreResult<Vec<SystemSetting>> {
        let q = Query::select()
            .columns(COLUMNS)
            .from(TABLE)
            .order_by("key", Order::Asc)
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn upsert(&mut self, setting: &SystemSetting) -> StoreResult<()> {
        let q = Query::insert()
            .into_table(TABLE)
            .columns(COLUMNS)
            .values([
                Expr::val(setting.id.clone()),
                Expr::val(setting.key.clone()),
                Expr::val(setting.value.clone()),
                Expr::val(time(setting.updated_at)),
            ])
            .map_err(|e| StoreError::Unavailable {
                reason: e.to_string(),
            })?
            .on_conflict(
                OnConflict::column("key")
                    .update_columns(["value", "updatedAt"])
                    .to_owned(),
            )
            .to_owned();
        self.exec(build(&q)).await.map(|_| ())
    }
}
