//! Runs every rule test vector under `tests/vectors/<area>/*.json` (format: `tests/vectors/README.md`).
//! A new file dropped into that folder is picked up without code changes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attendance;
mod catalog;
mod certificate;
mod curation;
mod gamification;
mod identity;
mod pbgm;
mod progress;
mod quiz;
mod survey;
mod xapi;

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde_json::Value;
use titan_core::{CoreError, Policy};

/// One area's dispatcher: `None` when the rule is not this area's.
type Dispatch = fn(&str, &Policy, &Value) -> Option<Result<Value, CoreError>>;

const AREAS: &[Dispatch] = &[
    identity::run,
    catalog::run,
    progress::run,
    quiz::run,
    attendance::run,
    gamification::run,
    certificate::run,
    pbgm::run,
    survey::run,
    curation::run,
    xapi::run,
];

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Deserialises a case's `input` (seed field names in camelCase) into `T`.
pub fn input<T: serde::de::DeserializeOwned>(input: &Value) -> T {
    serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("bad input {input}: {e}"))
}

/// Serialises a rule's output for comparison with `expect`.
pub fn output<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Merges `patch` into `base` (RFC 7386 JSON merge patch).
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(k);
                } else {
                    merge(b.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n
            .to_string()
            .parse::<Decimal>()
            .ok()
            .or_else(|| n.as_f64().and_then(|f| Decimal::try_from(f).ok())),
        Value::String(s) => s.parse::<Decimal>().ok(),
        _ => None,
    }
}

/// `expected` matches `actual`: objects by the expected keys, arrays element by element,
/// numbers (or numeric strings) by exact decimal value, everything else by equality.
fn matches(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                matches(ev, av, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{at}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ if matches!(
            (as_decimal(expected), as_decimal(actual)),
            (Some(x), Some(y)) if x == y
        ) =>
        {
            Ok(())
        }
        _ => Err(format!("{at}: expected {expected}, got {actual}")),
    }
}

fn run_case(case: &Value) -> Result<(), String> {
    let rule = case["rule"].as_str().ok_or("case has no rule")?;
    let preset = case["policy"].as_str().unwrap_or("recommended");
    let mut policy_json =
        serde_json::to_value(Policy::preset(preset).map_err(|e| e.to_string())?).unwrap();
    if let Some(patch) = case.get("policyPatch") {
        merge(&mut policy_json, patch);
    }
    let policy: Policy =
        serde_json::from_value(policy_json).map_err(|e| format!("policyPatch: {e}"))?;
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let outcome = AREAS
        .iter()
        .find_map(|dispatch| dispatch(rule, &policy, &input))
        .ok_or_else(|| format!("unknown rule {rule}"))?;
    match (outcome, case.get("expect"), case.get("expectError")) {
        (Ok(actual), Some(expected), None) => matches(expected, &actual, "expect"),
        (Err(err), None, Some(code)) => {
            if code.as_str() != Some(err.code()) {
                return Err(format!("expected error {code}, got {} ({err})", err.code()));
            }
            match case.get("expectFacts") {
                Some(facts) => matches(facts, &Value::Object(err.facts()), "facts"),
                None => Ok(()),
            }
        }
        (Ok(actual), None, Some(code)) => Err(format!("expected error {code}, got {actual}")),
        (Err(err), Some(_), None) => Err(format!("unexpected error {}: {err}", err.code())),
        _ => Err("a case needs exactly one of expect / expectError".to_owned()),
    }
}

#[test]
fn every_vector_file_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", file.display()));
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no cases", file.display()));
        for case in cases {
            count += 1;
            let name = case["name"].as_str().unwrap_or("?");
            if let Err(why) = run_case(case) {
                failures.push(format!("{} / {name}: {why}", file.display()));
            }
        }
    }
    assert!(count > 0, "no vectors found under {}", root.display());
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
