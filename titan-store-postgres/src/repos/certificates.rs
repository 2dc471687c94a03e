use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::Certificate;
use titan_core::ports::{CertificateRepository, StoreError, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{build, get, get_time, get_time_opt, insert_sql, time, time_opt, update_sql};

const TABLE: &str = "Certificate";
const COLUMNS: [&str; 11] = [
    "id",
    "userId",
    "courseId",
    "certificateNo",
    "verificationCode",
    "issuedAt",
    "expiresAt",
    "pdfUrl",
    "revokedAt",
    "revokedReason",
    "revokedBy",
];

const COUNTER: &str = "CertificateCounter";

fn select() -> SelectStatement {
    Query::select().columns(COLUMNS).from(TABLE).to_owned()
}

fn where_eq(column: &'static str, value: &str) -> SelectStatement {
    select().and_where(Expr::col(column).eq(value)).to_owned()
}

fn decode(row: &PgRow) -> StoreResult<Certificate> {
    Ok(Certificate {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        course_id: get(row, "courseId")?,
        certificate_no: get(row, "certificateNo")?,
        verification_code: get(row, "verificationCode")?,
        issued_at: get_time(row, "issuedAt")?,
        expires_at: get_time_opt(row, "expiresAt")?,
        pdf_url: get(row, "pdfUrl")?,
        revoked_at: get_time_opt(row, "revokedAt")?,
        revoked_reason: get(row, "revokedReason")?,
        revoked_by: get(row, "revokedBy")?,
    })
}

fn values(c: &Certificate) -> Vec<SimpleExpr> {
    vec![
        Expr::val(c.id.clone()),
        Expr::val(c.user_id.clone()),
        Expr::val(c.course_id.clone()),
        Expr::val(c.certificate_no.clone()),
        Expr::val(c.verification_code.clone()),
        Expr::val(time(c.issued_at)),
        Expr::val(time_opt(c.expires_at)),
        Expr::val(c.pdf_url.clone()),
        Expr::val(time_opt(c.revoked_at)),
        Expr::val(c.revoked_reason.clone()),
        Expr::val(c.revoked_by.clone()),
    ]
}

/// The counter's new value as a sequence number.
fn decode_sequence(row: &PgRow) -> StoreResult<u32> {
    let value: i32 = get(row, "value")?;
    u32::try_from(value).map_err(|e| StoreError::Corrupt {
        entity: COUNTER,
        id: get::<i32>(row, "year").map_or_else(|_| String::from("?"), |y| y.to_string()),
        reason: format!("value {value}: {e}"),
    })
}

#[async_trait]
impl CertificateRepository for PgUnitOfWork {
    async fn get(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        self.one(build(&where_eq("id", id)), decode).await
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<Certificate>> {
        let sql = self.locked(where_eq("id", id));
        self.one(sql, decode).await
    }

    async fn for_user_course(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Certificate>> {
        let q = where_eq("userId", user_id)
            .and_where(Expr::col("courseId").eq(course_id))
            .to_owned();
        self.one(build(&q), decode).await
    }

    async fn by_code(&mut self, code: &str) -> StoreResult<Option<Certificate>> {
        self.one(build(&where_eq("verificationCode", code)), decode)
            .await
    }

    async fn by_number(&mut self, certificate_no: &str) -> StoreResult<Option<Certificate>> {
        self.one(build(&where_eq("certificateNo", certificate_no)), decode)
            .await
    }

    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Certificate>> {
        let q = where_eq("userId", user_id)
            .order_by("issuedAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn next_sequence(&mut self, year: i32) -> StoreResult<u32> {
        // The upsert locks the year's row until the unit of work ends: a concurrent issue waits,
        // and a rollback gives the number back.
        self.writable()?;
        let mut q = Query::insert();
        q.into_table(COUNTER).columns(["year", "value"]);
        q.values([Expr::val(year), Expr::val(1_i32)])
            .map_err(|e| StoreError::Unavailable {
                reason: format!("{COUNTER}: {e}"),
            })?;
        q.on_conflict(
            OnConflict::column("year")
                .value("value", Expr::col((COUNTER, "value")).add(1))
                .to_owned(),
        )
        .returning(Query::returning().columns(["year", "value"]));
        self.one(build(&q), decode_sequence)
            .await?
            .ok_or_else(|| StoreError::Unavailable {
                reason: format!("{COUNTER}: the upsert returned no row"),
            })
    }

    async fn insert(&mut self, certificate: &Certificate) -> StoreResult<()> {
        let sql = insert_sql(TABLE, &COLUMNS, values(certificate))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update(&mut self, certificate: &Certificate) -> StoreResult<()> {
        let sql = update_sql(TABLE, &COLUMNS, values(certificate), &certificate.id);
        self.exec_one(sql, "Certificate", &certificate.id).await
    }
}
