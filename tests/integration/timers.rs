//! Timers, microtasks and `performance.now()`: the host functions npm libraries expect.

use serde_json::json;

use crate::common::*;

fn timers_run_in_browser_order_at_or_after_their_due_time() {
    let mut app = app("timers.js");
    collect_events(&mut app);
    let report = wait_for_event(&mut app, "timers");
    assert_no_script_errors(&app);
    let log: Vec<&str> = report["log"]
        .as_array()
        .unwrap_or_else(|| panic!("no log in {report}"))
        .iter()
        .filter_map(|entry| entry.as_str())
        .collect();
    let at = |entry: &str| {
        log.iter()
            .position(|logged| *logged == entry)
            .unwrap_or_else(|| panic!("{entry:?} is missing from {log:?}"))
    };
    // The module's own work, then its microtasks in the order queued, all before any timer.
    assert_eq!(log[..3], ["sync", "microtask", "then"], "{log:?}");
    // Due timers in the order set, each followed by the microtasks it queued.
    assert_eq!(
        log[3..7],
        [
            "timeout 0",
            "timeout args 1 2",
            "outer",
            "outer's microtask"
        ],
        "{log:?}"
    );
    // A timer set by a timer runs in a later frame.
    assert!(at("nested") > at("outer's microtask"), "{log:?}");
    assert!(at("interval 1") < at("interval 2") && at("interval 2") < at("interval 3"));
    assert!(
        !log.contains(&"interval 4"),
        "cleared after 3 ticks: {log:?}"
    );
    assert!(!log.contains(&"cancelled timeout") && !log.contains(&"cancelled interval"));
    at("timeout 50");
    assert!(
        report["late"].as_f64().is_some_and(|late| late >= 50.0),
        "the 50 ms timeout ran before its time: {report}"
    );
    assert_eq!(report["monotonic"], json!(true));
    assert_eq!(report["type"], json!("number"));
}

engine_tests!(timers_run_in_browser_order_at_or_after_their_due_time);
