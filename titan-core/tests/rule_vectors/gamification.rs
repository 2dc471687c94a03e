use serde_json::Value;
use titan_core::{CoreError, Policy};

pub fn run(_rule: &str, _policy: &Policy, _input: &Value) -> Option<Result<Value, CoreError>> {
    None
}
