//! `on`, `off` and `emit`: named events between the script and the game's Rust systems.
//!
//! Rust → JS: a [`JsEvent`](crate::JsEvent) message reaches the handlers registered with
//! `on(name, handler)`, at the start of the next worker frame, in the order written.
//! JS → Rust: `emit(name, payload)` becomes a [`ScriptEvent`](crate::ScriptEvent) message,
//! written when the main thread applies the frame's commands, in order with them.

use bevy::platform::collections::HashMap;

use super::args::{self, Arg};
use super::js::{ApiResult, Js, Kind, NativeFn, Natives, arg};
use super::json;
use crate::core::bridge::Command;
use crate::core::events::ScriptEvent;

/// Global functions (not namespaced).
pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("on", on::<J> as NativeFn<J>, 2),
        ("off", off::<J>, 2),
        ("emit", emit::<J>, 2),
    ]
}

/// Event names are short identifiers, not payloads.
const MAX_NAME_LEN: usize = 256;

fn name<J: Js>(js: &J, args: &[J::Value], func: &'static str) -> ApiResult<String, J> {
    let arg = Arg::new(func, "name");
    let name = args::string(js, &self::arg(js, args, 0), arg)?;
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(arg.range_error(&format!(
            "a non-empty string of at most {MAX_NAME_LEN} bytes"
        )));
    }
    Ok(name)
}

fn on<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "on";
    let name = name(js, args, FUNC)?;
    let handler = arg(js, args, 1);
    args::callable::<J>(&handler, Arg::new(FUNC, "handler"))?;
    js.add_handler(name, &handler)?;
    Ok(js.undefined())
}

fn off<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "off";
    let name = name(js, args, FUNC)?;
    let handler = arg(js, args, 1);
    let handler = match J::kind(&handler) {
        Kind::Undefined => None,
        Kind::Function => Some(handler),
        _ => return Err(Arg::new(FUNC, "handler").type_error("a function or undefined")),
    };
    let removed = js.remove_handlers(&name, handler.as_ref())?;
    Ok(js.boolean(removed))
}

fn emit<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "emit";
    let name = name(js, args, FUNC)?;
    let payload = json::to_json(js, &arg(js, args, 1), FUNC)?;
    let event = ScriptEvent {
        name,
        payload,
        // The main thread fills in the worker when it applies the command.
        worker: bevy::prelude::Entity::PLACEHOLDER,
    };
    js.host()?.send(Command::Emit(Box::new(event)), FUNC)?;
    Ok(js.undefined())
}

/// The `on` registrations of one JS context, by event name, in registration order; `F` is the
/// engine's handle on a function. Engines keep one per context.
pub(crate) struct Handlers<F> {
    by_name: HashMap<String, Vec<F>>,
}

impl<F> Default for Handlers<F> {
    fn default() -> Self {
        Self {
            by_name: HashMap::default(),
        }
    }
}

impl<F: Clone> Handlers<F> {
    /// `on(name, handler)`.
    pub fn add(&mut self, name: String, handler: F) {
        self.by_name.entry(name).or_default().push(handler);
    }

    /// `off(name, handler?)`: removes the registrations `is_handler` picks (every one when
    /// `None`); returns whether any was removed.
    pub fn remove(&mut self, name: &str, is_handler: Option<&dyn Fn(&F) -> bool>) -> bool {
        let Some(list) = self.by_name.get_mut(name) else {
            return false;
        };
        let before = list.len();
        match is_handler {
            Some(is_handler) => list.retain(|handler| !is_handler(handler)),
            None => list.clear(),
        }
        let removed = list.len() != before;
        if list.is_empty() {
            self.by_name.remove(name);
        }
        removed
    }

    /// The handlers of `name` at this moment (a handler may add or remove others).
    pub fn of(&self, name: &str) -> Vec<F> {
        self.by_name.get(name).cloned().unwrap_or_default()
    }
}
