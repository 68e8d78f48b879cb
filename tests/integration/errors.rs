//! Script errors are caught, counted and located; the app keeps running.

use bevy_js_worker::{JsEngine, ScriptPhase};

use crate::common::*;

fn a_script_that_throws_every_frame_keeps_the_app_running() {
    let mut app = app("throw_every_frame.js");
    let mut frames = 0;
    while frames < 600 {
        app.update();
        frames += 1;
        std::thread::sleep(std::time::Duration::from_micros(500));
    }
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    let metrics = metrics(&app);
    assert_eq!(metrics.main_frames, 600, "the main thread ran every frame");
    assert!(
        metrics.worker_frames >= 10,
        "the worker kept running frames"
    );
    assert_eq!(
        metrics.js_errors, metrics.worker_frames,
        "every frame's exception was counted"
    );
    let error = metrics.last_error.expect("the last error is kept");
    assert_eq!(error.phase, ScriptPhase::Update);
    assert_eq!(
        error.message,
        format!("Error: failure number {}", metrics.worker_frames)
    );
    let location = error.location.expect("the error has a location");
    assert!(
        location.file.ends_with("throw_every_frame.js"),
        "{location}"
    );
    // Boa locates a `new` expression at `new`, QuickJS at the end of its arguments.
    let column = match engine() {
        JsEngine::Boa => 9,
        JsEngine::QuickJs => 37,
    };
    assert_eq!((location.line, location.column), (4, column), "{location}");
    assert!(error.stack.contains("at update ("), "{}", error.stack);
}

fn a_syntax_error_is_reported_with_its_position() {
    let mut app = app("syntax_error.js");
    run_until(&mut app, "the load error", |app| {
        metrics(app).js_errors >= 1
    });
    run_worker_frames(&mut app, 3);
    let metrics = metrics(&app);
    assert_eq!(metrics.js_errors, 1);
    let error = metrics.last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::Load);
    assert!(
        error.message.starts_with("SyntaxError: "),
        "{}",
        error.message
    );
    let location = error.location.expect("syntax errors are located");
    assert!(location.file.ends_with("syntax_error.js"), "{location}");
    assert_eq!(location.line, 2, "{location}");
}

fn a_missing_script_is_an_error_not_a_crash() {
    let error = only_error(&mut app("does_not_exist.js"));
    assert_eq!(error.phase, ScriptPhase::Load);
    assert!(
        error.message.contains("does_not_exist.js"),
        "{}",
        error.message
    );
}

fn imports_cannot_leave_the_script_folder() {
    let mut app = app("escape.js");
    run_until(&mut app, "the load error", |app| {
        metrics(app).js_errors >= 1
    });
    let error = metrics(&app).last_error.unwrap();
    assert!(
        error
            .message
            .contains("may only import files inside their folder"),
        "{}",
        error.message
    );
}

fn rejected_promises_and_throwing_promise_jobs_are_reported() {
    let mut app = app("rejections.js");
    run_worker_frames(&mut app, 5);
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    let metrics = metrics(&app);
    // Two unhandled rejections per frame; the handled one is not reported.
    assert_eq!(metrics.js_errors, 2 * metrics.worker_frames);
    let error = metrics.last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::UnhandledRejection);
    assert!(
        error.message.contains("nobody handles this")
            || error.message.contains("thrown in a promise job"),
        "{}",
        error.message
    );
}

engine_tests!(
    a_script_that_throws_every_frame_keeps_the_app_running,
    a_syntax_error_is_reported_with_its_position,
    a_missing_script_is_an_error_not_a_crash,
    imports_cannot_leave_the_script_folder,
    rejected_promises_and_throwing_promise_jobs_are_reported,
);
