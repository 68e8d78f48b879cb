//! No heap allocation per command in steady state, on the worker or the main thread: a
//! counting global allocator compares frames of 100 and 20,000 calls, against a bare native
//! call (Boa allocates the argument list of every call into Rust).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, wait_for_event};

/// The system allocator, counting allocations (all threads).
pub struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout (every allocation goes there).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`, and the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Set, to the engine's name, for the child process that runs the counting test alone.
const ALONE: &str = "BEVY_JS_WORKER_COUNTING_ALONE";

/// Calls per worker frame in the small and the large run.
const FEW: u64 = 100;
const MANY: u64 = 20_000;

fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Waits, without running frames, until no thread has allocated for 60 ms.
fn wait_until_quiet() {
    let mut last = allocations();
    let mut quiet = 0;
    for _ in 0..500 {
        std::thread::sleep(Duration::from_millis(10));
        let now = allocations();
        quiet = if now == last { quiet + 1 } else { 0 };
        last = now;
        if quiet == 6 {
            return;
        }
    }
}

/// Allocations, on all threads, from handing a worker frame of `n` calls of `mode` over to
/// the end of the main frame that applies them (while the worker runs, the main thread stands
/// still).
fn one_run(app: &mut App, mode: &str, n: u64) -> u64 {
    app.world_mut()
        .write_message(JsEvent::new("run", json!({ "mode": mode, "n": n })));
    // Let the previous frames' work settle, then count from the frame that hands the event
    // over and triggers the worker frame.
    wait_until_quiet();
    let before = allocations();
    let done = common::emitted(app, "done").len();
    let applied = common::metrics(app).entity_updates_applied;
    // Frames until the handler's last act arrives (usually two: one hands the event over and
    // triggers the worker frame, the next applies what it did). The main thread stands still
    // while the worker runs.
    for _ in 0..20 {
        app.update();
        if common::emitted(app, "done").len() > done {
            break;
        }
        wait_until_quiet();
    }
    let counted = allocations() - before;
    assert_eq!(
        common::emitted(app, "done").len(),
        done + 1,
        "{mode}: the worker finished within the counted frames"
    );
    let applied = common::metrics(app).entity_updates_applied - applied;
    let expected = if mode == "native" { 0 } else { n };
    assert_eq!(applied, expected, "{mode}: every call was applied");
    counted
}

fn steady_state_calls_allocate_nothing_per_command() {
    // The allocator counts every thread of the process, and the other tests in this binary
    // run alongside: count in a process of our own, running only the test below.
    let output = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .env(ALONE, common::engine().name())
        .args([
            "allocations::counted_in_a_process_of_its_own",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("run the test binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("1 passed"),
        "the counting test did not run:\n{text}"
    );
    eprintln!("{text}");
}

#[test]
#[ignore = "run alone, in a process of its own, by steady_state_calls_allocate_nothing_per_command"]
fn counted_in_a_process_of_its_own() {
    let Some(engine) = std::env::var(ALONE)
        .ok()
        .and_then(|name| JsEngine::from_name(&name))
    else {
        eprintln!("skipped: only meaningful alone in its process (run the test above)");
        return;
    };
    common::on_engine(engine, count_allocations);
}

fn count_allocations() {
    let mut app = common::app_with(
        JsScriptingPlugin::new(common::script("allocations.js")).with_test_hooks(),
    );
    collect_events(&mut app);
    wait_for_event(&mut app, "ready");
    common::run_until(&mut app, "the entities", |app| {
        common::metrics(app).live_entities == 5000
    });
    // Noise (an extra frame's allocations somewhere) only ever adds: the fewest of a few runs
    // is the cleanest count.
    let mut fewest = |mode: &str, n: u64| {
        (0..3)
            .map(|_| one_run(&mut app, mode, n))
            .min()
            .unwrap_or_default()
    };
    let mut per_call = |mode: &str| {
        // Warm up: buffers and maps reach their steady size.
        fewest(mode, MANY);
        let few = fewest(mode, FEW);
        let many = fewest(mode, MANY);
        eprintln!("{mode}: {few} allocations for {FEW} calls, {many} for {MANY}");
        many.saturating_sub(few) as f64 / (MANY - FEW) as f64
    };
    // Boa allocates the argument list of every call into Rust (one `Vec`); that is the
    // baseline the bridge is measured against.
    let engine = per_call("native");
    assert!(
        engine < 2.0,
        "a bare native call allocates {engine:.2} times"
    );
    for mode in ["setPosition", "update"] {
        let bridge = per_call(mode) - engine;
        assert!(
            bridge < 0.05,
            "{mode}: {bridge:.3} allocations per command beyond the engine's {engine:.2}"
        );
    }
    // One call for the whole batch: nothing may scale with the entities it moves.
    let per_entity = per_call("setTransforms");
    assert!(
        per_entity < 0.05,
        "setTransforms: {per_entity:.3} allocations per entity"
    );
    common::assert_no_script_errors(&app);
}

engine_tests!(steady_state_calls_allocate_nothing_per_command);
