use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;

/// The absolute path of a test script.
pub fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scripts")
        .join(name)
}

/// A headless app running `tests/scripts/{name}`.
pub fn app(name: &str) -> App {
    app_with(JsScriptingPlugin::new(script(name)))
}

thread_local! {
    /// The engine the test on this thread runs its scripts on.
    static ENGINE: Cell<JsEngine> = const { Cell::new(JsEngine::Boa) };
}

/// Runs `test` with its scripts on `engine` (see `engine_tests!`).
pub fn on_engine(engine: JsEngine, test: fn()) {
    ENGINE.with(|current| current.set(engine));
    test();
}

/// The engine this test runs its scripts on.
pub fn engine() -> JsEngine {
    ENGINE.with(Cell::get)
}

/// A headless app with a configured plugin, on this test's [`engine`].
pub fn app_with(plugin: JsScriptingPlugin) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        plugin.with_engine(engine()),
    ));
    app.finish();
    app.cleanup();
    app
}

/// Upper bound for waiting on the worker thread. Not a performance check: only a guard so a
/// broken build fails instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Runs frames (about 1 ms apart) until `done` holds; panics after [`PATIENCE`].
pub fn run_until(app: &mut App, what: &str, done: impl FnMut(&mut App) -> bool) {
    run_until_within(app, what, PATIENCE, done);
}

/// [`run_until`] with another patience, for tests that move a lot of data.
pub fn run_until_within(
    app: &mut App,
    what: &str,
    patience: Duration,
    mut done: impl FnMut(&mut App) -> bool,
) {
    let started = Instant::now();
    loop {
        app.update();
        if done(app) {
            return;
        }
        assert!(
            started.elapsed() < patience,
            "gave up waiting for {what}; metrics: {:#?}",
            metrics(app)
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Runs frames until the worker has completed `n` frames.
pub fn run_worker_frames(app: &mut App, n: u64) {
    run_until(app, &format!("{n} worker frames"), |app| {
        metrics(app).worker_frames >= n
    });
}

pub fn metrics(app: &App) -> JsWorkerMetrics {
    app.world().resource::<JsWorkerMetrics>().clone()
}

/// Fails with the script's last error if it reported any.
pub fn assert_no_script_errors(app: &App) {
    let metrics = metrics(app);
    assert_eq!(
        metrics.js_errors,
        0,
        "the script reported errors; the last: {:?}",
        metrics.last_error.map(|e| format!("{e}\n{}", e.stack))
    );
}

/// Script objects in the ECS, by kind.
pub fn objects(app: &mut App, kind: ScriptObjectKind) -> Vec<(ScriptObject, Entity)> {
    let world = app.world_mut();
    let mut query = world.query::<(Entity, &ScriptObject)>();
    let mut found: Vec<_> = query
        .iter(world)
        .filter(|(_, object)| object.kind == kind)
        .map(|(entity, object)| (*object, entity))
        .collect();
    found.sort_by_key(|(object, _)| object.id);
    found
}

/// Waits for the script's first error, lets the worker run on for a few frames (it must keep
/// running), and returns that error; it must be the only one.
pub fn only_error(app: &mut App) -> bevy_js_worker::ScriptError {
    run_until(app, "the script's error", |app| metrics(app).js_errors >= 1);
    let frames = metrics(app).worker_frames;
    run_worker_frames(app, frames + 3);
    let metrics = metrics(app);
    assert_eq!(metrics.js_errors, 1, "{:?}", metrics.last_error);
    metrics.last_error.expect("the error is kept")
}

/// Sends `AppExit`, and returns how long the frame that handled it took; checks that the
/// worker was joined. The bound is the shutdown timeout, not a performance target.
pub fn exit_and_join(app: &mut App, what: &str) -> Duration {
    let started = Instant::now();
    app.world_mut().write_message(AppExit::Success);
    app.update();
    let elapsed = started.elapsed();
    // Metrics refresh in PreUpdate, before the exit is handled in Last.
    app.update();
    assert!(metrics(app).worker_stopped, "the worker was joined");
    assert!(
        elapsed < Duration::from_secs(2),
        "exit {what} took {elapsed:?}"
    );
    eprintln!("exit {what} took {elapsed:?}");
    elapsed
}

/// Every [`ScriptEvent`] the script emitted, in order (messages expire after two frames, so a
/// system keeps them).
#[derive(Resource, Default)]
pub struct EmittedEvents(pub Vec<ScriptEvent>);

fn keep_emitted(mut events: MessageReader<ScriptEvent>, mut kept: ResMut<EmittedEvents>) {
    kept.0.extend(events.read().cloned());
}

/// Keeps every event the script emits in [`EmittedEvents`].
pub fn collect_events(app: &mut App) {
    app.init_resource::<EmittedEvents>()
        .add_systems(Update, keep_emitted);
}

/// The payloads of the kept events named `name`.
pub fn emitted(app: &App, name: &str) -> Vec<serde_json::Value> {
    app.world()
        .resource::<EmittedEvents>()
        .0
        .iter()
        .filter(|event| event.name == name)
        .map(|event| event.payload.clone())
        .collect()
}

/// Runs frames until the script has emitted an event named `name`; returns its payload.
pub fn wait_for_event(app: &mut App, name: &str) -> serde_json::Value {
    run_until(app, &format!("the script's \"{name}\" event"), |app| {
        !emitted(app, name).is_empty()
    });
    emitted(app, name).remove(0)
}
