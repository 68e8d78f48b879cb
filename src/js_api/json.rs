//! Event payloads: strict conversion between JS values and JSON (`serde_json::Value`).
//!
//! `JSON.stringify` quietly drops functions and symbols and turns `NaN` into `null`; an event
//! payload that does that would lose data without a word. Here anything that is not JSON throws
//! a `TypeError` that names where it is, e.g. `emit: payload.player.onHit is a function, which
//! is not JSON`.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsNativeError, JsObject, JsResult, JsValue, JsVariant, js_string};
use serde_json::{Map, Number, Value};

/// How deep a payload may nest. Deeper payloads throw instead of risking the worker's stack.
pub(crate) const MAX_DEPTH: usize = 64;

/// Converts a payload to JSON. `undefined` at the top is `null`; `undefined` object properties
/// are left out and `undefined` array elements become `null`, as in `JSON.stringify`.
pub(crate) fn to_json(value: &JsValue, func: &str, context: &mut Context) -> JsResult<Value> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let mut walk = Walk {
        func,
        path: vec!["payload".to_owned()],
        seen: Vec::new(),
    };
    Ok(walk.value(value, context)?.unwrap_or(Value::Null))
}

/// Converts JSON into a JS value in `context`.
pub(crate) fn from_json(value: &Value, context: &mut Context) -> JsResult<JsValue> {
    JsValue::from_json(value, context)
}

struct Walk<'a> {
    func: &'a str,
    /// Where the walk is, for error messages: `payload`, `a`, `[3]`, ...
    path: Vec<String>,
    /// Objects on the way down from the top, to find cycles.
    seen: Vec<JsObject>,
}

impl Walk<'_> {
    fn error(&self, problem: &str) -> boa_engine::JsError {
        let mut path = String::new();
        for part in &self.path {
            if !path.is_empty() && !part.starts_with('[') {
                path.push('.');
            }
            path.push_str(part);
        }
        JsNativeError::typ()
            .with_message(format!("{}: {path} {problem}", self.func))
            .into()
    }

    /// `None` for `undefined` (left out of objects).
    fn value(&mut self, value: &JsValue, context: &mut Context) -> JsResult<Option<Value>> {
        Ok(Some(match value.variant() {
            JsVariant::Undefined => return Ok(None),
            JsVariant::Null => Value::Null,
            JsVariant::Boolean(b) => Value::Bool(b),
            JsVariant::String(s) => Value::String(s.to_std_string_escaped()),
            JsVariant::Integer32(i) => Value::from(i),
            // Whole numbers become JSON integers, as `JSON.stringify` writes them, so Rust
            // reads `as_i64()` / `as_u64()` without surprises.
            JsVariant::Float64(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Value::from(f as i64)
            }
            JsVariant::Float64(f) => Value::Number(
                Number::from_f64(f)
                    .ok_or_else(|| self.error("is NaN or infinite, which is not JSON"))?,
            ),
            JsVariant::BigInt(_) => return Err(self.error("is a BigInt, which is not JSON")),
            JsVariant::Symbol(_) => return Err(self.error("is a Symbol, which is not JSON")),
            JsVariant::Object(object) => self.object(&object, context)?,
        }))
    }

    fn object(&mut self, object: &JsObject, context: &mut Context) -> JsResult<Value> {
        if object.is_callable() {
            return Err(self.error("is a function, which is not JSON"));
        }
        if self.seen.contains(object) {
            return Err(self.error("refers back to an object that contains it (a cycle)"));
        }
        if self.seen.len() >= MAX_DEPTH {
            return Err(self.error(&format!("nests deeper than {MAX_DEPTH} levels")));
        }
        self.seen.push(object.clone());
        let result = if object.is_array() {
            self.array(object, context)
        } else {
            self.map(object, context)
        };
        self.seen.pop();
        result
    }

    fn array(&mut self, array: &JsObject, context: &mut Context) -> JsResult<Value> {
        let length = array.get(js_string!("length"), context)?;
        let length = length.as_number().unwrap_or(0.0) as u64;
        let mut items = Vec::with_capacity(length.min(1024) as usize);
        for index in 0..length {
            let item = array.get(index, context)?;
            self.path.push(format!("[{index}]"));
            let item = self.value(&item, context)?;
            self.path.pop();
            items.push(item.unwrap_or(Value::Null));
        }
        Ok(Value::Array(items))
    }

    fn map(&mut self, object: &JsObject, context: &mut Context) -> JsResult<Value> {
        let mut map = Map::new();
        for key in object.own_property_keys(context)? {
            let name = match &key {
                PropertyKey::String(name) => name.to_std_string_escaped(),
                PropertyKey::Index(index) => index.get().to_string(),
                // JSON has no symbol keys; `JSON.stringify` skips them too.
                PropertyKey::Symbol(_) => continue,
            };
            let value = object.get(key, context)?;
            self.path.push(name.clone());
            let value = self.value(&value, context)?;
            self.path.pop();
            if let Some(value) = value {
                map.insert(name, value);
            }
        }
        Ok(Value::Object(map))
    }
}
