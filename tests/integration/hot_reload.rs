//! Hot reload: saving the script or a module it imports reloads it in the running app.

use std::path::{Path, PathBuf};
use std::time::Instant;

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::{JsScript, ScriptPhase};
use serde_json::json;

use crate::common::{self, collect_events, emitted};

const MAIN: &str = r##"
import { VERSION } from "./version.js";
let id;
let count = 0;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ff0000", 1);
  emit("started", { version: VERSION, id });
}
export function update() {
  count += 1;
  emit("tick", { version: VERSION, count });
}
export function onUnload() {
  return { id, count };
}
export function onReload(state) {
  id = state.id;
  count = state.count;
  entity.update(id, { position: { x: VERSION, y: 0, z: 0 } });
  emit("reloaded", { version: VERSION, state });
}
"##;

/// The same game without `onReload`: a reload destroys the old objects and calls `start()`.
const MAIN_WITHOUT_ON_RELOAD: &str = r##"
let id;
export function start() {
  id = entity.createSphere({ x: 0, y: 5, z: 0 }, "#00ff00", 1);
  emit("started", { version: 100, id });
}
"##;

fn write(root: &Path, file: &str, source: &str) {
    std::fs::write(root.join(file), source).unwrap();
}

/// A fresh asset folder for test `name` on this engine.
fn asset_folder(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "bevy_js_worker_hot_reload_{}_{}_{name}",
        std::process::id(),
        common::engine()
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// A headless app running `main.js` from `root`, which the asset server watches.
fn watched_app(root: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: root.to_string_lossy().into_owned(),
            watch_for_changes_override: Some(true),
            ..default()
        },
        JsScriptingPlugin::new("main.js").with_engine(common::engine()),
    ));
    app
}

/// Waits for a new event named `name` whose `version` is `version`; returns its payload.
fn wait_for_version(app: &mut App, name: &str, version: u64) -> serde_json::Value {
    common::run_until(app, &format!("\"{name}\" from version {version}"), |app| {
        emitted(app, name)
            .iter()
            .any(|payload| payload["version"] == json!(version))
    });
    emitted(app, name)
        .into_iter()
        .find(|payload| payload["version"] == json!(version))
        .unwrap()
}

fn saving_a_module_reloads_the_script_and_keeps_its_state() {
    let root = asset_folder("one");
    write(&root, "main.js", MAIN);
    write(&root, "version.js", "export const VERSION = 1;\n");
    let mut app = watched_app(&root);
    app.finish();
    app.cleanup();
    collect_events(&mut app);

    let started = wait_for_version(&mut app, "started", 1);
    let id = started["id"].clone();
    // Both files are loaded as assets, so the asset server watches them.
    common::run_until(&mut app, "the script files loaded as assets", |app| {
        app.world().resource::<Assets<JsScript>>().len() == 2
    });

    // Edit the imported module.
    let saved = Instant::now();
    write(&root, "version.js", "export const VERSION = 2;\n");
    let reloaded = wait_for_version(&mut app, "reloaded", 2);
    let latency = saved.elapsed();
    eprintln!("a saved edit showed up after {latency:?}");
    assert_eq!(
        reloaded["state"]["id"], id,
        "onUnload's state reached onReload"
    );
    assert!(reloaded["state"]["count"].as_u64().unwrap() > 0);
    common::run_until(&mut app, "the kept cube moved by the new code", |app| {
        let objects = common::objects(app, ScriptObjectKind::Entity);
        objects.len() == 1
            && app
                .world()
                .get::<Transform>(objects[0].1)
                .unwrap()
                .translation
                .x
                == 2.0
    });
    let metrics = common::metrics(&app);
    assert_eq!(metrics.script_reloads, 1);
    assert_eq!(metrics.worker_restarts, 0);
    assert!(metrics.last_reload_time.is_some());
    common::assert_no_script_errors(&app);

    // A syntax error: reported, and the running script stays.
    write(&root, "version.js", "export const VERSION = ;\n");
    common::run_until(&mut app, "the reload error", |app| {
        common::metrics(app).js_errors >= 1
    });
    let error = common::metrics(&app).last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::Reload);
    assert!(error.message.contains("keeps running"), "{error}");
    assert!(
        error
            .location
            .as_ref()
            .is_some_and(|at| at.file.ends_with("version.js") && at.line == 1),
        "{error:?}"
    );
    let ticks = emitted(&app, "tick").len();
    common::run_until(&mut app, "version 2 still ticking", |app| {
        emitted(app, "tick")[ticks..]
            .iter()
            .any(|tick| tick["version"] == json!(2))
    });
    assert_eq!(common::metrics(&app).script_reloads, 1);

    // The fix reloads again.
    write(&root, "version.js", "export const VERSION = 3;\n");
    let reloaded = wait_for_version(&mut app, "reloaded", 3);
    assert_eq!(reloaded["state"]["id"], id);

    // A version without `onReload`: a fresh start, and the old cube is gone.
    write(&root, "main.js", MAIN_WITHOUT_ON_RELOAD);
    let started = wait_for_version(&mut app, "started", 100);
    assert_ne!(started["id"], id);
    common::run_until(&mut app, "only the new sphere", |app| {
        let objects = common::objects(app, ScriptObjectKind::Entity);
        objects.len() == 1 && json!(objects[0].0.id) == started["id"]
    });
    assert_eq!(common::metrics(&app).js_errors, 1, "only the syntax error");
    let _ = std::fs::remove_dir_all(&root);
}

/// A second script in the same folder, on a worker of its own.
const OTHER: &str = r##"
import { OTHER_VERSION } from "./other_version.js";
export function start() {
  emit("other_started", { version: OTHER_VERSION });
}
"##;

fn reloads(app: &mut App, script: &str) -> u64 {
    let world = app.world_mut();
    let mut query = world.query::<(&ScriptWorker, &ScriptWorkerMetrics)>();
    query
        .iter(world)
        .find(|(worker, _)| worker.script().ends_with(script))
        .map_or(0, |(_, metrics)| metrics.script_reloads)
}

fn each_worker_reloads_on_its_own_files() {
    let root = asset_folder("workers");
    write(&root, "main.js", MAIN);
    write(&root, "version.js", "export const VERSION = 1;\n");
    write(&root, "other.js", OTHER);
    write(
        &root,
        "other_version.js",
        "export const OTHER_VERSION = 1;\n",
    );
    let mut app = watched_app(&root);
    app.world_mut()
        .spawn(ScriptWorker::new("other.js").with_engine(common::engine()));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    wait_for_version(&mut app, "started", 1);
    wait_for_version(&mut app, "other_started", 1);
    common::run_until(&mut app, "four script files loaded as assets", |app| {
        app.world().resource::<Assets<JsScript>>().len() == 4
    });

    // The other worker's module: only it reloads.
    write(
        &root,
        "other_version.js",
        "export const OTHER_VERSION = 2;\n",
    );
    wait_for_version(&mut app, "other_started", 2);
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        (reloads(&mut app, "main.js"), reloads(&mut app, "other.js")),
        (0, 1)
    );

    // The first worker's module: only it reloads, keeping its state.
    write(&root, "version.js", "export const VERSION = 2;\n");
    wait_for_version(&mut app, "reloaded", 2);
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        (reloads(&mut app, "main.js"), reloads(&mut app, "other.js")),
        (1, 1)
    );
    common::assert_no_script_errors(&app);
    let _ = std::fs::remove_dir_all(&root);
}

engine_tests!(
    saving_a_module_reloads_the_script_and_keeps_its_state,
    each_worker_reloads_on_its_own_files,
);
