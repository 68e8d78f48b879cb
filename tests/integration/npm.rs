//! npm packages run unmodified on every engine: cannon-es (physics, `performance.now()`) and
//! lodash-es's `debounce` (timers). `.ci/run` installs them into `tests/scripts/node_modules`.

use crate::common::*;

fn installed() -> bool {
    let required = std::env::var("BEVY_JS_WORKER_REQUIRE_NPM").is_ok_and(|v| v == "1");
    let present = script("node_modules/cannon-es/dist/cannon-es.js").exists()
        && script("node_modules/lodash-es/debounce.js").exists();
    assert!(
        present || !required,
        "the npm packages are required but missing: npm install --prefix tests/scripts \
         --no-save --no-package-lock cannon-es@0.20.0 lodash-es@4.18.1"
    );
    if !present {
        eprintln!("skipped: the npm packages are not installed (see .ci/run)");
    }
    present
}

fn npm_packages_run_unmodified() {
    if !installed() {
        return;
    }
    let mut app = app("npm_libraries.js");
    collect_events(&mut app);
    let report = wait_for_event(&mut app, "npm");
    assert_no_script_errors(&app);
    // Two seconds of fixed steps: the ball fell from 5 m and rests on the ground (its radius
    // is 0.5 m).
    let y = report["y"].as_f64().unwrap_or(f64::NAN);
    assert!(
        (0.45..0.6).contains(&y),
        "the ball rests at y = {y}: {report}"
    );
    let time = report["time"].as_f64().unwrap_or_default();
    assert!((time - 2.0).abs() < 1e-6, "simulated {time} s: {report}");
    // The real-time world advanced with the clock (performance.now()): 120 worker frames
    // take more than one 1/60 s step.
    let real_time = report["realTime"].as_f64().unwrap_or_default();
    assert!(
        real_time.is_finite() && real_time >= 1.0 / 60.0,
        "real time {real_time}: {report}"
    );
    // Debounced: one call, with the last frame's argument.
    assert_eq!(report["fired"], serde_json::json!([10]), "{report}");
}

engine_tests!(npm_packages_run_unmodified);
