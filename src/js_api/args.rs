//! Strict conversion of script arguments into validated Rust values.
//!
//! Every failure is a `TypeError` (wrong type) or `RangeError` (right type, bad value) whose
//! message names the function and the argument, e.g.
//! `entity.update: position.x must be a finite number`. A getter that throws while a value is
//! read propagates its own exception. Nothing here panics, and nothing non-finite gets out.

use bevy::math::Vec3;
use boa_engine::builtins::typed_array::TypedArrayKind;
use boa_engine::gc::GcRef;
use boa_engine::object::builtins::{JsArrayBuffer, JsTypedArray};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue};

use crate::state::{Rgba8, ScriptId, YawPitchRoll};

/// Names the argument being read, for error messages: a function and a dotted path.
///
/// The path is a chain of borrowed parents, so naming a nested field allocates nothing; the
/// dotted name is only built when an error is reported.
#[derive(Clone, Copy)]
pub(crate) struct Arg<'a> {
    pub func: &'static str,
    name: &'a str,
    parent: Option<&'a Arg<'a>>,
}

impl<'a> Arg<'a> {
    pub const fn new(func: &'static str, name: &'a str) -> Self {
        Self {
            func,
            name,
            parent: None,
        }
    }

    /// The dotted path, e.g. `position.x`. Empty names (options objects) are skipped.
    fn path(&self) -> String {
        let mut parts = Vec::new();
        let mut arg = Some(self);
        while let Some(current) = arg {
            if !current.name.is_empty() {
                parts.push(current.name);
            }
            arg = current.parent;
        }
        parts.reverse();
        parts.join(".")
    }

    pub fn type_error(self, expected: &str) -> JsError {
        JsNativeError::typ()
            .with_message(format!("{}: {} must be {expected}", self.func, self.path()))
            .into()
    }

    pub fn range_error(self, expected: &str) -> JsError {
        JsNativeError::range()
            .with_message(format!("{}: {} must be {expected}", self.func, self.path()))
            .into()
    }

    /// A `RangeError` about element `index` of this argument: `func: path[index] detail`.
    pub fn element_error(self, index: usize, detail: &str) -> JsError {
        JsNativeError::range()
            .with_message(format!("{}: {}[{index}] {detail}", self.func, self.path()))
            .into()
    }

    /// A free-form `RangeError` about this argument: `func: path detail`.
    pub fn range_error_detail(self, detail: &str) -> JsError {
        JsNativeError::range()
            .with_message(format!("{}: {} {detail}", self.func, self.path()))
            .into()
    }
}

/// A property key as a static JS string (no allocation to look it up) and its name for
/// error messages. Made by [`key!`](crate::js_api::args::key).
#[derive(Clone)]
pub(crate) struct Key {
    pub js: JsString,
    pub name: &'static str,
}

/// `key!("position")`: a [`Key`] whose JS string is built at compile time.
macro_rules! key {
    ($name:literal) => {
        $crate::js_api::args::Key {
            js: boa_engine::js_string!($name),
            name: $name,
        }
    };
}
pub(crate) use key;

/// Runs `f` with the argument path extended by `.field`.
/// An empty name stands for an options object, whose fields are named on their own
/// (`entity.update: position.x`, not `changes.position.x`).
fn field<R>(arg: Arg<'_>, field: &str, f: impl FnOnce(Arg<'_>) -> R) -> R {
    f(Arg {
        func: arg.func,
        name: field,
        parent: Some(&arg),
    })
}

/// Reads `object[key]`, running getters (whose exceptions propagate).
pub(crate) fn get(object: &JsObject, key: &Key, context: &mut Context) -> JsResult<JsValue> {
    object.get(key.js.clone(), context)
}

/// Reads `object[key]`, or `None` when it is `undefined`.
pub(crate) fn get_optional(
    object: &JsObject,
    key: &Key,
    context: &mut Context,
) -> JsResult<Option<JsValue>> {
    let value = get(object, key, context)?;
    Ok((!value.is_undefined()).then_some(value))
}

/// A plain object (not `null`, not a function, not an array).
pub(crate) fn object(value: &JsValue, arg: Arg<'_>) -> JsResult<JsObject> {
    match value.as_object() {
        Some(object) if !object.is_callable() && !object.is_array() => Ok(object),
        _ => Err(arg.type_error("an object")),
    }
}

/// A finite number that fits in an `f32`.
pub(crate) fn finite(value: &JsValue, arg: Arg<'_>) -> JsResult<f32> {
    let Some(number) = value.as_number() else {
        return Err(arg.type_error("a finite number"));
    };
    if !number.is_finite() {
        return Err(arg.range_error("a finite number"));
    }
    if number.abs() > f64::from(f32::MAX) {
        return Err(arg.range_error("a finite number within 32-bit float range"));
    }
    Ok(number as f32)
}

/// A finite number greater than zero.
pub(crate) fn positive(value: &JsValue, arg: Arg<'_>) -> JsResult<f32> {
    let number = finite(value, arg)?;
    if number > 0.0 {
        Ok(number)
    } else {
        Err(arg.range_error("greater than zero"))
    }
}

/// A finite number zero or greater.
pub(crate) fn non_negative(value: &JsValue, arg: Arg<'_>) -> JsResult<f32> {
    let number = finite(value, arg)?;
    if number >= 0.0 {
        Ok(number)
    } else {
        Err(arg.range_error("zero or greater"))
    }
}

/// A boolean.
pub(crate) fn boolean(value: &JsValue, arg: Arg<'_>) -> JsResult<bool> {
    value
        .as_boolean()
        .ok_or_else(|| arg.type_error("a boolean"))
}

/// A string.
pub(crate) fn string(value: &JsValue, arg: Arg<'_>) -> JsResult<String> {
    value
        .as_string()
        .map(|s| s.to_std_string_escaped())
        .ok_or_else(|| arg.type_error("a string"))
}

/// An id as scripts hold them: an integer from 1 to 2^32 - 1.
pub(crate) fn id(value: &JsValue, arg: Arg<'_>) -> JsResult<ScriptId> {
    let Some(number) = value.as_number() else {
        return Err(arg.type_error("an id (a number)"));
    };
    if number.fract() != 0.0 || number < 1.0 || number > f64::from(ScriptId::MAX) {
        return Err(arg.range_error("an id (a positive integer)"));
    }
    Ok(number as ScriptId)
}

/// `{x, y, z}` of finite numbers.
pub(crate) fn vec3(value: &JsValue, arg: Arg<'_>, context: &mut Context) -> JsResult<Vec3> {
    let object = object(value, arg)?;
    let axis = |key: Key, context: &mut Context| {
        let value = get(&object, &key, context)?;
        field(arg, key.name, |arg| finite(&value, arg))
    };
    Ok(Vec3::new(
        axis(key!("x"), context)?,
        axis(key!("y"), context)?,
        axis(key!("z"), context)?,
    ))
}

/// `{x, y, z}` that is not the zero vector (a direction).
pub(crate) fn direction(value: &JsValue, arg: Arg<'_>, context: &mut Context) -> JsResult<Vec3> {
    let direction = vec3(value, arg, context)?;
    // Normalizing squares the components, which can overflow to infinity for huge values.
    match direction.try_normalize() {
        Some(normal) => Ok(normal),
        None => Err(arg.range_error("a non-zero direction of moderate length")),
    }
}

/// `{yaw, pitch, roll}` in degrees.
pub(crate) fn rotation(
    value: &JsValue,
    arg: Arg<'_>,
    context: &mut Context,
) -> JsResult<YawPitchRoll> {
    let object = object(value, arg)?;
    let angle = |key: Key, context: &mut Context| {
        let value = get(&object, &key, context)?;
        field(arg, key.name, |arg| finite(&value, arg))
    };
    Ok(YawPitchRoll {
        yaw: angle(key!("yaw"), context)?,
        pitch: angle(key!("pitch"), context)?,
        roll: angle(key!("roll"), context)?,
    })
}

/// A uniform scale (a number) or a per-axis scale `{x, y, z}`.
pub(crate) fn scale(value: &JsValue, arg: Arg<'_>, context: &mut Context) -> JsResult<Vec3> {
    if value.as_number().is_some() {
        Ok(Vec3::splat(finite(value, arg)?))
    } else if value.as_object().is_some() {
        vec3(value, arg, context)
    } else {
        Err(arg.type_error("a number or an {x, y, z} object"))
    }
}

/// `{r, g, b, a?}` with 0-255 channels, or `"#rrggbb"` / `"#rrggbbaa"`.
pub(crate) fn color(value: &JsValue, arg: Arg<'_>, context: &mut Context) -> JsResult<Rgba8> {
    if let Some(text) = value.as_string() {
        return parse_hex_color(&text.to_std_string_escaped())
            .ok_or_else(|| arg.type_error("a color like \"#rrggbb\" or \"#rrggbbaa\""));
    }
    if value.as_object().is_none() {
        return Err(arg.type_error("an {r, g, b, a?} object or a \"#rrggbb\" string"));
    }
    let object = object(value, arg)?;
    let channel = |key: Key, required: bool, context: &mut Context| -> JsResult<u8> {
        let value = get(&object, &key, context)?;
        if value.is_undefined() && !required {
            return Ok(u8::MAX);
        }
        field(arg, key.name, |arg| {
            let number = finite(&value, arg)?;
            if (0.0..=255.0).contains(&number) {
                Ok(number.round() as u8)
            } else {
                Err(arg.range_error("from 0 to 255"))
            }
        })
    };
    Ok(Rgba8([
        channel(key!("r"), true, context)?,
        channel(key!("g"), true, context)?,
        channel(key!("b"), true, context)?,
        channel(key!("a"), false, context)?,
    ]))
}

fn parse_hex_color(text: &str) -> Option<Rgba8> {
    let hex = text.strip_prefix('#')?;
    if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    let alpha = if hex.len() == 8 { channel(6)? } else { u8::MAX };
    Some(Rgba8([channel(0)?, channel(2)?, channel(4)?, alpha]))
}

/// A typed array argument: its buffer and the part of it the array views.
pub(crate) struct TypedView {
    buffer: JsArrayBuffer,
    offset: usize,
    /// Elements (not bytes).
    pub len: usize,
}

impl TypedView {
    /// The viewed bytes: `len` elements of 4 bytes. Fails if the buffer was detached or
    /// shrunk under the view.
    pub fn bytes(&self, arg: Arg<'_>) -> JsResult<GcRef<'_, [u8]>> {
        let data = self
            .buffer
            .data()
            .ok_or_else(|| arg.type_error("a typed array whose buffer is not detached"))?;
        if data.len() < self.offset + self.len * 4 {
            return Err(arg.range_error("a typed array within its buffer"));
        }
        Ok(data)
    }

    /// The viewed slice of `bytes` (from [`bytes`](Self::bytes)).
    pub fn slice<'b>(&self, bytes: &'b [u8]) -> &'b [u8] {
        &bytes[self.offset..self.offset + self.len * 4]
    }
}

/// A typed array of `kind` (4-byte elements only: `Uint32Array`, `Float32Array`) over an
/// `ArrayBuffer`, read without copying or calling into JS.
pub(crate) fn typed_array(
    value: &JsValue,
    kind: TypedArrayKind,
    expected: &str,
    arg: Arg<'_>,
    context: &mut Context,
) -> JsResult<TypedView> {
    let array = value
        .as_object()
        .and_then(|object| JsTypedArray::from_object(object).ok())
        .filter(|array| array.kind() == Some(kind))
        .ok_or_else(|| arg.type_error(expected))?;
    let len = array.length(context)?;
    let offset = array.byte_offset(context)?;
    let buffer = array
        .buffer(context)?
        .as_object()
        .and_then(|buffer| JsArrayBuffer::from_object(buffer).ok())
        .ok_or_else(|| arg.type_error(&format!("{expected} over an ArrayBuffer")))?;
    Ok(TypedView {
        buffer,
        offset,
        len,
    })
}

/// Reads an optional field of an options object and converts it when present.
pub(crate) fn optional_field<T>(
    object: &JsObject,
    key: Key,
    arg: Arg<'_>,
    context: &mut Context,
    convert: impl FnOnce(&JsValue, Arg<'_>, &mut Context) -> JsResult<T>,
) -> JsResult<Option<T>> {
    match get_optional(object, &key, context)? {
        Some(value) => field(arg, key.name, |arg| convert(&value, arg, context).map(Some)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colors() {
        assert_eq!(parse_hex_color("#ff0080"), Some(Rgba8([255, 0, 128, 255])));
        assert_eq!(parse_hex_color("#FF008040"), Some(Rgba8([255, 0, 128, 64])));
        for bad in [
            "ff0080", "#ff008", "#gg0080", "#ff0080f", "#", "", "#ff00é0",
        ] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_are_strict() {
        let arg = Arg::new("entity.update", "position.x");
        assert_eq!(finite(&JsValue::from(1.5), arg).ok(), Some(1.5));
        for bad in [
            JsValue::nan(),
            JsValue::from(f64::INFINITY),
            JsValue::from(1e308),
            JsValue::undefined(),
            JsValue::null(),
            JsValue::from(JsString::from("1")),
        ] {
            let error = finite(&bad, arg).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("entity.update: position.x must be a finite number"),
                "{error}"
            );
        }
    }

    #[test]
    fn ids_are_positive_integers() {
        let arg = Arg::new("entity.get", "id");
        assert_eq!(id(&JsValue::from(3), arg).ok(), Some(3));
        for bad in [0.0, -1.0, 1.5, f64::NAN, 1e12] {
            assert!(id(&JsValue::from(bad), arg).is_err(), "{bad}");
        }
    }
}
