//! `console.*`, forwarded to Bevy's log under the target `js`, and kept (the last lines) for
//! the live console.

use super::js::{ApiResult, Js, NativeFn, Natives};

pub(super) const FUNCTIONS: &[&str] = &["log", "info", "debug", "warn", "error"];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("log", log::<J> as NativeFn<J>, 0),
        ("info", info::<J>, 0),
        ("debug", debug::<J>, 0),
        ("warn", warn::<J>, 0),
        ("error", error::<J>, 0),
    ]
}

/// Joins the arguments like a browser console does: strings as they are, other values in
/// their JS display form.
fn line<J: Js>(js: &mut J, args: &[J::Value]) -> String {
    let mut line = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        match js.as_string(arg) {
            Some(text) => line.push_str(&text),
            None => line.push_str(&js.display(arg)),
        }
    }
    line
}

fn log<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let line = line(js, args);
    bevy::log::info!(target: "js", "{line}");
    keep(js, "log", line);
    Ok(js.undefined())
}

fn info<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let line = line(js, args);
    bevy::log::info!(target: "js", "{line}");
    keep(js, "info", line);
    Ok(js.undefined())
}

fn debug<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let line = line(js, args);
    bevy::log::debug!(target: "js", "{line}");
    keep(js, "debug", line);
    Ok(js.undefined())
}

fn warn<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let line = line(js, args);
    bevy::log::warn!(target: "js", "{line}");
    keep(js, "warn", line);
    Ok(js.undefined())
}

fn error<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let line = line(js, args);
    bevy::log::error!(target: "js", "{line}");
    keep(js, "error", line);
    Ok(js.undefined())
}

/// Keeps the line in the worker's console log, which the overlay's Console panel shows.
fn keep<J: Js>(js: &mut J, level: &'static str, line: String) {
    if let Ok(host) = js.host()
        && let Ok(mut log) = host.shared.console.lock()
    {
        log.push(level, line);
    }
}
