use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr};
use sqlx::postgres::PgRow;
use titan_core::model::{Attendance, AttendanceToken, CourseSession};
use titan_core::ports::{AttendanceRepository, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{
    build, delete_sql, enum_text, enum_value, get, get_enum, get_time, insert_sql, time, update_sql,
};

const SESSION: &str = "CourseSession";
const SESSION_COLUMNS: [&str; 15] = [
    "id",
    "courseId",
    "title",
    "description",
    "startTime",
    "endTime",
    "location",
    "latitude",
    "longitude",
    "radius",
    "zoomMeetingId",
    "zoomJoinUrl",
    "streamUrl",
    "timezone",
    "type",
];

const RECORD: &str = "Attendance";
const RECORD_COLUMNS: [&str; 12] = [
    "id",
    "sessionId",
    "userId",
    "checkInTime",
    "latitude",
    "longitude",
    "notes",
    "flagged",
    "correctedBy",
    "correctionReason",
    "status",
    "checkInMethod",
];

const TOKEN: &str = "AttendanceToken";
const TOKEN_COLUMNS: [&str; 5] = ["id", "sessionId", "token", "expiresAt", "createdAt"];

fn select_sessions() -> SelectStatement {
    Query::select()
        .columns(SESSION_COLUMNS[..14].iter().copied())
        .expr(enum_text("type"))
        .from(SESSION)
        .to_owned()
}

fn decode_session(row: &PgRow) -> StoreResult<CourseSession> {
    Ok(CourseSession {
        id: get(row, "id")?,
        course_id: get(row, "courseId")?,
        title: get(row, "title")?,
        description: get(row, "description")?,
        session_type: get_enum(row, "type")?,
        start_time: get_time(row, "startTime")?,
        end_time: get_time(row, "endTime")?,
        location: get(row, "location")?,
        latitude: get(row, "latitude")?,
        longitude: get(row, "longitude")?,
        radius: get(row, "radius")?,
        zoom_meeting_id: get(row, "zoomMeetingId")?,
        zoom_join_url: get(row, "zoomJoinUrl")?,
        stream_url: get(row, "streamUrl")?,
        timezone: get(row, "timezone")?,
    })
}

fn session_values(s: &CourseSession) -> Vec<SimpleExpr> {
    vec![
        Expr::val(s.id.clone()),
        Expr::val(s.course_id.clone()),
        Expr::val(s.title.clone()),
        Expr::val(s.description.clone()),
        Expr::val(time(s.start_time)),
        Expr::val(time(s.end_time)),
        Expr::val(s.location.clone()),
        Expr::val(s.latitude),
        Expr::val(s.longitude),
        Expr::val(s.radius),
        Expr::val(s.zoom_meeting_id.clone()),
        Expr::val(s.zoom_join_url.clone()),
        Expr::val(s.stream_url.clone()),
        Expr::val(s.timezone.clone()),
        enum_value("SessionType", s.session_type.as_str()),
    ]
}

fn select_records() -> SelectStatement {
    Query::select()
        .columns(RECORD_COLUMNS[..10].iter().copied())
        .expr(enum_text("status"))
        .expr(enum_text("checkInMethod"))
        .from(RECORD)
        .to_owned()
}

fn decode_record(row: &PgRow) -> StoreResult<Attendance> {
    Ok(Attendance {
        id: get(row, "id")?,
        session_id: get(row, "sessionId")?,
        user_id: get(row, "userId")?,
        status: get_enum(row, "status")?,
        check_in_time: get_time(row, "checkInTime")?,
        check_in_method: get_enum(row, "checkInMethod")?,
        latitude: get(row, "latitude")?,
        longitude: get(row, "longitude")?,
        notes: get(row, "notes")?,
        flagged: get(row, "flagged")?,
        corrected_by: get(row, "correctedBy")?,
        correction_reason: get(row, "correctionReason")?,
    })
}

fn record_values(a: &Attendance) -> Vec<SimpleExpr> {
    vec![
        Expr::val(a.id.clone()),
        Expr::val(a.session_id.clone()),
        Expr::val(a.user_id.clone()),
        Expr::val(time(a.check_in_time)),
        Expr::val(a.latitude),
        Expr::val(a.longitude),
        Expr::val(a.notes.clone()),
        Expr::val(a.flagged),
        Expr::val(a.corrected_by.clone()),
        Expr::val(a.correction_reason.clone()),
        enum_value("AttendanceStatus", a.status.as_str()),
        enum_value("CheckInMethod", a.check_in_method.as_str()),
    ]
}

fn decode_token(row: &PgRow) -> StoreResult<AttendanceToken> {
    Ok(AttendanceToken {
        id: get(row, "id")?,
        session_id: get(row, "sessionId")?,
        token: get(row, "token")?,
        expires_at: get_time(row, "expiresAt")?,
        created_at: get_time(row, "createdAt")?,
    })
}

fn ordered(mut q: SelectStatement, column: &'static str) -> SelectStatement {
    q.order_by(column, Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned()
}

#[async_trait]
impl AttendanceRepository for PgUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<CourseSession>> {
        let q = select_sessions()
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        self.one(build(&q), decode_session).await
    }

    async fn sessions_of_course(&mut self, course_id: &str) -> StoreResult<Vec<CourseSession>> {
        let q = ordered(
            select_sessions()
                .and_where(Expr::col("courseId").eq(course_id))
                .to_owned(),
            "startTime",
        );
        self.all(build(&q), decode_session).await
    }

    async fn sessions_ended_between(
        &mut self,
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        let mut q = select_sessions()
            .and_where(Expr::col("endTime").lte(time(until)))
            .to_owned();
        if let Some(after) = after {
            q.and_where(Expr::col("endTime").gt(time(after)));
        }
        let q = ordered(q, "endTime");
        self.all(build(&q), decode_session).await
    }

    async fn sessions_starting_between(
        &mut self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<CourseSession>> {
        let q = ordered(
            select_sessions()
                .and_where(Expr::col("startTime").gte(time(from)))
                .and_where(Expr::col("startTime").lte(time(until)))
                .to_owned(),
            "startTime",
        );
        self.all(build(&q), decode_session).await
    }

    async fn insert_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        let sql = insert_sql(SESSION, &SESSION_COLUMNS, session_values(session))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_session(&mut self, session: &CourseSession) -> StoreResult<()> {
        let sql = update_sql(
            SESSION,
            &SESSION_COLUMNS,
            session_values(session),
            &session.id,
        );
        self.exec_one(sql, "CourseSession", &session.id).await
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        // Records and tokens go with it (ON DELETE CASCADE).
        self.exec_one(delete_sql(SESSION, id), "CourseSession", id)
            .await
    }

    async fn records_of_user_in_sessions(
        &mut self,
        user_id: &str,
        session_ids: &[String],
    ) -> StoreResult<Vec<Attendance>> {
        if session_ids.is_empty() {
            return Ok(Vec::new());
        }
        let q = ordered(
            select_records()
                .and_where(Expr::col("userId").eq(user_id))
                .and_where(Expr::col("sessionId").is_in(session_ids.iter().cloned()))
                .to_owned(),
            "sessionId",
        );
        self.all(build(&q), decode_record).await
    }

    async fn record(&mut self, session_id: &str, user_id: &str) -> StoreResult<Option<Attendance>> {
        let q = select_records()
            .and_where(Expr::col("sessionId").eq(session_id))
            .and_where(Expr::col("userId").eq(user_id))
            .to_owned();
        self.one(build(&q), decode_record).await
    }

    async fn record_by_id(&mut self, id: &str) -> StoreResult<Option<Attendance>> {
        let q = select_records()
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        self.one(build(&q), decode_record).await
    }

    async fn records_of_session(&mut self, session_id: &str) -> StoreResult<Vec<Attendance>> {
        let q = ordered(
            select_records()
                .and_where(Expr::col("sessionId").eq(session_id))
                .to_owned(),
            "userId",
        );
        self.all(build(&q), decode_record).await
    }

    async fn insert_record(&mut self, record: &Attendance) -> StoreResult<()> {
        let sql = insert_sql(RECORD, &RECORD_COLUMNS, record_values(record))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_record(&mut self, record: &Attendance) -> StoreResult<()> {
        let sql = update_sql(RECORD, &RECORD_COLUMNS, record_values(record), &record.id);
        self.exec_one(sql, "Attendance", &record.id).await
    }

    async fn insert_token(&mut self, token: &AttendanceToken) -> StoreResult<()> {
        let values = vec![
            Expr::val(token.id.clone()),
            Expr::val(token.session_id.clone()),
            Expr::val(token.token.clone()),
            Expr::val(time(token.expires_at)),
            Expr::val(time(token.created_at)),
        ];
        let sql = insert_sql(TOKEN, &TOKEN_COLUMNS, values)?;
        self.exec(sql).await.map(|_| ())
    }

    async fn token_by_value(&mut self, token: &str) -> StoreResult<Option<AttendanceToken>> {
        let q = Query::select()
            .columns(TOKEN_COLUMNS)
            .from(TOKEN)
            .and_where(Expr::col("token").eq(token))
            .to_owned();
        self.one(build(&q), decode_token).await
    }
}
