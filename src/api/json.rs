//! Event payloads: strict conversion between JS values and JSON (`serde_json::Value`).
//!
//! `JSON.stringify` quietly drops functions and symbols and turns `NaN` into `null`; an event
//! payload that does that would lose data without a word. Here anything that is not JSON throws
//! a `TypeError` that names where it is, e.g. `emit: payload.player.onHit is a function, which
//! is not JSON`.

use serde_json::{Map, Number, Value};

use super::js::{ApiError, ApiResult, Js, Kind};

/// How deep a payload may nest. Deeper payloads throw instead of risking the worker's stack.
pub(crate) const MAX_DEPTH: usize = 64;

/// Converts a payload to JSON. `undefined` at the top is `null`; `undefined` object properties
/// are left out and `undefined` array elements become `null`, as in `JSON.stringify`.
pub(crate) fn to_json<J: Js>(js: &mut J, value: &J::Value, func: &str) -> ApiResult<Value, J> {
    to_json_at(js, value, func, "payload")
}

/// [`to_json`] for a value that errors name `root` (`world.set: Health.onHit is a function`).
pub(crate) fn to_json_at<J: Js>(
    js: &mut J,
    value: &J::Value,
    func: &str,
    root: &str,
) -> ApiResult<Value, J> {
    let mut walk = Walk::<J> {
        func,
        path: vec![root.to_owned()],
        seen: Vec::new(),
    };
    Ok(walk.value(js, value)?.unwrap_or(Value::Null))
}

/// Converts JSON into a JS value. Nesting is bounded by where the JSON came from (a
/// [`to_json`] walk, or `serde_json`'s own recursion limit).
pub(crate) fn from_json<J: Js>(js: &mut J, value: &Value) -> ApiResult<J::Value, J> {
    Ok(match value {
        Value::Null => js.null(),
        Value::Bool(b) => js.boolean(*b),
        Value::Number(n) => js.number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => js.string(s)?,
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| from_json(js, item))
                .collect::<Result<Vec<_>, _>>()?;
            js.array(items)?
        }
        Value::Object(map) => {
            let fields = map
                .iter()
                .map(|(key, item)| Ok((key.clone(), from_json(js, item)?)))
                .collect::<Result<Vec<_>, ApiError<J::Error>>>()?;
            js.object_named(fields)?
        }
    })
}

struct Walk<'a, J: Js> {
    func: &'a str,
    /// Where the walk is, for error messages: `payload`, `a`, `[3]`, ...
    path: Vec<String>,
    /// Objects on the way down from the top, to find cycles.
    seen: Vec<J::Object>,
}

impl<J: Js> Walk<'_, J> {
    fn error(&self, problem: &str) -> ApiError<J::Error> {
        let mut path = String::new();
        for part in &self.path {
            if !path.is_empty() && !part.starts_with('[') {
                path.push('.');
            }
            path.push_str(part);
        }
        ApiError::Type(format!("{}: {path} {problem}", self.func))
    }

    /// `None` for `undefined` (left out of objects).
    fn value(&mut self, js: &mut J, value: &J::Value) -> ApiResult<Option<Value>, J> {
        Ok(Some(match J::kind(value) {
            Kind::Undefined => return Ok(None),
            Kind::Null => Value::Null,
            Kind::Boolean(b) => Value::Bool(b),
            Kind::String => Value::String(js.as_string(value).unwrap_or_default()),
            // Whole numbers become JSON integers, as `JSON.stringify` writes them, so Rust
            // reads `as_i64()` / `as_u64()` without surprises.
            Kind::Number(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                Value::from(f as i64)
            }
            Kind::Number(f) => Value::Number(
                Number::from_f64(f)
                    .ok_or_else(|| self.error("is NaN or infinite, which is not JSON"))?,
            ),
            Kind::BigInt => return Err(self.error("is a BigInt, which is not JSON")),
            Kind::Symbol => return Err(self.error("is a Symbol, which is not JSON")),
            Kind::Function => return Err(self.error("is a function, which is not JSON")),
            Kind::Array(object) => self.nested(js, object, true)?,
            Kind::Object(object) => self.nested(js, object, false)?,
        }))
    }

    fn nested(&mut self, js: &mut J, object: J::Object, array: bool) -> ApiResult<Value, J> {
        if self.seen.contains(&object) {
            return Err(self.error("refers back to an object that contains it (a cycle)"));
        }
        if self.seen.len() >= MAX_DEPTH {
            return Err(self.error(&format!("nests deeper than {MAX_DEPTH} levels")));
        }
        self.seen.push(object.clone());
        let result = if array {
            self.array(js, &object)
        } else {
            self.map(js, &object)
        };
        self.seen.pop();
        result
    }

    fn array(&mut self, js: &mut J, array: &J::Object) -> ApiResult<Value, J> {
        let length = js.get(array, super::js::key::LENGTH)?;
        let length = J::as_number(&length).unwrap_or(0.0) as u64;
        let mut items = Vec::with_capacity(length.min(1024) as usize);
        for index in 0..length {
            let index = u32::try_from(index).map_err(|_| self.error("is too long"))?;
            let item = js.get_index(array, index)?;
            self.path.push(format!("[{index}]"));
            let item = self.value(js, &item)?;
            self.path.pop();
            items.push(item.unwrap_or(Value::Null));
        }
        Ok(Value::Array(items))
    }

    fn map(&mut self, js: &mut J, object: &J::Object) -> ApiResult<Value, J> {
        let mut map = Map::new();
        for name in js.own_keys(object)? {
            let value = js.get_named(object, &name)?;
            self.path.push(name.clone());
            let value = self.value(js, &value)?;
            self.path.pop();
            if let Some(value) = value {
                map.insert(name, value);
            }
        }
        Ok(Value::Object(map))
    }
}
