//! Vector dispatcher of SPEC §9 (feedback surveys): rules `survey.*`.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use titan_core::model::FeedbackSurvey;
use titan_core::rules::survey::{self, ReportEntry, RespondentFacts, SurveyAnswer};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResponseInput {
    survey: FeedbackSurvey,
    facts: RespondentFacts,
    answer: SurveyAnswer,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActiveInput {
    surveys: Vec<FeedbackSurvey>,
    course_id: String,
    session_id: Option<String>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportInput {
    entries: Vec<ReportEntry>,
    now: DateTime<Utc>,
}

pub fn run(rule: &str, policy: &Policy, i: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.survey;
    let outcome = match rule {
        "survey.validate_response" => {
            let x: ResponseInput = input(i);
            survey::validate_response(&x.survey, &x.facts, x.answer, p, x.now).map(output)
        }
        "survey.active_survey" => {
            let x: ActiveInput = input(i);
            Ok(output(survey::active_survey(
                &x.surveys,
                &x.course_id,
                x.session_id.as_deref(),
                x.now,
            )))
        }
        "survey.survey_report" => {
            let x: ReportInput = input(i);
            Ok(output(survey::survey_report(&x.entries, p, x.now)))
        }
        _ => return None,
    };
    Some(outcome)
}
