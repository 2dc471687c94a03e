//! Vector dispatcher of SPEC §10, YouTube curation (`curation.*`).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{CurationStatus, YtCurationCandidate, YtCurationSession};
use titan_core::rules::curation::{
    CandidateScores, ChannelFilter, FinalizationIds, apply_scores, assemble_playlist,
    difficulty_for_level, duration_band, plan_finalization, score_candidate, transition,
};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CandidateInput {
    candidate: YtCurationCandidate,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChannelInput {
    include_channels: Option<String>,
    exclude_channels: Option<String>,
    channel: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BandInput {
    target_minutes: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlaylistInput {
    session: YtCurationSession,
    candidates: Vec<YtCurationCandidate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransitionInput {
    from: CurationStatus,
    to: CurationStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FinalizeInput {
    session: YtCurationSession,
    candidates: Vec<YtCurationCandidate>,
    ids: FinalizationIds,
    instructor_id: String,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LevelInput {
    level: Option<String>,
}

pub fn run(rule: &str, policy: &Policy, input_value: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.curation;
    let result = match rule {
        "curation.score_candidate" => {
            score_candidate(&input::<CandidateScores>(input_value), p).map(output)
        }
        "curation.apply_scores" => {
            apply_scores(&input::<CandidateInput>(input_value).candidate, p).map(output)
        }
        "curation.channel_passes" => {
            let i: ChannelInput = input(input_value);
            let filter = ChannelFilter::from_lists(
                i.include_channels.as_deref(),
                i.exclude_channels.as_deref(),
            );
            Ok(json!({ "passes": filter.passes(i.channel.as_deref()) }))
        }
        "curation.duration_band" => {
            duration_band(input::<BandInput>(input_value).target_minutes, p).map(output)
        }
        "curation.assemble_playlist" => {
            let i: PlaylistInput = input(input_value);
            assemble_playlist(&i.session, &i.candidates, p).map(output)
        }
        "curation.transition" => {
            let i: TransitionInput = input(input_value);
            transition(i.from, i.to).map(|status| json!({ "status": status }))
        }
        "curation.plan_finalization" => {
            let i: FinalizeInput = input(input_value);
            plan_finalization(
                &i.session,
                &i.candidates,
                &i.ids,
                &i.instructor_id,
                i.now,
                p,
            )
            .map(output)
        }
        "curation.difficulty_for_level" => {
            let i: LevelInput = input(input_value);
            Ok(json!({ "difficulty": difficulty_for_level(i.level.as_deref()) }))
        }
        _ => return None,
    };
    Some(result.map_err(CoreError::from))
}
