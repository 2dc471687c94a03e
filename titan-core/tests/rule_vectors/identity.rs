//! §1 identity and access. Rules:
//! - `identity.parse_nip` `{nip}` → `{nip, masked, parts: {birthDate, appointmentYear, appointmentMonth, gender, sequence} | null}`
//! - `identity.parse_email` `{email}` → `{email, uniqueKey, localPart, domain}`
//! - `identity.check_password` `{password}` → `{accepted: true}`
//! - `identity.can_act` `{status}` → `{canAct: true}`
//! - `identity.authorize` `{actor | null, action, resource}` → `{allowed: true}` or the error
//! - `identity.decide` `{actor | null, action, resource}` → `{allowed, reason?}`

use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Email, UserStatus};
use titan_core::rules::identity::{
    Action, Actor, Resource, authorize, can_act, check_password, decide, parse_nip,
};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NipInput {
    nip: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EmailInput {
    email: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordInput {
    password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusInput {
    status: UserStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthorizeInput {
    #[serde(default)]
    actor: Option<Actor>,
    action: Action,
    #[serde(default = "platform")]
    resource: Resource,
}

fn platform() -> Resource {
    Resource::Platform
}

pub fn run(rule: &str, policy: &Policy, value: &Value) -> Option<Result<Value, CoreError>> {
    let policy = &policy.identity;
    let result = match rule {
        "identity.parse_nip" => {
            let i: NipInput = input(value);
            parse_nip(&i.nip, policy).map(|nip| {
                json!({ "nip": nip.as_str(), "masked": nip.masked(), "parts": output(nip.parts()) })
            })
        }
        "identity.parse_email" => {
            let i: EmailInput = input(value);
            Email::parse(&i.email).map(|email| {
                json!({
                    "email": email.as_str(),
                    "uniqueKey": email.unique_key(),
                    "localPart": email.local_part(),
                    "domain": email.domain(),
                })
            })
        }
        "identity.check_password" => {
            let i: PasswordInput = input(value);
            check_password(&i.password, policy).map(|()| json!({ "accepted": true }))
        }
        "identity.can_act" => {
            let i: StatusInput = input(value);
            can_act(i.status).map(|()| json!({ "canAct": true }))
        }
        "identity.authorize" => {
            let i: AuthorizeInput = input(value);
            authorize(i.actor.as_ref(), i.action, &i.resource, policy)
                .map(|()| json!({ "allowed": true }))
        }
        "identity.decide" => {
            let i: AuthorizeInput = input(value);
            Ok(output(decide(
                i.actor.as_ref(),
                i.action,
                &i.resource,
                policy,
            )))
        }
        _ => return None,
    };
    Some(result.map_err(CoreError::from))
}
