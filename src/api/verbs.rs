//! `game`: the app's verbs, the Rust code scripts call (`JsScriptingPlugin::expose_system`,
//! `expose_fn`).
//!
//! Each member of `game` is one native bound to its verb's index. Its argument is checked here,
//! on the worker, against the verb's type in the same JSON shape as `world.set` (a wrong field
//! is a `TypeError` or `RangeError` naming it, thrown in the calling line). A function verb
//! runs at once and returns its value (an `Err` throws an `Error` with its message); a system
//! verb becomes a command, applied in order with the script's other commands, and returns a
//! promise that the answer settles at the start of a later worker frame.

use std::sync::atomic::Ordering;

use super::js::{self, ApiError, ApiResult, Js, Kind, key};
use super::json;
use super::world::refused;
use crate::core::bridge::{Command, SystemCall, VerbAnswer};
use crate::core::host::ScriptHost;
use crate::core::verbs::{
    MAX_NUMBERS, PlainNumbers, VerbIndex, VerbKind, VerbSignature, VerbType, VerbValue, reply_json,
};

/// `game.<verb>(args)`.
pub(crate) fn call<J: Js>(
    js: &mut J,
    verb: VerbIndex,
    args: &[J::Value],
) -> ApiResult<J::Value, J> {
    let host = js.host()?;
    let verbs = std::sync::Arc::clone(&host.shared.verbs);
    let index = usize::from(verb);
    let (Some(signature), Some(func)) = (verbs.signatures.get(index), verbs.labels.get(index))
    else {
        return Err(ApiError::Plain(format!("game: no verb number {verb}")));
    };
    let input = input(js, &host, signature, func, args)?;
    host.shared.verb_calls.fetch_add(1, Ordering::Relaxed);
    match signature.kind {
        VerbKind::Function => {
            let Some(Some(function)) = verbs.functions.get(index) else {
                return Err(ApiError::Plain(format!("{func}: the function is missing")));
            };
            // A panic in the game's function is its error, not the worker's.
            let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| function(input)))
                .unwrap_or_else(|panic| Err(panic_message(func, panic.as_ref())))
                .and_then(|value| match value {
                    // A number goes straight back, with no JSON in between.
                    VerbValue::Number(number) => Ok(Reply::Number(number)),
                    value => reply_json(&host.shared.world.reflection, signature, &value)
                        .map(Reply::Json),
                });
            match reply {
                Ok(Reply::Number(value)) => Ok(js.number(value)),
                Ok(Reply::Json(Some(value))) => json::from_json(js, &value),
                Ok(Reply::Json(None)) => Ok(js.undefined()),
                Err(message) => {
                    host.shared.verb_rejections.fetch_add(1, Ordering::Relaxed);
                    Err(ApiError::Plain(message))
                }
            }
        }
        VerbKind::System => {
            let call = host.next_verb_call();
            let promise = js.verb_promise(call)?;
            host.send(
                Command::CallSystem(Box::new(SystemCall { call, verb, input })),
                func,
            )?;
            host.shared.verbs_pending.fetch_add(1, Ordering::Relaxed);
            Ok(promise)
        }
    }
}

/// A function verb's answer, before it becomes a JS value.
enum Reply {
    Number(f64),
    Json(Option<serde_json::Value>),
}

/// The argument as the verb takes it, checked against its type.
fn input<J: Js>(
    js: &mut J,
    host: &ScriptHost,
    signature: &VerbSignature,
    func: &str,
    args: &[J::Value],
) -> ApiResult<VerbValue, J> {
    if let (Some(plain), VerbType::Reflected { type_path, .. }) =
        (signature.plain_input, signature.input)
    {
        return plain_numbers(js, args, plain, func, type_path);
    }
    if args.len() > 1 {
        return Err(ApiError::Type(format!(
            "{func} takes one argument (an object, array or value), not {}",
            args.len()
        )));
    }
    let value = &js::arg(js, args, 0);
    match signature.input {
        VerbType::Unit if J::is_undefined(value) => Ok(VerbValue::Unit),
        VerbType::Unit => Err(ApiError::Type(format!("{func} takes no argument"))),
        VerbType::Json => Ok(VerbValue::Json(json::to_json_at(js, value, func, "args")?)),
        VerbType::Reflected { type_id, .. } => {
            let reflection = &host.shared.world.reflection;
            let name = reflection
                .registry
                .get(type_id)
                .map_or("args", |registration| {
                    registration.type_info().type_path_table().short_path()
                });
            let json = json::to_json_at(js, value, func, name)?;
            reflection
                .value(type_id, &json, name)
                .map(VerbValue::Reflected)
                .map_err(|failure| refused(func, failure))
        }
    }
}

/// A plain-number argument, read straight from the JS values: one number, or several given
/// as an array (`game.bob([t, seed])`) or as separate arguments (`game.bob(t, seed)`, which
/// skips making the array).
fn plain_numbers<J: Js>(
    js: &mut J,
    args: &[J::Value],
    plain: PlainNumbers,
    func: &str,
    type_path: &str,
) -> ApiResult<VerbValue, J> {
    // The message is made only for a refused value: the accepted path allocates nothing.
    let number = |value: &J::Value| -> Result<f64, (bool, &'static str)> {
        let Some(number) = J::as_number(value) else {
            return Err((true, "must be a number"));
        };
        if !number.is_finite() {
            return Err((false, "must be a finite number"));
        }
        if plain.single_precision && number.abs() > f64::from(f32::MAX) {
            return Err((false, "must be a number within 32-bit float range"));
        }
        Ok(number)
    };
    let refused = |(type_error, problem): (bool, &str), at: &dyn std::fmt::Display| {
        let message = format!("{func}: {at} {problem}");
        if type_error {
            ApiError::Type(message)
        } else {
            ApiError::Range(message)
        }
    };
    let Some(len) = plain.array else {
        if args.len() > 1 {
            return Err(ApiError::Type(format!(
                "{func} takes one number, not {} arguments",
                args.len()
            )));
        }
        return number(&js::arg(js, args, 0))
            .map(VerbValue::Number)
            .map_err(|problem| refused(problem, &type_path));
    };
    let mut values = [0.0; MAX_NUMBERS];
    if args.len() > 1 {
        if args.len() != usize::from(len) {
            return Err(ApiError::Type(format!(
                "{func} takes {len} numbers (or an array of them), not {} arguments",
                args.len()
            )));
        }
        for (index, (slot, arg)) in values.iter_mut().zip(args).enumerate() {
            *slot = number(arg)
                .map_err(|problem| refused(problem, &format_args!("{type_path}[{index}]")))?;
        }
        return Ok(VerbValue::Numbers(values, len));
    }
    let wrong = || {
        ApiError::Type(format!(
            "{func}: {type_path} must be an array of {len} numbers"
        ))
    };
    let Kind::Array(array) = J::kind(&js::arg(js, args, 0)) else {
        return Err(wrong());
    };
    let length = js.get(&array, key::LENGTH)?;
    if J::as_number(&length) != Some(f64::from(len)) {
        return Err(wrong());
    }
    for (index, slot) in values.iter_mut().take(usize::from(len)).enumerate() {
        let element = js.get_index(&array, index as u32)?;
        *slot = number(&element)
            .map_err(|problem| refused(problem, &format_args!("{type_path}[{index}]")))?;
    }
    Ok(VerbValue::Numbers(values, len))
}

/// Settles the promise of a system verb call with the main thread's answer.
pub(crate) fn settle<J: Js>(js: &mut J, answer: &VerbAnswer) -> ApiResult<(), J> {
    let host = js.host()?;
    let _ = host
        .shared
        .verbs_pending
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
    let Some(signature) = host.shared.verbs.signatures.get(usize::from(answer.verb)) else {
        return Ok(());
    };
    let result = match &answer.reply {
        Ok(value) => reply_json(&host.shared.world.reflection, signature, value),
        Err(message) => Err(message.clone()),
    };
    let result = match result {
        Ok(Some(value)) => Ok(json::from_json(js, &value)?),
        Ok(None) => Ok(js.undefined()),
        Err(message) => {
            host.shared.verb_rejections.fetch_add(1, Ordering::Relaxed);
            Err(message)
        }
    };
    js.settle_verb(answer.call, result)
}

/// The message of a panic in a verb's Rust code.
pub(crate) fn panic_message(func: &str, panic: &(dyn std::any::Any + Send)) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    format!("{func} panicked: {detail}")
}
