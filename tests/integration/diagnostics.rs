//! Every metric is a registered `js/` diagnostic, and the diagnostics move.

use bevy::diagnostic::DiagnosticsStore;
use bevy_js_worker::diagnostics::latest;
use bevy_js_worker::prelude::*;

use crate::common::*;

fn value(app: &bevy::prelude::App, path: &bevy::diagnostic::DiagnosticPath) -> f64 {
    latest(app.world().resource::<DiagnosticsStore>(), path).unwrap_or(0.0)
}

fn all_diagnostics_are_registered_under_js() {
    let app = app("lifecycle.js");
    let store = app.world().resource::<DiagnosticsStore>();
    let paths = JsDiagnostics::all();
    assert!(paths.len() >= 28, "{} paths", paths.len());
    for path in paths {
        assert!(path.as_str().starts_with("js/"), "{path}");
        assert!(store.get(&path).is_some(), "{path} is not registered");
    }
}

fn swaps_and_worker_frames_count_up() {
    let mut app = app_with(JsScriptingPlugin::new(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/scripts/cubes.js"),
    ));
    run_worker_frames(&mut app, 5);
    let swaps = value(&app, &JsDiagnostics::ENTITY_BUFFER.swaps);
    run_worker_frames(&mut app, 15);
    app.update();
    assert!(value(&app, &JsDiagnostics::ENTITY_BUFFER.swaps) >= swaps + 9.0);
    assert_eq!(value(&app, &JsDiagnostics::LIVE_ENTITIES), 7.0);
    assert_eq!(value(&app, &JsDiagnostics::LIVE_CAMERAS), 1.0);
    assert_eq!(value(&app, &JsDiagnostics::LIVE_LIGHTS), 2.0);
    assert!(value(&app, &JsDiagnostics::ENTITY_BUFFER.copy_operations) > 0.0);
    let ratio = value(&app, &JsDiagnostics::ENTITY_BUFFER.average_dirty_ratio);
    assert!(ratio > 0.0 && ratio <= 1.0, "{ratio}");
    assert!(value(&app, &JsDiagnostics::WORKER_FPS) > 0.0);
    assert_eq!(value(&app, &JsDiagnostics::JS_ERRORS), 0.0);
}

fn frame_skips_count_up_under_a_slow_script() {
    let mut app = app("slow.js");
    // Skips start before the first slow update has finished; wait for two updates too.
    run_until(&mut app, "frame skips and two slow updates", |app| {
        std::thread::sleep(std::time::Duration::from_millis(2));
        value(app, &JsDiagnostics::FRAME_SKIPS) >= 10.0 && metrics(app).worker_frames >= 2
    });
    assert!(value(&app, &JsDiagnostics::FRAME_SKIP_SHARE) > 0.0);
    assert!(value(&app, &JsDiagnostics::WORKER_FRAME_TIME) >= 30.0);
}

fn errors_count_up_under_a_throwing_script() {
    let mut app = app("throw_every_frame.js");
    run_until(&mut app, "errors", |app| {
        value(app, &JsDiagnostics::JS_ERRORS) >= 20.0
    });
}

fn pause_stops_worker_frames_and_restart_reruns_the_script() {
    let mut app = app("lifecycle.js");
    run_worker_frames(&mut app, 3);
    app.world_mut().resource_mut::<JsScriptingSettings>().paused = true;
    // A frame triggered just before the pause may still be running (a busy machine can keep
    // it from finishing for a while); every main frame it is late for is a real frame skip.
    // Wait until ten frames in a row count none: then it has finished.
    let mut quiet = 0;
    run_until(&mut app, "the last frame before the pause", |app| {
        let skips = metrics(app).frame_skips;
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(2));
        quiet = if metrics(app).frame_skips == skips {
            quiet + 1
        } else {
            0
        };
        quiet >= 10
    });
    let paused_at = metrics(&app).worker_frames;
    let skips_at = metrics(&app).frame_skips;
    for _ in 0..50 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let metrics_paused = metrics(&app);
    assert_eq!(
        metrics_paused.worker_frames, paused_at,
        "no worker frame ran while paused"
    );
    assert_eq!(
        metrics_paused.frame_skips, skips_at,
        "a pause is not a frame skip"
    );

    app.world_mut().resource_mut::<JsScriptingSettings>().paused = false;
    app.world_mut().write_message(RestartScript);
    run_until(&mut app, "the restart", |app| {
        metrics(app).worker_restarts == 1
    });
    run_worker_frames(&mut app, paused_at + 4);
    assert_no_script_errors(&app);
    let ids: Vec<_> = objects(&mut app, ScriptObjectKind::Entity)
        .iter()
        .map(|(object, _)| object.id)
        .collect();
    // The restarted script made a fresh set of objects; the old ones were destroyed.
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.iter().all(|id| *id > 9), "{ids:?}");
}

engine_tests!(
    all_diagnostics_are_registered_under_js,
    swaps_and_worker_frames_count_up,
    frame_skips_count_up_under_a_slow_script,
    errors_count_up_under_a_throwing_script,
    pause_stops_worker_frames_and_restart_reruns_the_script,
);
