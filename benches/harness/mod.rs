//! Shared by `benches/bridge.rs` and `examples/bench_report.rs`: a headless app running
//! `benches/scripts/calls.js` with the real plugin, worker thread and Boa engine.

#![allow(dead_code, reason = "each user takes what it needs")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::state::{EntityState, Rgba8, Shape, YawPitchRoll};
use serde_json::{Value, json};

/// Events the script emitted, kept across frames.
#[derive(Resource, Default)]
struct Emitted(Vec<ScriptEvent>);

fn keep(mut events: MessageReader<ScriptEvent>, mut kept: ResMut<Emitted>) {
    kept.0.extend(events.read().cloned());
}

/// The benchmarks' game component: two fields, like most gameplay state.
#[derive(Component, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Component, Default)]
pub struct Health {
    pub current: f32,
    pub max: f32,
}

/// Takes the first kept event named `name`.
pub fn take_event(app: &mut App, name: &str) -> Option<Value> {
    take(app, name)
}

/// One timed run: the worker's time for the calls, and the main thread's time to apply them.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub js: Duration,
    pub apply: Duration,
}

impl Sample {
    /// End to end: the worker's calls plus the main thread's apply.
    pub fn total(self) -> Duration {
        self.js + self.apply
    }
}

/// A headless app running the benchmark script.
pub struct ScriptBench {
    pub app: App,
    seq: u64,
    pub entities: u32,
}

/// The benchmark scripts' folder.
pub fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("benches/scripts")
        .join(name)
}

/// The engine the benchmarks run on: set once with [`set_engine`], else the environment
/// variable `BEVY_JS_WORKER_ENGINE` (`boa`, `quickjs`), else Boa.
static ENGINE: std::sync::OnceLock<JsEngine> = std::sync::OnceLock::new();

/// Chooses the engine for every app made after this (see [`engine`]).
#[allow(
    dead_code,
    reason = "the criterion benches take the engine from the environment"
)]
pub fn set_engine(engine: JsEngine) {
    let _ = ENGINE.set(engine);
}

/// The engine the benchmarks run on.
pub fn engine() -> JsEngine {
    *ENGINE.get_or_init(|| {
        std::env::var("BEVY_JS_WORKER_ENGINE")
            .ok()
            .and_then(|name| JsEngine::from_name(&name))
            .unwrap_or_default()
    })
}

/// A headless app (no frame cap) running `script` with the benchmark hooks.
pub fn headless(script: PathBuf) -> App {
    headless_with(script, |plugin| plugin)
}

/// [`headless`] with more plugin configuration (exposed types).
pub fn headless_with(
    script: PathBuf,
    configure: impl FnOnce(JsScriptingPlugin) -> JsScriptingPlugin,
) -> App {
    headless_app(script, false, configure)
}

/// [`headless_with`] with Bevy's UI laid out headless (`HeadlessUiPlugin`, 1280 × 720).
#[allow(dead_code, reason = "only the report measures UI")]
pub fn headless_ui(script: PathBuf) -> App {
    headless_app(script, true, |plugin| plugin)
}

fn headless_app(
    script: PathBuf,
    ui: bool,
    configure: impl FnOnce(JsScriptingPlugin) -> JsScriptingPlugin,
) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default()));
    if ui {
        app.add_plugins(bevy_js_worker::HeadlessUiPlugin::default());
    }
    app.add_plugins((configure(
        JsScriptingPlugin::new(script)
            .with_engine(engine())
            .with_test_hooks()
            .with_ring_capacity(1 << 18)
            .with_max_commands_per_frame(usize::MAX)
            .with_frame_time_budget(Duration::from_secs(60)),
    ),));
    app.init_resource::<Emitted>().add_systems(Update, keep);
    app.finish();
    app.cleanup();
    app
}

/// A headless app with no script of the plugin's own and one [`ScriptWorker`] per script,
/// with the benchmark settings of [`headless`].
pub fn headless_workers(scripts: &[PathBuf]) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        JsScriptingPlugin::without_script()
            .with_engine(engine())
            .with_test_hooks()
            .with_frame_time_budget(Duration::from_secs(60)),
    ));
    for script in scripts {
        app.world_mut().spawn(ScriptWorker::new(script));
    }
    app.init_resource::<Emitted>().add_systems(Update, keep);
    app.finish();
    app.cleanup();
    app
}

/// Runs frames until `done`; panics after a minute (a broken build, not a slow machine).
pub fn run_until(app: &mut App, what: &str, mut done: impl FnMut(&App) -> bool) {
    let started = Instant::now();
    while !done(app) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "gave up waiting for {what}"
        );
        app.update();
    }
}

pub fn metrics(app: &App) -> JsWorkerMetrics {
    app.world().resource::<JsWorkerMetrics>().clone()
}

/// Sends an event to the script.
pub fn send(app: &mut App, name: &str, payload: Value) {
    app.world_mut().write_message(JsEvent::new(name, payload));
}

fn take(app: &mut App, name: &str) -> Option<Value> {
    let kept = &mut app.world_mut().resource_mut::<Emitted>().0;
    let index = kept.iter().position(|event| event.name == name)?;
    Some(kept.remove(index).payload)
}

impl ScriptBench {
    /// Starts the script and creates `entities` cubes.
    pub fn new(entities: u32) -> Self {
        let mut app = headless(script("calls.js"));
        run_until(&mut app, "the worker", |app| metrics(app).worker_frames > 0);
        send(&mut app, "setup", json!({ "entities": entities }));
        let mut ready = false;
        run_until(&mut app, "the entities", |app| {
            ready = ready
                || app
                    .world()
                    .resource::<Emitted>()
                    .0
                    .iter()
                    .any(|e| e.name == "ready");
            ready && metrics(app).live_entities == entities as usize
        });
        take(&mut app, "ready");
        Self {
            app,
            seq: 0,
            entities,
        }
    }

    /// Runs `n` calls of `mode` ("native", "native_object", "update", "set_position",
    /// "batch", "batch_array", "batch_prefilled" or "fill_array") and waits until the main
    /// thread has applied them all.
    pub fn run(&mut self, mode: &str, n: u32) -> Sample {
        self.seq += 1;
        let seq = self.seq;
        let expected = match mode {
            "native" | "native_object" | "fill_array" | "read_changes" => 0,
            "batch" | "batch_array" | "batch_prefilled" => u64::from(n.min(self.entities)),
            _ => u64::from(n),
        };
        let before = metrics(&self.app);
        send(
            &mut self.app,
            "run",
            json!({ "mode": mode, "n": n, "seq": seq }),
        );
        let mut done = None;
        let started = Instant::now();
        while done.is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{mode} never finished"
            );
            self.app.update();
            done = take(&mut self.app, "done");
        }
        let done = done.unwrap_or_default();
        assert_eq!(done["seq"], json!(seq), "runs finish in order");
        run_until(&mut self.app, "the updates applied", |app| {
            let now = metrics(app);
            now.entity_updates_applied >= before.entity_updates_applied + expected
                && now.command_backlog == 0
        });
        let after = metrics(&self.app);
        assert_eq!(
            after.entity_updates_applied,
            before.entity_updates_applied + expected,
            "every {mode} call was applied once"
        );
        assert_eq!(after.js_errors, 0, "{:?}", after.last_error);
        Sample {
            js: Duration::from_secs_f64(done["seconds"].as_f64().unwrap_or(0.0)),
            apply: after.total_apply_time - before.total_apply_time,
        }
    }
}

/// A cube's state at `x = i`: the value the state buffer benchmarks store.
pub fn state(i: u32) -> EntityState {
    EntityState {
        position: Vec3::new(i as f32, 0.0, 0.0),
        rotation: YawPitchRoll::default(),
        scale: Vec3::ONE,
        color: Rgba8::WHITE,
        visible: true,
        shape: Shape::Cube,
        size: 1.0,
    }
}

/// The median of some durations.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
