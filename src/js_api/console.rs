//! `console.*`, forwarded to Bevy's log under the target `js`.

use boa_engine::{Context, JsResult, JsValue};

use super::Natives;

pub(super) const FUNCTIONS: &[&str] = &["log", "info", "debug", "warn", "error"];

pub(super) const NATIVES: Natives = &[
    ("log", log, 0),
    ("info", info, 0),
    ("debug", debug, 0),
    ("warn", warn, 0),
    ("error", error, 0),
];

/// Joins the arguments like a browser console does: strings as they are, other values in
/// their JS display form.
fn format_args(args: &[JsValue]) -> String {
    let mut line = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        match arg.as_string() {
            Some(text) => line.push_str(&text.to_std_string_escaped()),
            None => line.push_str(&arg.display().to_string()),
        }
    }
    line
}

fn log(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    bevy::log::info!(target: "js", "{}", format_args(args));
    Ok(JsValue::undefined())
}

fn info(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    bevy::log::info!(target: "js", "{}", format_args(args));
    Ok(JsValue::undefined())
}

fn debug(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    bevy::log::debug!(target: "js", "{}", format_args(args));
    Ok(JsValue::undefined())
}

fn warn(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    bevy::log::warn!(target: "js", "{}", format_args(args));
    Ok(JsValue::undefined())
}

fn error(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    bevy::log::error!(target: "js", "{}", format_args(args));
    Ok(JsValue::undefined())
}
