//! Vector dispatcher of SPEC §11, xAPI, learner activity and notifications (`xapi.*`).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::events::DomainEvent;
use titan_core::model::XapiOutbox;
use titan_core::rules::xapi::{
    DeliveryOutcome, NotificationContext, StatementContext, apply_delivery_result, backlog_stats,
    build_statement, classify_delivery, is_due, next_attempt, notifications_for, outbox_row,
    reminder_due, requeue, session_reminder, statement_id, validate_statement,
};
use titan_core::{CoreError, Lang, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatementInput {
    event: DomainEvent,
    #[serde(default)]
    context: StatementContext,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ValidateInput {
    statement: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdInput {
    platform_iri: Option<String>,
    idempotency_key: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventInput {
    event: DomainEvent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActivityInput {
    event: DomainEvent,
    id: String,
    entity_title: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutboxInput {
    event: DomainEvent,
    statement: Value,
    id: String,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClassifyInput {
    http_status: Option<u16>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NextAttemptInput {
    attempts: u32,
    #[serde(default)]
    jitter: f64,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryInput {
    row: XapiOutbox,
    outcome: DeliveryOutcome,
    error: Option<String>,
    now: DateTime<Utc>,
    #[serde(default)]
    jitter: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowInput {
    row: XapiOutbox,
    now: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowsInput {
    rows: Vec<XapiOutbox>,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NotifyInput {
    event: DomainEvent,
    #[serde(default)]
    context: NotificationContext,
    #[serde(default)]
    lang: Lang,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReminderInput {
    user_id: String,
    session_id: String,
    session_title: String,
    starts_at: DateTime<Utc>,
    #[serde(default)]
    timezones: Vec<Option<String>>,
    #[serde(default)]
    lang: Lang,
    now: Option<DateTime<Utc>>,
}

pub fn run(rule: &str, policy: &Policy, input_value: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.xapi;
    let result: Result<Value, CoreError> = match rule {
        // The statement and its canonical text (sorted keys, compact): the bytes every
        // language must produce.
        "xapi.build_statement" => {
            let i: StatementInput = input(input_value);
            build_statement(&i.event, &i.context, p)
                .map(|s| {
                    let text = serde_json::to_string(&s).unwrap_or_default();
                    json!({ "statement": s, "json": text })
                })
                .map_err(CoreError::from)
        }
        "xapi.validate_statement" => {
            validate_statement(&input::<ValidateInput>(input_value).statement)
                .map(|()| json!({ "valid": true }))
                .map_err(CoreError::from)
        }
        "xapi.statement_id" => {
            let i: IdInput = input(input_value);
            let iri = i.platform_iri.unwrap_or_else(|| p.platform_iri.clone());
            Ok(json!({ "id": statement_id(&iri, &i.idempotency_key) }))
        }
        "xapi.idempotency_key" => {
            let e = input::<EventInput>(input_value).event;
            Ok(json!({
                "idempotencyKey": e.idempotency_key(),
                "activityType": e.activity_type(),
                "statementId": statement_id(&p.platform_iri, &e.idempotency_key()),
            }))
        }
        "xapi.learner_activity" => {
            let i: ActivityInput = input(input_value);
            Ok(output(
                i.event.learner_activity(i.id, i.entity_title.as_deref()),
            ))
        }
        "xapi.outbox_row" => {
            let i: OutboxInput = input(input_value);
            Ok(output(outbox_row(&i.event, i.statement, i.id, i.now)))
        }
        "xapi.classify_delivery" => {
            let i: ClassifyInput = input(input_value);
            Ok(json!({ "outcome": classify_delivery(i.http_status, p) }))
        }
        "xapi.next_attempt" => {
            let i: NextAttemptInput = input(input_value);
            let at = next_attempt(i.attempts, i.jitter, i.now, p);
            Ok(json!({ "at": at, "delayMs": (at - i.now).num_milliseconds() }))
        }
        "xapi.apply_delivery_result" => {
            let i: DeliveryInput = input(input_value);
            apply_delivery_result(&i.row, i.outcome, i.error.as_deref(), i.now, i.jitter, p)
                .map(output)
                .map_err(CoreError::from)
        }
        "xapi.requeue" => requeue(&input::<RowInput>(input_value).row)
            .map(output)
            .map_err(CoreError::from),
        "xapi.is_due" => {
            let i: RowInput = input(input_value);
            Ok(json!({ "due": is_due(&i.row, i.now.unwrap_or_default()) }))
        }
        "xapi.backlog_stats" => {
            let i: RowsInput = input(input_value);
            Ok(output(backlog_stats(&i.rows, i.now)))
        }
        "xapi.notifications_for" => {
            let i: NotifyInput = input(input_value);
            Ok(output(notifications_for(&i.event, &i.context, i.lang)))
        }
        "xapi.session_reminder" => {
            let i: ReminderInput = input(input_value);
            let zones: Vec<Option<&str>> = i.timezones.iter().map(Option::as_deref).collect();
            let draft = session_reminder(
                &i.user_id,
                &i.session_id,
                &i.session_title,
                i.starts_at,
                &zones,
                i.lang,
            );
            let due = i.now.map(|now| reminder_due(i.starts_at, now, p));
            Ok(json!({ "draft": draft, "due": due }))
        }
        _ => return None,
    };
    Some(result)
}
