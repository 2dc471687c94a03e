//! Vector dispatcher for SPEC §7 certificates (`certificate.*`).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use titan_core::model::{Certificate, User};
use titan_core::rules::certificate::{
    CourseFacts, IssueRequest, RANDOM_BYTES, certificate_number, format_verification_code,
    issue_certificate, normalize_lookup_code, revoke, sequence_year, verification_code, verify,
};
use titan_core::{CoreError, Policy};

use crate::{input, output};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IssueInput {
    #[serde(default)]
    existing: Option<Certificate>,
    request: IssueRequest,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NumberInput {
    now: DateTime<Utc>,
    #[serde(default)]
    seq: u32,
    #[serde(default)]
    random: [u8; RANDOM_BYTES],
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RandomInput {
    random: [u8; RANDOM_BYTES],
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeInput {
    code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeInput {
    certificate: Certificate,
    actor_id: String,
    reason: String,
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyInput {
    #[serde(default)]
    certificate: Option<Certificate>,
    #[serde(default)]
    holder: Option<User>,
    #[serde(default)]
    course: Option<CourseFacts>,
    now: DateTime<Utc>,
}

pub fn run(rule: &str, policy: &Policy, value: &Value) -> Option<Result<Value, CoreError>> {
    let p = &policy.certificate;
    let out = match rule {
        "certificate.issue_certificate" => {
            let i: IssueInput = input(value);
            issue_certificate(i.existing.as_ref(), &i.request, i.now, p)
                .map(output)
                .map_err(CoreError::from)
        }
        "certificate.certificate_number" => {
            let i: NumberInput = input(value);
            certificate_number(p, i.now, i.seq, &i.random)
                .map(|n| json!({ "certificateNo": n, "sequenceYear": sequence_year(i.now) }))
                .map_err(CoreError::from)
        }
        "certificate.verification_code" => {
            let i: RandomInput = input(value);
            let code = verification_code(&i.random, p.code_scheme);
            Ok(json!({ "code": code, "shown": format_verification_code(&code) }))
        }
        "certificate.normalize_lookup_code" => {
            let i: CodeInput = input(value);
            normalize_lookup_code(&i.code)
                .map(output)
                .map_err(CoreError::from)
        }
        "certificate.revoke" => {
            let i: RevokeInput = input(value);
            revoke(&i.certificate, &i.actor_id, &i.reason, i.now)
                .map(output)
                .map_err(CoreError::from)
        }
        "certificate.verify" => {
            let i: VerifyInput = input(value);
            Ok(output(verify(
                i.certificate.as_ref(),
                i.holder.as_ref(),
                i.course.as_ref(),
                i.now,
            )))
        }
        "certificate.validate_policy" => p
            .validate()
            .map(|()| json!({ "valid": true }))
            .map_err(CoreError::from),
        _ => return None,
    };
    Some(out)
}
