//! Several scripts, each on its own worker: one world and one id space, events to all or
//! one, isolation of errors and runaways, and a worker's objects going with it.

use std::time::Duration;

use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, emitted, run_until, wait_for_event};

/// The entity of the worker running `script` (a file name under `tests/scripts/`).
fn worker(app: &mut App, script: &str) -> Entity {
    let world = app.world_mut();
    let mut query = world.query::<(Entity, &ScriptWorker)>();
    query
        .iter(world)
        .find(|(_, worker)| worker.script().ends_with(script))
        .map(|(entity, _)| entity)
        .unwrap_or_else(|| panic!("no worker runs {script}"))
}

fn worker_metrics(app: &mut App, script: &str) -> JsWorkerMetrics {
    let entity = worker(app, script);
    app.world()
        .get::<ScriptWorkerMetrics>(entity)
        .map(|metrics| metrics.0.clone())
        .unwrap_or_default()
}

/// The worker that emitted the first event named `name`.
fn emitter(app: &App, name: &str) -> Entity {
    app.world()
        .resource::<common::EmittedEvents>()
        .0
        .iter()
        .find(|event| event.name == name)
        .map(|event| event.worker)
        .unwrap_or_else(|| panic!("no {name} event"))
}

fn two_workers_share_one_world() {
    let mut app = common::app("workers/owner.js");
    collect_events(&mut app);
    let crate_entity = app
        .world_mut()
        .spawn((Name::new("Crate"), Transform::default(), ScriptVisible))
        .id();
    app.world_mut()
        .spawn(ScriptWorker::new(common::script("workers/peer.js")).with_engine(common::engine()));
    let made = wait_for_event(&mut app, "made");
    let owner = worker(&mut app, "owner.js");
    let peer = worker(&mut app, "peer.js");
    assert_eq!(emitter(&app, "made"), owner, "ScriptEvent names its worker");
    let crate_id = app
        .world()
        .resource::<ScriptEntities>()
        .id(crate_entity)
        .expect("the crate has an id");
    assert_eq!(made["crate"], json!(crate_id));
    let mine = made["mine"].as_u64().expect("the owner's cube id") as u32;

    // Rust tells the peer (only) which cube to move.
    app.world_mut()
        .write_message(JsEvent::new("target", json!({ "id": mine })).to(peer));
    let moved = wait_for_event(&mut app, "moved");
    assert_eq!(emitter(&app, "moved"), peer);
    assert_eq!(
        moved["seen"],
        json!({ "x": 1, "y": 0, "z": 0 }),
        "the peer reads the owner's cube"
    );
    assert_eq!(moved["crate"], json!(crate_id), "one id for every worker");
    let own = moved["own"].as_u64().expect("the peer's sphere id") as u32;
    assert_ne!(own, mine, "ids are unique across workers");
    // The owner sees the peer's move and its new color.
    let saw = wait_for_event(&mut app, "saw_move");
    assert_eq!(saw["color"], json!({ "r": 0, "g": 255, "b": 0, "a": 255 }));
    let cube = app
        .world()
        .resource::<ScriptEntities>()
        .entity(mine)
        .expect("the cube is alive");
    assert_eq!(
        app.world().get::<Transform>(cube).map(|t| t.translation),
        Some(Vec3::new(5.0, 0.0, 0.0))
    );

    // Stopping the peer despawns its sphere and tells the owner; the owner's cube stays.
    let sphere = app
        .world()
        .resource::<ScriptEntities>()
        .entity(own)
        .expect("the sphere is alive");
    app.world_mut()
        .write_message(JsEvent::new("theirs", json!({ "id": own })).to(owner));
    let frames = common::metrics(&app).worker_frames;
    common::run_worker_frames(&mut app, frames + 4);
    app.world_mut().despawn(peer);
    let gone = wait_for_event(&mut app, "theirs_gone");
    assert_eq!(gone, json!({ "id": own, "get": null }));
    assert!(app.world().get_entity(sphere).is_err(), "the sphere went");
    assert!(app.world().get_entity(cube).is_ok(), "the cube stays");
    assert_eq!(common::metrics(&app).workers, 1);
    assert!(
        emitted(&app, "wrong_worker").is_empty(),
        "the event was for the peer only"
    );
    common::assert_no_script_errors(&app);
}

fn a_runaway_worker_never_stalls_another() {
    let mut app = common::app_with(
        JsScriptingPlugin::new(common::script("runaway_update.js"))
            .with_frame_time_budget(Duration::from_millis(100)),
    );
    collect_events(&mut app);
    app.world_mut().spawn(
        ScriptWorker::new(common::script("workers/counter.js")).with_engine(common::engine()),
    );
    // While the runaway is stopped and restarted, over and over, the counter keeps counting.
    run_until(&mut app, "three runaway restarts", |app| {
        worker_metrics(app, "runaway_update.js").worker_restarts >= 3
    });
    let counter = worker_metrics(&mut app, "counter.js");
    let runaway = worker_metrics(&mut app, "runaway_update.js");
    // Each worker has its own diagnostics beside the totals.
    let diagnostic = |app: &mut App, script: &str, what: &str| {
        let path = JsDiagnostics::of_worker(worker(app, script), what);
        let store = app.world().resource::<bevy::diagnostic::DiagnosticsStore>();
        bevy_js_worker::diagnostics::latest(store, &path)
    };
    assert_eq!(diagnostic(&mut app, "counter.js", "js_errors"), Some(0.0));
    assert!(diagnostic(&mut app, "runaway_update.js", "js_errors") >= Some(3.0));
    assert!(diagnostic(&mut app, "runaway_update.js", "frame_skips") > Some(0.0));
    assert_eq!(diagnostic(&mut app, "counter.js", "entities"), Some(0.0));
    eprintln!(
        "counter: {} frames, 0 errors; runaway: {} frames, {} errors, {} restarts",
        counter.worker_frames, runaway.worker_frames, runaway.js_errors, runaway.worker_restarts
    );
    assert_eq!(counter.js_errors, 0);
    assert_eq!(counter.worker_restarts, 0);
    assert!(runaway.js_errors >= 3);
    // Three runaways cost the runaway worker at least 300 ms of CPU, at about 1 ms per main
    // frame: a counter held up by them would have a handful of frames, not dozens.
    assert!(
        counter.worker_frames >= 30,
        "counter {} frames, runaway {}",
        counter.worker_frames,
        runaway.worker_frames
    );
    let totals = common::metrics(&app);
    assert_eq!(totals.workers, 2);
    assert_eq!(
        totals.worker_frames,
        counter.worker_frames + runaway.worker_frames,
        "the resource holds the totals"
    );
    assert!(!emitted(&app, "counted").is_empty());
}

fn a_flooding_worker_never_stalls_another() {
    let mut app = common::app_with(
        JsScriptingPlugin::new(common::script("workers/flood.js")).with_ring_capacity(1024),
    );
    collect_events(&mut app);
    app.world_mut().spawn(
        ScriptWorker::new(common::script("workers/counter.js")).with_engine(common::engine()),
    );
    run_until(&mut app, "the flood to fill its ring", |app| {
        worker_metrics(app, "flood.js").command_ring_full_waits >= 3
    });
    let before = worker_metrics(&mut app, "counter.js").worker_frames;
    let flood_before = worker_metrics(&mut app, "flood.js").worker_frames;
    for _ in 0..60 {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    let counter = worker_metrics(&mut app, "counter.js");
    let flood = worker_metrics(&mut app, "flood.js");
    eprintln!(
        "in 60 main frames: counter {} frames, flood {} frames ({} ring-full waits)",
        counter.worker_frames - before,
        flood.worker_frames - flood_before,
        flood.command_ring_full_waits
    );
    // The flood is drained 50,000 commands a frame while the counter runs a frame in nearly
    // every main frame.
    assert!(
        counter.worker_frames - before >= 30,
        "{}",
        counter.worker_frames - before
    );
    assert!(flood.worker_frames - flood_before <= 10);
    assert_eq!(counter.js_errors + flood.js_errors, 0);
}

fn despawning_a_runaway_worker_never_waits_for_it() {
    let mut app = common::app("workers/counter.js");
    collect_events(&mut app);
    let runaway = app
        .world_mut()
        .spawn(
            ScriptWorker::new(common::script("runaway_update.js"))
                .with_engine(common::engine())
                .with_frame_time_budget(Duration::from_secs(3)),
        )
        .id();
    run_until(&mut app, "the runaway to run away", |app| {
        let runaway = worker_metrics(app, "runaway_update.js");
        runaway.worker_frames >= 1 && runaway.frame_skips >= 20
    });
    let cube = common::objects(&mut app, ScriptObjectKind::Entity)
        .first()
        .map(|(_, entity)| *entity)
        .expect("the runaway's cube");
    let started = std::time::Instant::now();
    app.world_mut().despawn(runaway);
    app.update();
    let took = started.elapsed();
    // Waiting for the script would take the rest of its 3 s budget.
    assert!(
        took < Duration::from_secs(1),
        "the despawn frame took {took:?}"
    );
    assert!(
        app.world().get_entity(cube).is_err(),
        "its cube went with it"
    );
    let frames = common::metrics(&app).worker_frames;
    common::run_worker_frames(&mut app, frames + 10);
    assert_eq!(common::metrics(&app).workers, 1);
    common::assert_no_script_errors(&app);
}

fn totals_keep_a_stopped_workers_counts() {
    let mut app = common::app("workers/counter.js");
    collect_events(&mut app);
    app.world_mut()
        .spawn(ScriptWorker::new(common::script("workers/peer.js")).with_engine(common::engine()));
    common::run_until(&mut app, "both workers running", |app| {
        let metrics = common::metrics(app);
        metrics.workers == 2 && metrics.worker_frames >= 20
    });
    let before = common::metrics(&app);
    let counted = worker_metrics(&mut app, "counter.js").worker_frames;
    // The plugin's own worker goes; the totals (and the diagnostics built on them, which
    // subtract older totals) carry on.
    let first = worker(&mut app, "counter.js");
    app.world_mut().despawn(first);
    for _ in 0..30 {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    let after = common::metrics(&app);
    assert_eq!(after.workers, 1);
    let peer = worker_metrics(&mut app, "peer.js").worker_frames;
    assert!(after.worker_frames >= counted + peer, "{after:?}");
    assert!(after.worker_frames > before.worker_frames);
    assert!(after.main_frames > before.main_frames);
    assert_eq!(after.owned_objects, 1, "the peer's sphere");
}

fn an_app_may_start_with_no_script() {
    let mut app = common::app_with(JsScriptingPlugin::without_script());
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(common::metrics(&app).workers, 0);
    collect_events(&mut app);
    app.world_mut().spawn(
        ScriptWorker::new(common::script("workers/counter.js")).with_engine(common::engine()),
    );
    wait_for_event(&mut app, "counted");
    assert_eq!(common::metrics(&app).workers, 1);
}

engine_tests!(
    two_workers_share_one_world,
    a_runaway_worker_never_stalls_another,
    a_flooding_worker_never_stalls_another,
    despawning_a_runaway_worker_never_waits_for_it,
    totals_keep_a_stopped_workers_counts,
    an_app_may_start_with_no_script,
);
