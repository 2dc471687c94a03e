//! The xAPI 1.0.3 rules a statement must keep before it is stored in the outbox.
//!
//! Checked: `id` is a hyphenated UUID; the actor (and an Agent/Group object) has exactly one
//! inverse functional identifier — `mbox` (`mailto:` with an `@`), `mbox_sha1sum` (40 hex
//! digits), `openid` (an IRI) or `account` (`homePage` IRI and `name`) — an anonymous Group
//! having `member` instead; `verb.id`, an Activity's `id` and `definition.type`, and every
//! extension key are IRIs; language maps hold strings; `result.score.scaled` lies in [−1, 1],
//! `min ≤ max` and `raw` within them when given; `success`/`completion` are booleans;
//! `timestamp` is RFC 3339; `version` is `1.0.x`. xAPI lets a client leave `id`, `timestamp` and
//! `version` to the LRS, but Titan requires them: the outbox must hold the statement exactly as
//! every re-send will carry it.

use chrono::DateTime;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::XapiError;

fn invalid(path: &str, reason: &'static str) -> XapiError {
    XapiError::InvalidStatement {
        path: path.to_owned(),
        reason,
    }
}

/// Whether `text` is an absolute IRI: a scheme (`ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")`),
/// `:`, then a non-empty rest without spaces, control characters or `<>"{}|\^`` ` ``.
#[must_use]
pub fn is_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok
        && !rest.is_empty()
        && !rest.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, XapiError> {
    value.as_object().ok_or_else(|| invalid(path, "not_object"))
}

fn required<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'a Value, XapiError> {
    map.get(key)
        .ok_or_else(|| invalid(&join(path, key), "missing"))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn iri(value: &Value, path: &str) -> Result<(), XapiError> {
    match value.as_str() {
        Some(text) if is_iri(text) => Ok(()),
        _ => Err(invalid(path, "not_iri")),
    }
}

fn uuid(value: &Value, path: &str) -> Result<(), XapiError> {
    match value.as_str() {
        Some(text) if text.len() == 36 && Uuid::parse_str(text).is_ok() => Ok(()),
        _ => Err(invalid(path, "not_uuid")),
    }
}

fn language_map(value: &Value, path: &str) -> Result<(), XapiError> {
    if object(value, path)?.values().all(Value::is_string) {
        Ok(())
    } else {
        Err(invalid(path, "wrong_type"))
    }
}

fn extensions(value: &Value, path: &str) -> Result<(), XapiError> {
    for key in object(value, path)?.keys() {
        if !is_iri(key) {
            return Err(invalid(&join(path, key), "not_iri"));
        }
    }
    Ok(())
}

fn agent(value: &Value, path: &str) -> Result<(), XapiError> {
    let map = object(value, path)?;
    let is_group = match map.get("objectType").map(Value::as_str) {
        None | Some(Some("Agent")) => false,
        Some(Some("Group")) => true,
        Some(_) => return Err(invalid(&join(path, "objectType"), "bad_object_type")),
    };
    if map.get("name").is_some_and(|n| !n.is_string()) {
        return Err(invalid(&join(path, "name"), "wrong_type"));
    }
    let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|k| map.contains_key(**k))
        .count();
    match (is_group, ifis) {
        (_, 1) => {}
        (true, 0) => {
            return match map.get("member") {
                Some(Value::Array(members)) => {
                    for (i, m) in members.iter().enumerate() {
                        agent(m, &format!("{path}.member[{i}]"))?;
                    }
                    Ok(())
                }
                _ => Err(invalid(&join(path, "member"), "missing")),
            };
        }
        _ => return Err(invalid(path, "ifi_count")),
    }
    if let Some(mbox) = map.get("mbox") {
        let ok = mbox.as_str().is_some_and(|m| {
            m.strip_prefix("mailto:").is_some_and(|address| {
                address
                    .split_once('@')
                    .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
                    && !address.chars().any(char::is_whitespace)
            })
        });
        if !ok {
            return Err(invalid(&join(path, "mbox"), "not_mailto"));
        }
    }
    if let Some(sum) = map.get("mbox_sha1sum") {
        let ok = sum
            .as_str()
            .is_some_and(|s| s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit()));
        if !ok {
            return Err(invalid(&join(path, "mbox_sha1sum"), "not_sha1"));
        }
    }
    if let Some(openid) = map.get("openid") {
        iri(openid, &join(path, "openid"))?;
    }
    if let Some(account) = map.get("account") {
        let account_path = join(path, "account");
        let a = object(account, &account_path)?;
        iri(
            required(a, "homePage", &account_path)?,
            &join(&account_path, "homePage"),
        )?;
        match a.get("name").and_then(Value::as_str) {
            Some(name) if !name.is_empty() => {}
            _ => return Err(invalid(&join(&account_path, "name"), "missing")),
        }
    }
    Ok(())
}

fn activity(value: &Value, path: &str) -> Result<(), XapiError> {
    let map = object(value, path)?;
    iri(required(map, "id", path)?, &join(path, "id"))?;
    if let Some(definition) = map.get("definition") {
        let def_path = join(path, "definition");
        let d = object(definition, &def_path)?;
        if let Some(kind) = d.get("type") {
            iri(kind, &join(&def_path, "type"))?;
        }
        for key in ["name", "description"] {
            if let Some(m) = d.get(key) {
                language_map(m, &join(&def_path, key))?;
            }
        }
        if let Some(e) = d.get("extensions") {
            extensions(e, &join(&def_path, "extensions"))?;
        }
    }
    Ok(())
}

fn statement_object(value: &Value) -> Result<(), XapiError> {
    let map = object(value, "object")?;
    match map.get("objectType").map(Value::as_str) {
        None | Some(Some("Activity")) => activity(value, "object"),
        Some(Some("Agent" | "Group")) => agent(value, "object"),
        Some(Some("StatementRef")) => uuid(required(map, "id", "object")?, "object.id"),
        Some(Some("SubStatement")) => Ok(()),
        Some(_) => Err(invalid("object.objectType", "bad_object_type")),
    }
}

fn number(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<f64>, XapiError> {
    match map.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| invalid(&join(path, key), "wrong_type")),
    }
}

fn result(value: &Value) -> Result<(), XapiError> {
    let map = object(value, "result")?;
    if let Some(score) = map.get("score") {
        let s = object(score, "result.score")?;
        let path = "result.score";
        if let Some(scaled) = number(s, "scaled", path)?
            && !(-1.0..=1.0).contains(&scaled)
        {
            return Err(invalid("result.score.scaled", "out_of_range"));
        }
        let min = number(s, "min", path)?;
        let max = number(s, "max", path)?;
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(invalid("result.score.min", "min_above_max"));
        }
        if let Some(raw) = number(s, "raw", path)?
            && (min.is_some_and(|lo| raw < lo) || max.is_some_and(|hi| raw > hi))
        {
            return Err(invalid("result.score.raw", "out_of_range"));
        }
    }
    for key in ["success", "completion"] {
        if map.get(key).is_some_and(|v| !v.is_boolean()) {
            return Err(invalid(&join("result", key), "wrong_type"));
        }
    }
    if let Some(e) = map.get("extensions") {
        extensions(e, "result.extensions")?;
    }
    Ok(())
}

fn context(value: &Value) -> Result<(), XapiError> {
    let map = object(value, "context")?;
    if let Some(activities) = map.get("contextActivities") {
        let path = "context.contextActivities";
        for (kind, list) in object(activities, path)? {
            let kind_path = join(path, kind);
            if !matches!(kind.as_str(), "parent" | "grouping" | "category" | "other") {
                return Err(invalid(&kind_path, "unknown_key"));
            }
            match list {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        activity(item, &format!("{kind_path}[{i}]"))?;
                    }
                }
                single => activity(single, &kind_path)?,
            }
        }
    }
    if let Some(e) = map.get("extensions") {
        extensions(e, "context.extensions")?;
    }
    if map.get("language").is_some_and(|v| !v.is_string()) {
        return Err(invalid("context.language", "wrong_type"));
    }
    Ok(())
}

/// Checks a statement against the xAPI 1.0.3 rules listed in the module doc.
///
/// # Errors
/// [`XapiError::InvalidStatement`] with the path of the first offending value and the rule
/// (`missing`, `not_object`, `not_uuid`, `not_iri`, `ifi_count`, `not_mailto`, `not_sha1`,
/// `bad_object_type`, `wrong_type`, `out_of_range`, `min_above_max`, `unknown_key`,
/// `not_rfc3339`, `unsupported_version`).
pub fn validate_statement(statement: &Value) -> Result<(), XapiError> {
    let map = object(statement, "")?;
    uuid(required(map, "id", "")?, "id")?;
    agent(required(map, "actor", "")?, "actor")?;
    let verb = object(required(map, "verb", "")?, "verb")?;
    iri(required(verb, "id", "verb")?, "verb.id")?;
    if let Some(display) = verb.get("display") {
        language_map(display, "verb.display")?;
    }
    statement_object(required(map, "object", "")?)?;
    if let Some(r) = map.get("result") {
        result(r)?;
    }
    if let Some(c) = map.get("context") {
        context(c)?;
    }
    match required(map, "timestamp", "")?.as_str() {
        Some(t) if DateTime::parse_from_rfc3339(t).is_ok() => {}
        _ => return Err(invalid("timestamp", "not_rfc3339")),
    }
    let version_ok = required(map, "version", "")?
        .as_str()
        .and_then(|v| v.strip_prefix("1.0."))
        .is_some_and(|patch| !patch.is_empty() && patch.chars().all(|c| c.is_ascii_digit()));
    if !version_ok {
        return Err(invalid("version", "unsupported_version"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({
            "id": "5d3c8d5e-54c5-5a8b-9d6e-2f0f0f0f0f0f",
            "actor": { "objectType": "Agent", "name": "Budi", "mbox": "mailto:budi@example.go.id" },
            "verb": { "id": "http://adlnet.gov/expapi/verbs/passed", "display": { "en": "passed" } },
            "object": { "objectType": "Activity", "id": "https://x.go.id/courses/a/quizzes/q",
                        "definition": { "type": "http://adlnet.gov/expapi/activities/assessment",
                                        "name": { "en": "Q", "id": "Q" } } },
            "result": { "score": { "raw": 85.5, "min": 0, "max": 100, "scaled": 0.855 },
                        "success": true, "completion": true },
            "context": { "contextActivities": { "parent": [ { "id": "https://x.go.id/courses/a" } ] },
                         "extensions": { "https://x.go.id/xapi/extensions/attempt-id": "a1" } },
            "timestamp": "2026-03-02T01:02:03.456Z",
            "version": "1.0.3"
        })
    }

    fn reason_at(
        mut statement: Value,
        pointer: &str,
        value: Option<Value>,
    ) -> (String, &'static str) {
        match value {
            Some(v) => *statement.pointer_mut(pointer).unwrap() = v,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                statement
                    .pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(key);
            }
        }
        match validate_statement(&statement).unwrap_err() {
            XapiError::InvalidStatement { path, reason } => (path, reason),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_good_statement_passes() {
        assert_eq!(validate_statement(&good()), Ok(()));
    }

    #[test]
    fn each_rule_refuses() {
        let cases: Vec<(&str, Option<Value>, &str, &str)> = vec![
            ("/id", Some(json!("not-a-uuid")), "id", "not_uuid"),
            ("/id", None, "id", "missing"),
            (
                "/actor/mbox",
                Some(json!("budi@example.go.id")),
                "actor.mbox",
                "not_mailto",
            ),
            ("/actor/mbox", None, "actor", "ifi_count"),
            (
                "/actor/objectType",
                Some(json!("Robot")),
                "actor.objectType",
                "bad_object_type",
            ),
            ("/verb/id", Some(json!("passed")), "verb.id", "not_iri"),
            (
                "/object/id",
                Some(json!("has space:x y")),
                "object.id",
                "not_iri",
            ),
            (
                "/object/definition/type",
                Some(json!("assessment")),
                "object.definition.type",
                "not_iri",
            ),
            (
                "/result/score/scaled",
                Some(json!(1.5)),
                "result.score.scaled",
                "out_of_range",
            ),
            (
                "/result/score/raw",
                Some(json!(101)),
                "result.score.raw",
                "out_of_range",
            ),
            (
                "/result/score/min",
                Some(json!(200)),
                "result.score.min",
                "min_above_max",
            ),
            (
                "/result/success",
                Some(json!("yes")),
                "result.success",
                "wrong_type",
            ),
            (
                "/context/extensions",
                Some(json!({"attempt": 1})),
                "context.extensions.attempt",
                "not_iri",
            ),
            (
                "/context/contextActivities/parent/0/id",
                Some(json!("course")),
                "context.contextActivities.parent[0].id",
                "not_iri",
            ),
            (
                "/timestamp",
                Some(json!("2026-03-02 01:02:03")),
                "timestamp",
                "not_rfc3339",
            ),
            (
                "/version",
                Some(json!("2.0.0")),
                "version",
                "unsupported_version",
            ),
            ("/version", None, "version", "missing"),
        ];
        for (pointer, value, path, reason) in cases {
            assert_eq!(
                reason_at(good(), pointer, value),
                (path.to_owned(), reason),
                "{pointer}"
            );
        }
    }

    #[test]
    fn two_ifis_are_refused_and_other_ifis_accepted() {
        let mut s = good();
        s["actor"]["account"] = json!({"homePage": "https://x.go.id", "name": "u1"});
        assert_eq!(
            validate_statement(&s),
            Err(XapiError::InvalidStatement {
                path: "actor".into(),
                reason: "ifi_count"
            })
        );
        let mut s = good();
        s["actor"] = json!({"mbox_sha1sum": "a".repeat(40)});
        assert_eq!(validate_statement(&s), Ok(()));
        s["actor"] = json!({"openid": "https://id.example.org/budi"});
        assert_eq!(validate_statement(&s), Ok(()));
        s["actor"] = json!({"account": {"homePage": "https://x.go.id", "name": ""}});
        assert!(validate_statement(&s).is_err());
        s["actor"] = json!({"objectType": "Group", "member": [{"mbox": "mailto:a@b.c"}]});
        assert_eq!(validate_statement(&s), Ok(()));
    }

    #[test]
    fn iris() {
        assert!(is_iri("https://TITAN.setneg.go.id/courses/a"));
        assert!(is_iri("urn:uuid:1234"));
        assert!(is_iri("http://example.org/é"));
        assert!(!is_iri("course"));
        assert!(!is_iri("1http://x"));
        assert!(!is_iri("http:"));
        assert!(!is_iri("http://x/a b"));
    }
}
