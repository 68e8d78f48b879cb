//! `on`, `off` and `emit`: named events between the script and the game's Rust systems.
//!
//! Rust → JS: a [`JsEvent`](crate::JsEvent) message reaches the handlers registered with
//! `on(name, handler)`, at the start of the next worker frame, in the order written.
//! JS → Rust: `emit(name, payload)` becomes a [`ScriptEvent`](crate::ScriptEvent) message,
//! written when the main thread applies the frame's commands, in order with them.

use boa_engine::{Context, JsArgs, JsResult, JsValue};

use super::args::{self, Arg};
use super::{Natives, ScriptHost, json};
use crate::bridge::Command;
use crate::events::ScriptEvent;

/// Global functions (not namespaced).
pub(super) const NATIVES: Natives = &[("on", on, 2), ("off", off, 2), ("emit", emit, 2)];

/// Event names are short identifiers, not payloads.
const MAX_NAME_LEN: usize = 256;

fn name(args: &[JsValue], func: &'static str) -> JsResult<String> {
    let arg = Arg::new(func, "name");
    let name = args::string(args.get_or_undefined(0), arg)?;
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(arg.range_error(&format!(
            "a non-empty string of at most {MAX_NAME_LEN} bytes"
        )));
    }
    Ok(name)
}

fn on(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "on";
    let name = name(args, FUNC)?;
    let handler = args
        .get_or_undefined(1)
        .as_callable()
        .ok_or_else(|| Arg::new(FUNC, "handler").type_error("a function"))?;
    ScriptHost::get(context)?.add_handler(name, handler, FUNC)?;
    Ok(JsValue::undefined())
}

fn off(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "off";
    let name = name(args, FUNC)?;
    let handler = match args.get_or_undefined(1) {
        value if value.is_undefined() => None,
        value => Some(
            value
                .as_callable()
                .ok_or_else(|| Arg::new(FUNC, "handler").type_error("a function or undefined"))?,
        ),
    };
    let removed = ScriptHost::get(context)?.remove_handlers(&name, handler.as_ref(), FUNC)?;
    Ok(removed.into())
}

fn emit(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "emit";
    let name = name(args, FUNC)?;
    let payload = json::to_json(args.get_or_undefined(1), FUNC, context)?;
    let event = ScriptEvent { name, payload };
    ScriptHost::get(context)?.send(Command::Emit(Box::new(event)), FUNC)?;
    Ok(JsValue::undefined())
}
