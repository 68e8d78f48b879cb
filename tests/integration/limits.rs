//! What each engine does with a runaway anywhere, a heap bomb and deep data: every stop is
//! reported, the app lives, and the script goes on or restarts.

use std::time::Duration;

use bevy_js_worker::ScriptPhase;
use bevy_js_worker::prelude::*;

use crate::common::*;

const BUDGET: Duration = Duration::from_millis(100);

/// Runs `name` with a 100 ms budget until its first error, and returns that error once the
/// worker has gone on for a few frames.
fn first_stop(name: &str) -> bevy_js_worker::ScriptError {
    let mut app = app_with(JsScriptingPlugin::new(script(name)).with_frame_time_budget(BUDGET));
    run_until(&mut app, &format!("{name} to be stopped"), |app| {
        metrics(app).js_errors >= 1
    });
    let error = metrics(&app).last_error.expect("the stop was reported");
    // The worker goes on (the script restarted, or kept running).
    let frames = metrics(&app).worker_frames;
    run_worker_frames(&mut app, frames + 3);
    error
}

fn a_runaway_anywhere_is_stopped_and_reported() {
    for (name, phase) in [
        ("runaway_reviver.js", ScriptPhase::Update),
        ("runaway_await.js", ScriptPhase::PromiseJob),
        ("runaway_timer.js", ScriptPhase::Timer),
        ("runaway_toplevel.js", ScriptPhase::Load),
    ] {
        let error = first_stop(name);
        assert_eq!(error.phase, phase, "{name}: {error}");
        let by_budget = error.message.contains("time budget of 100 ms");
        match engine() {
            // QuickJS's interrupt handler reaches every bytecode loop.
            JsEngine::QuickJs => assert!(by_budget, "{name}: {error}"),
            // Boa cannot interrupt JS that a builtin calls back into, nor a module's top
            // level: its loop-iteration limit stops those, and the stop is reported the same.
            JsEngine::Boa => assert!(
                by_budget
                    || error
                        .message
                        .starts_with("RangeError: a loop ran more than"),
                "{name}: {error}"
            ),
        }
        // Boa drops the error that ends an `await` continuation, with where it was, and its
        // loop limit at a module's top level carries no position: reported, not located.
        if engine() == JsEngine::Boa && matches!(name, "runaway_await.js" | "runaway_toplevel.js") {
            continue;
        }
        let location = error
            .location
            .unwrap_or_else(|| panic!("{name}: not located"));
        assert!(location.file.ends_with(name), "{name}: {location}");
    }
}

fn a_heap_bomb_is_an_error_and_the_script_restarts_with_its_memory_back() {
    if engine() == JsEngine::Boa {
        eprintln!(
            "skipped on Boa: Boa has no heap limit, so a heap bomb would take the machine's \
             memory (the README's reliability table says so)"
        );
        return;
    }
    let limit = 64 * 1024 * 1024;
    let mut app = app_with(JsScriptingPlugin::new(script("heap_bomb.js")).with_memory_limit(limit));
    run_until(&mut app, "the first start", |app| {
        metrics(app).script_heap_bytes.is_some()
    });
    let at_start = metrics(&app).script_heap_bytes.unwrap_or_default();
    run_until(&mut app, "the heap bomb to be stopped", |app| {
        metrics(app).worker_restarts >= 1
    });
    let metrics_now = metrics(&app);
    let error = metrics_now.last_error.expect("reported");
    assert_eq!(error.phase, ScriptPhase::Update);
    assert!(error.message.contains("out of memory"), "{error}");
    assert!(
        error
            .location
            .is_some_and(|at| at.file.ends_with("heap_bomb.js"))
    );
    // The restarted script runs in a fresh runtime: its cube is back and so is the memory.
    run_until(&mut app, "the restarted script's cube", |app| {
        objects(app, ScriptObjectKind::Entity)
            .iter()
            .any(|(object, _)| object.id > 1)
    });
    let after = metrics(&app).script_heap_bytes.unwrap_or(usize::MAX);
    eprintln!("script heap: {at_start} bytes at start, {after} after the restart (limit {limit})");
    assert!(
        after < at_start + 1024 * 1024,
        "the heap after the restart ({after}) is not back near the start ({at_start})"
    );
}

fn deep_data_is_a_caught_error() {
    // Building 200,000 nested arrays takes a while in an unoptimized build.
    let mut app = app_with(
        JsScriptingPlugin::new(script("deep_data.js"))
            .with_frame_time_budget(Duration::from_secs(30)),
    );
    collect_events(&mut app);
    let deep = wait_for_event(&mut app, "deep");
    assert_no_script_errors(&app);
    for case in ["stringify", "string", "replacer"] {
        assert_eq!(
            deep[case], "RangeError: Maximum call stack size exceeded",
            "{case}: {deep}"
        );
    }
    assert_eq!(deep["shallow"], r#"{"a":[1,{"b":3}]}"#, "{deep}");
    assert_eq!(deep["joined"], "1,2,3", "{deep}");
    assert_eq!(metrics(&app).worker_restarts, 0);
}

engine_tests!(
    a_runaway_anywhere_is_stopped_and_reported,
    a_heap_bomb_is_an_error_and_the_script_restarts_with_its_memory_back,
    deep_data_is_a_caught_error,
);
