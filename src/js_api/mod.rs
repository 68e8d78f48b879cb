//! The JavaScript API scripts call: `entity`, `camera`, `light` and `console`.
//!
//! Every native function validates its arguments strictly ([`args`]), turns the call into a
//! [`Command`] and pushes it onto the command ring. Ids are allocated here, on the worker, so
//! creation returns synchronously. Reads (`entity.get`, `camera.get`) come from the front state
//! buffers, i.e. the state as of the last completed swap.

pub(crate) mod args;
mod camera;
mod console;
mod entity;
mod events;
mod input;
pub(crate) mod json;
mod light;

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use bevy::platform::collections::HashMap;
use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::js_string;
use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
};

use crate::bridge::{Command, CommandSender, TransformRecord, WorkerShared};
use crate::input::InputSnapshot;
use crate::state::{ScriptId, ScriptObjectKind};

/// The names of the globals and their members, as the runtime defines them; a global function
/// (`on`, `off`, `emit`) has no members. Tests compare this with the live runtime, the
/// documentation and the typings.
pub const API: &[(&str, &[&str])] = &[
    ("entity", entity::FUNCTIONS),
    ("camera", camera::FUNCTIONS),
    ("light", light::FUNCTIONS),
    ("input", input::FUNCTIONS),
    ("time", input::TIME_PROPERTIES),
    ("console", console::FUNCTIONS),
    ("on", &[]),
    ("off", &[]),
    ("emit", &[]),
];

/// Worker-side limits for script objects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostLimits {
    pub max_objects: usize,
}

/// The worker-side state behind the native functions, stored in the Boa context's host data.
pub(crate) struct ScriptHost {
    pub shared: Arc<WorkerShared>,
    commands: RefCell<CommandSender>,
    registry: RefCell<Registry>,
    /// The input the current worker frame sees.
    pub frame_input: Cell<InputSnapshot>,
    /// The current worker frame's number (1 for the first `update`) and `dt`.
    pub frame_number: Cell<u64>,
    pub frame_delta: Cell<f64>,
    /// `on(name, handler)` registrations, in registration order.
    handlers: RefCell<HashMap<String, Vec<JsObject>>>,
    /// Reused by `entity.setTransforms`, so a batch allocates nothing in steady state.
    transform_scratch: RefCell<Vec<TransformRecord>>,
    limits: HostLimits,
}

#[derive(Default)]
struct Registry {
    next_id: ScriptId,
    live: HashMap<ScriptId, ScriptObjectKind>,
    /// `whenCreated` promises waiting for their entity.
    waiting: HashMap<ScriptId, Vec<ResolvingFunctions>>,
}

impl ScriptHost {
    pub fn new(shared: Arc<WorkerShared>, commands: CommandSender, limits: HostLimits) -> Self {
        Self {
            shared,
            commands: RefCell::new(commands),
            registry: RefCell::new(Registry {
                next_id: 1,
                ..Registry::default()
            }),
            transform_scratch: RefCell::default(),
            frame_input: Cell::default(),
            frame_number: Cell::new(0),
            frame_delta: Cell::new(0.0),
            handlers: RefCell::default(),
            limits,
        }
    }

    /// The host stored in `context`.
    pub fn get(context: &Context) -> JsResult<&Self> {
        context.get_data::<Self>().ok_or_else(|| {
            JsNativeError::error()
                .with_message("the bevy_js_worker API is not available in this context")
                .into()
        })
    }

    /// Pushes a command, waiting for room if the ring is full.
    pub fn send(&self, command: Command, func: &str) -> JsResult<()> {
        let mut commands = self
            .commands
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        commands
            .push(command, &self.shared)
            .map_err(|_| shutting_down(func))
    }

    /// Builds a batch of transforms with `build` (which gets the scratch buffer, cleared, and a
    /// test for live entity ids) and sends it. Nothing is sent if `build` fails.
    pub fn send_transforms(
        &self,
        func: &str,
        rotations: bool,
        build: impl FnOnce(&mut Vec<TransformRecord>, &dyn Fn(ScriptId) -> bool) -> JsResult<()>,
    ) -> JsResult<()> {
        let mut scratch = self
            .transform_scratch
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        scratch.clear();
        {
            let registry = self.registry.try_borrow().map_err(|_| reentrant(func))?;
            let is_entity =
                |id: ScriptId| registry.live.get(&id) == Some(&ScriptObjectKind::Entity);
            build(&mut scratch, &is_entity)?;
        }
        let mut commands = self
            .commands
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        let sent = commands.push_transforms(&scratch, rotations, &self.shared);
        // Keep the scratch buffer for the next batch, unless one huge batch left it oversized.
        if scratch.capacity() > 1 << 18 && scratch.len() < scratch.capacity() / 4 {
            let len = scratch.len();
            scratch.shrink_to(len);
        }
        sent.map_err(|_| shutting_down(func))
    }

    /// Allocates an id for a new object of `kind`.
    pub fn allocate(&self, kind: ScriptObjectKind, func: &str) -> JsResult<ScriptId> {
        let mut registry = self
            .registry
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        if registry.live.len() >= self.limits.max_objects {
            return Err(JsNativeError::range()
                .with_message(format!(
                    "{func}: too many live script objects (the limit is {})",
                    self.limits.max_objects
                ))
                .into());
        }
        let id = registry.next_id;
        registry.next_id = id.checked_add(1).ok_or_else(|| {
            JsError::from(JsNativeError::range().with_message(format!("{func}: out of ids")))
        })?;
        registry.live.insert(id, kind);
        self.shared.registry_bytes.store(
            crate::apply::map_bytes(&registry.live),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(id)
    }

    /// Whether `id` names a live object of `kind`.
    pub fn is_live(&self, id: ScriptId, kind: ScriptObjectKind) -> bool {
        self.registry
            .try_borrow()
            .is_ok_and(|registry| registry.live.get(&id) == Some(&kind))
    }

    /// Fails with a `RangeError` unless `id` names a live object of `kind`.
    pub fn expect_live(&self, id: ScriptId, kind: ScriptObjectKind, func: &str) -> JsResult<()> {
        if self.is_live(id, kind) {
            Ok(())
        } else {
            Err(JsNativeError::range()
                .with_message(format!("{func}: no {} with id {id}", kind_name(kind)))
                .into())
        }
    }

    /// Forgets `id` if it is a live object of `kind`; returns whether it was.
    pub fn forget(&self, id: ScriptId, kind: ScriptObjectKind) -> bool {
        let Ok(mut registry) = self.registry.try_borrow_mut() else {
            return false;
        };
        if registry.live.get(&id) == Some(&kind) {
            registry.live.remove(&id);
            true
        } else {
            false
        }
    }

    /// Remembers a `whenCreated` promise to resolve when `id` exists.
    pub fn wait_for_creation(&self, id: ScriptId, resolvers: ResolvingFunctions) {
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.waiting.entry(id).or_default().push(resolvers);
        }
    }

    /// Takes the `whenCreated` promises waiting for `id`.
    pub fn take_waiting(&self, id: ScriptId) -> Vec<ResolvingFunctions> {
        self.registry
            .try_borrow_mut()
            .ok()
            .and_then(|mut registry| registry.waiting.remove(&id))
            .unwrap_or_default()
    }

    /// Registers an event handler.
    pub fn add_handler(&self, name: String, handler: JsObject, func: &str) -> JsResult<()> {
        let mut handlers = self
            .handlers
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        handlers.entry(name).or_default().push(handler);
        Ok(())
    }

    /// Removes `handler` (every registration of it), or all handlers, of `name`; returns
    /// whether any was removed.
    pub fn remove_handlers(
        &self,
        name: &str,
        handler: Option<&JsObject>,
        func: &str,
    ) -> JsResult<bool> {
        let mut handlers = self
            .handlers
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        let Some(list) = handlers.get_mut(name) else {
            return Ok(false);
        };
        let before = list.len();
        match handler {
            Some(handler) => list.retain(|h| h != handler),
            None => list.clear(),
        }
        let removed = list.len() != before;
        if list.is_empty() {
            handlers.remove(name);
        }
        Ok(removed)
    }

    /// The handlers of `name` at this moment (a handler may add or remove others).
    pub fn handlers_of(&self, name: &str) -> Vec<JsObject> {
        self.handlers
            .try_borrow()
            .ok()
            .and_then(|handlers| handlers.get(name).cloned())
            .unwrap_or_default()
    }

    /// Forgets everything that belongs to one JS context (event handlers and waiting
    /// promises), for a reload that keeps the objects.
    pub fn forget_context(&self) {
        if let Ok(mut handlers) = self.handlers.try_borrow_mut() {
            handlers.clear();
        }
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.waiting.clear();
        }
    }

    /// Despawns every live object (used when the script restarts) and drops waiting promises
    /// and event handlers.
    pub fn destroy_all(&self) {
        self.forget_context();
        let live: Vec<_> = match self.registry.try_borrow_mut() {
            Ok(mut registry) => {
                registry.waiting.clear();
                registry.live.drain().collect()
            }
            Err(_) => return,
        };
        for (id, kind) in live {
            if self.send(Command::Destroy { id, kind }, "restart").is_err() {
                return;
            }
        }
    }
}

fn shutting_down(func: &str) -> JsError {
    JsNativeError::error()
        .with_message(format!("{func}: the game is shutting down"))
        .into()
}

fn reentrant(func: &str) -> JsError {
    JsNativeError::error()
        .with_message(format!("{func}: called re-entrantly"))
        .into()
}

pub(crate) fn kind_name(kind: ScriptObjectKind) -> &'static str {
    match kind {
        ScriptObjectKind::Entity => "entity",
        ScriptObjectKind::Camera => "camera",
        ScriptObjectKind::Light => "light",
    }
}

/// Defines the API globals in `context`. The [`ScriptHost`] must be inserted separately.
pub(crate) fn register(context: &mut Context, test_hooks: bool) -> JsResult<()> {
    register_namespace(context, "entity", entity::NATIVES)?;
    register_namespace(context, "camera", camera::NATIVES)?;
    register_namespace(context, "light", light::NATIVES)?;
    register_namespace(context, "console", console::NATIVES)?;
    register_namespace(context, "input", input::NATIVES)?;
    let time = input::time_object(context);
    context.register_global_property(js_string!("time"), time, Attribute::READONLY)?;
    register_functions(context, events::NATIVES)?;
    if test_hooks {
        let hooks: Natives = &[
            ("__panicInNativeCode", panic_for_tests, 0),
            ("__benchNative4", bench_native4, 4),
            ("__benchClock", bench_clock, 0),
        ];
        register_functions(context, hooks)?;
    }
    Ok(())
}

/// The test-only hook behind `JsScriptingPlugin::with_test_hooks`: a native function that
/// panics, to prove that a panic on the worker is survived.
#[allow(
    clippy::panic,
    reason = "its whole purpose, and only registered for tests"
)]
fn panic_for_tests(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    panic!("__panicInNativeCode was called (a test hook)");
}

/// The benchmarks' baseline: a bare native function taking four numbers, validated like the
/// API's (an id and three finite floats), doing nothing else.
fn bench_native4(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    use boa_engine::JsArgs;
    const FUNC: &str = "__benchNative4";
    args::id(args.get_or_undefined(0), args::Arg::new(FUNC, "id"))?;
    for index in 1..4 {
        args::finite(args.get_or_undefined(index), args::Arg::new(FUNC, "n"))?;
    }
    Ok(JsValue::undefined())
}

/// The benchmarks' clock: seconds on a monotonic clock, with sub-microsecond resolution
/// (`Date.now()` has milliseconds).
fn bench_clock(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    Ok(ORIGIN
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
        .into())
}

pub(crate) type Natives = &'static [(&'static str, NativeFunctionPointer, usize)];

/// Defines each of `natives` as a global function.
fn register_functions(context: &mut Context, natives: Natives) -> JsResult<()> {
    for &(name, pointer, length) in natives {
        context.register_global_callable(
            JsString::from(name),
            length,
            NativeFunction::from_fn_ptr(pointer),
        )?;
    }
    Ok(())
}

fn register_namespace(context: &mut Context, name: &str, natives: Natives) -> JsResult<()> {
    let mut object = ObjectInitializer::new(context);
    for &(function, pointer, length) in natives {
        object.function(
            NativeFunction::from_fn_ptr(pointer),
            JsString::from(function),
            length,
        );
    }
    let object = object.build();
    context.register_global_property(JsString::from(name), object, Attribute::READONLY)
}

/// Resolves the `whenCreated` promises of `id`.
pub(crate) fn resolve_created(id: ScriptId, context: &mut Context) -> JsResult<()> {
    let waiting = ScriptHost::get(context)?.take_waiting(id);
    for resolvers in waiting {
        resolvers
            .resolve
            .call(&JsValue::undefined(), &[JsValue::from(id)], context)?;
    }
    Ok(())
}

/// Builds `{x, y, z}`.
pub(crate) fn vec3_object(v: bevy::math::Vec3, context: &mut Context) -> JsValue {
    ObjectInitializer::new(context)
        .property(js_string!("x"), f64::from(v.x), Attribute::all())
        .property(js_string!("y"), f64::from(v.y), Attribute::all())
        .property(js_string!("z"), f64::from(v.z), Attribute::all())
        .build()
        .into()
}

/// Builds `{r, g, b, a}`.
pub(crate) fn color_object(color: crate::state::Rgba8, context: &mut Context) -> JsValue {
    let [r, g, b, a] = color.0;
    ObjectInitializer::new(context)
        .property(js_string!("r"), r, Attribute::all())
        .property(js_string!("g"), g, Attribute::all())
        .property(js_string!("b"), b, Attribute::all())
        .property(js_string!("a"), a, Attribute::all())
        .build()
        .into()
}

/// `whenCreated(id)`: a promise for `id` once the Bevy entity exists.
fn when_created(
    args: &[JsValue],
    kind: ScriptObjectKind,
    func: &'static str,
    context: &mut Context,
) -> JsResult<JsValue> {
    use boa_engine::JsArgs;
    let id = args::id(args.get_or_undefined(0), args::Arg::new(func, "id"))?;
    ScriptHost::get(context)?.expect_live(id, kind, func)?;
    let (promise, resolvers) = boa_engine::object::builtins::JsPromise::new_pending(context);
    let host = ScriptHost::get(context)?;
    host.wait_for_creation(id, resolvers);
    host.send(Command::NotifyCreated { id }, func)?;
    Ok(promise.into())
}

/// `destroy(id)`: `false` for an unknown or already destroyed id.
fn destroy(
    args: &[JsValue],
    kind: ScriptObjectKind,
    func: &'static str,
    context: &mut Context,
) -> JsResult<JsValue> {
    use boa_engine::JsArgs;
    let id = args::id(args.get_or_undefined(0), args::Arg::new(func, "id"))?;
    let host = ScriptHost::get(context)?;
    if !host.forget(id, kind) {
        return Ok(false.into());
    }
    host.send(Command::Destroy { id, kind }, func)?;
    Ok(true.into())
}
