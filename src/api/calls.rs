//! Rust calling a script's exported function ([`CallScript`](crate::CallScript)): its
//! arguments as JS values, and its answer as JSON.

use super::js::{ApiResult, Js};
use super::json;
use crate::core::calls::CallId;

/// The arguments of a call: a JSON array is spread, `null` is no argument, anything else is
/// the one argument.
pub(crate) fn arguments<J: Js>(
    js: &mut J,
    args: &serde_json::Value,
) -> ApiResult<Vec<J::Value>, J> {
    match args {
        serde_json::Value::Array(items) => {
            items.iter().map(|item| json::from_json(js, item)).collect()
        }
        serde_json::Value::Null => Ok(Vec::new()),
        other => Ok(vec![json::from_json(js, other)?]),
    }
}

/// Answers call `id` with what the function returned (a value that is not JSON is an error).
pub(crate) fn answer<J: Js>(js: &mut J, id: CallId, value: &J::Value) {
    let Ok(host) = js.host() else {
        return;
    };
    let result = match json::to_json_at(js, value, "the answer", "value") {
        Ok(value) => Ok(value),
        Err(error) => Err(super::js::message_of::<J>(error)),
    };
    host.answer(id, result);
}

/// Answers call `id` with the reason its promise was rejected.
pub(crate) fn reject<J: Js>(js: &mut J, id: CallId, reason: &J::Value) {
    let Ok(host) = js.host() else {
        return;
    };
    let message = js.display(reason);
    host.answer(id, Err(message));
}
