use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Func, Order, Query};
use sqlx::postgres::PgRow;
use titan_core::model::{Role, User};
use titan_core::ports::{StoreResult, UserRepository};

use crate::PgUnitOfWork;
use crate::codec::{
    build, enum_text, enum_text_as, enum_value, get, get_enum, get_time_opt, time_opt,
};

const TABLE: &str = "User";
/// Every column, in the order of [`values`]; the last two are enums (read as text, written with a
/// cast).
const COLUMNS: [&str; 18] = [
    "id",
    "nip",
    "email",
    "name",
    "password",
    "image",
    "emailVerified",
    "unitKerja",
    "jabatan",
    "phone",
    "points",
    "level",
    "streak",
    "lastActiveAt",
    "longestStreak",
    "timezone",
    "role",
    "status",
];
/// The columns read as they are (all but the enums).
const PLAIN_COLUMNS: &[&str] = COLUMNS.split_at(16).0;

fn select() -> sea_query::SelectStatement {
    Query::select()
        .columns(PLAIN_COLUMNS.iter().copied())
        .expr(enum_text("role"))
        .expr(enum_text("status"))
        .from(TABLE)
        .to_owned()
}

/// Adds the user's columns, qualified with the table, to `q` (a statement that joins other
/// tables to `"User"`); read back by [`decode`].
pub(super) fn qualified_columns(q: &mut sea_query::SelectStatement) {
    q.columns(PLAIN_COLUMNS.iter().map(|c| (TABLE, *c)))
        .expr(enum_text_as(TABLE, "role", "role"))
        .expr(enum_text_as(TABLE, "status", "status"));
}

pub(super) fn decode(row: &PgRow) -> StoreResult<User> {
    Ok(User {
        id: get(row, "id")?,
        nip: get(row, "nip")?,
        email: get(row, "email")?,
        name: get(row, "name")?,
        password: get(row, "password")?,
        image: get(row, "image")?,
        email_verified: get_time_opt(row, "emailVerified")?,
        role: get_enum(row, "role")?,
        status: get_enum(row, "status")?,
        unit_kerja: get(row, "unitKerja")?,
        jabatan: get(row, "jabatan")?,
        phone: get(row, "phone")?,
        points: get(row, "points")?,
        level: get(row, "level")?,
        streak: get(row, "streak")?,
        last_active_at: get_time_opt(row, "lastActiveAt")?,
        longest_streak: get(row, "longestStreak")?,
        timezone: get(row, "timezone")?,
    })
}

fn values(u: &User) -> Vec<sea_query::SimpleExpr> {
    vec![
        Expr::val(u.id.clone()),
        Expr::val(u.nip.clone()),
        Expr::val(u.email.clone()),
        Expr::val(u.name.clone()),
        Expr::val(u.password.clone()),
        Expr::val(u.image.clone()),
        Expr::val(time_opt(u.email_verified)),
        Expr::val(u.unit_kerja.clone()),
        Expr::val(u.jabatan.clone()),
        Expr::val(u.phone.clone()),
        Expr::val(u.points),
        Expr::val(u.level),
        Expr::val(u.streak),
        Expr::val(time_opt(u.last_active_at)),
        Expr::val(u.longest_streak),
        Expr::val(u.timezone.clone()),
        enum_value("Role", u.role.as_str()),
        enum_value("UserStatus", u.status.as_str()),
    ]
}

#[async_trait]
impl UserRepository for PgUnitOfWork {
    async fn get(&mut self, id: &str) -> StoreResult<Option<User>> {
        let q = select().and_where(Expr::col("id").eq(id)).to_owned();
        self.one(build(&q), decode).await
    }

    async fn get_for_update(&mut self, id: &str) -> StoreResult<Option<User>> {
        let sql = self.locked(select().and_where(Expr::col("id").eq(id)).to_owned());
        self.one(sql, decode).await
    }

    async fn get_many(&mut self, ids: &[String]) -> StoreResult<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let q = select()
            .and_where(Expr::col("id").is_in(ids.iter().cloned()))
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn find_by_email(&mut self, email: &str) -> StoreResult<Option<User>> {
        let q = select()
            .and_where(Expr::expr(Func::lower(Expr::col("email"))).eq(email.trim().to_lowercase()))
            .to_owned();
        self.one(build(&q), decode).await
    }

    async fn find_by_nip(&mut self, nip: &str) -> StoreResult<Option<User>> {
        let q = select()
            .and_where(Expr::col("nip").eq(nip.trim()))
            .to_owned();
        self.one(build(&q), decode).await
    }

    async fn any_with_role(&mut self, role: Role) -> StoreResult<bool> {
        // Serialise the check with everyone else who asks it in a read-write unit of work, so two
        // first-admin bootstraps cannot both see "none" (the lock is held until commit).
        if !self.read_only {
            let lock = Query::select()
                .expr(Expr::cust_with_values(
                    "pg_advisory_xact_lock(hashtext($1))",
                    [format!("titan:any_with_role:{}", role.as_str())],
                ))
                .to_owned();
            self.all(build(&lock), |_| Ok(())).await?;
        }
        let q = Query::select()
            .column("id")
            .from(TABLE)
            .and_where(Expr::col("role").eq(enum_value("Role", role.as_str())))
            .limit(1)
            .to_owned();
        Ok(self.one(build(&q), |_| Ok(())).await?.is_some())
    }

    async fn insert(&mut self, user: &User) -> StoreResult<()> {
        let q = Query::insert()
            .into_table(TABLE)
            .columns(COLUMNS)
            .values(values(user))
            .map_err(|e| titan_core::ports::StoreError::Unavailable {
                reason: e.to_string(),
            })?
            .to_owned();
        self.exec(build(&q)).await.map(|_| ())
    }

    async fn update(&mut self, user: &User) -> StoreResult<()> {
        let q = Query::update()
            .table(TABLE)
            .values(
                COLUMNS
                    .iter()
                    .skip(1)
                    .copied()
                    .zip(values(user).into_iter().skip(1)),
            )
            .and_where(Expr::col("id").eq(user.id.as_str()))
            .to_owned();
        self.exec_one(build(&q), "User", &user.id).await
    }
}
