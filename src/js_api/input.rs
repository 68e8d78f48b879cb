//! `input.*` and `time.*`: what the main thread saw when it triggered this worker frame.

use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::{Context, JsArgs, JsResult, JsValue, NativeFunction, js_string};

use super::args::{self, Arg};
use super::{Natives, ScriptHost};
use crate::input::{InputSnapshot, key_index, mouse_button_index};

pub(super) const FUNCTIONS: &[&str] = &[
    "isKeyDown",
    "wasKeyPressed",
    "wasKeyReleased",
    "isMouseDown",
    "wasMousePressed",
    "wasMouseReleased",
    "mousePosition",
    "mouseWheel",
    "windowSize",
];

pub(super) const NATIVES: Natives = &[
    ("isKeyDown", is_key_down, 1),
    ("wasKeyPressed", was_key_pressed, 1),
    ("wasKeyReleased", was_key_released, 1),
    ("isMouseDown", is_mouse_down, 1),
    ("wasMousePressed", was_mouse_pressed, 1),
    ("wasMouseReleased", was_mouse_released, 1),
    ("mousePosition", mouse_position, 0),
    ("mouseWheel", mouse_wheel, 0),
    ("windowSize", window_size, 0),
];

/// The read-only properties of `time`.
pub(super) const TIME_PROPERTIES: &[&str] = &["elapsed", "frame", "delta"];

fn snapshot(context: &Context) -> JsResult<InputSnapshot> {
    Ok(ScriptHost::get(context)?.frame_input.get())
}

/// Looks up the key named by the first argument.
fn key(args: &[JsValue], func: &'static str) -> JsResult<usize> {
    let arg = Arg::new(func, "code");
    let name = args::string(args.get_or_undefined(0), arg)?;
    key_index(&name).ok_or_else(|| {
        arg.range_error_detail(&format!(
            "\"{name}\" is not a key code; use KeyboardEvent.code names such as \"KeyW\", \
             \"Space\" or \"ArrowUp\""
        ))
    })
}

fn button(args: &[JsValue], func: &'static str) -> JsResult<u8> {
    let arg = Arg::new(func, "button");
    let name = args::string(args.get_or_undefined(0), arg)?;
    let index = mouse_button_index(&name).ok_or_else(|| {
        arg.range_error_detail(&format!(
            "\"{name}\" is not a mouse button: \"Left\", \"Right\", \"Middle\", \"Back\" or \
             \"Forward\""
        ))
    })?;
    Ok(1 << index)
}

fn is_key_down(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = key(args, "input.isKeyDown")?;
    Ok(snapshot(context)?.keys_down.contains(key).into())
}

fn was_key_pressed(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = key(args, "input.wasKeyPressed")?;
    Ok(snapshot(context)?.keys_pressed.contains(key).into())
}

fn was_key_released(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let key = key(args, "input.wasKeyReleased")?;
    Ok(snapshot(context)?.keys_released.contains(key).into())
}

fn is_mouse_down(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bit = button(args, "input.isMouseDown")?;
    Ok((snapshot(context)?.mouse_down & bit != 0).into())
}

fn was_mouse_pressed(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bit = button(args, "input.wasMousePressed")?;
    Ok((snapshot(context)?.mouse_pressed & bit != 0).into())
}

fn was_mouse_released(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bit = button(args, "input.wasMouseReleased")?;
    Ok((snapshot(context)?.mouse_released & bit != 0).into())
}

fn xy(x: f32, y: f32, context: &mut Context) -> JsValue {
    ObjectInitializer::new(context)
        .property(js_string!("x"), f64::from(x), Attribute::all())
        .property(js_string!("y"), f64::from(y), Attribute::all())
        .build()
        .into()
}

fn mouse_position(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(match snapshot(context)?.mouse_position {
        Some(position) => xy(position.x, position.y, context),
        None => JsValue::null(),
    })
}

fn mouse_wheel(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let wheel = snapshot(context)?.wheel;
    Ok(xy(wheel.x, wheel.y, context))
}

fn window_size(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let size = snapshot(context)?.window_size;
    Ok(ObjectInitializer::new(context)
        .property(js_string!("width"), f64::from(size.x), Attribute::all())
        .property(js_string!("height"), f64::from(size.y), Attribute::all())
        .build()
        .into())
}

fn time_elapsed(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(snapshot(context)?.elapsed.into())
}

fn time_frame(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok((ScriptHost::get(context)?.frame_number.get() as f64).into())
}

fn time_delta(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    Ok(ScriptHost::get(context)?.frame_delta.get().into())
}

/// Builds the `time` object: read-only accessors.
pub(super) fn time_object(context: &mut Context) -> boa_engine::JsObject {
    let getters: [(&str, boa_engine::native_function::NativeFunctionPointer); 3] = [
        ("elapsed", time_elapsed),
        ("frame", time_frame),
        ("delta", time_delta),
    ];
    let getters = getters.map(|(name, pointer)| {
        let function =
            FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(pointer))
                .name(boa_engine::JsString::from(format!("get {name}")))
                .length(0)
                .build();
        (name, function)
    });
    let mut object = ObjectInitializer::new(context);
    for (name, getter) in getters {
        object.accessor(
            boa_engine::JsString::from(name),
            Some(getter),
            None,
            Attribute::ENUMERABLE,
        );
    }
    object.build()
}
