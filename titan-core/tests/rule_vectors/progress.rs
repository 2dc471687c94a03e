//! Dispatcher for the `progress.*` rule vectors (SPEC §3).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Enrollment, Lesson, Progress};
use titan_core::rules::progress::{
    self, CompletionEvidence, EnrollmentFacts, Heartbeat, ManualCompletion, VideoState,
};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordHeartbeat {
    #[serde(default)]
    state: VideoState,
    lesson_duration_s: Option<i32>,
    #[serde(flatten)]
    heartbeat: Heartbeat,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompleteLesson {
    lesson: Lesson,
    evidence: CompletionEvidence,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manual {
    actor_id: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApplyCompletion {
    progress: Progress,
    manual: Option<ManualCompletion>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    enrollment: Enrollment,
    new_progress: Decimal,
    #[serde(default)]
    criteria_met: bool,
    #[serde(default)]
    activity: bool,
    now: DateTime<Utc>,
}

pub fn run(rule: &str, policy: &Policy, raw: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.progress;
    let result = match rule {
        "progress.record_heartbeat" => {
            let i: RecordHeartbeat = input(raw);
            progress::record_heartbeat(&i.state, i.lesson_duration_s, &i.heartbeat, p).map(output)
        }
        "progress.complete_lesson" => {
            let i: CompleteLesson = input(raw);
            progress::complete_lesson(&i.lesson, &i.evidence, p)
                .map(|()| json!({"completed": true}))
        }
        "progress.complete_lesson_manually" => {
            let i: Manual = input(raw);
            progress::complete_lesson_manually(&i.actor_id, &i.reason).map(output)
        }
        "progress.apply_completion" => {
            let i: ApplyCompletion = input(raw);
            Ok(output(progress::apply_completion(
                &i.progress,
                i.manual.as_ref(),
                i.now,
            )))
        }
        "progress.compute_enrollment_progress" => {
            let facts: EnrollmentFacts = input(raw);
            Ok(json!({ "progress": output(progress::compute_enrollment_progress(&facts, p)) }))
        }
        "progress.completion_criteria" => {
            let facts: EnrollmentFacts = input(raw);
            Ok(output(progress::completion_criteria(&facts, p)))
        }
        "progress.evaluate_enrollment" => {
            let facts: EnrollmentFacts = input(raw);
            Ok(output(progress::evaluate_enrollment(&facts, p)))
        }
        "progress.advance_enrollment" => {
            let i: Advance = input(raw);
            progress::advance_enrollment(
                &i.enrollment,
                i.new_progress,
                i.criteria_met,
                i.activity,
                i.now,
            )
            .map(output)
        }
        _ => return None,
    };
    Some(result.map_err(CoreError::from))
}
