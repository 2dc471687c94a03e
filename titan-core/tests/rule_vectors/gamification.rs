//! Vector dispatcher for SPEC §6 gamification (`gamification.*`).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Badge, PointsLedgerEntry};
use titan_core::rules::common::resolve_timezone;
use titan_core::rules::gamification::{
    AwardSource, LeaderboardEntry, LearnerStats, badges_to_award, evaluate, ledger_entry,
    level_for_points, level_threshold, parse_criteria, rank_leaderboard, total_points,
    update_streak,
};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LedgerEntryInput {
    id: String,
    user_id: String,
    source: AwardSource,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntriesInput {
    entries: Vec<PointsLedgerEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PointsInput {
    points: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LevelInput {
    level: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StreakInput {
    #[serde(default)]
    streak: i32,
    #[serde(default)]
    longest_streak: i32,
    last_active_at: Option<DateTime<Utc>>,
    activity_at: DateTime<Utc>,
    #[serde(default)]
    timezone: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CriteriaInput {
    criteria: Value,
    #[serde(default)]
    stats: LearnerStats,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwardInput {
    badges: Vec<Badge>,
    #[serde(default)]
    already_earned_ids: Vec<String>,
    stats: LearnerStats,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeaderboardInput {
    entries: Vec<LeaderboardEntry>,
    #[serde(default)]
    unit_filter: Option<String>,
    top_n: usize,
    #[serde(default)]
    caller_id: Option<String>,
}

pub fn run(rule: &str, policy: &Policy, value: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.gamification;
    let out = match rule {
        "gamification.ledger_entry" => {
            let i: LedgerEntryInput = input(value);
            Ok(output(ledger_entry(i.id, &i.user_id, &i.source, p, i.now)))
        }
        "gamification.total_points" => {
            let i: EntriesInput = input(value);
            Ok(output(total_points(&i.entries)))
        }
        "gamification.level_for_points" => {
            let i: PointsInput = input(value);
            Ok(output(level_for_points(i.points, &p.level_curve)))
        }
        "gamification.level_threshold" => {
            let i: LevelInput = input(value);
            Ok(output(level_threshold(i.level, &p.level_curve)))
        }
        "gamification.update_streak" => {
            let i: StreakInput = input(value);
            let tz = resolve_timezone(&[i.timezone.as_deref()]);
            Ok(output(update_streak(
                i.streak,
                i.longest_streak,
                i.last_active_at,
                i.activity_at,
                tz,
                p,
            )))
        }
        "gamification.parse_criteria" => {
            let i: CriteriaInput = input(value);
            parse_criteria(&i.criteria)
                .map(output)
                .map_err(CoreError::from)
        }
        "gamification.evaluate" => {
            let i: CriteriaInput = input(value);
            parse_criteria(&i.criteria)
                .map(|c| output(evaluate(&c, &i.stats)))
                .map_err(CoreError::from)
        }
        "gamification.badges_to_award" => {
            let i: AwardInput = input(value);
            Ok(output(badges_to_award(
                &i.badges,
                &i.already_earned_ids,
                &i.stats,
            )))
        }
        "gamification.rank_leaderboard" => {
            let i: LeaderboardInput = input(value);
            Ok(output(rank_leaderboard(
                i.entries,
                i.unit_filter.as_deref(),
                i.top_n,
                i.caller_id.as_deref(),
            )))
        }
        "gamification.validate_policy" => p
            .validate()
            .map(|()| json!({ "valid": true }))
            .map_err(CoreError::from),
        _ => return None,
    };
    Some(out)
}
