//! Runaway scripts, deep recursion and parser bombs: stopped, reported, recovered from.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_js_worker::ScriptPhase;
use bevy_js_worker::prelude::*;

use crate::common::*;

/// Runs frames (about 1 ms apart) until `done`, and reports the longest main frame seen.
fn run_and_time(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) -> Duration {
    let mut longest = Duration::ZERO;
    run_until(app, what, |app| {
        let started = Instant::now();
        app.update();
        longest = longest.max(started.elapsed());
        done(app)
    });
    longest
}

fn a_runaway_update_is_stopped_at_its_budget_and_restarted() {
    let mut app = app("runaway_update.js");
    // The runaway is the second update: it starts once the first has completed.
    let mut spin_started = None;
    let mut stopped_after = Duration::ZERO;
    let longest = run_and_time(&mut app, "the runaway to be stopped", |app| {
        let metrics = metrics(app);
        if metrics.worker_frames >= 1 && spin_started.is_none() {
            spin_started = Some(Instant::now());
        }
        if metrics.js_errors >= 1 && stopped_after.is_zero() {
            stopped_after = spin_started.map_or(Duration::ZERO, |s| s.elapsed());
        }
        metrics.worker_restarts >= 1 && metrics.js_errors >= 1
    });
    let metrics = metrics(&app);
    let error = metrics.last_error.expect("the runaway was reported");
    assert_eq!(error.phase, ScriptPhase::Update);
    assert!(
        error.message.contains("exceeded its time budget of 250 ms"),
        "{}",
        error.message
    );
    let location = error.location.expect("the stop is located");
    assert!(location.file.ends_with("runaway_update.js"), "{location}");
    assert!((3..=6).contains(&location.line), "stopped at {location}");
    assert!(error.stack.contains("spin"), "{}", error.stack);
    // The main thread kept its own pace while the worker spun.
    assert!(
        longest < Duration::from_millis(200),
        "a main frame took {longest:?}"
    );
    eprintln!(
        "runaway update: stopped and reported {stopped_after:?} after it started (budget 250 ms); \
         longest main frame meanwhile {longest:?}"
    );
    // The restarted script runs again: its start() made a fresh cube.
    run_until(&mut app, "the restarted script's cube", |app| {
        objects(app, ScriptObjectKind::Entity)
            .iter()
            .any(|(object, _)| object.id > 1)
    });
}

fn a_runaway_start_is_stopped_and_the_game_goes_on() {
    let mut app = app_with(
        JsScriptingPlugin::new(script("runaway_start.js"))
            .with_frame_time_budget(Duration::from_millis(100)),
    );
    run_until(&mut app, "the runaway start", |app| {
        metrics(app).js_errors >= 1
    });
    run_worker_frames(&mut app, 5);
    let metrics = metrics(&app);
    assert_eq!(
        metrics.js_errors, 1,
        "stopped once, not restarted in a loop"
    );
    let error = metrics.last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::Start);
    assert!(
        error.message.contains("time budget of 100 ms"),
        "{}",
        error.message
    );
    assert!(error.location.unwrap().file.ends_with("runaway_start.js"));
}

fn runaway_promise_jobs_and_callbacks_are_stopped() {
    for name in ["runaway_callback.js", "runaway_job.js"] {
        let mut app = app(name);
        run_until(&mut app, "the runaway job", |app| {
            metrics(app).worker_restarts >= 1
        });
        let error = metrics(&app).last_error.unwrap();
        assert_eq!(error.phase, ScriptPhase::PromiseJob, "{name}");
        assert!(
            error.message.contains("time budget"),
            "{name}: {}",
            error.message
        );
        let location = error.location.expect("located");
        assert!(location.file.ends_with(name), "{name}: {location}");
    }
}

fn a_loop_in_a_builtin_callback_is_stopped() {
    let mut app = app("runaway_builtin.js");
    run_until(&mut app, "the loop to be stopped", |app| {
        metrics(app).js_errors >= 1
    });
    let error = metrics(&app).last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::Update);
    let frames = metrics(&app).worker_frames;
    run_worker_frames(&mut app, frames + 3);
    match engine() {
        // Boa cannot interrupt JS that a builtin calls back into: its loop-iteration limit
        // stops the loop as a RangeError, and the context survives.
        JsEngine::Boa => {
            assert!(
                error
                    .message
                    .starts_with("RangeError: a loop ran more than"),
                "{}",
                error.message
            );
            assert_eq!(metrics(&app).worker_restarts, 0);
        }
        // QuickJS interrupts it at the time budget, like any runaway.
        JsEngine::QuickJs => {
            assert!(error.message.contains("time budget"), "{}", error.message);
            assert!(metrics(&app).worker_restarts >= 1);
        }
    }
}

fn deep_recursion_is_a_range_error() {
    let mut app = app("recursion.js");
    run_until(&mut app, "the recursion error", |app| {
        metrics(app).js_errors >= 1
    });
    let frames = metrics(&app).worker_frames;
    run_worker_frames(&mut app, frames + 3);
    let metrics = metrics(&app);
    assert_eq!(metrics.js_errors, 1);
    assert_eq!(metrics.worker_restarts, 0);
    let error = metrics.last_error.unwrap();
    assert_eq!(
        error.message,
        "RangeError: Maximum call stack size exceeded"
    );
    assert!(error.location.unwrap().file.ends_with("recursion.js"));
}

fn parser_bombs_are_refused_before_parsing() {
    let dir = std::env::temp_dir().join(format!(
        "bevy_js_worker_bombs_{}_{}",
        std::process::id(),
        engine()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, source) in [
        (
            "brackets.js",
            format!(
                "export const x = {}{};",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "parens.js",
            format!(
                "export const x = {}1{};",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, source).unwrap();
        let error = only_error(&mut app_with(JsScriptingPlugin::new(&path)));
        assert_eq!(error.phase, ScriptPhase::Load);
        assert!(
            error.message.contains("nest deeper than 256"),
            "{}",
            error.message
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn app_exit_during_a_runaway_is_prompt() {
    let budget = Duration::from_secs(20);
    let mut app = app_with(
        JsScriptingPlugin::new(script("runaway_update.js")).with_frame_time_budget(budget),
    );
    run_worker_frames(&mut app, 1);
    // Let the second update start spinning.
    let spin_started = Instant::now();
    while spin_started.elapsed() < Duration::from_millis(300) {
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    exit_and_join(&mut app, "during a runaway");
}

engine_tests!(
    a_runaway_update_is_stopped_at_its_budget_and_restarted,
    a_runaway_start_is_stopped_and_the_game_goes_on,
    runaway_promise_jobs_and_callbacks_are_stopped,
    a_loop_in_a_builtin_callback_is_stopped,
    deep_recursion_is_a_range_error,
    parser_bombs_are_refused_before_parsing,
    app_exit_during_a_runaway_is_prompt,
);
