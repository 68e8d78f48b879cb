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
mod light;

use std::cell::RefCell;
use std::sync::Arc;

use bevy::platform::collections::HashMap;
use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, JsValue, NativeFunction};

use crate::bridge::{Command, CommandSender, WorkerShared};
use crate::state::{ScriptId, ScriptObjectKind};

/// The names of the globals and their functions, as the runtime defines them. Tests compare
/// this with the documentation and the typings.
pub const API: &[(&str, &[&str])] = &[
    ("entity", entity::FUNCTIONS),
    ("camera", camera::FUNCTIONS),
    ("light", light::FUNCTIONS),
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
        commands.push(command, &self.shared).map_err(|_| {
            JsNativeError::error()
                .with_message(format!("{func}: the game is shutting down"))
                .into()
        })
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

    /// Despawns every live object (used when the script restarts) and drops waiting promises.
    pub fn destroy_all(&self) {
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
    if test_hooks {
        context.register_global_callable(
            JsString::from("__panicInNativeCode"),
            0,
            NativeFunction::from_fn_ptr(panic_for_tests),
        )?;
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

pub(crate) type Natives = &'static [(&'static str, NativeFunctionPointer, usize)];

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
        .property(JsString::from("x"), f64::from(v.x), Attribute::all())
        .property(JsString::from("y"), f64::from(v.y), Attribute::all())
        .property(JsString::from("z"), f64::from(v.z), Attribute::all())
        .build()
        .into()
}

/// Builds `{r, g, b, a}`.
pub(crate) fn color_object(color: crate::state::Rgba8, context: &mut Context) -> JsValue {
    let [r, g, b, a] = color.0;
    ObjectInitializer::new(context)
        .property(JsString::from("r"), r, Attribute::all())
        .property(JsString::from("g"), g, Attribute::all())
        .property(JsString::from("b"), b, Attribute::all())
        .property(JsString::from("a"), a, Attribute::all())
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
