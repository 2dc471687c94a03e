//! The seed's curation tables key their rows by `UUID` columns (`id`, and the candidates'
//! `sessionId`): ids are bound as `CAST($1 AS uuid)` and read back as text. An id that is not a
//! UUID names no row, so it is answered without asking the server (which would refuse the cast).

use async_trait::async_trait;
use sea_query::{
    Expr, ExprTrait, NullOrdering, Order, Query, SelectStatement, SimpleExpr, UpdateStatement,
};
use sqlx::postgres::PgRow;
use titan_core::model::{YtCurationCandidate, YtCurationSession};
use titan_core::ports::{CurationRepository, StoreError, StoreResult};

use crate::PgUnitOfWork;
use crate::codec::{build, get, get_enum, get_enum_opt, get_time_opt, insert_sql, time_opt};

const SESSION: &str = "yt_curation_sessions";
const SESSION_COLUMNS: [&str; 14] = [
    "id",
    "session_uuid",
    "topic",
    "language",
    "level",
    "targetDurationMin",
    "includeChannels",
    "excludeChannels",
    "status",
    "totalCandidates",
    "createdAt",
    "updatedAt",
    "processedAt",
    "createdBy",
];

const CANDIDATE: &str = "yt_curation_candidates";
const CANDIDATE_COLUMNS: [&str; 22] = [
    "id",
    "sessionId",
    "videoId",
    "videoTitle",
    "videoUrl",
    "videoThumbnail",
    "channelTitle",
    "publishedAt",
    "durationSeconds",
    "relevanceScore",
    "levelFitScore",
    "pedagogyScore",
    "technicalScore",
    "overallScore",
    "recommendation",
    "roleSuggestion",
    "keyTopics",
    "prerequisites",
    "aiSummary",
    "aiNotes",
    "selected",
    "orderInPlaylist",
];

/// Whether PostgreSQL reads `s` as a UUID in its hyphenated form (either case).
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// `id` bound as a UUID.
fn uuid(id: &str) -> SimpleExpr {
    Expr::cust_with_values("CAST($1 AS uuid)", [id])
}

/// A UUID column selected as text under its own name (a column name of this file).
fn uuid_text(column: &str) -> SimpleExpr {
    Expr::cust(format!("\"{column}\"::text AS \"{column}\""))
}

fn select_sessions() -> SelectStatement {
    Query::select()
        .expr(uuid_text("id"))
        .columns(SESSION_COLUMNS[1..].iter().copied())
        .from(SESSION)
        .to_owned()
}

fn decode_session(row: &PgRow) -> StoreResult<YtCurationSession> {
    Ok(YtCurationSession {
        id: get(row, "id")?,
        session_uuid: get(row, "session_uuid")?,
        topic: get(row, "topic")?,
        language: get(row, "language")?,
        level: get(row, "level")?,
        target_duration_min: get(row, "targetDurationMin")?,
        include_channels: get(row, "includeChannels")?,
        exclude_channels: get(row, "excludeChannels")?,
        status: get_enum(row, "status")?,
        total_candidates: get(row, "totalCandidates")?,
        created_at: get_time_opt(row, "createdAt")?,
        updated_at: get_time_opt(row, "updatedAt")?,
        processed_at: get_time_opt(row, "processedAt")?,
        created_by: get(row, "createdBy")?,
    })
}

fn session_values(s: &YtCurationSession) -> Vec<SimpleExpr> {
    vec![
        uuid(&s.id),
        Expr::val(s.session_uuid.clone()),
        Expr::val(s.topic.clone()),
        Expr::val(s.language.clone()),
        Expr::val(s.level.clone()),
        Expr::val(s.target_duration_min),
        Expr::val(s.include_channels.clone()),
        Expr::val(s.exclude_channels.clone()),
        Expr::val(s.status.as_str()),
        Expr::val(s.total_candidates),
        Expr::val(time_opt(s.created_at)),
        Expr::val(time_opt(s.updated_at)),
        Expr::val(time_opt(s.processed_at)),
        Expr::val(s.created_by.clone()),
    ]
}

fn select_candidates() -> SelectStatement {
    Query::select()
        .expr(uuid_text("id"))
        .expr(uuid_text("sessionId"))
        .columns(CANDIDATE_COLUMNS[2..].iter().copied())
        .from(CANDIDATE)
        .to_owned()
}

fn decode_candidate(row: &PgRow) -> StoreResult<YtCurationCandidate> {
    Ok(YtCurationCandidate {
        id: get(row, "id")?,
        session_id: get(row, "sessionId")?,
        video_id: get(row, "videoId")?,
        video_title: get(row, "videoTitle")?,
        video_url: get(row, "videoUrl")?,
        video_thumbnail: get(row, "videoThumbnail")?,
        channel_title: get(row, "channelTitle")?,
        published_at: get_time_opt(row, "publishedAt")?,
        duration_seconds: get(row, "durationSeconds")?,
        relevance_score: get(row, "relevanceScore")?,
        level_fit_score: get(row, "levelFitScore")?,
        pedagogy_score: get(row, "pedagogyScore")?,
        technical_score: get(row, "technicalScore")?,
        overall_score: get(row, "overallScore")?,
        recommendation: get_enum_opt(row, "recommendation")?,
        role_suggestion: get(row, "roleSuggestion")?,
        key_topics: get(row, "keyTopics")?,
        prerequisites: get(row, "prerequisites")?,
        ai_summary: get(row, "aiSummary")?,
        ai_notes: get(row, "aiNotes")?,
        selected: get(row, "selected")?,
        order_in_playlist: get(row, "orderInPlaylist")?,
    })
}

fn candidate_values(c: &YtCurationCandidate) -> Vec<SimpleExpr> {
    vec![
        uuid(&c.id),
        uuid(&c.session_id),
        Expr::val(c.video_id.clone()),
        Expr::val(c.video_title.clone()),
        Expr::val(c.video_url.clone()),
        Expr::val(c.video_thumbnail.clone()),
        Expr::val(c.channel_title.clone()),
        Expr::val(time_opt(c.published_at)),
        Expr::val(c.duration_seconds),
        Expr::val(c.relevance_score),
        Expr::val(c.level_fit_score),
        Expr::val(c.pedagogy_score),
        Expr::val(c.technical_score),
        Expr::val(c.overall_score),
        Expr::val(c.recommendation.map(|r| r.as_str())),
        Expr::val(c.role_suggestion.clone()),
        Expr::val(c.key_topics.clone()),
        Expr::val(c.prerequisites.clone()),
        Expr::val(c.ai_summary.clone()),
        Expr::val(c.ai_notes.clone()),
        Expr::val(c.selected),
        Expr::val(c.order_in_playlist),
    ]
}

/// `UPDATE table SET columns[1..] = values[1..] WHERE id = id` (the first column is the id).
fn update_by_uuid(
    table: &'static str,
    columns: &[&'static str],
    values: Vec<SimpleExpr>,
    id: &str,
) -> UpdateStatement {
    Query::update()
        .table(table)
        .values(columns.iter().copied().zip(values).skip(1))
        .and_where(Expr::col("id").eq(uuid(id)))
        .to_owned()
}

fn not_found(entity: &'static str, id: &str) -> StoreError {
    StoreError::NotFound {
        entity,
        id: id.to_owned(),
    }
}

/// Runs the update `q` of the row `id` of `entity`; `NotFound` when there is none.
async fn replace(
    uow: &mut PgUnitOfWork,
    q: UpdateStatement,
    entity: &'static str,
    id: &str,
) -> StoreResult<()> {
    if !is_uuid(id) {
        uow.writable()?;
        return Err(not_found(entity, id));
    }
    uow.exec_one(build(&q), entity, id).await
}

#[async_trait]
impl CurationRepository for PgUnitOfWork {
    async fn session(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        if !is_uuid(id) {
            return Ok(None);
        }
        let q = select_sessions()
            .and_where(Expr::col("id").eq(uuid(id)))
            .to_owned();
        self.one(build(&q), decode_session).await
    }

    async fn session_for_update(&mut self, id: &str) -> StoreResult<Option<YtCurationSession>> {
        if !is_uuid(id) {
            return Ok(None);
        }
        let sql = self.locked(
            select_sessions()
                .and_where(Expr::col("id").eq(uuid(id)))
                .to_owned(),
        );
        self.one(sql, decode_session).await
    }

    async fn sessions_created_by(&mut self, user_id: &str) -> StoreResult<Vec<YtCurationSession>> {
        let q = select_sessions()
            .and_where(Expr::col("createdBy").eq(user_id))
            .order_by_with_nulls("createdAt", Order::Asc, NullOrdering::First)
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_session).await
    }

    async fn insert_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        let sql = insert_sql(SESSION, &SESSION_COLUMNS, session_values(session))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_session(&mut self, session: &YtCurationSession) -> StoreResult<()> {
        let q = update_by_uuid(
            SESSION,
            &SESSION_COLUMNS,
            session_values(session),
            &session.id,
        );
        replace(self, q, SESSION, &session.id).await
    }

    async fn candidate(&mut self, id: &str) -> StoreResult<Option<YtCurationCandidate>> {
        if !is_uuid(id) {
            return Ok(None);
        }
        let q = select_candidates()
            .and_where(Expr::col("id").eq(uuid(id)))
            .to_owned();
        self.one(build(&q), decode_candidate).await
    }

    async fn candidate_by_video(
        &mut self,
        session_id: &str,
        video_id: &str,
    ) -> StoreResult<Option<YtCurationCandidate>> {
        if !is_uuid(session_id) {
            return Ok(None);
        }
        let q = select_candidates()
            .and_where(Expr::col("sessionId").eq(uuid(session_id)))
            .and_where(Expr::col("videoId").eq(video_id))
            .to_owned();
        self.one(build(&q), decode_candidate).await
    }

    async fn candidates_of_session(
        &mut self,
        session_id: &str,
    ) -> StoreResult<Vec<YtCurationCandidate>> {
        if !is_uuid(session_id) {
            return Ok(Vec::new());
        }
        let q = select_candidates()
            .and_where(Expr::col("sessionId").eq(uuid(session_id)))
            .order_by("id", Order::Asc)
            .to_owned();
        self.all(build(&q), decode_candidate).await
    }

    async fn insert_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        let sql = insert_sql(CANDIDATE, &CANDIDATE_COLUMNS, candidate_values(candidate))?;
        self.exec(sql).await.map(|_| ())
    }

    async fn update_candidate(&mut self, candidate: &YtCurationCandidate) -> StoreResult<()> {
        let q = update_by_uuid(
            CANDIDATE,
            &CANDIDATE_COLUMNS,
            candidate_values(candidate),
            &candidate.id,
        );
        replace(self, q, CANDIDATE, &candidate.id).await
    }
}
