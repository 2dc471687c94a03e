use async_trait::async_trait;
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::Enrollment;
use titan_core::ports::{EnrolledCourse, EnrollmentRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, double, enum_text, enum_text_as, enum_value, get, get_decimal, get_enum, get_time,
    get_time_opt, insert_sql, time, time_opt, update_sql,
};

const TABLE: &str = "Enrollment";
const COLUMNS: [&str; 8] = [
    "id",
    "userId",
    "courseId",
    "progress",
    "enrolledAt",
    "startedAt",
    "completedAt",
    "status",
];

fn select() -> SelectStatement {
    Query::select()
        .columns(COLUMNS[..7].iter().copied())
        .expr(enum_text("status"))
        .from(TABLE)
        .to_owned()
}

fn decode(row: &PgRow) -> StoreResult<Enrollment> {
    Ok(Enrollment {
        id: get(row, "id")?,
        user_id: get(row, "userId")?,
        course_id: get(row, "courseId")?,
        status: get_enum(row, "status")?,
        progress: get_decimal(row, "progress")?,
        enrolled_at: get_time(row, "enrolledAt")?,
        started_at: get_time_opt(row, "startedAt")?,
        completed_at: get_time_opt(row, "completedAt")?,
    })
}

/// Adds an enrolment's columns and what [`EnrolledCourse`] shows of its course to `q`, which
/// joins `"Enrollment"` and `"Course"`; read back by [`decode_enrolled_course`]. The enrolment's
/// `id` and `status` are aliased, so the statement may also select a user's (the dashboard).
pub(super) fn enrolled_course_columns(q: &mut SelectStatement) {
    q.expr_as(Expr::col((TABLE, "id")), "enrollmentId")
        .columns(COLUMNS[1..7].iter().map(|c| (TABLE, *c)))
        .expr(enum_text_as(TABLE, "status", "enrollmentStatus"))
        .expr_as(Expr::col(("Course", "title")), "courseTitle")
        .expr_as(Expr::col(("Course", "slug")), "courseSlug")
        .expr_as(Expr::col(("Course", "thumbnail")), "courseThumbnail")
        .expr(enum_text_as("Course", "deliveryMode", "courseDeliveryMode"));
}

/// A row selected with [`enrolled_course_columns`].
pub(super) fn decode_enrolled_course(row: &PgRow) -> StoreResult<EnrolledCourse> {
    Ok(EnrolledCourse {
        enrollment: Enrollment {
            id: get(row, "enrollmentId")?,
            user_id: get(row, "userId")?,
            course_id: get(row, "courseId")?,
            status: get_enum(row, "enrollmentStatus")?,
            progress: get_decimal(row, "progress")?,
            enrolled_at: get_time(row, "enrolledAt")?,
            started_at: get_time_opt(row, "startedAt")?,
            completed_at: get_time_opt(row, "completedAt")?,
        },
        title: get(row, "courseTitle")?,
        slug: get(row, "courseSlug")?,
        thumbnail: get(row, "courseThumbnail")?,
        delivery_mode: get_enum(row, "courseDeliveryMode")?,
    })
}

fn values(e: &Enrollment) -> Vec<SimpleExpr> {
    vec![
        Expr::val(e.id.clone()),
        Expr::val(e.user_id.clone()),
        Expr::val(e.course_id.clone()),
        Expr::val(double(e.progress)),
        Expr::val(time(e.enrolled_at)),
        Expr::val(time_opt(e.started_at)),
        Expr::val(time_opt(e.completed_at)),
        enum_value("EnrollmentStatus", e.status.as_str()),
    ]
}

fn of(user_id: &str, course_id: &str) -> SelectStatement {
    select()
        .and_where(Expr::col("userId").eq(user_id))
        .and_where(Expr::col("courseId").eq(course_id))
        .to_owned()
}

#[async_trait]
impl EnrollmentRepository for PgUnitOfWork {
    async fn get(&mut self, user_id: &str, course_id: &str) -> StoreResult<Option<Enrollment>> {
        self.one(build(&of(user_id, course_id)), decode).await
    }

    async fn get_for_update(
        &mut self,
        user_id: &str,
        course_id: &str,
    ) -> StoreResult<Option<Enrollment>> {
        let sql = self.locked(of(user_id, course_id));
        self.one(sql, decode).await
    }

    async fn of_user(&mut self, user_id: &str) -> StoreResult<Vec<Enrollment>> {
        let q = select()
            .and_where(Expr::col("userId").eq(user_id))
            .order_by("enrolledAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn courses_of_user(&mut self, user_id: &str) -> StoreResult<Vec<EnrolledCourse>> {
        let mut q = Query::select();
        enrolled_course_columns(&mut q);
        q.from(TABLE)
            .inner_join(
                "Course",
                Expr::col(("Course", "id")).equals((TABLE, "courseId")),
            )
            .and_where(Expr::col((TABLE, "userId")).eq(user_id))
            .order_by((TABLE, "enrolledAt"), Order::Asc)
            .order_by((TABLE, "id"), Order::Asc);
        self.all(build(&q), decode_enrolled_course).await
    }

    async fn of_course(&mut self, course_id: &str) -> StoreResult<Vec<Enrollment>> {
        let q = select()
            .and_where(Expr::col("courseId").eq(course_id))
            .order_by("enrolledAt", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode).await
    }

    async fn seats_taken(&mut self, course_id: &str) -> StoreResult<u32> {
        let q = Query::select()
            .expr(Expr::col("id").count())
            .from(TABLE)
            .and_where(Expr::col("courseId").eq(course_id))
            .and_where(Expr::col("status").ne(enum_value("EnrollmentStatus", "DROPPED")))
            .to_owned();
        let n: Option<i64> = self.one(build(&q), |r| get(r, "count")).await?;
        Ok(u32::try_from(n.unwrap_or(0)).unwrap_or(u32::MAX))
    }

    async fn insert(&mut self, enrollment: &Enrollment) -> StoreResult<()> {
        let sql = insert_sql(TABLE, &COLUMNS, values(enrollment))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update(&mut self, enrollment: &Enrollment) -> StoreResult<()> {
        let sql = update_sql(TABLE, &COLUMNS, values(enrollment), &enrollment.id);
        self.exec_one(sql, "Enrollment", &enrollment.id).await
    }
}
