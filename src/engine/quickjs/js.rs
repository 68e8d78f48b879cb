//! The `Js` seam for QuickJS: how API functions read and make values, and what one context keeps.
use std::cell::RefCell;
use std::rc::Rc;

use bevy::platform::collections::HashMap;
use rquickjs::function::Rest;
use rquickjs::object::Accessor;
use rquickjs::{
    Array, Atom, Coerced, Ctx, Exception, FromJs, Function, Object, Persistent, Type, TypedArray,
    Value,
};

use crate::api::events::Handlers;
use crate::api::js::{KEY_NAMES, Key, Kind, NativeFn, NumberKind, NumbersError};
use crate::api::timers::{Timer, Timers};
use crate::api::{ApiError, ApiResult, Globals, Js};
use crate::core::bridge::Waiting;
use crate::core::calls::CallId;
use crate::core::host::ScriptHost;
use crate::core::state::ScriptId;

/// A JS value kept across `Context::with` calls.
pub(crate) type Kept = Persistent<Value<'static>>;

/// What belongs to one QuickJS context, reachable from its native functions.
#[derive(Default)]
pub(crate) struct ContextData {
    pub(super) host: RefCell<Option<Rc<ScriptHost>>>,
    pub(super) handlers: RefCell<Handlers<Kept>>,
    /// `resolve` functions of `whenCreated` promises waiting for their entity.
    pub(super) waiting: RefCell<HashMap<(ScriptId, Waiting), Vec<Kept>>>,
    pub(super) timers: RefCell<Timers<Kept>>,
    /// `resolve` and `reject` of system verb calls waiting for their answer, by call.
    pub(super) verb_calls: RefCell<HashMap<u32, (Kept, Kept)>>,
    /// Rejected promises with no handler yet, and their reasons.
    pub(super) rejections: RefCell<Vec<(Kept, Kept)>>,
    /// `(array) => [length, numbers]`: a plain array's elements up to the first that is a hole,
    /// an accessor or not a number; no getter runs.
    pub(super) plain_numbers: RefCell<Option<Kept>>,
    /// `(callback) => void`: queues `callback` as a promise job.
    pub(super) microtask: RefCell<Option<Kept>>,
    /// The `TypeError`, `RangeError` and `Error` constructors, for messages longer than
    /// QuickJS's own throw functions keep (they cut at 256 bytes).
    pub(super) errors: RefCell<Option<[Kept; 3]>>,
    /// [`KEY_NAMES`] as atoms, made once: a property read does not hash its name.
    pub(super) atoms: RefCell<Vec<Persistent<Atom<'static>>>>,
}

impl ContextData {
    /// Drops every JS value the context keeps. Must run before the runtime is freed.
    pub(super) fn clear(&self) {
        *self.handlers.borrow_mut() = Handlers::default();
        self.waiting.borrow_mut().clear();
        self.verb_calls.borrow_mut().clear();
        *self.timers.borrow_mut() = Timers::default();
        self.rejections.borrow_mut().clear();
        self.plain_numbers.borrow_mut().take();
        self.microtask.borrow_mut().take();
        self.errors.borrow_mut().take();
        self.atoms.borrow_mut().clear();
    }
}

/// One native call: its context and the context's data.
pub(crate) struct Qjs<'js> {
    pub(super) ctx: Ctx<'js>,
    pub(super) data: Rc<ContextData>,
}

impl Qjs<'_> {
    /// Throws `error` in this context.
    pub(crate) fn thrown(&self, error: ApiError<rquickjs::Error>) -> rquickjs::Error {
        throw(&self.ctx, &self.data, error)
    }
}

/// QuickJS's own throw functions format into a 256-byte buffer.
const SHORT_MESSAGE: usize = 200;

/// Turns an API error into the exception QuickJS throws.
fn throw(ctx: &Ctx<'_>, data: &ContextData, error: ApiError<rquickjs::Error>) -> rquickjs::Error {
    let (index, message) = match error {
        ApiError::Js(error) => return error,
        ApiError::Type(message) if message.len() < SHORT_MESSAGE => {
            return Exception::throw_type(ctx, &message);
        }
        ApiError::Range(message) if message.len() < SHORT_MESSAGE => {
            return Exception::throw_range(ctx, &message);
        }
        ApiError::Plain(message) if message.len() < SHORT_MESSAGE => {
            return Exception::throw_message(ctx, &message);
        }
        ApiError::Type(message) => (0, message),
        ApiError::Range(message) => (1, message),
        ApiError::Plain(message) => (2, message),
    };
    let constructor = data
        .errors
        .borrow()
        .as_ref()
        .map(|errors| errors[index].clone());
    let error = constructor
        .ok_or(rquickjs::Error::Unknown)
        .and_then(|constructor| constructor.restore(ctx))
        .and_then(|constructor| {
            rquickjs::Constructor::from_value(constructor)?.construct::<_, Value>((message,))
        });
    match error {
        Ok(error) => ctx.throw(error),
        Err(error) => error,
    }
}

fn js<T>(result: rquickjs::Result<T>) -> Result<T, ApiError<rquickjs::Error>> {
    result.map_err(ApiError::Js)
}

pub(crate) fn keep<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Kept {
    Persistent::save(ctx, value.clone())
}

impl<'js> Js for Qjs<'js> {
    type Value = Value<'js>;
    type Object = Object<'js>;
    type Error = rquickjs::Error;

    fn host(&self) -> ApiResult<Rc<ScriptHost>, Self> {
        self.data.host.borrow().clone().ok_or_else(|| {
            ApiError::Plain("the bevy_js_worker API is not available in this context".to_owned())
        })
    }

    fn kind(value: &Value<'js>) -> Kind<Object<'js>> {
        // By tag first: `Value::type_of` asks QuickJS six questions about every object.
        if let Some(object) = value.as_object() {
            return if value.is_function() {
                Kind::Function
            } else if value.is_array() {
                Kind::Array(object.clone())
            } else {
                // Plain objects, class instances, promises, errors, proxies.
                Kind::Object(object.clone())
            };
        }
        if let Some(number) = value.as_number() {
            return Kind::Number(number);
        }
        match value.type_of() {
            Type::Null => Kind::Null,
            Type::Bool => Kind::Boolean(value.as_bool().unwrap_or_default()),
            Type::String => Kind::String,
            Type::Symbol => Kind::Symbol,
            Type::BigInt => Kind::BigInt,
            _ => Kind::Undefined,
        }
    }

    fn is_undefined(value: &Value<'js>) -> bool {
        value.is_undefined()
    }

    fn as_number(value: &Value<'js>) -> Option<f64> {
        value.as_number()
    }

    fn as_string(&self, value: &Value<'js>) -> Option<String> {
        value.as_string().and_then(|s| s.to_string().ok())
    }

    fn get(&mut self, object: &Object<'js>, key: Key) -> ApiResult<Value<'js>, Self> {
        let atom = self.data.atoms.borrow().get(usize::from(key.0)).cloned();
        match atom {
            Some(atom) => js(atom.restore(&self.ctx).and_then(|atom| object.get(atom))),
            None => js(object.get(key.name())),
        }
    }

    fn get_named(&mut self, object: &Object<'js>, name: &str) -> ApiResult<Value<'js>, Self> {
        js(object.get(name))
    }

    fn get_index(&mut self, array: &Object<'js>, index: u32) -> ApiResult<Value<'js>, Self> {
        js(array.get(index))
    }

    fn own_keys(&mut self, object: &Object<'js>) -> ApiResult<Vec<String>, Self> {
        js(object.keys::<String>().collect())
    }

    fn numbers(
        &mut self,
        value: &Value<'js>,
        kind: NumberKind,
        out: &mut Vec<f64>,
    ) -> Result<usize, NumbersError<rquickjs::Error>> {
        let Some(object) = value.as_object() else {
            return Err(NumbersError::WrongType);
        };
        if value.is_array() && !value.is_proxy() {
            let Some(helper) = self.data.plain_numbers.borrow().clone() else {
                return Err(NumbersError::WrongType);
            };
            let helper: Function = helper
                .restore(&self.ctx)
                .and_then(Function::from_value)
                .map_err(NumbersError::Js)?;
            let read: Array = helper.call((value.clone(),)).map_err(NumbersError::Js)?;
            let len: f64 = read.get(0).map_err(NumbersError::Js)?;
            let numbers: Array = read.get(1).map_err(NumbersError::Js)?;
            out.reserve(numbers.len());
            for index in 0..numbers.len() {
                out.push(numbers.get::<f64>(index).map_err(NumbersError::Js)?);
            }
            return usize::try_from(len as u64).map_err(|_| NumbersError::WrongType);
        }
        match kind {
            NumberKind::Uint32 => {
                let array = TypedArray::<u32>::from_object(object.clone())
                    .map_err(|_| NumbersError::WrongType)?;
                read_typed(&array, out, |raw| f64::from(u32::from_ne_bytes(raw)))
            }
            NumberKind::Float32 => {
                let array = TypedArray::<f32>::from_object(object.clone())
                    .map_err(|_| NumbersError::WrongType)?;
                read_typed(&array, out, |raw| f64::from(f32::from_ne_bytes(raw)))
            }
        }
    }

    fn display(&mut self, value: &Value<'js>) -> String {
        if value.is_object()
            && !value.is_function()
            && let Ok(Some(json)) = self.ctx.json_stringify(value.clone())
            && let Ok(json) = json.to_string()
        {
            return json;
        }
        Coerced::<String>::from_js(&self.ctx, value.clone())
            .map(|text| text.0)
            .unwrap_or_else(|_| format!("[{}]", value.type_name()))
    }

    fn undefined(&self) -> Value<'js> {
        Value::new_undefined(self.ctx.clone())
    }

    fn null(&self) -> Value<'js> {
        Value::new_null(self.ctx.clone())
    }

    fn number(&self, number: f64) -> Value<'js> {
        Value::new_number(self.ctx.clone(), number)
    }

    fn boolean(&self, value: bool) -> Value<'js> {
        Value::new_bool(self.ctx.clone(), value)
    }

    fn string(&mut self, text: &str) -> ApiResult<Value<'js>, Self> {
        js(rquickjs::String::from_str(self.ctx.clone(), text).map(|s| s.into_value()))
    }

    fn object(&mut self, fields: &[(Key, Value<'js>)]) -> ApiResult<Value<'js>, Self> {
        let object = js(Object::new(self.ctx.clone()))?;
        for (key, value) in fields {
            js(object.set(key.name(), value.clone()))?;
        }
        Ok(object.into_value())
    }

    fn object_named(&mut self, fields: Vec<(String, Value<'js>)>) -> ApiResult<Value<'js>, Self> {
        let object = js(Object::new(self.ctx.clone()))?;
        for (name, value) in fields {
            js(object.set(name, value))?;
        }
        Ok(object.into_value())
    }

    fn array(&mut self, items: Vec<Value<'js>>) -> ApiResult<Value<'js>, Self> {
        let array = js(Array::new(self.ctx.clone()))?;
        for (index, item) in items.into_iter().enumerate() {
            js(array.set(index, item))?;
        }
        Ok(array.into_value())
    }

    fn add_handler(&mut self, name: String, handler: &Value<'js>) -> ApiResult<(), Self> {
        let kept = keep(&self.ctx, handler);
        let mut handlers = self
            .data
            .handlers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("on: called re-entrantly".to_owned()))?;
        handlers.add(name, kept);
        Ok(())
    }

    fn remove_handlers(
        &mut self,
        name: &str,
        handler: Option<&Value<'js>>,
    ) -> ApiResult<bool, Self> {
        let mut handlers = self
            .data
            .handlers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("off: called re-entrantly".to_owned()))?;
        let ctx = &self.ctx;
        let is_handler = |kept: &Kept| kept.clone().restore(ctx).ok().as_ref() == handler;
        Ok(handlers.remove(name, handler.is_some().then_some(&is_handler)))
    }

    fn promise_for(&mut self, id: ScriptId, what: Waiting) -> ApiResult<Value<'js>, Self> {
        let (promise, resolve, _reject) = js(self.ctx.promise())?;
        let resolve = keep(&self.ctx, resolve.as_value());
        if let Ok(mut waiting) = self.data.waiting.try_borrow_mut() {
            waiting.entry((id, what)).or_default().push(resolve);
        }
        Ok(promise.into_value())
    }

    fn verb_promise(&mut self, call: u32) -> ApiResult<Value<'js>, Self> {
        let (promise, resolve, reject) = js(self.ctx.promise())?;
        let kept = (
            keep(&self.ctx, resolve.as_value()),
            keep(&self.ctx, reject.as_value()),
        );
        self.data
            .verb_calls
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("game: called re-entrantly".to_owned()))?
            .insert(call, kept);
        Ok(promise.into_value())
    }

    fn settle_verb(
        &mut self,
        call: u32,
        result: Result<Value<'js>, String>,
    ) -> ApiResult<(), Self> {
        let settlers = self
            .data
            .verb_calls
            .try_borrow_mut()
            .ok()
            .and_then(|mut calls| calls.remove(&call));
        let Some((resolve, reject)) = settlers else {
            return Ok(());
        };
        let (settle, value) = match result {
            Ok(value) => (resolve, value),
            Err(message) => (reject, js(error_value(&self.ctx, &self.data, message))?),
        };
        let settle: Function = js(settle.restore(&self.ctx).and_then(Function::from_value))?;
        js(settle.call::<_, ()>((value,)))
    }

    fn answer_when_settled(&mut self, value: &Value<'js>, id: CallId) -> ApiResult<bool, Self> {
        let Some(promise) = value.as_promise() else {
            return Ok(false);
        };
        let data = Rc::clone(&self.data);
        let fulfilled = js(Function::new(
            self.ctx.clone(),
            move |ctx: Ctx<'js>, value: Value<'js>| {
                let mut js = Qjs {
                    ctx,
                    data: Rc::clone(&data),
                };
                crate::api::calls::answer(&mut js, id, &value);
            },
        ))?;
        let data = Rc::clone(&self.data);
        let rejected = js(Function::new(
            self.ctx.clone(),
            move |ctx: Ctx<'js>, reason: Value<'js>| {
                let mut js = Qjs {
                    ctx,
                    data: Rc::clone(&data),
                };
                crate::api::calls::reject(&mut js, id, &reason);
            },
        ))?;
        let then = js(promise.then())?;
        js(then.call::<_, Value>((
            rquickjs::function::This(promise.clone()),
            fulfilled,
            rejected,
        )))?;
        Ok(true)
    }

    fn add_timer(
        &mut self,
        callback: &Value<'js>,
        args: &[Value<'js>],
        delay_ms: f64,
        repeat: bool,
    ) -> ApiResult<u32, Self> {
        let timer = Timer {
            callback: keep(&self.ctx, callback),
            args: args.iter().map(|arg| keep(&self.ctx, arg)).collect(),
            interval: repeat.then_some(delay_ms),
        };
        let mut timers = self
            .data
            .timers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("setTimeout: called re-entrantly".to_owned()))?;
        timers.add(timer, delay_ms)
    }

    fn clear_timer(&mut self, id: u32) {
        if let Ok(mut timers) = self.data.timers.try_borrow_mut() {
            timers.clear(id);
        }
    }

    fn queue_microtask(&mut self, callback: &Value<'js>) -> ApiResult<(), Self> {
        let Some(queue) = self.data.microtask.borrow().clone() else {
            return Err(ApiError::Plain("queueMicrotask is not set up".to_owned()));
        };
        let queue: Function = js(queue.restore(&self.ctx).and_then(Function::from_value))?;
        js(queue.call::<_, ()>((callback.clone(),)))
    }
}

/// An `Error` with `message`, made by the context's own constructor (kept before any script
/// ran).
fn error_value<'js>(
    ctx: &Ctx<'js>,
    data: &ContextData,
    message: String,
) -> rquickjs::Result<Value<'js>> {
    let constructor = data
        .errors
        .borrow()
        .as_ref()
        .map(|errors| errors[2].clone())
        .ok_or(rquickjs::Error::Unknown)?;
    rquickjs::Constructor::from_value(constructor.restore(ctx)?)?.construct((message,))
}

/// Copies a typed array's elements into `out`; returns its length.
///
/// Reads the array's bytes in place. Reading element by element through the engine costs about
/// 27 ns an element, which was most of a batch's cost (see the README's Performance section).
#[allow(
    unsafe_code,
    reason = "a typed array's bytes, read without a call per element"
)]
fn read_typed<T: Copy>(
    array: &TypedArray<'_, T>,
    out: &mut Vec<f64>,
    element: impl Fn([u8; 4]) -> f64,
) -> Result<usize, NumbersError<rquickjs::Error>> {
    let raw = array.as_raw().ok_or(NumbersError::Detached)?;
    // SAFETY: `as_raw` gave the bytes of the array's view of a live, attached buffer; nothing
    // runs JavaScript (which could detach or resize it) while `bytes` is borrowed: the bytes
    // are copied into `out` at once.
    let bytes: &[u8] = unsafe { raw.as_ref() };
    out.reserve(bytes.len() / 4);
    out.extend(
        bytes
            .chunks_exact(4)
            .map(|chunk| element([chunk[0], chunk[1], chunk[2], chunk[3]])),
    );
    Ok(bytes.len() / 4)
}

/// A QuickJS function that runs the API function `f`.
fn native<'js>(
    ctx: &Ctx<'js>,
    data: &Rc<ContextData>,
    f: NativeFn<Qjs<'js>>,
    name: &str,
    length: usize,
) -> rquickjs::Result<Function<'js>> {
    let data = Rc::clone(data);
    let function = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, args: Rest<Value<'js>>| -> rquickjs::Result<Value<'js>> {
            let mut js = Qjs {
                ctx: ctx.clone(),
                data: Rc::clone(&data),
            };
            f(&mut js, &args.0).map_err(|error| throw(&ctx, &data, error))
        },
    )?
    .with_name(name)?;
    function.set_length(length)?;
    Ok(function)
}

/// The JS helpers behind [`ContextData::plain_numbers`] and [`ContextData::microtask`],
/// built from the intrinsics before any script runs (a script cannot replace what they use).
const HELPERS: &str = r#"
((getterOf, hasOwn, apply, then, resolved) => [
  (array) => {
    const length = array.length;
    const numbers = [];
    let n = 0;
    for (let i = 0; i < length; i++) {
      // A getter here or on the prototype chain, or a hole: stop before reading it.
      if (getterOf(array, i) !== undefined || !hasOwn(array, i)) break;
      const value = array[i];
      if (typeof value !== "number") break;
      numbers[n++] = value;
    }
    return [length, numbers];
  },
  (callback) => { apply(then, resolved, [() => callback()]); },
])(Function.prototype.call.bind(Object.prototype.__lookupGetter__), Object.hasOwn, Reflect.apply,
   Promise.prototype.then, Promise.resolve())
"#;

/// Defines the API globals in `ctx`, with natives bound to `data`. Runs before any script
/// code, so what it captures from the global object is the intrinsics.
pub(crate) fn register<'js>(
    ctx: &Ctx<'js>,
    data: &Rc<ContextData>,
    globals: Globals<Qjs<'js>>,
) -> rquickjs::Result<()> {
    let global = ctx.globals();
    for (name, natives) in globals.namespaces {
        let object = Object::new(ctx.clone())?;
        for (function, f, length) in natives {
            object.set(function, native(ctx, data, f, function, length)?)?;
        }
        global.set(name, object)?;
    }
    for (name, f, length) in globals.functions {
        global.set(name, native(ctx, data, f, name, length)?)?;
    }
    for (name, getters) in globals.accessors {
        let object = Object::new(ctx.clone())?;
        for (property, f, _) in getters {
            let data = Rc::clone(data);
            let getter = move |ctx: Ctx<'js>| -> rquickjs::Result<Value<'js>> {
                let mut js = Qjs {
                    ctx: ctx.clone(),
                    data: Rc::clone(&data),
                };
                f(&mut js, &[]).map_err(|error| throw(&ctx, &data, error))
            };
            object.prop(property, Accessor::new_get(getter).enumerable())?;
        }
        global.set(name, object)?;
    }
    let game = Object::new(ctx.clone())?;
    for (name, verb) in globals.game {
        let data = Rc::clone(data);
        let call = Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, args: Rest<Value<'js>>| -> rquickjs::Result<Value<'js>> {
                let mut js = Qjs {
                    ctx: ctx.clone(),
                    data: Rc::clone(&data),
                };
                crate::api::verbs::call(&mut js, verb, &args.0)
                    .map_err(|error| throw(&ctx, &data, error))
            },
        )?
        .with_name(&name)?;
        call.set_length(1)?;
        game.set(name.as_str(), call)?;
    }
    global.set("game", game)?;
    let helpers: Array = ctx.eval(HELPERS)?;
    let plain_numbers: Value = helpers.get(0)?;
    let microtask: Value = helpers.get(1)?;
    *data.plain_numbers.borrow_mut() = Some(keep(ctx, &plain_numbers));
    *data.microtask.borrow_mut() = Some(keep(ctx, &microtask));
    let constructor = |name: &str| -> rquickjs::Result<Kept> {
        let constructor: Value = global.get(name)?;
        Ok(keep(ctx, &constructor))
    };
    *data.atoms.borrow_mut() = KEY_NAMES
        .iter()
        .map(|name| Atom::from_str(ctx.clone(), name).map(|atom| Persistent::save(ctx, atom)))
        .collect::<rquickjs::Result<_>>()?;
    *data.errors.borrow_mut() = Some([
        constructor("TypeError")?,
        constructor("RangeError")?,
        constructor("Error")?,
    ]);
    Ok(())
}
