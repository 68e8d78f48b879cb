//! Strict conversion of script arguments into validated Rust values.
//!
//! Every failure is a `TypeError` (wrong type) or `RangeError` (right type, bad value) whose
//! message names the function and the argument, e.g.
//! `entity.update: position.x must be a finite number`. A getter that throws while a value is
//! read propagates its own exception. Nothing here panics, and nothing non-finite gets out.

use bevy::math::Vec3;
use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::builtins::typed_array::TypedArrayKind;
use boa_engine::gc::GcRef;
use boa_engine::object::ErasedObject;
use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsTypedArray};
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue};

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

/// A property key made from a static JS string (nothing to allocate or parse to look it up)
/// and its name for error messages. Made by [`key!`](crate::js_api::args::key).
#[derive(Clone)]
pub(crate) struct Key {
    pub property: PropertyKey,
    pub name: &'static str,
}

/// `key!("position")`: a [`Key`] whose JS string is built at compile time. The name must not
/// be an array index (a string key, not an index key).
macro_rules! key {
    ($name:literal) => {
        $crate::js_api::args::Key {
            property: boa_engine::property::PropertyKey::String(boa_engine::js_string!($name)),
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
///
/// Plain objects (object literals, `Object.create(null)`) take a fast path: the key is looked
/// up in the object's own properties, then in `Object.prototype`'s, straight in their property
/// maps. That is what `[[Get]]` does for them, minus its generic machinery. Anything else
/// (class instances, proxies, accessors) goes through the full `[[Get]]`.
pub(crate) fn get(object: &JsObject, key: &Key, context: &mut Context) -> JsResult<JsValue> {
    match plain_data_property(object, &key.property, context) {
        Some(value) => Ok(value),
        None => object.get(key.property.clone(), context),
    }
}

/// `object[key]` if `object` is a plain object and the lookup only meets data properties;
/// `None` when the full `[[Get]]` is needed.
fn plain_data_property(object: &JsObject, key: &PropertyKey, context: &Context) -> Option<JsValue> {
    if !object.is::<OrdinaryObject>() {
        return None;
    }
    let object = object.borrow();
    if let Some(own) = object.properties().get(key) {
        return data_value(&own);
    }
    let Some(prototype) = object.prototype() else {
        return Some(JsValue::undefined());
    };
    // `Object.prototype` is an ordinary object whose prototype is always null.
    let object_prototype = context.intrinsics().constructors().object().prototype();
    if !JsObject::equals(&prototype, &object_prototype) {
        return None;
    }
    match prototype.borrow().properties().get(key) {
        Some(inherited) => data_value(&inherited),
        None => Some(JsValue::undefined()),
    }
}

/// The value of a data property; `None` for an accessor (its getter must run).
fn data_value(property: &PropertyDescriptor) -> Option<JsValue> {
    if property.is_accessor_descriptor() {
        None
    } else {
        Some(property.value().cloned().unwrap_or_default())
    }
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
    id_from_number(number).ok_or_else(|| arg.range_error("an id (a positive integer)"))
}

/// `number` as an id, if it is an integer from 1 to 2^32 - 1.
pub(crate) fn id_from_number(number: f64) -> Option<ScriptId> {
    (number.fract() == 0.0 && (1.0..=f64::from(ScriptId::MAX)).contains(&number))
        .then_some(number as ScriptId)
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

/// The element type a batch argument holds: what a typed array must be, and how plain-array
/// elements are checked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// Ids: `Uint32Array`, or integers in a plain array.
    Uint32,
    /// Coordinates: `Float32Array`, or finite numbers in a plain array.
    Float32,
}

impl NumberKind {
    fn typed_array_kind(self) -> TypedArrayKind {
        match self {
            Self::Uint32 => TypedArrayKind::Uint32,
            Self::Float32 => TypedArrayKind::Float32,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Self::Uint32 => "a Uint32Array or an array of ids",
            Self::Float32 => "a Float32Array or an array of numbers",
        }
    }
}

/// A batch argument: a typed array (read in place from its buffer) or a plain array of
/// numbers (read straight from its element storage). Neither calls into JS.
pub(crate) enum Numbers {
    Typed {
        buffer: JsArrayBuffer,
        /// Bytes into the buffer.
        offset: usize,
        len: usize,
        kind: NumberKind,
    },
    Plain {
        array: JsObject,
        len: usize,
    },
}

/// A [`Numbers`] with its storage borrowed for reading, from [`Numbers::read`].
pub(crate) enum NumbersRef<'a> {
    Typed {
        bytes: GcRef<'a, [u8]>,
        offset: usize,
        kind: NumberKind,
    },
    Plain(GcRef<'a, ErasedObject>),
}

impl Numbers {
    /// Elements (not bytes).
    pub fn len(&self) -> usize {
        match self {
            Self::Typed { len, .. } | Self::Plain { len, .. } => *len,
        }
    }

    /// Borrows the storage. Fails if a typed array's buffer was detached or shrunk under it.
    pub fn read(&self, arg: Arg<'_>) -> JsResult<NumbersRef<'_>> {
        match self {
            Self::Typed {
                buffer,
                offset,
                len,
                kind,
            } => {
                let bytes = buffer
                    .data()
                    .ok_or_else(|| arg.type_error("a typed array whose buffer is not detached"))?;
                if bytes.len() < offset + len * 4 {
                    return Err(arg.range_error("a typed array within its buffer"));
                }
                Ok(NumbersRef::Typed {
                    bytes,
                    offset: *offset,
                    kind: *kind,
                })
            }
            Self::Plain { array, .. } => Ok(NumbersRef::Plain(array.borrow())),
        }
    }
}

impl NumbersRef<'_> {
    /// Element `index` as a number; `None` for a hole, an accessor or a value that is not a
    /// number. `index` must be below the length (typed arrays are checked by `read`).
    pub fn get(&self, index: usize) -> Option<f64> {
        match self {
            Self::Typed {
                bytes,
                offset,
                kind,
            } => {
                let start = offset + index * 4;
                let raw: [u8; 4] = bytes.get(start..start + 4)?.try_into().ok()?;
                Some(match kind {
                    NumberKind::Uint32 => f64::from(u32::from_ne_bytes(raw)),
                    NumberKind::Float32 => f64::from(f32::from_ne_bytes(raw)),
                })
            }
            Self::Plain(array) => {
                let key = PropertyKey::from(u32::try_from(index).ok()?);
                let element = array.properties().get(&key)?;
                data_value(&element)?.as_number()
            }
        }
    }
}

/// A batch argument of `kind`: a typed array of that kind, or a plain array (whose elements
/// are checked as they are read).
pub(crate) fn numbers(
    value: &JsValue,
    kind: NumberKind,
    arg: Arg<'_>,
    context: &mut Context,
) -> JsResult<Numbers> {
    let expected = kind.expected();
    let Some(object) = value.as_object() else {
        return Err(arg.type_error(expected));
    };
    if object.is_array() {
        let len = JsArray::from_object(object.clone())?.length(context)?;
        let len = usize::try_from(len).map_err(|_| arg.range_error("a shorter array"))?;
        return Ok(Numbers::Plain { array: object, len });
    }
    let array = JsTypedArray::from_object(object)
        .ok()
        .filter(|array| array.kind() == Some(kind.typed_array_kind()))
        .ok_or_else(|| arg.type_error(expected))?;
    let len = array.length(context)?;
    let offset = array.byte_offset(context)?;
    let buffer = array
        .buffer(context)?
        .as_object()
        .and_then(|buffer| JsArrayBuffer::from_object(buffer).ok())
        .ok_or_else(|| arg.type_error(&format!("{expected} over an ArrayBuffer")))?;
    Ok(Numbers::Typed {
        buffer,
        offset,
        len,
        kind,
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
    use boa_engine::JsString;

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
