//! Between Titan's model and PostgreSQL: running sea-query statements in the unit of work,
//! reading columns (a value outside the model's type is `StoreError::Corrupt`, never a panic),
//! Prisma's conventions (TIMESTAMP(3) holding UTC, enum labels, `Float` as DOUBLE PRECISION), and
//! the error mapping.

use chrono::{DateTime, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use sea_query::{Expr, LockType, PostgresQueryBuilder, SelectStatement, SimpleExpr};
use sea_query_sqlx::{SqlxBinder, SqlxValues};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};
use titan_core::ports::{StoreError, StoreResult, constraint};

use crate::PgUnitOfWork;

/// Maps a driver error: unique (and foreign-key) violations to `Conflict` with the constraint's
/// name (Titan's case-insensitive e-mail index reports as `User_email_key`), serialization
/// failures and deadlocks to `Retryable`, writes in a read-only transaction to `ReadOnly`, and
/// everything else to `Unavailable`.
#[must_use]
pub fn map_error(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("23505" | "23503") => {
                let name = db.constraint().unwrap_or("unknown").to_owned();
                StoreError::Conflict {
                    constraint: match name.as_str() {
                        "User_email_lower_key" => constraint::USER_EMAIL.to_owned(),
                        _ => name,
                    },
                }
            }
            Some("40001" | "40P01") => StoreError::Retryable {
                reason: db.message().to_owned(),
            },
            Some("25006") => StoreError::ReadOnly,
            _ => StoreError::Unavailable {
                reason: db.message().to_owned(),
            },
        },
        _ => StoreError::Unavailable {
            reason: e.to_string(),
        },
    }
}

/// Whether `e` says the connection is gone rather than the statement refused: an I/O error, or
/// the server terminating the session (`57P01` admin shutdown, `57P02` crash shutdown, `57P03`
/// cannot connect now).
pub(crate) fn connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("57P01" | "57P02" | "57P03"))
        }
        _ => false,
    }
}

/// A built statement: SQL text with placeholders, and its bound values.
pub(crate) type Sql = (String, SqlxValues);

/// Builds a sea-query statement for PostgreSQL.
pub(crate) fn build<S: SqlxBinder>(statement: &S) -> Sql {
    statement.build_sqlx(PostgresQueryBuilder)
}

impl PgUnitOfWork {
    /// Refuses a write in a read-only unit of work before it reaches the server.
    pub(crate) fn writable(&self) -> StoreResult<()> {
        if self.read_only {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }

    /// `q` built with `FOR UPDATE` in a read-write unit of work. A read-only unit of work reads
    /// its snapshot unlocked: PostgreSQL refuses row locks in a READ ONLY transaction, and
    /// nothing read there guards a write.
    pub(crate) fn locked(&self, mut q: SelectStatement) -> Sql {
        if !self.read_only {
            q.lock(LockType::Update);
        }
        build(&q)
    }

    /// Every row of `sql`, decoded.
    pub(crate) async fn all<T>(
        &mut self,
        (sql, values): Sql,
        decode: fn(&PgRow) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let rows = sqlx::query_with(AssertSqlSafe(sql), values)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(map_error)?;
        rows.iter().map(decode).collect()
    }

    /// The first row of `sql`, decoded.
    pub(crate) async fn one<T>(
        &mut self,
        (sql, values): Sql,
        decode: fn(&PgRow) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let row = sqlx::query_with(AssertSqlSafe(sql), values)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(map_error)?;
        row.as_ref().map(decode).transpose()
    }

    /// Runs a write; returns the rows affected.
    pub(crate) async fn exec(&mut self, (sql, values): Sql) -> StoreResult<u64> {
        self.writable()?;
        let done = sqlx::query_with(AssertSqlSafe(sql), values)
            .execute(&mut *self.tx)
            .await
            .map_err(map_error)?;
        Ok(done.rows_affected())
    }

    /// Runs a write that must touch one row; `NotFound` for `entity` `id` otherwise.
    pub(crate) async fn exec_one(
        &mut self,
        sql: Sql,
        entity: &'static str,
        id: &str,
    ) -> StoreResult<()> {
        match self.exec(sql).await? {
            0 => Err(StoreError::NotFound {
                entity,
                id: id.to_owned(),
            }),
            _ => Ok(()),
        }
    }
}

fn corrupt(row: &PgRow, column: &str, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        entity: "row",
        id: row
            .try_get::<String, _>("id")
            .unwrap_or_else(|_| String::from("?")),
        reason: format!("{column}: {reason}"),
    }
}

/// A column of any type sqlx decodes.
pub(crate) fn get<'r, T>(row: &'r PgRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(column).map_err(|e| corrupt(row, column, e))
}

/// A `TIMESTAMP(3)` column holding UTC.
pub(crate) fn get_time(row: &PgRow, column: &str) -> StoreResult<DateTime<Utc>> {
    get::<NaiveDateTime>(row, column).map(|t| t.and_utc())
}

/// A nullable `TIMESTAMP(3)` column holding UTC.
pub(crate) fn get_time_opt(row: &PgRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    get::<Option<NaiveDateTime>>(row, column).map(|t| t.map(|t| t.and_utc()))
}

/// An enum column (read as its label).
pub(crate) fn get_enum<E: std::str::FromStr>(row: &PgRow, column: &str) -> StoreResult<E> {
    let label: String = get_label(row, column)?;
    label
        .parse()
        .map_err(|_| corrupt(row, column, format!("unknown label {label}")))
}

/// A nullable enum column.
pub(crate) fn get_enum_opt<E: std::str::FromStr>(
    row: &PgRow,
    column: &str,
) -> StoreResult<Option<E>> {
    match get_label_opt(row, column)? {
        None => Ok(None),
        Some(label) => label
            .parse()
            .map(Some)
            .map_err(|_| corrupt(row, column, format!("unknown label {label}"))),
    }
}

fn get_label(row: &PgRow, column: &str) -> StoreResult<String> {
    get_label_opt(row, column)?.ok_or_else(|| corrupt(row, column, "null"))
}

fn get_label_opt(row: &PgRow, column: &str) -> StoreResult<Option<String>> {
    // Enum columns are selected with `::text` (see `enum_text`), plain text columns as they are.
    get::<Option<String>>(row, column)
}

/// A `DOUBLE PRECISION` column as an exact decimal (the shortest decimal that round-trips).
pub(crate) fn get_decimal(row: &PgRow, column: &str) -> StoreResult<Decimal> {
    let v: f64 = get(row, column)?;
    decimal_from(v).ok_or_else(|| corrupt(row, column, format!("{v} is not a decimal")))
}

/// A nullable `DOUBLE PRECISION` column as an exact decimal.
pub(crate) fn get_decimal_opt(row: &PgRow, column: &str) -> StoreResult<Option<Decimal>> {
    match get::<Option<f64>>(row, column)? {
        None => Ok(None),
        Some(v) => decimal_from(v)
            .map(Some)
            .ok_or_else(|| corrupt(row, column, format!("{v} is not a decimal"))),
    }
}

fn decimal_from(v: f64) -> Option<Decimal> {
    Decimal::from_f64(v).map(|d| d.normalize())
}

/// A decimal for a `DOUBLE PRECISION` column.
pub(crate) fn double(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// An instant for a `TIMESTAMP(3)` column (UTC, milliseconds).
pub(crate) fn time(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc()
}

/// A nullable instant.
pub(crate) fn time_opt(t: Option<DateTime<Utc>>) -> Option<NaiveDateTime> {
    t.map(|t| t.naive_utc())
}

/// An enum label bound as the Postgres enum `type_name` (a quoted identifier from this crate,
/// never from input).
pub(crate) fn enum_value(type_name: &str, label: &str) -> SimpleExpr {
    Expr::cust_with_values(format!("CAST($1 AS \"{type_name}\")"), [label])
}

/// Selects an enum column as text, under its own name (`"role"::text AS "role"`).
pub(crate) fn enum_text(column: &str) -> SimpleExpr {
    Expr::cust(format!("\"{column}\"::text AS \"{column}\""))
}

/// Selects `table`'s enum column as text under `alias` (`"T"."c"::text AS "alias"`), for
/// statements that join tables.
pub(crate) fn enum_text_as(table: &str, column: &str, alias: &str) -> SimpleExpr {
    Expr::cust(format!("\"{table}\".\"{column}\"::text AS \"{alias}\""))
}

/// `INSERT INTO table (columns) VALUES (values)`.
pub(crate) fn insert_sql(
    table: &'static str,
    columns: &[&'static str],
    values: Vec<SimpleExpr>,
) -> StoreResult<Sql> {
    let mut q = sea_query::Query::insert();
    q.into_table(table).columns(columns.iter().copied());
    q.values(values).map_err(|e| StoreError::Unavailable {
        reason: format!("{table}: {e}"),
    })?;
    Ok(build(&q))
}

/// `INSERT INTO table (columns) VALUES (values) ON CONFLICT (conflict) DO NOTHING`: a row that
/// would break the unique key over `conflict` is skipped (the statement affects no row).
pub(crate) fn insert_absent_sql(
    table: &'static str,
    columns: &[&'static str],
    values: Vec<SimpleExpr>,
    conflict: &[&'static str],
) -> StoreResult<Sql> {
    let mut q = sea_query::Query::insert();
    q.into_table(table).columns(columns.iter().copied());
    q.values(values).map_err(|e| StoreError::Unavailable {
        reason: format!("{table}: {e}"),
    })?;
    q.on_conflict(
        sea_query::OnConflict::columns(conflict.iter().copied())
            .do_nothing()
            .to_owned(),
    );
    Ok(build(&q))
}

/// A list's `limit` for `LIMIT` (saturating).
pub(crate) fn limit(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A `COUNT(*)` column (`bigint`) as a count.
pub(crate) fn get_count(row: &PgRow, column: &str) -> StoreResult<u64> {
    let n: i64 = get(row, column)?;
    u64::try_from(n).map_err(|e| corrupt(row, column, e))
}

/// `UPDATE table SET columns[1..] = values[1..] WHERE id = values[0]`: the first column is the id.
pub(crate) fn update_sql(
    table: &'static str,
    columns: &[&'static str],
    values: Vec<SimpleExpr>,
    id: &str,
) -> Sql {
    let q = sea_query::Query::update()
        .table(table)
        .values(columns.iter().copied().zip(values).skip(1))
        .and_where(sea_query::ExprTrait::eq(Expr::col("id"), id))
        .to_owned();
    build(&q)
}

/// `DELETE FROM table WHERE id = id`.
pub(crate) fn delete_sql(table: &'static str, id: &str) -> Sql {
    let q = sea_query::Query::delete()
        .from_table(table)
        .and_where(sea_query::ExprTrait::eq(Expr::col("id"), id))
        .to_owned();
    build(&q)
}
