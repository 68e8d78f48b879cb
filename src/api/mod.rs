//! The JavaScript API scripts call, written once for every engine: `entity`, `camera`,
//! `light`, `input`, `time`, `console`, events, timers and `performance`.
//!
//! Every native function validates its arguments strictly ([`args`]), turns the call into a
//! [`Command`] and pushes it onto the command ring. Ids are allocated here, on the worker, so
//! creation returns synchronously. Reads (`entity.get`, `camera.get`) come from the front state
//! buffers, i.e. the state as of the last completed swap. The functions are generic over
//! [`Js`], the seam each engine implements.

pub(crate) mod args;
mod camera;
mod console;
mod entity;
mod events;
mod input;
pub(crate) mod js;
pub(crate) mod json;
mod light;
pub(crate) mod timers;

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use bevy::platform::collections::HashMap;

use crate::bridge::{Command, CommandSender, TransformRecord, WorkerShared};
use crate::input::InputSnapshot;
use crate::state::{ScriptId, ScriptObjectKind};
pub(crate) use js::{ApiError, ApiResult, Js, Natives};

/// The names of the globals and their members, as the runtime defines them; a global function
/// (`on`, `off`, `emit`, the timers) has no members. Tests compare this with the live runtime,
/// the documentation and the typings.
pub const API: &[(&str, &[&str])] = &[
    ("entity", entity::FUNCTIONS),
    ("camera", camera::FUNCTIONS),
    ("light", light::FUNCTIONS),
    ("input", input::FUNCTIONS),
    ("time", input::TIME_PROPERTIES),
    ("console", console::FUNCTIONS),
    ("performance", timers::PERFORMANCE_FUNCTIONS),
    ("on", &[]),
    ("off", &[]),
    ("emit", &[]),
    ("setTimeout", &[]),
    ("setInterval", &[]),
    ("clearTimeout", &[]),
    ("clearInterval", &[]),
    ("queueMicrotask", &[]),
];

/// Worker-side limits for script objects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostLimits {
    pub max_objects: usize,
}

/// The worker-side state behind the native functions, shared by every context the worker
/// builds for its script (it outlives a restart or a reload). Engine-neutral: what belongs to
/// one JS context (event handlers, waiting promises, timers) stays with that context.
pub(crate) struct ScriptHost {
    pub shared: Arc<WorkerShared>,
    commands: RefCell<CommandSender>,
    registry: RefCell<Registry>,
    /// The input the current worker frame sees.
    pub frame_input: Cell<InputSnapshot>,
    /// The current worker frame's number (1 for the first `update`) and `dt`.
    pub frame_number: Cell<u64>,
    pub frame_delta: Cell<f64>,
    /// Reused by `entity.setTransforms`, so a batch allocates nothing in steady state.
    transform_scratch: RefCell<Vec<TransformRecord>>,
    /// Reused by `entity.setTransforms` for the numbers of its three arguments.
    pub(crate) number_scratch: RefCell<[Vec<f64>; 3]>,
    limits: HostLimits,
}

#[derive(Default)]
struct Registry {
    next_id: ScriptId,
    live: HashMap<ScriptId, ScriptObjectKind>,
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
            number_scratch: RefCell::default(),
            frame_input: Cell::default(),
            frame_number: Cell::new(0),
            frame_delta: Cell::new(0.0),
            limits,
        }
    }

    /// Pushes a command, waiting for room if the ring is full.
    pub fn send<E>(&self, command: Command, func: &str) -> Result<(), ApiError<E>> {
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
    pub fn send_transforms<E>(
        &self,
        func: &str,
        rotations: bool,
        build: impl FnOnce(
            &mut Vec<TransformRecord>,
            &dyn Fn(ScriptId) -> bool,
        ) -> Result<(), ApiError<E>>,
    ) -> Result<(), ApiError<E>> {
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
    pub fn allocate<E>(&self, kind: ScriptObjectKind, func: &str) -> Result<ScriptId, ApiError<E>> {
        let mut registry = self
            .registry
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        if registry.live.len() >= self.limits.max_objects {
            return Err(ApiError::Range(format!(
                "{func}: too many live script objects (the limit is {})",
                self.limits.max_objects
            )));
        }
        let id = registry.next_id;
        registry.next_id = id
            .checked_add(1)
            .ok_or_else(|| ApiError::Range(format!("{func}: out of ids")))?;
        registry.live.insert(id, kind);
        self.shared.registry_bytes.store(
            crate::state_buffer::map_bytes(&registry.live),
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
    pub fn expect_live<E>(
        &self,
        id: ScriptId,
        kind: ScriptObjectKind,
        func: &str,
    ) -> Result<(), ApiError<E>> {
        if self.is_live(id, kind) {
            Ok(())
        } else {
            Err(ApiError::Range(format!(
                "{func}: no {} with id {id}",
                kind_name(kind)
            )))
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

    /// Despawns every live object (used when the script restarts).
    pub fn destroy_all(&self) {
        let live: Vec<_> = match self.registry.try_borrow_mut() {
            Ok(mut registry) => registry.live.drain().collect(),
            Err(_) => return,
        };
        for (id, kind) in live {
            if self
                .send::<()>(Command::Destroy { id, kind }, "restart")
                .is_err()
            {
                return;
            }
        }
    }
}

fn shutting_down<E>(func: &str) -> ApiError<E> {
    ApiError::Plain(format!("{func}: the game is shutting down"))
}

fn reentrant<E>(func: &str) -> ApiError<E> {
    ApiError::Plain(format!("{func}: called re-entrantly"))
}

pub(crate) fn kind_name(kind: ScriptObjectKind) -> &'static str {
    match kind {
        ScriptObjectKind::Entity => "entity",
        ScriptObjectKind::Camera => "camera",
        ScriptObjectKind::Light => "light",
    }
}

/// What an engine defines in a fresh context: namespaces of functions, global functions and
/// read-only accessor objects.
pub(crate) struct Globals<J: Js> {
    pub namespaces: Vec<(&'static str, Natives<J>)>,
    pub functions: Natives<J>,
    /// Objects of read-only accessors (`time`): name, then each property's getter.
    pub accessors: Vec<(&'static str, Natives<J>)>,
}

/// The whole API for engine `J`. With `test_hooks`, the test and benchmark globals too.
pub(crate) fn globals<J: Js>(test_hooks: bool) -> Globals<J> {
    let mut functions = events::natives::<J>();
    functions.extend(timers::natives::<J>());
    if test_hooks {
        functions.extend([
            (
                "__panicInNativeCode",
                panic_for_tests::<J> as js::NativeFn<J>,
                0,
            ),
            ("__benchNative4", bench_native4::<J>, 4),
            ("__benchClock", bench_clock::<J>, 0),
        ]);
    }
    Globals {
        namespaces: vec![
            ("entity", entity::natives::<J>()),
            ("camera", camera::natives::<J>()),
            ("light", light::natives::<J>()),
            ("console", console::natives::<J>()),
            ("input", input::natives::<J>()),
            ("performance", timers::performance_natives::<J>()),
        ],
        functions,
        accessors: vec![("time", input::time_getters::<J>())],
    }
}

/// The test-only hook behind `JsScriptingPlugin::with_test_hooks`: a native function that
/// panics, to prove that a panic on the worker is survived.
#[allow(
    clippy::panic,
    reason = "its whole purpose, and only registered for tests"
)]
fn panic_for_tests<J: Js>(_: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    panic!("__panicInNativeCode was called (a test hook)");
}

/// The benchmarks' baseline: a bare native function taking four numbers, validated like the
/// API's (an id and three finite floats), doing nothing else.
fn bench_native4<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "__benchNative4";
    args::id::<J>(&js::arg(js, args, 0), args::Arg::new(FUNC, "id"))?;
    for index in 1..4 {
        args::finite::<J>(&js::arg(js, args, index), args::Arg::new(FUNC, "n"))?;
    }
    Ok(js.undefined())
}

/// The benchmarks' clock: seconds on a monotonic clock, with sub-microsecond resolution
/// (`Date.now()` has milliseconds).
fn bench_clock<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    Ok(js.number(timers::now_ms() / 1000.0))
}

/// Builds `{x, y, z}`.
pub(crate) fn vec3_object<J: Js>(js: &mut J, v: bevy::math::Vec3) -> ApiResult<J::Value, J> {
    use js::key;
    let fields = [
        (key::X, js.number(f64::from(v.x))),
        (key::Y, js.number(f64::from(v.y))),
        (key::Z, js.number(f64::from(v.z))),
    ];
    js.object(&fields)
}

/// Builds `{r, g, b, a}`.
pub(crate) fn color_object<J: Js>(
    js: &mut J,
    color: crate::state::Rgba8,
) -> ApiResult<J::Value, J> {
    use js::key;
    let [r, g, b, a] = color.0;
    let fields = [
        (key::R, js.number(f64::from(r))),
        (key::G, js.number(f64::from(g))),
        (key::B, js.number(f64::from(b))),
        (key::A, js.number(f64::from(a))),
    ];
    js.object(&fields)
}

/// `whenCreated(id)`: a promise for `id` once the Bevy entity exists.
fn when_created<J: Js>(
    js: &mut J,
    args: &[J::Value],
    kind: ScriptObjectKind,
    func: &'static str,
) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&js::arg(js, args, 0), args::Arg::new(func, "id"))?;
    let host = js.host()?;
    host.expect_live(id, kind, func)?;
    let promise = js.creation_promise(id)?;
    host.send(Command::NotifyCreated { id }, func)?;
    Ok(promise)
}

/// `destroy(id)`: `false` for an unknown or already destroyed id.
fn destroy<J: Js>(
    js: &mut J,
    args: &[J::Value],
    kind: ScriptObjectKind,
    func: &'static str,
) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&js::arg(js, args, 0), args::Arg::new(func, "id"))?;
    let host = js.host()?;
    if !host.forget(id, kind) {
        return Ok(js.boolean(false));
    }
    host.send(Command::Destroy { id, kind }, func)?;
    Ok(js.boolean(true))
}
