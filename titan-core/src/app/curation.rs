//! YouTube curation (SPEC §10): a curator starts a session, the external AI workflow ingests
//! scored candidates, the curator selects videos (by hand or by assembling a playlist to the
//! target duration) and finalises the session into a course.
//!
//! Decisions where SPEC is silent:
//! - **Ownership**: the session records its creator (Titan's nullable `createdBy`). Its creator,
//!   the `ADMIN_UNIT` of the creator's unit and `SUPER_ADMIN` manage it
//!   (`MANAGE_CURATION_SESSION`); a session without a creator (a row of the original app) is
//!   `SUPER_ADMIN`'s only. The workflow's callbacks ([`Titan::ingest_curation_candidates`],
//!   [`Titan::advance_curation_session`]) also accept [`Actor::System`]: the facade that
//!   authenticated the webhook acts as the platform. Calling the workflow is the caller's job.
//! - **Ingest**: Titan recomputes every overall score and recommendation from the four
//!   sub-scores (policy weights); a candidate whose channel fails the session's lists is stored
//!   as `exclude`. A batch is all or nothing; a video already in the session is updated in
//!   place (its selection and order stay); a batch moves a `searching` session to `scoring`,
//!   and `finished` moves it on to `ready`.
//! - **Selection**: allowed until the session is finalised; a candidate of an excluded channel
//!   is refused (`CURATION_CHANNEL_EXCLUDED`), one the scores exclude may be chosen by hand.
//!   Selecting appends (legacy: `orderInPlaylist` = selected count + 1), or inserts at a
//!   position; orders stay dense 1..n.
//! - **Finalisation** goes through [`Titan::finalize_curation_session`] only: the course is
//!   taught by the session's creator (the actor when there is none), filed under the category
//!   with slug `ai-curated` when a `SUPER_ADMIN` has created one, its slug made unique; module
//!   and course minutes follow the catalog's duration rule.

mod playlist;

use serde::{Deserialize, Serialize};

use super::users::clean;
use super::{Actor, Error, Result, Titan, read_tx, write_tx};
use crate::error::ValidationError;
use crate::model::{
    Course, CurationStatus, Lesson, Module, Recommendation, User, YtCurationCandidate,
    YtCurationSession,
};
use crate::ports::UnitOfWork;
use crate::rules::curation::{
    CandidateScores, ChannelFilter, CurationError, CurationPolicy, advance_session, apply_scores,
    duration_band, score_candidate,
};
use crate::rules::identity::{Action, OwnerFacts, Resource};

/// The longest topic, in characters.
pub const CURATION_TOPIC_MAX_CHARS: usize = 200;

/// The slug of the category finalised courses are filed under, when it exists.
pub const CURATED_CATEGORY_SLUG: &str = "ai-curated";

/// What a curator asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CurationSessionInput {
    /// What the videos are about (required).
    pub topic: String,
    /// Default "Bahasa Indonesia".
    pub language: Option<String>,
    /// Free text, e.g. "Pemula" (default "All levels").
    pub level: Option<String>,
    /// Minutes, 1..=1440 (default 60).
    pub target_duration_min: Option<i32>,
    /// Only these channels (case-insensitive); empty = any.
    pub include_channels: Vec<String>,
    /// Never these channels (case-insensitive).
    pub exclude_channels: Vec<String>,
}

impl CurationSessionInput {
    /// A session on `topic` with the defaults.
    #[must_use]
    pub fn new(topic: impl Into<String>) -> Self {
        Self {
            topic: topic.into(),
            ..Self::default()
        }
    }
}

/// One video as the AI workflow scored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateInput {
    /// YouTube id (required; unique within the session).
    pub video_id: String,
    /// Title (required).
    pub video_title: String,
    /// Watch URL.
    #[serde(default)]
    pub video_url: Option<String>,
    /// Thumbnail URL.
    #[serde(default)]
    pub video_thumbnail: Option<String>,
    /// Channel name (checked against the session's lists).
    #[serde(default)]
    pub channel_title: Option<String>,
    /// Publication instant.
    #[serde(default)]
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Seconds (≥ 0; unknown or 0 keeps the video out of assembled playlists).
    #[serde(default)]
    pub duration_seconds: Option<i32>,
    /// 0..=100.
    pub relevance_score: i32,
    /// 0..=100.
    pub level_fit_score: i32,
    /// 0..=100.
    pub pedagogy_score: i32,
    /// 0..=100.
    pub technical_score: i32,
    /// Who the video suits.
    #[serde(default)]
    pub role_suggestion: Option<String>,
    /// JSON list of topics.
    #[serde(default)]
    pub key_topics: Option<serde_json::Value>,
    /// JSON list of prerequisites.
    #[serde(default)]
    pub prerequisites: Option<serde_json::Value>,
    /// Summary (becomes the lesson's description).
    #[serde(default)]
    pub ai_summary: Option<String>,
    /// Notes for the curator.
    #[serde(default)]
    pub ai_notes: Option<String>,
}

/// A batch of scored candidates from the workflow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CandidateBatch {
    /// The candidates, in the order the search ranked them.
    pub candidates: Vec<CandidateInput>,
    /// The workflow is done: the session moves on to `ready`.
    pub finished: bool,
}

/// What an ingest did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestReport {
    /// The session after the ingest (status, `totalCandidates`).
    pub session: YtCurationSession,
    /// The batch's candidates as stored, in batch order.
    pub candidates: Vec<YtCurationCandidate>,
    /// New videos.
    pub inserted: usize,
    /// Videos already in the session, updated.
    pub updated: usize,
    /// Candidates stored as `exclude` because of their channel.
    pub channel_excluded: usize,
}

/// A session's candidates grouped by recommendation, as a curator reviews them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateBoard {
    /// The session.
    pub session: YtCurationSession,
    /// `include`: selected first, then by overall score (highest first), then stored order.
    pub include: Vec<YtCurationCandidate>,
    /// `maybe` (and candidates without a recommendation), same order.
    pub maybe: Vec<YtCurationCandidate>,
    /// `exclude`, same order.
    pub exclude: Vec<YtCurationCandidate>,
    /// The playlist so far: selected candidates by `orderInPlaylist`.
    pub selected: Vec<YtCurationCandidate>,
    /// Sum of the selected videos' known durations, seconds.
    pub selected_duration_seconds: i64,
}

/// What finalising wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizedCuration {
    /// The session, now finalized.
    pub session: YtCurationSession,
    /// The new course (draft; *legacy*: published).
    pub course: Course,
    /// Its one module.
    pub module: Module,
    /// One VIDEO lesson per selected candidate, in playlist order.
    pub lessons: Vec<Lesson>,
}

fn channel_list(field: &'static str, names: &[String]) -> Result<Option<String>> {
    let mut kept = Vec::with_capacity(names.len());
    for name in names {
        if name.contains(',') {
            return Err(ValidationError::InvalidFormat {
                field,
                expected: "channel names without commas",
            }
            .into());
        }
        if let Some(name) = clean(Some(name)) {
            kept.push(name);
        }
    }
    Ok((!kept.is_empty()).then(|| kept.join(", ")))
}

/// The selected candidates in playlist order (missing orders last, then stored order).
fn selected_in_order(candidates: &[YtCurationCandidate]) -> Vec<&YtCurationCandidate> {
    let mut selected: Vec<&YtCurationCandidate> = candidates
        .iter()
        .filter(|c| c.selected == Some(true))
        .collect();
    selected.sort_by_key(|c| (c.order_in_playlist.is_none(), c.order_in_playlist));
    selected
}

fn check_candidate(input: &CandidateInput, policy: &CurationPolicy) -> Result<(String, String)> {
    let video_id =
        clean(Some(&input.video_id)).ok_or(ValidationError::Required { field: "videoId" })?;
    let title = clean(Some(&input.video_title)).ok_or(ValidationError::Required {
        field: "videoTitle",
    })?;
    if let Some(d) = input.duration_seconds
        && d < 0
    {
        return Err(ValidationError::OutOfRange {
            field: "durationSeconds",
            value: d.to_string(),
            min: "0".into(),
            max: i32::MAX.to_string(),
        }
        .into());
    }
    let scores = CandidateScores {
        relevance: input.relevance_score,
        level_fit: input.level_fit_score,
        pedagogy: input.pedagogy_score,
        technical: input.technical_score,
    };
    // Name the video: a new candidate's id means nothing to the workflow yet.
    match score_candidate(&scores, policy) {
        Ok(_) => Ok((video_id, title)),
        Err(CurationError::InvalidScore { field, value, .. }) => Err(CurationError::InvalidScore {
            candidate_id: Some(video_id),
            field,
            value,
        }
        .into()),
        Err(other) => Err(other.into()),
    }
}

impl Titan {
    /// Loads a session (locked when `lock`) and authorises managing it: its creator, unit admins
    /// of the creator; with `platform_may`, [`Actor::System`] too (the workflow's callbacks).
    async fn curation_session_for(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        session_id: &str,
        lock: bool,
        platform_may: bool,
    ) -> Result<(Option<User>, YtCurationSession)> {
        let session = if lock {
            uow.curation().session_for_update(session_id).await?
        } else {
            uow.curation().session(session_id).await?
        }
        .ok_or_else(|| Error::not_found("YtCurationSession", session_id))?;
        if platform_may && *actor == Actor::System {
            return Ok((None, session));
        }
        let owner_unit = match &session.created_by {
            Some(id) => uow.users().get(id).await?.and_then(|u| u.unit_kerja),
            None => None,
        };
        let owner = OwnerFacts::new(
            session.created_by.clone().unwrap_or_default(),
            owner_unit.as_deref(),
        );
        let me = self
            .authorize(
                uow,
                actor,
                Action::ManageCurationSession,
                &Resource::CurationSession(owner),
            )
            .await?;
        Ok((Some(me), session))
    }

    /// Starts a curation session (`INSTRUCTOR`, `ADMIN_UNIT`, `SUPER_ADMIN`) in status
    /// `searching`, created by the actor. The caller then triggers the external search.
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN`; `VALIDATION_REQUIRED` / `VALIDATION_TOO_LONG` (topic);
    /// `VALIDATION_FORMAT` (a channel name with a comma); `CURATION_INVALID_TARGET`.
    pub async fn create_curation_session(
        &self,
        actor: &Actor,
        input: &CurationSessionInput,
    ) -> Result<YtCurationSession> {
        let topic =
            clean(Some(&input.topic)).ok_or(ValidationError::Required { field: "topic" })?;
        let length = topic.chars().count();
        if length > CURATION_TOPIC_MAX_CHARS {
            return Err(ValidationError::TooLong {
                field: "topic",
                max: CURATION_TOPIC_MAX_CHARS,
                actual: length,
            }
            .into());
        }
        let include = channel_list("includeChannels", &input.include_channels)?;
        let exclude = channel_list("excludeChannels", &input.exclude_channels)?;
        let target = input.target_duration_min.unwrap_or(60);
        duration_band(target, &self.policy().curation)?;
        write_tx!(self, |uow| {
            let me = self
                .authorize(
                    uow,
                    actor,
                    Action::CreateCurationSession,
                    &Resource::Platform,
                )
                .await?;
            let mut session =
                YtCurationSession::new(self.ids().uuid(), self.ids().uuid(), &topic, self.now());
            if let Some(language) = clean(input.language.as_deref()) {
                session.language = Some(language);
            }
            if let Some(level) = clean(input.level.as_deref()) {
                session.level = Some(level);
            }
            session.target_duration_min = target;
            session.include_channels = include.clone();
            session.exclude_channels = exclude.clone();
            session.created_by = Some(me.id.clone());
            uow.curation().insert_session(&session).await?;
            Ok(session)
        })
    }

    /// The sessions the actor started, oldest first.
    ///
    /// # Errors
    /// `IDENTITY_FORBIDDEN` (roles that cannot curate).
    pub async fn my_curation_sessions(&self, actor: &Actor) -> Result<Vec<YtCurationSession>> {
        read_tx!(self, |uow| {
            let me = self
                .authorize(
                    uow,
                    actor,
                    Action::CreateCurationSession,
                    &Resource::Platform,
                )
                .await?;
            Ok(uow.curation().sessions_created_by(&me.id).await?)
        })
    }

    /// Stores a batch of scored candidates (the workflow as [`Actor::System`], or the session's
    /// managers): scores checked (0..=100), overall and recommendation recomputed, channels
    /// filtered, one row per (session, video) — a known video is updated. See the module doc.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `CURATION_SESSION_FINALIZED`; `CURATION_INVALID_SCORE`
    /// (naming the video id); `VALIDATION_REQUIRED` (videoId, videoTitle);
    /// `VALIDATION_OUT_OF_RANGE` (negative duration).
    pub async fn ingest_curation_candidates(
        &self,
        actor: &Actor,
        session_id: &str,
        batch: &CandidateBatch,
    ) -> Result<IngestReport> {
        let mut checked = Vec::with_capacity(batch.candidates.len());
        for input in &batch.candidates {
            checked.push(check_candidate(input, &self.policy().curation)?);
        }
        write_tx!(self, |uow| {
            let (_, mut session) = self
                .curation_session_for(uow, actor, session_id, true, true)
                .await?;
            if session.status == CurationStatus::Finalized {
                return Err(CurationError::SessionFinalized.into());
            }
            let now = self.now();
            let policy = &self.policy().curation;
            let filter = ChannelFilter::for_session(&session);
            let (mut inserted, mut updated, mut channel_excluded) = (0, 0, 0);
            let mut stored = Vec::with_capacity(checked.len());
            for (input, (video_id, title)) in batch.candidates.iter().zip(&checked) {
                let existing = uow
                    .curation()
                    .candidate_by_video(&session.id, video_id)
                    .await?;
                let is_new = existing.is_none();
                let mut row = existing.unwrap_or_else(|| YtCurationCandidate {
                    id: self.ids().uuid(),
                    session_id: session.id.clone(),
                    video_id: video_id.clone(),
                    video_title: String::new(),
                    video_url: None,
                    video_thumbnail: None,
                    channel_title: None,
                    published_at: None,
                    duration_seconds: None,
                    relevance_score: None,
                    level_fit_score: None,
                    pedagogy_score: None,
                    technical_score: None,
                    overall_score: None,
                    recommendation: None,
                    role_suggestion: None,
                    key_topics: None,
                    prerequisites: None,
                    ai_summary: None,
                    ai_notes: None,
                    selected: Some(false),
                    order_in_playlist: None,
                });
                row.video_title = title.clone();
                row.video_url = clean(input.video_url.as_deref());
                row.video_thumbnail = clean(input.video_thumbnail.as_deref());
                row.channel_title = clean(input.channel_title.as_deref());
                row.published_at = input.published_at;
                row.duration_seconds = input.duration_seconds;
                row.relevance_score = Some(input.relevance_score);
                row.level_fit_score = Some(input.level_fit_score);
                row.pedagogy_score = Some(input.pedagogy_score);
                row.technical_score = Some(input.technical_score);
                row.role_suggestion = clean(input.role_suggestion.as_deref());
                row.key_topics = input.key_topics.clone();
                row.prerequisites = input.prerequisites.clone();
                row.ai_summary = clean(input.ai_summary.as_deref());
                row.ai_notes = clean(input.ai_notes.as_deref());
                let mut row = apply_scores(&row, policy)?;
                if !filter.passes(row.channel_title.as_deref()) {
                    row.recommendation = Some(Recommendation::Exclude);
                    channel_excluded += 1;
                }
                if is_new {
                    uow.curation().insert_candidate(&row).await?;
                    inserted += 1;
                } else {
                    uow.curation().update_candidate(&row).await?;
                    updated += 1;
                }
                stored.push(row);
            }
            if session.status == CurationStatus::Searching {
                session = advance_session(&session, CurationStatus::Scoring, now)?;
            }
            if batch.finished && session.status != CurationStatus::Ready {
                session = advance_session(&session, CurationStatus::Ready, now)?;
            }
            let total = uow
                .curation()
                .candidates_of_session(&session.id)
                .await?
                .len();
            session.total_candidates = Some(i32::try_from(total).unwrap_or(i32::MAX));
            session.updated_at = Some(now);
            uow.curation().update_session(&session).await?;
            Ok(IngestReport {
                session,
                candidates: stored,
                inserted,
                updated,
                channel_excluded,
            })
        })
    }

    /// Moves a session one step: searching → scoring → ready (the workflow as
    /// [`Actor::System`], or the session's managers). Finalising is
    /// [`Titan::finalize_curation_session`]'s alone, since it creates the course.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_*`; `CURATION_INVALID_TRANSITION` (a skip, a step back, anything
    /// from finalized, or `finalized` asked here).
    pub async fn advance_curation_session(
        &self,
        actor: &Actor,
        session_id: &str,
        to: CurationStatus,
    ) -> Result<YtCurationSession> {
        write_tx!(self, |uow| {
            let (_, session) = self
                .curation_session_for(uow, actor, session_id, true, true)
                .await?;
            if to == CurationStatus::Finalized {
                return Err(CurationError::InvalidTransition {
                    from: session.status,
                    to,
                }
                .into());
            }
            let next = advance_session(&session, to, self.now())?;
            uow.curation().update_session(&next).await?;
            Ok(next)
        })
    }

    /// A session's candidates by recommendation, and the playlist so far (its managers).
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`.
    pub async fn curation_candidates(
        &self,
        actor: &Actor,
        session_id: &str,
    ) -> Result<CandidateBoard> {
        read_tx!(self, |uow| {
            let (_, session) = self
                .curation_session_for(uow, actor, session_id, false, false)
                .await?;
            let candidates = uow.curation().candidates_of_session(&session.id).await?;
            let selected: Vec<YtCurationCandidate> = selected_in_order(&candidates)
                .into_iter()
                .cloned()
                .collect();
            let selected_duration_seconds = selected
                .iter()
                .filter_map(|c| c.duration_seconds)
                .filter(|d| *d > 0)
                .map(i64::from)
                .sum();
            let mut ranked = candidates;
            // Stable: equal candidates keep the stored order.
            ranked.sort_by_key(|c| {
                (
                    c.selected != Some(true),
                    std::cmp::Reverse(c.overall_score.unwrap_or(0)),
                )
            });
            let (mut include, mut maybe, mut exclude) = (Vec::new(), Vec::new(), Vec::new());
            for c in ranked {
                match c.recommendation {
                    Some(Recommendation::Include) => include.push(c),
                    Some(Recommendation::Exclude) => exclude.push(c),
                    Some(Recommendation::Maybe) | None => maybe.push(c),
                }
            }
            Ok(CandidateBoard {
                session,
                include,
                maybe,
                exclude,
                selected,
                selected_duration_seconds,
            })
        })
    }
}
