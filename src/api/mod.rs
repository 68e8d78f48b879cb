//! The JavaScript API scripts call, written once for every engine: `entity`, `camera`,
//! `light`, `world`, `scene`, `input`, `time`, `console`, events, timers and `performance`.
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
pub(crate) mod events;
mod input;
pub(crate) mod js;
pub(crate) mod json;
mod light;
mod scene;
pub(crate) mod timers;
mod world;

use crate::core::bridge::Command;
pub(crate) use crate::core::host::ScriptHost;
use crate::core::state::ScriptObjectKind;
pub(crate) use js::{ApiError, ApiResult, Js, Natives};

/// The names of the globals and their members, as the runtime defines them; a global function
/// (`on`, `off`, `emit`, the timers) has no members. Tests compare this with the live runtime,
/// the documentation and the typings.
pub const API: &[(&str, &[&str])] = &[
    ("entity", entity::FUNCTIONS),
    ("world", world::FUNCTIONS),
    ("scene", scene::FUNCTIONS),
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
            ("__benchReadChanges", bench_read_changes::<J>, 2),
            ("__benchClock", bench_clock::<J>, 0),
        ]);
    }
    Globals {
        namespaces: vec![
            ("entity", entity::natives::<J>()),
            ("world", world::natives::<J>()),
            ("scene", scene::natives::<J>()),
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

/// The benchmarks' measure of the bridge's argument reading: `(id, changes)` checked exactly as
/// `entity.update` checks them, with nothing sent.
fn bench_read_changes<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "__benchReadChanges";
    args::id::<J>(&js::arg(js, args, 0), args::Arg::new(FUNC, "id"))?;
    let changes = entity::changes(js, &js::arg(js, args, 1), FUNC)?;
    Ok(js.boolean(changes.position.is_some()))
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
    color: crate::core::state::Rgba8,
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
    let promise = js.promise_for(id, crate::core::bridge::Waiting::Created)?;
    host.send(Command::NotifyCreated { id }, func)?;
    Ok(promise)
}

/// An id the worker handed out at some point (it may be dead since): reads of a dead id give
/// an empty answer (`undefined`, `false`, `null`, `[]`), an id that never existed is a
/// `RangeError`.
fn known_id<J: Js>(
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<crate::core::state::ScriptId, J> {
    let id = args::id::<J>(value, args::Arg::new(func, "id"))?;
    if host.shared.was_allocated(id) {
        Ok(id)
    } else {
        Err(ApiError::Range(format!("{func}: no entity with id {id}")))
    }
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
    host.send(Command::Destroy { id }, func)?;
    Ok(js.boolean(true))
}
