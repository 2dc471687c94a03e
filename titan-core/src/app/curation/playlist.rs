//! Selection, playlist assembly and finalisation of a curation session.

use super::selected_in_order;
use crate::app::{Actor, Error, FinalizedCuration, Result, Titan, write_tx};
use crate::model::{CurationStatus, YtCurationCandidate, YtCurationSession};
use crate::ports::UnitOfWork;
use crate::rules::catalog::{Placement, course_durations, renumber, reorder, slugify, unique_slug};
use crate::rules::curation::{
    ChannelFilter, CurationError, FinalizationIds, Playlist, apply_playlist, assemble_playlist,
    plan_finalization,
};
use crate::rules::identity::{Action, IdentityError};

use super::CURATED_CATEGORY_SLUG;

impl Titan {
    /// Loads a candidate, then its session (locked) and authorises managing it; refuses a
    /// finalized session. Returns the session's candidates as read under the lock.
    async fn candidate_context(
        &self,
        uow: &mut dyn UnitOfWork,
        actor: &Actor,
        candidate_id: &str,
    ) -> Result<(
        YtCurationSession,
        YtCurationCandidate,
        Vec<YtCurationCandidate>,
    )> {
        let missing = || Error::not_found("YtCurationCandidate", candidate_id);
        let first = uow
            .curation()
            .candidate(candidate_id)
            .await?
            .ok_or_else(missing)?;
        let (_, session) = self
            .curation_session_for(uow, actor, &first.session_id, true, false)
            .await?;
        if session.status == CurationStatus::Finalized {
            return Err(CurationError::SessionFinalized.into());
        }
        // Read again under the session's lock.
        let candidates = uow.curation().candidates_of_session(&session.id).await?;
        let candidate = candidates
            .iter()
            .find(|c| c.id == candidate_id)
            .cloned()
            .ok_or_else(missing)?;
        Ok((session, candidate, candidates))
    }

    /// Writes `selected = true` and dense orders for `ids_in_order`, `selected = false` without
    /// an order for every other candidate; returns the playlist in order.
    async fn store_selection(
        &self,
        uow: &mut dyn UnitOfWork,
        candidates: &[YtCurationCandidate],
        ids_in_order: &[String],
        moved: Option<(&str, i32)>,
    ) -> Result<Vec<YtCurationCandidate>> {
        let placements = match moved {
            Some((id, position)) => reorder(ids_in_order, id, position)?,
            None => renumber(
                &ids_in_order
                    .iter()
                    .zip(1_i32..)
                    .map(|(id, order)| Placement {
                        id: id.clone(),
                        order,
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        let mut playlist = Vec::with_capacity(placements.len());
        for c in candidates {
            let order = placements.iter().find(|p| p.id == c.id).map(|p| p.order);
            let next = YtCurationCandidate {
                selected: Some(order.is_some()),
                order_in_playlist: order,
                ..c.clone()
            };
            if next.selected != c.selected || next.order_in_playlist != c.order_in_playlist {
                uow.curation().update_candidate(&next).await?;
            }
            if order.is_some() {
                playlist.push(next);
            }
        }
        playlist.sort_by_key(|c| c.order_in_playlist);
        Ok(playlist)
    }

    /// Adds a candidate to the playlist (its session's managers): at the end, or at
    /// `position` (1-based) shifting the others; an already selected candidate moves to
    /// `position` (or stays). Returns the playlist in order.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CURATION_SESSION_FINALIZED`;
    /// `CURATION_CHANNEL_EXCLUDED`; `CATALOG_POSITION_OUT_OF_RANGE`.
    pub async fn select_curation_candidate(
        &self,
        actor: &Actor,
        candidate_id: &str,
        position: Option<i32>,
    ) -> Result<Vec<YtCurationCandidate>> {
        write_tx!(self, |uow| {
            let (session, candidate, candidates) =
                self.candidate_context(uow, actor, candidate_id).await?;
            if !ChannelFilter::for_session(&session).passes(candidate.channel_title.as_deref()) {
                return Err(CurationError::ChannelExcluded {
                    candidate_id: candidate.id.clone(),
                    channel: candidate.channel_title.clone(),
                }
                .into());
            }
            let mut ids: Vec<String> = selected_in_order(&candidates)
                .into_iter()
                .map(|c| c.id.clone())
                .collect();
            if !ids.contains(&candidate.id) {
                ids.push(candidate.id.clone());
            }
            let moved = position.map(|p| (candidate.id.as_str(), p));
            self.store_selection(uow, &candidates, &ids, moved).await
        })
    }

    /// Takes a candidate out of the playlist (its session's managers); the others close up.
    /// Returns the playlist in order.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CURATION_SESSION_FINALIZED`.
    pub async fn unselect_curation_candidate(
        &self,
        actor: &Actor,
        candidate_id: &str,
    ) -> Result<Vec<YtCurationCandidate>> {
        write_tx!(self, |uow| {
            let (_, candidate, candidates) =
                self.candidate_context(uow, actor, candidate_id).await?;
            let ids: Vec<String> = selected_in_order(&candidates)
                .into_iter()
                .filter(|c| c.id != candidate.id)
                .map(|c| c.id.clone())
                .collect();
            self.store_selection(uow, &candidates, &ids, None).await
        })
    }

    /// Replaces the selection with the best playlist within ±10 % (policy) of the target
    /// duration: the eligible candidates (not excluded by score or channel, duration known)
    /// maximising the total overall score (its managers). Nothing changes when none fits.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CURATION_SESSION_FINALIZED`;
    /// `CURATION_NO_PLAYLIST_FITS` (with the band and the eligible count);
    /// `CURATION_TOO_MANY_CANDIDATES`; `CURATION_INVALID_SCORE`, `CURATION_INVALID_TARGET`
    /// (rows written by others).
    pub async fn assemble_curation_playlist(
        &self,
        actor: &Actor,
        session_id: &str,
    ) -> Result<Playlist> {
        write_tx!(self, |uow| {
            let (_, session) = self
                .curation_session_for(uow, actor, session_id, true, false)
                .await?;
            if session.status == CurationStatus::Finalized {
                return Err(CurationError::SessionFinalized.into());
            }
            let candidates = uow.curation().candidates_of_session(&session.id).await?;
            let playlist = assemble_playlist(&session, &candidates, &self.policy().curation)?;
            for (before, after) in candidates
                .iter()
                .zip(apply_playlist(&candidates, &playlist))
            {
                if before.selected != after.selected
                    || before.order_in_playlist != after.order_in_playlist
                {
                    uow.curation().update_candidate(&after).await?;
                }
            }
            Ok(playlist)
        })
    }

    /// Finalises a `ready` session into a course (its managers): one course "Kursus: {topic}"
    /// (draft; *legacy*: published), one module, one VIDEO lesson per selected candidate in
    /// playlist order, all in the same unit of work as the session's move to `finalized`.
    /// Under concurrent calls exactly one succeeds.
    ///
    /// # Errors
    /// `NOT_FOUND`; `IDENTITY_FORBIDDEN`; `CURATION_INVALID_TRANSITION` (not ready, or already
    /// finalized); `CURATION_NOTHING_SELECTED`.
    pub async fn finalize_curation_session(
        &self,
        actor: &Actor,
        session_id: &str,
    ) -> Result<FinalizedCuration> {
        write_tx!(self, |uow| {
            let (me, session) = self
                .curation_session_for(uow, actor, session_id, true, false)
                .await?;
            let Some(me) = me else {
                return Err(IdentityError::Unauthenticated {
                    action: Action::ManageCurationSession,
                }
                .into());
            };
            let candidates = uow.curation().candidates_of_session(&session.id).await?;
            let selected = candidates
                .iter()
                .filter(|c| c.selected == Some(true))
                .count();
            let ids = FinalizationIds {
                course_id: self.ids().uuid(),
                module_id: self.ids().uuid(),
                lesson_ids: (0..selected).map(|_| self.ids().uuid()).collect(),
            };
            let instructor = match &session.created_by {
                Some(id) if uow.users().get(id).await?.is_some() => id.clone(),
                _ => me.id.clone(),
            };
            let plan = plan_finalization(
                &session,
                &candidates,
                &ids,
                &instructor,
                self.now(),
                &self.policy().curation,
            )?;
            let mut course = plan.course;
            let base = slugify(&course.title);
            course.slug = unique_slug(&base, uow.catalog().slugs_like(&base).await?);
            course.category_id = uow
                .catalog()
                .categories()
                .await?
                .into_iter()
                .find(|c| c.slug == CURATED_CATEGORY_SLUG)
                .map(|c| c.id);
            let mut module = plan.module;
            let durations = course_durations(std::slice::from_ref(&module), &plan.lessons);
            module.duration = durations.modules.first().map(|m| m.minutes);
            course.duration = Some(durations.minutes);
            uow.catalog().insert_course(&course).await?;
            uow.catalog().insert_module(&module).await?;
            for lesson in &plan.lessons {
                uow.catalog().insert_lesson(lesson).await?;
            }
            uow.curation().update_session(&plan.session).await?;
            Ok(FinalizedCuration {
                session: plan.session,
                course,
                module,
                lessons: plan.lessons,
            })
        })
    }
}
