//! Strict conversion of script arguments into validated Rust values, for every engine.
//!
//! Every failure is a `TypeError` (wrong type) or `RangeError` (right type, bad value) whose
//! message names the function and the argument, e.g.
//! `entity.update: position.x must be a finite number`. A getter that throws while a value is
//! read propagates its own exception. Nothing here panics, and nothing non-finite gets out.

use bevy::math::Vec3;

use super::js::{ApiError, ApiResult, Js, Key, Kind, NumberKind, NumbersError, key};
use crate::core::state::{Rgba8, ScriptId, YawPitchRoll};

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

    pub fn type_error<E>(self, expected: &str) -> ApiError<E> {
        ApiError::Type(format!("{}: {} must be {expected}", self.func, self.path()))
    }

    pub fn range_error<E>(self, expected: &str) -> ApiError<E> {
        ApiError::Range(format!("{}: {} must be {expected}", self.func, self.path()))
    }

    /// A `RangeError` about element `index` of this argument: `func: path[index] detail`.
    pub fn element_error<E>(self, index: usize, detail: &str) -> ApiError<E> {
        ApiError::Range(format!("{}: {}[{index}] {detail}", self.func, self.path()))
    }

    /// A free-form `RangeError` about this argument: `func: path detail`.
    pub fn range_error_detail<E>(self, detail: &str) -> ApiError<E> {
        ApiError::Range(format!("{}: {} {detail}", self.func, self.path()))
    }
}

/// Runs `f` with the argument path extended by `.field`.
/// An empty name stands for an options object, whose fields are named on their own
/// (`entity.update: position.x`, not `changes.position.x`).
pub(crate) fn field<R>(arg: Arg<'_>, field: &str, f: impl FnOnce(Arg<'_>) -> R) -> R {
    f(Arg {
        func: arg.func,
        name: field,
        parent: Some(&arg),
    })
}

/// A plain object (not `null`, not a function, not an array).
pub(crate) fn object<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<J::Object, J> {
    match J::kind(value) {
        Kind::Object(object) => Ok(object),
        _ => Err(arg.type_error("an object")),
    }
}

/// A finite number that fits in an `f32`.
pub(crate) fn finite<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<f32, J> {
    let Some(number) = J::as_number(value) else {
        return Err(arg.type_error("a finite number"));
    };
    finite_f32(number).ok_or_else(|| {
        if number.is_finite() {
            arg.range_error("a finite number within 32-bit float range")
        } else {
            arg.range_error("a finite number")
        }
    })
}

/// `number` as an `f32`, if it is finite and within `f32` range.
pub(crate) fn finite_f32(number: f64) -> Option<f32> {
    (number.is_finite() && number.abs() <= f64::from(f32::MAX)).then_some(number as f32)
}

/// A finite number greater than zero.
pub(crate) fn positive<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<f32, J> {
    let number = finite::<J>(value, arg)?;
    if number > 0.0 {
        Ok(number)
    } else {
        Err(arg.range_error("greater than zero"))
    }
}

/// A finite number zero or greater.
pub(crate) fn non_negative<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<f32, J> {
    let number = finite::<J>(value, arg)?;
    if number >= 0.0 {
        Ok(number)
    } else {
        Err(arg.range_error("zero or greater"))
    }
}

/// A boolean.
pub(crate) fn boolean<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<bool, J> {
    match J::kind(value) {
        Kind::Boolean(value) => Ok(value),
        _ => Err(arg.type_error("a boolean")),
    }
}

/// A string.
pub(crate) fn string<J: Js>(js: &J, value: &J::Value, arg: Arg<'_>) -> ApiResult<String, J> {
    js.as_string(value)
        .ok_or_else(|| arg.type_error("a string"))
}

/// A function.
pub(crate) fn callable<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<(), J> {
    match J::kind(value) {
        Kind::Function => Ok(()),
        _ => Err(arg.type_error("a function")),
    }
}

/// An id as scripts hold them: an integer from 1 to 2^32 - 1.
pub(crate) fn id<J: Js>(value: &J::Value, arg: Arg<'_>) -> ApiResult<ScriptId, J> {
    let Some(number) = J::as_number(value) else {
        return Err(arg.type_error("an id (a number)"));
    };
    id_from_number(number).ok_or_else(|| arg.range_error("an id (a positive integer)"))
}

/// `number` as an id, if it is an integer from 1 to 2^32 - 1.
pub(crate) fn id_from_number(number: f64) -> Option<ScriptId> {
    (number.fract() == 0.0 && (1.0..=f64::from(ScriptId::MAX)).contains(&number))
        .then_some(number as ScriptId)
}

/// Reads `object[key]` and converts it with the path extended by the key's name.
fn read<J: Js, T>(
    js: &mut J,
    object: &J::Object,
    key: Key,
    arg: Arg<'_>,
    convert: impl FnOnce(&J::Value, Arg<'_>) -> ApiResult<T, J>,
) -> ApiResult<T, J> {
    let value = js.get(object, key)?;
    field(arg, key.name(), |arg| convert(&value, arg))
}

/// `{x, y, z}` of finite numbers.
pub(crate) fn vec3<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Vec3, J> {
    let object = object::<J>(value, arg)?;
    Ok(Vec3::new(
        read(js, &object, key::X, arg, finite::<J>)?,
        read(js, &object, key::Y, arg, finite::<J>)?,
        read(js, &object, key::Z, arg, finite::<J>)?,
    ))
}

/// `{x, y, z}` that is not the zero vector (a direction).
pub(crate) fn direction<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Vec3, J> {
    let direction = vec3(js, value, arg)?;
    // Normalizing squares the components, which can overflow to infinity for huge values.
    match direction.try_normalize() {
        Some(normal) => Ok(normal),
        None => Err(arg.range_error("a non-zero direction of moderate length")),
    }
}

/// `{yaw, pitch, roll}` in degrees.
pub(crate) fn rotation<J: Js>(
    js: &mut J,
    value: &J::Value,
    arg: Arg<'_>,
) -> ApiResult<YawPitchRoll, J> {
    let object = object::<J>(value, arg)?;
    Ok(YawPitchRoll {
        yaw: read(js, &object, key::YAW, arg, finite::<J>)?,
        pitch: read(js, &object, key::PITCH, arg, finite::<J>)?,
        roll: read(js, &object, key::ROLL, arg, finite::<J>)?,
    })
}

/// A uniform scale (a number) or a per-axis scale `{x, y, z}`.
pub(crate) fn scale<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Vec3, J> {
    match J::kind(value) {
        Kind::Number(_) => Ok(Vec3::splat(finite::<J>(value, arg)?)),
        Kind::Object(_) | Kind::Array(_) | Kind::Function => vec3(js, value, arg),
        _ => Err(arg.type_error("a number or an {x, y, z} object")),
    }
}

/// `{r, g, b, a?}` with 0-255 channels, or `"#rrggbb"` / `"#rrggbbaa"`.
pub(crate) fn color<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Rgba8, J> {
    if let Some(text) = js.as_string(value) {
        return parse_hex_color(&text)
            .ok_or_else(|| arg.type_error("a color like \"#rrggbb\" or \"#rrggbbaa\""));
    }
    if !matches!(
        J::kind(value),
        Kind::Object(_) | Kind::Array(_) | Kind::Function
    ) {
        return Err(arg.type_error("an {r, g, b, a?} object or a \"#rrggbb\" string"));
    }
    let object = object::<J>(value, arg)?;
    let mut channel = |key: Key, required: bool| -> ApiResult<u8, J> {
        let value = js.get(&object, key)?;
        if J::is_undefined(&value) && !required {
            return Ok(u8::MAX);
        }
        field(arg, key.name(), |arg| {
            let number = finite::<J>(&value, arg)?;
            if (0.0..=255.0).contains(&number) {
                Ok(number.round() as u8)
            } else {
                Err(arg.range_error("from 0 to 255"))
            }
        })
    };
    Ok(Rgba8([
        channel(key::R, true)?,
        channel(key::G, true)?,
        channel(key::B, true)?,
        channel(key::A, false)?,
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

/// A batch argument of `kind` (a typed array of that kind, or a plain array of numbers): its
/// length, with its elements copied into `out` up to the first that is not a number.
pub(crate) fn numbers<J: Js>(
    js: &mut J,
    value: &J::Value,
    kind: NumberKind,
    arg: Arg<'_>,
    out: &mut Vec<f64>,
) -> ApiResult<usize, J> {
    out.clear();
    js.numbers(value, kind, out).map_err(|error| match error {
        NumbersError::WrongType => arg.type_error(kind.expected()),
        NumbersError::Detached => arg.type_error("a typed array whose buffer is not detached"),
        NumbersError::Js(error) => ApiError::Js(error),
    })
}

/// Reads an optional field of an options object and converts it when present.
pub(crate) fn optional_field<J: Js, T>(
    js: &mut J,
    object: &J::Object,
    key: Key,
    arg: Arg<'_>,
    convert: impl FnOnce(&mut J, &J::Value, Arg<'_>) -> ApiResult<T, J>,
) -> ApiResult<Option<T>, J> {
    let value = js.get(object, key)?;
    if J::is_undefined(&value) {
        return Ok(None);
    }
    field(arg, key.name(), |arg| convert(js, &value, arg).map(Some))
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
    fn ids_are_positive_integers() {
        assert_eq!(id_from_number(3.0), Some(3));
        for bad in [0.0, -1.0, 1.5, f64::NAN, 1e12] {
            assert_eq!(id_from_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn argument_paths_name_the_field() {
        let arg = Arg::new("entity.update", "");
        let error: ApiError<()> = field(arg, "position", |arg| {
            field(arg, "x", |arg| arg.type_error("a finite number"))
        });
        assert!(
            matches!(&error, ApiError::Type(message) if message == "entity.update: position.x must be a finite number"),
            "{error:?}"
        );
    }
}
