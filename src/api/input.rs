//! `input.*` and `time.*`: what the main thread saw when it triggered this worker frame.

use super::args::{self, Arg};
use super::js::{ApiResult, Js, NativeFn, Natives, arg, key};
use crate::core::input::{InputSnapshot, key_index, mouse_button_index};

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

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("isKeyDown", is_key_down::<J> as NativeFn<J>, 1),
        ("wasKeyPressed", was_key_pressed::<J>, 1),
        ("wasKeyReleased", was_key_released::<J>, 1),
        ("isMouseDown", is_mouse_down::<J>, 1),
        ("wasMousePressed", was_mouse_pressed::<J>, 1),
        ("wasMouseReleased", was_mouse_released::<J>, 1),
        ("mousePosition", mouse_position::<J>, 0),
        ("mouseWheel", mouse_wheel::<J>, 0),
        ("windowSize", window_size::<J>, 0),
    ]
}

/// The read-only properties of `time`.
pub(super) const TIME_PROPERTIES: &[&str] = &["elapsed", "frame", "delta"];

/// The getters of `time`, in [`TIME_PROPERTIES`] order.
pub(super) fn time_getters<J: Js>() -> Natives<J> {
    vec![
        ("elapsed", time_elapsed::<J> as NativeFn<J>, 0),
        ("frame", time_frame::<J>, 0),
        ("delta", time_delta::<J>, 0),
    ]
}

fn snapshot<J: Js>(js: &J) -> ApiResult<InputSnapshot, J> {
    Ok(js.host()?.frame_input.get())
}

/// Looks up the key named by the first argument.
fn key_code<J: Js>(js: &J, args: &[J::Value], func: &'static str) -> ApiResult<usize, J> {
    let arg = Arg::new(func, "code");
    let name = args::string(js, &self::arg(js, args, 0), arg)?;
    key_index(&name).ok_or_else(|| {
        arg.range_error_detail(&format!(
            "\"{name}\" is not a key code; use KeyboardEvent.code names such as \"KeyW\", \
             \"Space\" or \"ArrowUp\""
        ))
    })
}

fn button<J: Js>(js: &J, args: &[J::Value], func: &'static str) -> ApiResult<u8, J> {
    let arg = Arg::new(func, "button");
    let name = args::string(js, &self::arg(js, args, 0), arg)?;
    let index = mouse_button_index(&name).ok_or_else(|| {
        arg.range_error_detail(&format!(
            "\"{name}\" is not a mouse button: \"Left\", \"Right\", \"Middle\", \"Back\" or \
             \"Forward\""
        ))
    })?;
    Ok(1 << index)
}

fn is_key_down<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let key = key_code(js, args, "input.isKeyDown")?;
    Ok(js.boolean(snapshot(js)?.keys_down.contains(key)))
}

fn was_key_pressed<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let key = key_code(js, args, "input.wasKeyPressed")?;
    Ok(js.boolean(snapshot(js)?.keys_pressed.contains(key)))
}

fn was_key_released<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let key = key_code(js, args, "input.wasKeyReleased")?;
    Ok(js.boolean(snapshot(js)?.keys_released.contains(key)))
}

fn is_mouse_down<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let bit = button(js, args, "input.isMouseDown")?;
    Ok(js.boolean(snapshot(js)?.mouse_down & bit != 0))
}

fn was_mouse_pressed<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let bit = button(js, args, "input.wasMousePressed")?;
    Ok(js.boolean(snapshot(js)?.mouse_pressed & bit != 0))
}

fn was_mouse_released<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let bit = button(js, args, "input.wasMouseReleased")?;
    Ok(js.boolean(snapshot(js)?.mouse_released & bit != 0))
}

fn xy<J: Js>(js: &mut J, x: f32, y: f32) -> ApiResult<J::Value, J> {
    let fields = [
        (key::X, js.number(f64::from(x))),
        (key::Y, js.number(f64::from(y))),
    ];
    js.object(&fields)
}

fn mouse_position<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    match snapshot(js)?.mouse_position {
        Some(position) => xy(js, position.x, position.y),
        None => Ok(js.null()),
    }
}

fn mouse_wheel<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    let wheel = snapshot(js)?.wheel;
    xy(js, wheel.x, wheel.y)
}

fn window_size<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    let size = snapshot(js)?.window_size;
    let fields = [
        (key::WIDTH, js.number(f64::from(size.x))),
        (key::HEIGHT, js.number(f64::from(size.y))),
    ];
    js.object(&fields)
}

fn time_elapsed<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    Ok(js.number(snapshot(js)?.elapsed))
}

fn time_frame<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    Ok(js.number(js.host()?.frame_number.get() as f64))
}

fn time_delta<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    Ok(js.number(js.host()?.frame_delta.get()))
}
