//! The JavaScript API scripts call, written once for every engine: `entity`, `camera`,
//! `light`, `ui`, `audio`, `world`, `scene`, `input`, `time`, `console`, events, timers, `performance` and
//! `game` (the app's verbs, [`verbs`]); and the answers to Rust's calls of a script's exports
//! ([`calls`]).
//!
//! Every native function validates its arguments strictly ([`args`]), turns the call into a
//! [`Command`](crate::core::bridge::Command) and pushes it onto the command ring. Ids are allocated here, on the worker, so
//! creation returns synchronously. Reads (`entity.get`, `camera.get`) come from the front state
//! buffers, i.e. the state as of the last completed swap. The functions are generic over
//! [`Js`], the seam each engine implements.

pub(crate) mod args;
mod audio;
pub(crate) mod calls;
mod camera;
mod common;
mod console;
mod entity;
pub(crate) mod events;
mod input;
pub(crate) mod js;
pub(crate) mod json;
mod light;
mod scene;
pub(crate) mod timers;
mod ui;
pub(crate) mod verbs;
mod world;

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
    ("ui", ui::FUNCTIONS),
    ("audio", audio::FUNCTIONS),
    ("input", input::FUNCTIONS),
    ("time", input::TIME_PROPERTIES),
    ("console", console::FUNCTIONS),
    ("performance", timers::PERFORMANCE_FUNCTIONS),
    // Its members are the app's verbs.
    ("game", &[]),
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
    /// The members of `game`: each verb's name and index, run by [`verbs::call`].
    pub game: Vec<(String, crate::core::verbs::VerbIndex)>,
}

/// The whole API for engine `J`. With `test_hooks`, the test and benchmark globals too.
pub(crate) fn globals<J: Js>(
    test_hooks: bool,
    verbs: &crate::core::verbs::VerbTable,
) -> Globals<J> {
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
            ("ui", ui::natives::<J>()),
            ("audio", audio::natives::<J>()),
            ("console", console::natives::<J>()),
            ("input", input::natives::<J>()),
            ("performance", timers::performance_natives::<J>()),
        ],
        functions,
        accessors: vec![("time", input::time_getters::<J>())],
        game: verbs
            .signatures
            .iter()
            .enumerate()
            .map(|(index, signature)| {
                (
                    signature.name.clone(),
                    index as crate::core::verbs::VerbIndex,
                )
            })
            .collect(),
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
