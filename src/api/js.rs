//! The seam between the API and the engines: [`Js`], what a native function may ask of the
//! engine it runs in.
//!
//! The API's functions are written once, generic over [`Js`]: they read and validate their
//! arguments, build commands and return values through it. Each engine implements it (Boa for
//! its `Context`, QuickJS for its `Ctx`) and turns an [`ApiError`] into its own exception at
//! the call boundary.

use std::rc::Rc;

use crate::core::bridge::Waiting;
use crate::core::calls::CallId;
use crate::core::host::ScriptHost;
use crate::core::state::ScriptId;

/// Why a native function failed: an error it raises (the engine throws it as a `TypeError`,
/// `RangeError` or `Error`), or an exception that JS code it called threw (a getter).
#[derive(Debug)]
pub(crate) enum ApiError<E> {
    Type(String),
    Range(String),
    Plain(String),
    Js(E),
}

impl<E> From<crate::core::host::HostError> for ApiError<E> {
    fn from(error: crate::core::host::HostError) -> Self {
        match error {
            crate::core::host::HostError::Range(message) => Self::Range(message),
            crate::core::host::HostError::Plain(message) => Self::Plain(message),
        }
    }
}

/// What a native function returns: the engine's value, or an [`ApiError`].
pub(crate) type ApiResult<T, J> = Result<T, ApiError<<J as Js>::Error>>;

/// A native function of the API: `(engine, arguments) -> value`.
pub(crate) type NativeFn<J> = fn(&mut J, &[<J as Js>::Value]) -> ApiResult<<J as Js>::Value, J>;

/// A table of native functions: name, function and `length` (the declared parameter count).
pub(crate) type Natives<J> = Vec<(&'static str, NativeFn<J>, usize)>;

/// What a value is, as far as the API's rules care.
pub(crate) enum Kind<O> {
    Undefined,
    Null,
    Boolean(bool),
    Number(f64),
    String,
    BigInt,
    Symbol,
    Function,
    Array(O),
    /// Any other object (plain, class instance, proxy, typed array, ...).
    Object(O),
}

/// A property name the API reads or writes: one of [`KEY_NAMES`]. Engines prebuild their own
/// key for each (a Boa `PropertyKey`, a QuickJS atom), so a read allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key(pub u8);

impl Key {
    pub fn name(self) -> &'static str {
        KEY_NAMES[usize::from(self.0)]
    }
}

macro_rules! keys {
    ($($index:literal $constant:ident $name:literal),* $(,)?) => {
        /// The keys, by name.
        pub(crate) mod key {
            use crate::api::js::Key;
            $(pub const $constant: Key = Key($index);)*
        }
        /// Every key's property name, by index.
        pub(crate) const KEY_NAMES: &[&str] = &[$($name),*];
    };
}

keys! {
    0 POSITION "position",
    1 ROTATION "rotation",
    2 SCALE "scale",
    3 COLOR "color",
    4 VISIBLE "visible",
    5 X "x",
    6 Y "y",
    7 Z "z",
    8 YAW "yaw",
    9 PITCH "pitch",
    10 ROLL "roll",
    11 R "r",
    12 G "g",
    13 B "b",
    14 A "a",
    15 LOOK_AT "lookAt",
    16 FOV "fov",
    17 ACTIVE "active",
    18 DIRECTION "direction",
    19 INTENSITY "intensity",
    20 SHADOWS "shadows",
    21 TYPE "type",
    22 WIDTH "width",
    23 HEIGHT "height",
    24 LENGTH "length",
    25 TELEPORT "teleport",
}

/// The element type a batch argument holds: what a typed array must be, and how plain-array
/// elements are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// Ids: `Uint32Array`, or integers in a plain array.
    Uint32,
    /// Coordinates: `Float32Array`, or finite numbers in a plain array.
    Float32,
}

impl NumberKind {
    pub fn expected(self) -> &'static str {
        match self {
            Self::Uint32 => "a Uint32Array or an array of ids",
            Self::Float32 => "a Float32Array or an array of numbers",
        }
    }
}

/// What a native function may ask of its engine.
pub(crate) trait Js {
    /// A JS value.
    type Value: Clone;
    /// A JS object. Equality is identity.
    type Object: Clone + PartialEq;
    /// The engine's exception type.
    type Error;

    /// The worker-side state of the API.
    fn host(&self) -> ApiResult<Rc<ScriptHost>, Self>;

    // Reading values.

    /// What `value` is.
    fn kind(value: &Self::Value) -> Kind<Self::Object>;
    /// Whether `value` is `undefined` (the cheap test for an option left out).
    fn is_undefined(value: &Self::Value) -> bool {
        matches!(Self::kind(value), Kind::Undefined)
    }
    /// `value` if it is a number.
    fn as_number(value: &Self::Value) -> Option<f64>;
    /// `value` if it is a string.
    fn as_string(&self, value: &Self::Value) -> Option<String>;
    /// `object[key]`, running getters (whose exceptions propagate).
    fn get(&mut self, object: &Self::Object, key: Key) -> ApiResult<Self::Value, Self>;
    /// `object[name]`, running getters.
    fn get_named(&mut self, object: &Self::Object, name: &str) -> ApiResult<Self::Value, Self>;
    /// `array[index]`, running getters.
    fn get_index(&mut self, array: &Self::Object, index: u32) -> ApiResult<Self::Value, Self>;
    /// The own enumerable string keys of `object`, in property order.
    fn own_keys(&mut self, object: &Self::Object) -> ApiResult<Vec<String>, Self>;
    /// `value` as a batch argument of `kind` (a typed array of that kind, or a plain array):
    /// returns its length and copies its elements into `out` without calling into JS, up to
    /// the first that is a hole, an accessor or not a number (which the caller then refuses by
    /// index). Fails for any other value.
    fn numbers(
        &mut self,
        value: &Self::Value,
        kind: NumberKind,
        out: &mut Vec<f64>,
    ) -> Result<usize, NumbersError<Self::Error>>;
    /// How a value looks in `console.log`.
    fn display(&mut self, value: &Self::Value) -> String;

    // Making values.

    fn undefined(&self) -> Self::Value;
    fn null(&self) -> Self::Value;
    fn number(&self, number: f64) -> Self::Value;
    fn boolean(&self, value: bool) -> Self::Value;
    fn string(&mut self, text: &str) -> ApiResult<Self::Value, Self>;
    /// A plain object with these properties.
    fn object(&mut self, fields: &[(Key, Self::Value)]) -> ApiResult<Self::Value, Self>;
    /// A plain object with these (dynamic) properties.
    fn object_named(&mut self, fields: Vec<(String, Self::Value)>) -> ApiResult<Self::Value, Self>;
    fn array(&mut self, items: Vec<Self::Value>) -> ApiResult<Self::Value, Self>;

    // Callbacks, which belong to one JS context.

    /// `on(name, handler)`: `handler` is callable.
    fn add_handler(&mut self, name: String, handler: &Self::Value) -> ApiResult<(), Self>;
    /// `off(name, handler?)`: whether any was removed.
    fn remove_handlers(
        &mut self,
        name: &str,
        handler: Option<&Self::Value>,
    ) -> ApiResult<bool, Self>;
    /// A pending promise, resolved with `id` once the main thread says `what` happened to
    /// `id` (it exists; its scene is ready).
    fn promise_for(&mut self, id: ScriptId, what: Waiting) -> ApiResult<Self::Value, Self>;
    /// A pending promise for this worker's system verb call `call`, settled by
    /// [`settle_verb`](Self::settle_verb).
    fn verb_promise(&mut self, call: u32) -> ApiResult<Self::Value, Self>;
    /// Resolves the promise of verb call `call` with a value, or rejects it with an `Error`
    /// of the message. A call whose promise is gone (the context was replaced) is ignored.
    fn settle_verb(
        &mut self,
        call: u32,
        result: Result<Self::Value, String>,
    ) -> ApiResult<(), Self>;
    /// If `value` is a promise: answers Rust's call `id` once it settles (through
    /// [`calls::answer`](super::calls::answer) or [`calls::reject`](super::calls::reject)) and
    /// returns `true`; otherwise `false`.
    fn answer_when_settled(&mut self, value: &Self::Value, id: CallId) -> ApiResult<bool, Self>;
    /// `setTimeout` / `setInterval`: `callback` is callable.
    fn add_timer(
        &mut self,
        callback: &Self::Value,
        args: &[Self::Value],
        delay_ms: f64,
        repeat: bool,
    ) -> ApiResult<u32, Self>;
    /// `clearTimeout` / `clearInterval`.
    fn clear_timer(&mut self, id: u32);
    /// `queueMicrotask`: `callback` is callable.
    fn queue_microtask(&mut self, callback: &Self::Value) -> ApiResult<(), Self>;
}

/// Why [`Js::numbers`] refused a value.
pub(crate) enum NumbersError<E> {
    /// Not an array, nor a typed array of the kind asked for.
    WrongType,
    /// A typed array whose buffer was detached or shrunk under it.
    Detached,
    /// JS code threw (reading a plain array's `length`).
    Js(E),
}

/// `args[index]`, or `undefined` past the end.
pub(crate) fn arg<J: Js>(js: &J, args: &[J::Value], index: usize) -> J::Value {
    args.get(index).cloned().unwrap_or_else(|| js.undefined())
}

/// What an [`ApiError`] says, as an `Error`'s message would (an exception thrown by JS code
/// the API ran is described by the engine, so only its kind is known here).
pub(crate) fn message_of<J: Js>(error: ApiError<J::Error>) -> String {
    match error {
        ApiError::Type(message) => format!("TypeError: {message}"),
        ApiError::Range(message) => format!("RangeError: {message}"),
        ApiError::Plain(message) => message,
        ApiError::Js(_) => "a getter threw while the value was read".to_owned(),
    }
}
