//! Runs any script with no window and prints a machine-readable report.
//!
//! ```text
//! cargo run --release --example headless -- SCRIPT.js [MORE.js ...] [--frames N] [--fps F]
//!     [--dump] [--engine boa|quickjs] [--interpolate on|off] [--trace ID] [--click X,Y@FRAME]...
//!     [--eval "CODE"@FRAME]... [--console]
//! ```
//!
//! Each script runs on a worker of its own (the first is the plugin's, the others are
//! `ScriptWorker`s); a script's folder is its module root. The app runs `N` main frames (default 600) paced
//! at `F` frames per second (default 60; 0 runs as fast as possible), then stops the worker,
//! applies every command still in flight and prints one final line `REPORT {json}`. With
//! `--dump` it first prints `ENTITIES {json}`: every live script entity as the Bevy ECS holds
//! it (Transform, material color, Visibility), keyed by its JS id. The report's totals cover
//! every worker, and its `workers` array has one object per script, in the order given.
//! `--interpolate` sets `JsScriptingSettings::interpolation` (default off).
//! With `--trace ID` it prints, after each main frame, `TRACE {frame} {x} {y} {z}`: the
//! translation of script object `ID`'s `Transform` as the ECS holds it.
//! Script UI is laid out for a fixed 1280 × 720 viewport ([`HeadlessUiPlugin`]), and
//! `--click X,Y@FRAME` (repeatable) left-clicks at logical position (X, Y) at main frame
//! `FRAME`, through Bevy's input path, so a button there is really pressed.
//! The live console: `--eval "CODE"@FRAME` (repeatable) evaluates CODE inside the first
//! script's module scope (its top-level bindings visible) at main frame `FRAME`, and
//! `--console` reads code from standard input, a line at a time, while the game runs (until
//! the input ends, or `--frames` if given). Each answer is printed as a line `=> RESULT` or
//! `!! ERROR`, in order.
//! Sounds go through Bevy's `AudioPlugin`: with no audio device (a server, CI) Bevy warns once
//! and nothing is heard; `sounds` counts the script sounds alive at the end.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::log::LogPlugin;
use bevy::pbr::{MeshMaterial3d, StandardMaterial};
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::state::{Rgba8, YawPitchRoll};
use bevy_js_worker::{HeadlessClicks, HeadlessUiPlugin};
use serde_json::{Value, json};

struct Options {
    scripts: Vec<PathBuf>,
    trace: Option<ScriptId>,
    interpolate: bool,
    frames: u64,
    fps: f64,
    dump: bool,
    engine: JsEngine,
    /// `(frame, position)`, from `--click X,Y@FRAME`.
    clicks: Vec<(u64, Vec2)>,
    /// `(frame, code)`, from `--eval "CODE"@FRAME`.
    evals: Vec<(u64, String)>,
    /// `--console`: code from standard input.
    console: bool,
    /// Whether `--frames` was given (with `--console`, the input's end stops the run instead).
    frames_given: bool,
}

/// Parses `CODE@FRAME` (the last `@`, so the code may hold one).
fn parse_eval(text: &str) -> Option<(u64, String)> {
    let (code, frame) = text.rsplit_once('@')?;
    Some((frame.trim().parse().ok()?, code.to_owned()))
}

/// Parses `X,Y@FRAME`.
fn parse_click(text: &str) -> Option<(u64, Vec2)> {
    let (at, frame) = text.split_once('@')?;
    let (x, y) = at.split_once(',')?;
    let position = Vec2::new(x.trim().parse().ok()?, y.trim().parse().ok()?);
    position
        .is_finite()
        .then_some((frame.trim().parse().ok()?, position))
}

fn parse_options() -> Result<Options, String> {
    let mut scripts = Vec::new();
    let mut trace = None;
    let mut interpolate = false;
    let mut frames = 600;
    let mut fps = 60.0;
    let mut dump = false;
    let mut engine = JsEngine::default();
    let mut clicks = Vec::new();
    let mut evals = Vec::new();
    let mut console = false;
    let mut frames_given = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--frames" => {
                let value = args.next().ok_or("--frames needs a value")?;
                frames = value
                    .parse()
                    .map_err(|_| format!("bad --frames {value:?}"))?;
                frames_given = true;
            }
            "--fps" => {
                let value = args.next().ok_or("--fps needs a value")?;
                fps = value.parse().map_err(|_| format!("bad --fps {value:?}"))?;
                if !(fps >= 0.0 && f64::is_finite(fps)) {
                    return Err(format!("bad --fps {value:?}"));
                }
            }
            "--dump" => dump = true,
            "--console" => console = true,
            "--eval" => {
                let value = args.next().ok_or("--eval needs CODE@FRAME")?;
                evals.push(
                    parse_eval(&value)
                        .ok_or_else(|| format!("bad --eval {value:?}: use CODE@FRAME"))?,
                );
            }
            "--click" => {
                let value = args.next().ok_or("--click needs X,Y@FRAME")?;
                clicks.push(
                    parse_click(&value)
                        .ok_or_else(|| format!("bad --click {value:?}: use X,Y@FRAME"))?,
                );
            }
            "--interpolate" => {
                interpolate = match args.next().as_deref() {
                    Some("on") => true,
                    Some("off") => false,
                    other => return Err(format!("--interpolate takes on or off, not {other:?}")),
                };
            }
            "--trace" => {
                let value = args.next().ok_or("--trace needs an id")?;
                trace = Some(
                    value
                        .parse()
                        .map_err(|_| format!("bad --trace {value:?}"))?,
                );
            }
            "--engine" => {
                let value = args.next().ok_or("--engine needs a value")?;
                engine = JsEngine::from_name(&value).ok_or_else(|| {
                    let names: Vec<_> = JsEngine::ALL.iter().map(|e| e.name()).collect();
                    format!(
                        "bad --engine {value:?}: this build has {}",
                        names.join(", ")
                    )
                })?;
            }
            _ if !arg.starts_with("--") => {
                let script = PathBuf::from(arg);
                let absolute = std::path::absolute(&script)
                    .map_err(|e| format!("{}: {e}", script.display()))?;
                scripts.push(absolute);
            }
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    if scripts.is_empty() {
        return Err("no script given".to_owned());
    }
    Ok(Options {
        scripts,
        trace,
        interpolate,
        frames,
        fps,
        dump,
        engine,
        clicks,
        evals,
        console,
        frames_given,
    })
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(problem) => {
            eprintln!(
                "{problem}\nusage: headless SCRIPT.js [MORE.js ...] [--frames N] [--fps F] \
                 [--dump] [--engine boa|quickjs] [--interpolate on|off] [--trace ID] \
                 [--click X,Y@FRAME]... [--eval \"CODE\"@FRAME]... [--console]"
            );
            return ExitCode::FAILURE;
        }
    };

    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        LogPlugin::default(),
        AssetPlugin::default(),
        HeadlessUiPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::audio::AudioPlugin::default(),
        JsScriptingPlugin::new(&options.scripts[0]).with_engine(options.engine),
    ));
    for script in &options.scripts[1..] {
        app.world_mut()
            .spawn(ScriptWorker::new(script).with_engine(options.engine));
    }
    app.world_mut()
        .resource_mut::<JsScriptingSettings>()
        .interpolation = options.interpolate;
    app.finish();
    app.cleanup();

    let started = Instant::now();
    let frame_time = (options.fps > 0.0).then(|| Duration::from_secs_f64(1.0 / options.fps));
    let mut console = Console::new(&options);
    let mut frame = 0;
    while frame < options.frames || console.keeps_running(options.frames_given) {
        for (_, position) in options.clicks.iter().filter(|(at, _)| *at == frame) {
            app.world_mut()
                .resource_mut::<HeadlessClicks>()
                .click(*position);
        }
        console.send(&mut app, frame, &options);
        app.update();
        console.print_answers(&mut app);
        if let Some(id) = options.trace {
            trace(app.world(), frame, id);
        }
        if let Some(frame_time) = frame_time {
            let due = started + frame_time.mul_f64((frame + 1) as f64);
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
        }
        frame += 1;
    }
    let elapsed = started.elapsed();
    let stopped = bevy_js_worker::stop_and_flush(app.world_mut());

    let world = app.world_mut();
    if options.dump {
        println!("ENTITIES {}", dump_entities(world));
    }
    let mut counts = [0usize; 5];
    for object in world.query::<&ScriptObject>().iter(world) {
        counts[object.kind as usize] += 1;
    }
    let workers = worker_reports(world, &options.scripts);
    let metrics = world.resource::<JsWorkerMetrics>();
    let report = json!({
        "engine": metrics.engine.name(),
        "frames": metrics.main_frames,
        "worker_frames": metrics.worker_frames,
        "frame_skips": metrics.frame_skips,
        "frame_skip_ratio": metrics.frame_skip_ratio(),
        "apply_backlog_frames": metrics.apply_backlog_frames,
        "entities": counts[ScriptObjectKind::Entity as usize],
        "cameras": counts[ScriptObjectKind::Camera as usize],
        "lights": counts[ScriptObjectKind::Light as usize],
        "ui_nodes": counts[ScriptObjectKind::Ui as usize],
        "sounds": counts[ScriptObjectKind::Sound as usize],
        "js_errors": metrics.js_errors,
        "last_error": metrics.last_error.as_ref().map(ToString::to_string),
        "worker_restarts": metrics.worker_restarts,
        "swaps": metrics.entity_buffer.swaps,
        "skipped_swaps": metrics.entity_buffer.skipped_swaps,
        "copy_operations": metrics.entity_buffer.copy_operations,
        "average_dirty_ratio": metrics.entity_buffer.average_dirty_ratio,
        "camera_swaps": metrics.camera_buffer.swaps,
        "commands_applied": metrics.commands_applied,
        "command_ring_full_waits": metrics.command_ring_full_waits,
        "callbacks_sent": metrics.callbacks_sent,
        "worker_startup_ms": metrics.worker_startup.map(|d| d.as_secs_f64() * 1000.0),
        "elapsed_ms": elapsed.as_secs_f64() * 1000.0,
        "worker_stopped": stopped,
        "workers": workers,
    });
    println!("REPORT {report}");
    ExitCode::SUCCESS
}

/// The console: `--eval` code due at each frame, lines from standard input with `--console`,
/// and the answers printed in order.
struct Console {
    /// Lines read from standard input by a thread of their own; `None` without `--console`.
    input: Option<std::sync::mpsc::Receiver<String>>,
    /// Whether standard input has ended.
    input_done: bool,
    /// Evaluations sent and not answered yet.
    pending: usize,
    answers: bevy::ecs::message::MessageCursor<ScriptEvalResult>,
}

impl Console {
    fn new(options: &Options) -> Self {
        let input = options.console.then(|| {
            let (lines, input) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::stdin().lines() {
                    let Ok(line) = line else { break };
                    if lines.send(line).is_err() {
                        break;
                    }
                }
            });
            input
        });
        Self {
            input,
            input_done: !options.console,
            pending: 0,
            answers: default(),
        }
    }

    /// With `--console` and no `--frames`, the run goes on until the input ends and every
    /// line is answered.
    fn keeps_running(&self, frames_given: bool) -> bool {
        self.input.is_some() && !frames_given && (!self.input_done || self.pending > 0)
    }

    /// Sends this frame's `--eval` code and the lines read since the last frame to the first
    /// script's worker.
    fn send(&mut self, app: &mut App, frame: u64, options: &Options) {
        let mut code: Vec<String> = options
            .evals
            .iter()
            .filter(|(at, _)| *at == frame)
            .map(|(_, code)| code.clone())
            .collect();
        if let Some(input) = &self.input {
            loop {
                match input.try_recv() {
                    Ok(line) if line.trim().is_empty() => {}
                    Ok(line) => code.push(line),
                    Err(std::sync::mpsc::TryRecvError::Empty) => break,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        self.input_done = true;
                        break;
                    }
                }
            }
        }
        if code.is_empty() {
            return;
        }
        let world = app.world_mut();
        let first = world
            .query::<(Entity, &ScriptWorker)>()
            .iter(world)
            .find(|(_, worker)| worker.script() == options.scripts[0].as_path())
            .map(|(entity, _)| entity);
        for code in code {
            match first {
                Some(worker) => {
                    world.write_message(EvalScript::new(worker, code));
                    self.pending += 1;
                }
                None => println!("!! the script's worker has not started yet"),
            }
        }
    }

    /// Prints the answers that came this frame.
    fn print_answers(&mut self, app: &mut App) {
        use std::io::Write;
        let messages = app.world().resource::<Messages<ScriptEvalResult>>();
        for answer in self.answers.read(messages) {
            self.pending = self.pending.saturating_sub(1);
            match &answer.result {
                Ok(text) => println!("=> {text}"),
                Err(error) => println!("!! {error}"),
            }
        }
        let _ = std::io::stdout().flush();
    }
}

/// One object per script, in the order the scripts were given.
fn worker_reports(world: &mut World, scripts: &[PathBuf]) -> Vec<Value> {
    let mut query = world.query::<(&ScriptWorker, &ScriptWorkerMetrics)>();
    let workers: Vec<_> = query.iter(world).collect();
    scripts
        .iter()
        .filter_map(|script| {
            let (_, metrics) = workers
                .iter()
                .find(|(worker, _)| worker.script() == script.as_path())?;
            Some(json!({
                "script": script.display().to_string(),
                "engine": metrics.engine.name(),
                "worker_frames": metrics.worker_frames,
                "frame_skips": metrics.frame_skips,
                "js_errors": metrics.js_errors,
                "last_error": metrics.last_error.as_ref().map(ToString::to_string),
                "entities": metrics
                    .owned_objects
                    .saturating_sub(metrics.live_cameras + metrics.live_lights),
                "cameras": metrics.live_cameras,
                "lights": metrics.live_lights,
                "worker_restarts": metrics.worker_restarts,
                "commands_applied": metrics.commands_applied,
                "worker_stopped": metrics.worker_stopped,
            }))
        })
        .collect()
}

/// Prints `TRACE {frame} {x} {y} {z}`: the translation of script object `id` as the ECS
/// holds it now (nothing while it does not exist).
fn trace(world: &World, frame: u64, id: ScriptId) {
    let Some(entity) = world.resource::<ScriptEntities>().entity(id) else {
        return;
    };
    if let Some(transform) = world.get::<Transform>(entity) {
        let t = transform.translation;
        println!("TRACE {frame} {} {} {}", t.x, t.y, t.z);
    }
}

fn dump_entities(world: &mut World) -> Value {
    let mut query = world.query::<(
        &ScriptObject,
        &Transform,
        &MeshMaterial3d<StandardMaterial>,
        &Visibility,
    )>();
    let materials = world.resource::<Assets<StandardMaterial>>();
    let mut entities = serde_json::Map::new();
    for (object, transform, material, visibility) in query.iter(world) {
        if object.kind != ScriptObjectKind::Entity {
            continue;
        }
        let color = materials
            .get(&material.0)
            .map(|m| Rgba8::from_color(m.base_color).0);
        let rotation = YawPitchRoll::from_quat(transform.rotation);
        let v = |v: Vec3| json!({ "x": v.x, "y": v.y, "z": v.z });
        entities.insert(
            object.id.to_string(),
            json!({
                "position": v(transform.translation),
                "rotation": { "yaw": rotation.yaw, "pitch": rotation.pitch, "roll": rotation.roll },
                "scale": v(transform.scale),
                "color": color.map(|[r, g, b, a]| json!({ "r": r, "g": g, "b": b, "a": a })),
                "visible": *visibility != Visibility::Hidden,
            }),
        );
    }
    Value::Object(entities)
}
