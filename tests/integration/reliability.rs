//! Crash isolation: nothing a script does takes the game down.

use std::time::Duration;

use bevy::prelude::*;
use bevy_js_worker::ScriptPhase;
use bevy_js_worker::prelude::*;

use crate::common::*;

fn an_exception_storm_is_counted_and_the_app_lives() {
    let mut app = app("storm.js");
    for _ in 0..3_600 {
        app.update();
    }
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    let metrics = metrics(&app);
    assert_eq!(metrics.main_frames, 3_600);
    assert!(
        metrics.worker_frames > 100,
        "{} worker frames",
        metrics.worker_frames
    );
    // One exception and one unhandled rejection per worker frame, every one counted.
    assert_eq!(metrics.js_errors, 2 * metrics.worker_frames);
    assert_eq!(metrics.worker_restarts, 0);
}

fn the_object_limit_throws_a_range_error() {
    let mut app = app_with(JsScriptingPlugin::new(script("limit.js")).with_max_script_objects(10));
    run_worker_frames(&mut app, 2);
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    assert_no_script_errors(&app);
    let metrics = metrics(&app);
    assert_eq!((metrics.live_entities, metrics.live_lights), (9, 1));
}

fn a_flood_through_a_small_ring_loses_nothing() {
    const COUNT: usize = 1_000_000;
    const PER_FRAME: usize = 50_000;
    let mut app = app_with(
        JsScriptingPlugin::new(script("flood.js"))
            .with_ring_capacity(1024)
            .with_callback_capacity(64)
            .with_max_commands_per_frame(PER_FRAME)
            .with_max_script_objects(COUNT + 10)
            // A million creations are far more work than one frame's default 250 ms budget.
            .with_frame_time_budget(Duration::from_secs(120)),
    );
    let mut max_applied = 0;
    let mut saw_backlog = false;
    let mut saw_callback_backlog = false;
    run_until_within(
        &mut app,
        "the marker entity",
        Duration::from_secs(300),
        |app| {
            let metrics = metrics(app);
            max_applied = max_applied.max(metrics.commands_applied_last_frame);
            saw_backlog |= metrics.command_backlog > 0;
            saw_callback_backlog |= metrics.callback_backlog > 0;
            metrics.live_entities == COUNT + 1
        },
    );
    assert!(
        max_applied <= PER_FRAME,
        "{max_applied} commands in one frame"
    );
    assert!(saw_backlog, "the backlog was never visible in the metrics");
    assert!(
        saw_callback_backlog,
        "the callback backlog was never visible"
    );
    let metrics = metrics(&app);
    assert!(metrics.command_ring_full_waits > 0);
    assert_no_script_errors(&app);

    // Every entity arrived, in order: the entity with id k sits at x = k - 1.
    let world = app.world_mut();
    let mut seen = vec![false; COUNT];
    for (object, transform) in world.query::<(&ScriptObject, &Transform)>().iter(world) {
        let index = object.id as usize - 1;
        if index < COUNT {
            assert_eq!(
                transform.translation.x, index as f32,
                "entity {}",
                object.id
            );
            seen[index] = true;
        }
    }
    assert!(seen.iter().all(|s| *s), "some entities never arrived");
}

fn a_worker_panic_is_reported_and_the_script_restarts() {
    let mut app = app_with(JsScriptingPlugin::new(script("panic.js")).with_test_hooks());
    run_until(&mut app, "the restart", |app| {
        metrics(app).worker_restarts == 1
    });
    let frames = metrics(&app).worker_frames;
    run_worker_frames(&mut app, frames + 2);
    let metrics = metrics(&app);
    let error = metrics.last_error.expect("the panic was reported");
    assert_eq!(error.phase, ScriptPhase::WorkerPanic);
    assert!(
        error.message.contains("__panicInNativeCode"),
        "{}",
        error.message
    );
    // The old script's cube was destroyed and the restarted script made a new one.
    let entities = objects(&mut app, ScriptObjectKind::Entity);
    assert_eq!(entities.len(), 1);
    assert!(entities[0].0.id > 1);
}

fn the_sandbox_has_no_host_access_and_imports_stay_in_the_folder() {
    let mut app = app("sandbox.js");
    run_until(&mut app, "the marker entity", |app| {
        metrics(app).live_entities == 1
    });
    assert_no_script_errors(&app);
}

fn broken_scripts_are_reported_and_the_app_runs_on() {
    for (script_name, phase, fragment) in [
        ("failing_import.js", ScriptPhase::Load, "does_not_exist.js"),
        (
            "update_not_function.js",
            ScriptPhase::Load,
            "`update` is not a function",
        ),
    ] {
        let error = only_error(&mut app(script_name));
        assert_eq!(error.phase, phase, "{script_name}");
        assert!(
            error.message.contains(fragment),
            "{script_name}: {}",
            error.message
        );
    }
    // A module without `update` is not an error.
    let mut app = app("no_update.js");
    run_worker_frames(&mut app, 3);
    assert_no_script_errors(&app);
    assert_eq!(metrics(&app).live_entities, 1);
}

fn a_fixed_script_recovers_on_restart() {
    let dir = std::env::temp_dir().join(format!(
        "bevy_js_worker_fix_{}_{}",
        std::process::id(),
        engine()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("main.js");
    std::fs::write(&path, "export function update() { let x = ; }\n").unwrap();
    let mut app = app_with(JsScriptingPlugin::new(&path));
    run_until(&mut app, "the syntax error", |app| {
        metrics(app).js_errors == 1
    });
    std::fs::write(
        &path,
        "export function start() { entity.createCube({ x: 0, y: 0, z: 0 }, '#ffffff', 1); }\n",
    )
    .unwrap();
    app.world_mut().write_message(RestartScript);
    run_until(&mut app, "the fixed script's cube", |app| {
        metrics(app).live_entities == 1
    });
    assert_eq!(metrics(&app).js_errors, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

fn app_exit_with_full_rings_is_prompt() {
    // The flood script blocks on a full 16-slot ring with a 1-command-per-frame main thread.
    let mut app = app_with(
        JsScriptingPlugin::new(script("flood.js"))
            .with_ring_capacity(16)
            .with_max_commands_per_frame(1)
            .with_max_script_objects(1_000_000)
            .with_frame_time_budget(Duration::from_secs(120)),
    );
    run_until(&mut app, "a full ring", |app| {
        metrics(app).command_ring_full_waits > 0 && metrics(app).command_backlog > 0
    });
    exit_and_join(&mut app, "with full rings");
}

engine_tests!(
    an_exception_storm_is_counted_and_the_app_lives,
    the_object_limit_throws_a_range_error,
    a_flood_through_a_small_ring_loses_nothing,
    a_worker_panic_is_reported_and_the_script_restarts,
    the_sandbox_has_no_host_access_and_imports_stay_in_the_folder,
    broken_scripts_are_reported_and_the_app_runs_on,
    a_fixed_script_recovers_on_restart,
    app_exit_with_full_rings_is_prompt,
);
