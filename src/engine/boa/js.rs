//! The `Js` seam for Boa: how API functions read and make values, and what one context keeps.
use std::cell::RefCell;
use std::rc::Rc;

use bevy::platform::collections::HashMap;
use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::builtins::typed_array::TypedArrayKind;
use boa_engine::object::builtins::{JsArray, JsArrayBuffer, JsPromise, JsTypedArray};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::{Attribute, PropertyDescriptor, PropertyKey};
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, JsVariant,
    NativeFunction,
};

use crate::api::events::Handlers;
use crate::api::js::{KEY_NAMES, Key, Kind, NativeFn, Natives, NumberKind, NumbersError};
use crate::api::timers::{Timer, Timers};
use crate::api::{ApiError, ApiResult, Globals, Js};
use crate::core::bridge::Waiting;
use crate::core::calls::CallId;
use crate::core::host::ScriptHost;
use crate::core::state::ScriptId;

/// What belongs to one Boa context: `on` handlers, `whenCreated` promises and timers.
#[derive(Default)]
pub(crate) struct ContextCallbacks {
    pub(super) handlers: RefCell<Handlers<JsObject>>,
    /// `whenCreated` promises waiting for their entity.
    pub(super) waiting: RefCell<HashMap<(ScriptId, Waiting), Vec<ResolvingFunctions>>>,
    pub timers: RefCell<Timers<JsValue>>,
    /// Promises of system verb calls waiting for their answer, by call.
    pub(super) verb_calls: RefCell<HashMap<u32, ResolvingFunctions>>,
}

impl ContextCallbacks {
    /// The callbacks of `context`.
    fn of(context: &Context) -> ApiResult<Rc<Self>, Context> {
        context
            .get_data::<Rc<Self>>()
            .cloned()
            .ok_or_else(|| ApiError::Plain("the script's callbacks are not set up".to_owned()))
    }

    /// The handlers of `name` at this moment (a handler may add or remove others).
    pub fn handlers_of(&self, name: &str) -> Vec<JsObject> {
        self.handlers
            .try_borrow()
            .map(|handlers| handlers.of(name))
            .unwrap_or_default()
    }

    /// Takes the `whenCreated` promises waiting for `id`.
    pub fn take_waiting(&self, id: ScriptId, what: Waiting) -> Vec<ResolvingFunctions> {
        self.waiting
            .try_borrow_mut()
            .ok()
            .and_then(|mut waiting| waiting.remove(&(id, what)))
            .unwrap_or_default()
    }
}

/// Turns an API error into the exception Boa throws.
pub(crate) fn throw(error: ApiError<JsError>) -> JsError {
    match error {
        ApiError::Type(message) => JsNativeError::typ().with_message(message).into(),
        ApiError::Range(message) => JsNativeError::range().with_message(message).into(),
        ApiError::Plain(message) => JsNativeError::error().with_message(message).into(),
        ApiError::Js(error) => error,
    }
}

thread_local! {
    /// [`KEY_NAMES`] as Boa property keys, built once per thread: reading a field allocates
    /// nothing.
    static KEYS: Vec<PropertyKey> = KEY_NAMES
        .iter()
        .map(|name| PropertyKey::String(JsString::from(*name)))
        .collect();
}

fn property_key(key: Key) -> PropertyKey {
    KEYS.with(|keys| keys[usize::from(key.0)].clone())
}

impl Js for Context {
    type Value = JsValue;
    type Object = JsObject;
    type Error = JsError;

    fn host(&self) -> ApiResult<Rc<ScriptHost>, Self> {
        self.get_data::<Rc<ScriptHost>>().cloned().ok_or_else(|| {
            ApiError::Plain("the bevy_js_worker API is not available in this context".to_owned())
        })
    }

    fn kind(value: &JsValue) -> Kind<JsObject> {
        match value.variant() {
            JsVariant::Undefined => Kind::Undefined,
            JsVariant::Null => Kind::Null,
            JsVariant::Boolean(b) => Kind::Boolean(b),
            JsVariant::String(_) => Kind::String,
            JsVariant::Integer32(i) => Kind::Number(f64::from(i)),
            JsVariant::Float64(f) => Kind::Number(f),
            JsVariant::BigInt(_) => Kind::BigInt,
            JsVariant::Symbol(_) => Kind::Symbol,
            JsVariant::Object(object) if object.is_callable() => Kind::Function,
            JsVariant::Object(object) if object.is_array() => Kind::Array(object),
            JsVariant::Object(object) => Kind::Object(object),
        }
    }

    fn is_undefined(value: &JsValue) -> bool {
        value.is_undefined()
    }

    fn as_number(value: &JsValue) -> Option<f64> {
        value.as_number()
    }

    fn as_string(&self, value: &JsValue) -> Option<String> {
        value.as_string().map(|s| s.to_std_string_escaped())
    }

    fn get(&mut self, object: &JsObject, key: Key) -> ApiResult<JsValue, Self> {
        let key = property_key(key);
        match plain_data_property(object, &key, self) {
            Some(value) => Ok(value),
            None => object.get(key, self).map_err(ApiError::Js),
        }
    }

    fn get_named(&mut self, object: &JsObject, name: &str) -> ApiResult<JsValue, Self> {
        object.get(JsString::from(name), self).map_err(ApiError::Js)
    }

    fn get_index(&mut self, array: &JsObject, index: u32) -> ApiResult<JsValue, Self> {
        array.get(index, self).map_err(ApiError::Js)
    }

    fn own_keys(&mut self, object: &JsObject) -> ApiResult<Vec<String>, Self> {
        let keys = object.own_property_keys(self).map_err(ApiError::Js)?;
        let storage = object.borrow();
        // Enumerable ones only, as `JSON.stringify` and QuickJS's key listing take them.
        let enumerable = |key: &PropertyKey| {
            storage
                .properties()
                .get(key)
                .is_none_or(|property| property.enumerable().unwrap_or(true))
        };
        Ok(keys
            .into_iter()
            .filter(|key| enumerable(key))
            .filter_map(|key| match key {
                PropertyKey::String(name) => Some(name.to_std_string_escaped()),
                PropertyKey::Index(index) => Some(index.get().to_string()),
                // JSON has no symbol keys; `JSON.stringify` skips them too.
                PropertyKey::Symbol(_) => None,
            })
            .collect())
    }

    fn numbers(
        &mut self,
        value: &JsValue,
        kind: NumberKind,
        out: &mut Vec<f64>,
    ) -> Result<usize, NumbersError<JsError>> {
        let Some(object) = value.as_object() else {
            return Err(NumbersError::WrongType);
        };
        if object.is_array() {
            let array = JsArray::from_object(object.clone()).map_err(NumbersError::Js)?;
            let len = array.length(self).map_err(NumbersError::Js)?;
            let len = usize::try_from(len).map_err(|_| NumbersError::WrongType)?;
            // Straight from the element storage: no getter runs. A script can set `length`
            // far beyond the storage, so stop at the first missing element.
            let storage = object.borrow();
            for index in 0..len {
                let Ok(index) = u32::try_from(index) else {
                    break;
                };
                let number = storage
                    .properties()
                    .get(&PropertyKey::from(index))
                    .and_then(|element| data_value(&element))
                    .and_then(|value| value.as_number());
                match number {
                    Some(number) => out.push(number),
                    None => break,
                }
            }
            return Ok(len);
        }
        let typed_kind = match kind {
            NumberKind::Uint32 => TypedArrayKind::Uint32,
            NumberKind::Float32 => TypedArrayKind::Float32,
        };
        let array = JsTypedArray::from_object(object)
            .ok()
            .filter(|array| array.kind() == Some(typed_kind))
            .ok_or(NumbersError::WrongType)?;
        let len = array.length(self).map_err(NumbersError::Js)?;
        let offset = array.byte_offset(self).map_err(NumbersError::Js)?;
        let buffer = array
            .buffer(self)
            .map_err(NumbersError::Js)?
            .as_object()
            .and_then(|buffer| JsArrayBuffer::from_object(buffer).ok())
            .ok_or(NumbersError::WrongType)?;
        let bytes = buffer.data().ok_or(NumbersError::Detached)?;
        let bytes = bytes
            .get(offset..offset + len * 4)
            .ok_or(NumbersError::Detached)?;
        out.reserve(len);
        for raw in bytes.chunks_exact(4) {
            let raw = [raw[0], raw[1], raw[2], raw[3]];
            out.push(match kind {
                NumberKind::Uint32 => f64::from(u32::from_ne_bytes(raw)),
                NumberKind::Float32 => f64::from(f32::from_ne_bytes(raw)),
            });
        }
        Ok(len)
    }

    fn display(&mut self, value: &JsValue) -> String {
        value.display().to_string()
    }

    fn undefined(&self) -> JsValue {
        JsValue::undefined()
    }

    fn null(&self) -> JsValue {
        JsValue::null()
    }

    fn number(&self, number: f64) -> JsValue {
        JsValue::from(number)
    }

    fn boolean(&self, value: bool) -> JsValue {
        JsValue::from(value)
    }

    fn string(&mut self, text: &str) -> ApiResult<JsValue, Self> {
        Ok(JsString::from(text).into())
    }

    fn object(&mut self, fields: &[(Key, JsValue)]) -> ApiResult<JsValue, Self> {
        let mut object = ObjectInitializer::new(self);
        for (key, value) in fields {
            object.property(property_key(*key), value.clone(), Attribute::all());
        }
        Ok(object.build().into())
    }

    fn object_named(&mut self, fields: Vec<(String, JsValue)>) -> ApiResult<JsValue, Self> {
        let mut object = ObjectInitializer::new(self);
        for (name, value) in fields {
            object.property(JsString::from(name), value, Attribute::all());
        }
        Ok(object.build().into())
    }

    fn array(&mut self, items: Vec<JsValue>) -> ApiResult<JsValue, Self> {
        Ok(JsArray::from_iter(items, self).into())
    }

    fn add_handler(&mut self, name: String, handler: &JsValue) -> ApiResult<(), Self> {
        let handler = handler
            .as_object()
            .ok_or_else(|| ApiError::Type("on: handler must be a function".to_owned()))?;
        let callbacks = ContextCallbacks::of(self)?;
        let mut handlers = callbacks
            .handlers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("on: called re-entrantly".to_owned()))?;
        handlers.add(name, handler);
        Ok(())
    }

    fn remove_handlers(&mut self, name: &str, handler: Option<&JsValue>) -> ApiResult<bool, Self> {
        let callbacks = ContextCallbacks::of(self)?;
        let mut handlers = callbacks
            .handlers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("off: called re-entrantly".to_owned()))?;
        let handler = handler.and_then(JsValue::as_object);
        let is_handler = |registered: &JsObject| Some(registered) == handler.as_ref();
        Ok(handlers.remove(name, handler.is_some().then_some(&is_handler)))
    }

    fn promise_for(&mut self, id: ScriptId, what: Waiting) -> ApiResult<JsValue, Self> {
        let callbacks = ContextCallbacks::of(self)?;
        let (promise, resolvers) = JsPromise::new_pending(self);
        if let Ok(mut waiting) = callbacks.waiting.try_borrow_mut() {
            waiting.entry((id, what)).or_default().push(resolvers);
        }
        Ok(promise.into())
    }

    fn verb_promise(&mut self, call: u32) -> ApiResult<JsValue, Self> {
        let callbacks = ContextCallbacks::of(self)?;
        let (promise, resolvers) = JsPromise::new_pending(self);
        callbacks
            .verb_calls
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("game: called re-entrantly".to_owned()))?
            .insert(call, resolvers);
        Ok(promise.into())
    }

    fn settle_verb(&mut self, call: u32, result: Result<JsValue, String>) -> ApiResult<(), Self> {
        let callbacks = ContextCallbacks::of(self)?;
        let resolvers = callbacks
            .verb_calls
            .try_borrow_mut()
            .ok()
            .and_then(|mut calls| calls.remove(&call));
        let Some(resolvers) = resolvers else {
            return Ok(());
        };
        let (function, value) = match result {
            Ok(value) => (resolvers.resolve, value),
            Err(message) => {
                let error = JsNativeError::error()
                    .with_message(message)
                    .into_opaque(self);
                (resolvers.reject, error.into())
            }
        };
        function
            .call(&JsValue::undefined(), &[value], self)
            .map_err(ApiError::Js)?;
        Ok(())
    }

    fn answer_when_settled(&mut self, value: &JsValue, id: CallId) -> ApiResult<bool, Self> {
        let Some(promise) = value
            .as_object()
            .and_then(|object| JsPromise::from_object(object).ok())
        else {
            return Ok(false);
        };
        let fulfilled = NativeFunction::from_copy_closure(move |_, args, context| {
            let value = args.first().cloned().unwrap_or_default();
            crate::api::calls::answer(context, id, &value);
            Ok(JsValue::undefined())
        });
        let rejected = NativeFunction::from_copy_closure(move |_, args, context| {
            let reason = args.first().cloned().unwrap_or_default();
            crate::api::calls::reject(context, id, &reason);
            Ok(JsValue::undefined())
        });
        let realm = self.realm().clone();
        let fulfilled = FunctionObjectBuilder::new(&realm, fulfilled).build();
        let rejected = FunctionObjectBuilder::new(&realm, rejected).build();
        promise
            .then(Some(fulfilled), Some(rejected), self)
            .map_err(ApiError::Js)?;
        Ok(true)
    }

    fn add_timer(
        &mut self,
        callback: &JsValue,
        args: &[JsValue],
        delay_ms: f64,
        repeat: bool,
    ) -> ApiResult<u32, Self> {
        let callbacks = ContextCallbacks::of(self)?;
        let mut timers = callbacks
            .timers
            .try_borrow_mut()
            .map_err(|_| ApiError::Plain("setTimeout: called re-entrantly".to_owned()))?;
        let timer = Timer {
            callback: callback.clone(),
            args: args.to_vec(),
            interval: repeat.then_some(delay_ms),
        };
        timers.add(timer, delay_ms)
    }

    fn clear_timer(&mut self, id: u32) {
        if let Ok(callbacks) = ContextCallbacks::of(self)
            && let Ok(mut timers) = callbacks.timers.try_borrow_mut()
        {
            timers.clear(id);
        }
    }

    fn queue_microtask(&mut self, callback: &JsValue) -> ApiResult<(), Self> {
        // A reaction to a resolved promise: a job like any other, run under the frame's
        // budget; if it throws, it is reported as an unhandled rejection.
        let callback = callback
            .as_object()
            .and_then(boa_engine::object::builtins::JsFunction::from_object)
            .ok_or_else(|| ApiError::Type("queueMicrotask: callback must be a function".into()))?;
        let resolved = JsPromise::resolve(JsValue::undefined(), self).map_err(ApiError::Js)?;
        resolved
            .then(Some(callback), None, self)
            .map_err(ApiError::Js)?;
        Ok(())
    }
}

/// `object[key]` if `object` is a plain object and the lookup only meets data properties;
/// `None` when the full `[[Get]]` is needed.
///
/// Plain objects (object literals, `Object.create(null)`) take this fast path: the key is
/// looked up in the object's own properties, then in `Object.prototype`'s, straight in their
/// property maps. That is what `[[Get]]` does for them, minus its generic machinery.
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

/// A Boa native function that runs the API function `f`.
fn native(f: NativeFn<Context>) -> NativeFunction {
    NativeFunction::from_copy_closure(move |_, args, context| f(context, args).map_err(throw))
}

/// Defines the API globals in `context`. The [`ScriptHost`] is attached separately.
pub(crate) fn register(context: &mut Context, globals: Globals<Context>) -> JsResult<()> {
    for (name, natives) in globals.namespaces {
        let mut object = ObjectInitializer::new(context);
        for (function, f, length) in natives {
            object.function(native(f), JsString::from(function), length);
        }
        let object = object.build();
        context.register_global_property(JsString::from(name), object, Attribute::READONLY)?;
    }
    for (name, f, length) in globals.functions {
        context.register_global_callable(JsString::from(name), length, native(f))?;
    }
    for (name, getters) in globals.accessors {
        let object = accessor_object(context, getters);
        context.register_global_property(JsString::from(name), object, Attribute::READONLY)?;
    }
    let mut game = ObjectInitializer::new(context);
    for (name, verb) in globals.game {
        let call = NativeFunction::from_copy_closure(move |_, args, context| {
            crate::api::verbs::call(context, verb, args).map_err(throw)
        });
        game.function(call, JsString::from(name.as_str()), 1);
    }
    let game = game.build();
    context.register_global_property(JsString::from("game"), game, Attribute::READONLY)?;
    context.insert_data(Rc::new(ContextCallbacks::default()));
    Ok(())
}

/// An object of read-only accessors.
fn accessor_object(context: &mut Context, getters: Natives<Context>) -> JsObject {
    let getters: Vec<_> = getters
        .into_iter()
        .map(|(name, f, _)| {
            let function = FunctionObjectBuilder::new(context.realm(), native(f))
                .name(JsString::from(format!("get {name}")))
                .length(0)
                .build();
            (name, function)
        })
        .collect();
    let mut object = ObjectInitializer::new(context);
    for (name, getter) in getters {
        object.accessor(
            JsString::from(name),
            Some(getter),
            None,
            Attribute::ENUMERABLE,
        );
    }
    object.build()
}
