//! Runs the key performance measurements in one process and prints a markdown table and a
//! final `BENCH {json}` line. Every ratio compares two numbers measured in this run, on this
//! machine.
//!
//! ```text
//! cargo run --release --example bench_report [-- --engine boa|quickjs] [--parallel] [--verbs] [--ui]
//! ```
//!
//! `--parallel` measures `parallel_speedup` alone, `--verbs` the verb figures alone, `--ui`
//! `ui_update_main_ns` alone.
//!
//! ```text
//! ```

// The report's `json!` has more keys than the default limit expands.
#![recursion_limit = "256"]

#[path = "../benches/harness/mod.rs"]
mod harness;

use std::time::{Duration, Instant};

use bevy::ecs::system::In;
use bevy_js_worker::prelude::{JsEngine, JsScriptingSettings};
use bevy_js_worker::state_buffer::{CopyMode, StateBuffer};
use harness::{Health, ScriptBench, median, metrics, run_until, send, state, take_event};
use serde_json::json;

const ROUNDS: usize = 7;

fn ns(duration: Duration, per: u64) -> f64 {
    duration.as_secs_f64() * 1e9 / per as f64
}

/// Median time of one swap of `entities` entries with `dirty` of them changed.
fn swap_time(mode: CopyMode, entities: u32, dirty: u32) -> Duration {
    let mut buffer = StateBuffer::with_mode(mode);
    let reader = buffer.reader();
    for i in 0..entities {
        buffer.insert(i, state(i));
    }
    buffer.swap();
    let reps = (20_000_000 / entities).clamp(20, 2_000);
    let mut samples = Vec::new();
    for rep in 0..reps {
        let step = entities / dirty.max(1);
        for k in 0..dirty {
            if let Some(value) = buffer.get_mut(&(k * step)) {
                value.position.y = rep as f32;
            }
        }
        let started = Instant::now();
        buffer.swap();
        samples.push(started.elapsed());
    }
    // The swap really published: the last change is visible to readers.
    assert_eq!(
        reader.get(&0).map(|s| s.position.y),
        Some((reps - 1) as f32)
    );
    median(samples)
}

/// p99 of main frame times over `seconds`, while every worker `update` blocks `block_ms`.
fn main_frame_p99(block_ms: u32, seconds: f64) -> (Duration, u64, u64) {
    let mut app = harness::headless(harness::script("calls.js"));
    run_until(&mut app, "the worker", |app| metrics(app).worker_frames > 0);
    send(&mut app, "setup", json!({ "entities": 2000 }));
    run_until(&mut app, "the entities", |app| {
        metrics(app).live_entities == 2000
    });
    send(
        &mut app,
        "steady",
        json!({ "perFrame": 100, "batched": false }),
    );
    send(&mut app, "block", json!({ "ms": block_ms }));
    for _ in 0..30 {
        app.update();
    }
    let before = metrics(&app);
    let mut frames = Vec::new();
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < seconds {
        let frame = Instant::now();
        app.update();
        frames.push(frame.elapsed());
    }
    let after = metrics(&app);
    frames.sort();
    let p99 = frames[frames.len() * 99 / 100];
    (
        p99,
        after.worker_frames - before.worker_frames,
        frames.len() as u64,
    )
}

/// Main-thread ns per applied transform update, 10,000 entities, 5 % moving every frame.
fn steady_apply(bench: &mut ScriptBench, batched: bool) -> f64 {
    let app = &mut bench.app;
    send(
        app,
        "steady",
        json!({ "perFrame": 500, "batched": batched }),
    );
    for _ in 0..60 {
        app.update();
    }
    let before = metrics(app);
    run_until(app, "300 worker frames", |app| {
        metrics(app).worker_frames >= before.worker_frames + 300
    });
    let after = metrics(app);
    send(app, "steady", serde_json::Value::Null);
    ns(
        after.total_apply_time - before.total_apply_time,
        after.entity_updates_applied - before.entity_updates_applied,
    )
}

/// Main-thread ns per script entity for the external-transform sync (`Changed<Transform>`),
/// from median frame times with it on and off while the script is paused (so every frame
/// syncs and nothing else changes).
fn external_sync_cost(bench: &mut ScriptBench) -> (f64, Duration, Duration) {
    let entities = f64::from(bench.entities);
    let app = &mut bench.app;
    app.world_mut().resource_mut::<JsScriptingSettings>().paused = true;
    let mut frame_time = |sync: bool| {
        app.world_mut()
            .resource_mut::<JsScriptingSettings>()
            .sync_external_transforms = sync;
        let mut samples = Vec::new();
        for _ in 0..3_000 {
            let started = Instant::now();
            app.update();
            samples.push(started.elapsed());
        }
        median(samples)
    };
    let mut on = Vec::new();
    let mut off = Vec::new();
    for _ in 0..3 {
        on.push(frame_time(true));
        off.push(frame_time(false));
    }
    let mut settings = app.world_mut().resource_mut::<JsScriptingSettings>();
    settings.sync_external_transforms = true;
    settings.paused = false;
    let (on, off) = (median(on), median(off));
    (
        on.saturating_sub(off).as_secs_f64() * 1e9 / entities,
        on,
        off,
    )
}

/// What the world benchmark measured.
struct WorldFigures {
    /// Main-thread ns to apply one two-field `world.set` patch.
    set_apply_ns: f64,
    /// Main-thread ns to publish one changed component.
    publish_ns: f64,
    /// Main-thread ns per visible entity per frame when nothing changed (Bevy's
    /// `Changed<Health>` tick check).
    idle_publish_ns_per_entity: f64,
    /// `world.get(id, "Health")` and `entity.get(id)`, ns per call on the worker.
    world_get_ns: f64,
    entity_get_ns: f64,
}

/// 10,000 Rust-spawned visible entities with `Health`: patches applied, changes published,
/// and the two reads compared.
/// What the verbs cost: a function verb on the worker against the bare native call, the main
/// thread's cost per system verb call, and how many worker frames a system verb's answer takes.
struct VerbFigures {
    native_ns: f64,
    /// The native call also given an array literal (`[x, y]`) that it ignores.
    native_array_ns: f64,
    /// `game.noise(x, y)`.
    fn_ns: f64,
    /// `game.noise([x, y])`.
    fn_array_ns: f64,
    fn_scalar_ns: f64,
    system_main_ns: f64,
    roundtrip_frames: f64,
}

fn verb_figures() -> VerbFigures {
    const CALLS: u32 = 100_000;
    const SYSTEM_CALLS: u32 = 10_000;
    let mut app = harness::headless_with(harness::script("verbs.js"), |plugin| {
        plugin
            .expose_fn("noise", |(x, y): (f32, f32)| x * 0.5 + y)
            .expose_fn("double", |x: f64| x * 2.0)
            .expose_system("nothing", |In(()): In<()>| {})
    });
    run_until(&mut app, "the worker", |app| metrics(app).worker_frames > 2);
    let mut seq = 0;
    let mut run = |app: &mut bevy::prelude::App, mode: &str, n: u32| {
        seq += 1;
        send(app, "run", json!({ "mode": mode, "n": n, "seq": seq }));
        let done = wait_event(app, "done");
        assert_eq!(done["seq"], json!(seq), "runs finish in order");
        done
    };
    let per_call = |done: &serde_json::Value, n: u32| {
        done["seconds"].as_f64().unwrap_or(0.0) * 1e9 / f64::from(n)
    };
    let (mut native, mut native_array, mut function, mut array) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut scalar, mut system, mut frames) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        native.push(per_call(&run(&mut app, "native", CALLS), CALLS));
        native_array.push(per_call(&run(&mut app, "native_array", CALLS), CALLS));
        function.push(per_call(&run(&mut app, "fn", CALLS), CALLS));
        array.push(per_call(&run(&mut app, "fn_array", CALLS), CALLS));
        scalar.push(per_call(&run(&mut app, "fn_scalar", CALLS), CALLS));
        let before = metrics(&app);
        run(&mut app, "system", SYSTEM_CALLS);
        run_until(&mut app, "the system verbs run", |app| {
            metrics(app).verbs_run >= before.verbs_run + u64::from(SYSTEM_CALLS)
                && metrics(app).verbs_pending == 0
        });
        let after = metrics(&app);
        assert_eq!(after.verbs_run, before.verbs_run + u64::from(SYSTEM_CALLS));
        assert_eq!(after.verb_rejections, 0, "{:?}", after.last_error);
        // The apply time of those frames is the verbs' (the script sends nothing else).
        system.push(
            (after.total_apply_time - before.total_apply_time).as_secs_f64() * 1e9
                / f64::from(SYSTEM_CALLS),
        );
        for _ in 0..5 {
            frames.push(
                run(&mut app, "roundtrip", 0)["frames"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
            );
        }
    }
    let by_value = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    VerbFigures {
        native_ns: by_value(native),
        native_array_ns: by_value(native_array),
        fn_ns: by_value(function),
        fn_array_ns: by_value(array),
        fn_scalar_ns: by_value(scalar),
        system_main_ns: by_value(system),
        roundtrip_frames: by_value(frames),
    }
}

/// `ui_update_main_ns`: the main thread's cost of applying one `ui.update` that changes a
/// text (the text's own layout, in Bevy's `PostUpdate`, is not in it), median of the rounds.
fn ui_update_main_ns() -> f64 {
    const UPDATES: u32 = 10_000;
    let mut app = harness::headless_ui(harness::script("ui.js"));
    run_until(&mut app, "the worker", |app| metrics(app).worker_frames > 2);
    let mut rounds = Vec::new();
    for seq in 0..ROUNDS {
        let before = metrics(&app);
        send(&mut app, "run", json!({ "n": UPDATES, "seq": seq }));
        let done = wait_event(&mut app, "done");
        assert_eq!(done["seq"], json!(seq), "runs finish in order");
        // The updates and the `emit` after them.
        let expected = before.commands_applied + u64::from(UPDATES) + 1;
        run_until(&mut app, "the updates to apply", |app| {
            metrics(app).commands_applied >= expected
        });
        let after = metrics(&app);
        assert_eq!(after.js_errors, 0, "{:?}", after.last_error);
        rounds.push(
            (after.total_apply_time - before.total_apply_time).as_secs_f64() * 1e9
                / f64::from(UPDATES),
        );
    }
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

fn world_figures() -> WorldFigures {
    const ENTITIES: usize = 10_000;
    const PER_FRAME: usize = 500;
    const READS: u32 = 100_000;
    let mut app = harness::headless_with(harness::script("world.js"), |plugin| {
        plugin.expose_component::<Health>()
    });
    for i in 0..ENTITIES {
        app.world_mut().spawn((
            Health {
                current: 100.0,
                max: 100.0,
            },
            bevy::prelude::Transform::from_xyz(i as f32, 0.0, 0.0),
            bevy_js_worker::ScriptVisible,
        ));
    }
    run_until(&mut app, "the worker", |app| metrics(app).worker_frames > 2);
    send(&mut app, "setup", json!({}));
    let ready = wait_event(&mut app, "ready");
    assert_eq!(ready["count"], json!(ENTITIES));

    // Reads on the worker, one kind at a time.
    let mut seq = 0;
    let mut read = |app: &mut bevy::prelude::App, mode: &str| {
        seq += 1;
        send(app, "run", json!({ "mode": mode, "n": READS, "seq": seq }));
        let done = wait_event(app, "done");
        assert_eq!(done["seq"], json!(seq), "runs finish in order");
        done["seconds"].as_f64().unwrap_or(0.0) * 1e9 / f64::from(READS)
    };
    let mut world_get = Vec::new();
    let mut entity_get = Vec::new();
    for _ in 0..ROUNDS {
        world_get.push(read(&mut app, "world_get"));
        entity_get.push(read(&mut app, "entity_get"));
    }
    let by_value = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };

    // Publishing: a Rust system changes 5 % of the entities' Health every frame.
    let publish_cost = |app: &mut bevy::prelude::App, changes: usize| {
        let mut query = app.world_mut().query::<&mut Health>();
        let before = metrics(app);
        for frame in 0..300 {
            {
                let world = app.world_mut();
                for (i, mut health) in query.iter_mut(world).enumerate() {
                    if i % (ENTITIES / changes.max(1)) == 0 && changes > 0 {
                        health.current = frame as f32;
                    }
                }
            }
            app.update();
        }
        let after = metrics(app);
        (
            after.total_publish_time - before.total_publish_time,
            after.components_published - before.components_published,
        )
    };
    // Touching the components through `iter_mut` without writing leaves them unchanged.
    let (idle_time, idle_count) = publish_cost(&mut app, 0);
    let (busy_time, busy_count) = publish_cost(&mut app, PER_FRAME);
    assert_eq!(idle_count, 0, "nothing changed, nothing published");
    assert!(busy_count >= 300 * PER_FRAME as u64, "{busy_count}");
    let idle_per_frame = idle_time.as_secs_f64() * 1e9 / 300.0;
    let publish_ns = (busy_time.as_secs_f64() * 1e9 - idle_per_frame * 300.0) / busy_count as f64;

    // Patches: the script sets both fields on 5 % of the entities every frame.
    send(&mut app, "steady", json!({ "perFrame": PER_FRAME }));
    for _ in 0..60 {
        app.update();
    }
    let before = metrics(&app);
    run_until(&mut app, "300 worker frames", |app| {
        metrics(app).worker_frames >= before.worker_frames + 300
    });
    let after = metrics(&app);
    assert_eq!(after.js_errors, 0, "{:?}", after.last_error);
    let set_apply_ns = ns(
        after.total_patch_time - before.total_patch_time,
        after.patches_applied - before.patches_applied,
    );
    WorldFigures {
        set_apply_ns,
        publish_ns,
        idle_publish_ns_per_entity: idle_per_frame / ENTITIES as f64,
        world_get_ns: by_value(world_get),
        entity_get_ns: by_value(entity_get),
    }
}

/// An app for `parallel_speedup`: `scripts` workers each running `one.js`, or (with `both`)
/// one worker running both scripts' work in `both.js`, told to work `n` iterations per update.
fn parallel_app(scripts: usize, both: bool, n: u64) -> bevy::prelude::App {
    let name = if both {
        "parallel/both.js"
    } else {
        "parallel/one.js"
    };
    let paths: Vec<_> = (0..scripts).map(|_| harness::script(name)).collect();
    let mut app = harness::headless_workers(&paths);
    run_until(&mut app, "the workers", |app| {
        let m = metrics(app);
        m.workers == scripts && m.worker_frames > 2 * scripts as u64
    });
    send(&mut app, "work", json!({ "n": n }));
    ticks(&mut app, 0.3);
    app
}

/// Runs main frames about 1 ms apart for `seconds`; the worker frames completed meanwhile.
fn ticks(app: &mut bevy::prelude::App, seconds: f64) -> (u64, f64) {
    let before = metrics(app).worker_frames;
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < seconds {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    let m = metrics(app);
    assert_eq!(m.js_errors, 0, "{:?}", m.last_error);
    (m.worker_frames - before, started.elapsed().as_secs_f64())
}

/// `parallel_speedup`: two CPU-bound scripts on two workers ÷ both scripts' work in one
/// worker, in script frames per second (a frame of the one worker is two scripts' frames);
/// and the two rates. The two set-ups take turns, a second at a time, so that a machine whose
/// speed drifts affects both alike (the idle one's workers wait, parked, meanwhile).
fn parallel_speedup() -> (f64, f64, f64, u64) {
    let mut app = harness::headless_workers(&[harness::script("parallel/one.js")]);
    let calibrated = wait_event(&mut app, "calibrated");
    let n = calibrated["n"].as_u64().unwrap_or(100_000);
    drop(app);
    let mut two = parallel_app(2, false, n);
    let mut one = parallel_app(1, true, n);
    let (mut two_frames, mut two_time, mut one_frames, mut one_time) = (0, 0.0, 0, 0.0);
    for _ in 0..4 {
        let (frames, time) = ticks(&mut two, 1.0);
        two_frames += frames;
        two_time += time;
        let (frames, time) = ticks(&mut one, 1.0);
        one_frames += 2 * frames;
        one_time += time;
    }
    let two_rate = two_frames as f64 / two_time;
    let one_rate = one_frames as f64 / one_time;
    (two_rate / one_rate, two_rate, one_rate, n)
}

/// Runs frames until the script emits `name`; its payload.
fn wait_event(app: &mut bevy::prelude::App, name: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        if let Some(payload) = take_event(app, name) {
            return payload;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "gave up waiting for {name}"
        );
        app.update();
    }
}

fn startup() -> Duration {
    let cubes =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/scripts/cubes.js");
    let mut app = harness::headless(cubes);
    run_until(&mut app, "the first update", |app| {
        metrics(app).time_to_first_update.is_some()
    });
    metrics(&app).time_to_first_update.unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut parallel_only = false;
    let mut verbs_only = false;
    let mut ui_only = false;
    while let Some(arg) = args.next() {
        if arg == "--parallel" {
            parallel_only = true;
            continue;
        }
        if arg == "--ui" {
            ui_only = true;
            continue;
        }
        if arg == "--verbs" {
            verbs_only = true;
            continue;
        }
        let engine = match arg.as_str() {
            "--engine" => args.next().and_then(|name| JsEngine::from_name(&name)),
            _ => None,
        };
        let Some(engine) = engine else {
            eprintln!("usage: bench_report [--engine boa|quickjs] [--parallel] [--verbs] [--ui]");
            std::process::exit(2);
        };
        harness::set_engine(engine);
    }
    let engine = harness::engine();
    if parallel_only {
        // Only `parallel_speedup`, for a quick look.
        let (parallel, two, one, n) = parallel_speedup();
        println!(
            "BENCH {}",
            json!({ "engine": engine.name(), "parallel_speedup": round(parallel, 3), "parallel_two_workers_fps": round(two, 2), "parallel_one_worker_fps": round(one, 2), "work_iterations": n })
        );
        return;
    }
    if ui_only {
        // Only the UI figure.
        println!(
            "BENCH {}",
            json!({ "engine": engine.name(), "ui_update_main_ns": round(ui_update_main_ns(), 1) })
        );
        return;
    }
    if verbs_only {
        // Only the verb figures, for a quick look.
        let verbs = verb_figures();
        println!(
            "BENCH {}",
            json!({ "engine": engine.name(), "verb_roundtrip_frames": verbs.roundtrip_frames, "verb_main_ns": round(verbs.system_main_ns, 1), "expose_fn_call_ns": round(verbs.fn_ns, 1), "expose_fn_array_call_ns": round(verbs.fn_array_ns, 1), "array_literal_ns": round(verbs.native_array_ns - verbs.native_ns, 1), "expose_fn_array_ratio": round(verbs.fn_array_ns / verbs.native_ns, 3), "expose_fn_scalar_call_ns": round(verbs.fn_scalar_ns, 1), "expose_fn_native_call_ns": round(verbs.native_ns, 1), "expose_fn_ratio": round(verbs.fn_ns / verbs.native_ns, 3) })
        );
        return;
    }
    let machine = format!(
        "{} cores, {} {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    eprintln!("measuring {engine} on {machine}; this takes about a minute");

    // JS call costs, end to end.
    const CALLS: u32 = 100_000;
    const ENTITIES: u32 = 10_000;
    let mut bench = ScriptBench::new(ENTITIES);
    let mut native = Vec::new();
    let mut native_object = Vec::new();
    let mut read_changes = Vec::new();
    let mut update_js = Vec::new();
    let mut update_apply = Vec::new();
    let mut update_total = Vec::new();
    let mut batch_total = Vec::new();
    let mut batch_js = Vec::new();
    let mut batch_apply = Vec::new();
    let mut prefilled_total = Vec::new();
    let mut set_position_total = Vec::new();
    let mut typed_total = Vec::new();
    let mut fill_only = Vec::new();
    for _ in 0..ROUNDS {
        native.push(bench.run("native", CALLS).js);
        native_object.push(bench.run("native_object", CALLS).js);
        read_changes.push(bench.run("read_changes", CALLS).js);
        let update = bench.run("update", CALLS);
        update_js.push(update.js);
        update_apply.push(update.apply);
        update_total.push(update.total());
        let set_position = bench.run("set_position", CALLS);
        set_position_total.push(set_position.total());
        let batch = bench.run("batch_array", ENTITIES);
        batch_js.push(batch.js);
        batch_apply.push(batch.apply);
        batch_total.push(batch.total());
        let typed = bench.run("batch", ENTITIES);
        typed_total.push(typed.total());
        let prefilled = bench.run("batch_prefilled", ENTITIES);
        prefilled_total.push(prefilled.total());
        fill_only.push(bench.run("fill_array", ENTITIES).js);
    }
    let native_ns = ns(median(native), CALLS.into());
    let native_object_ns = ns(median(native_object), CALLS.into());
    let read_changes_ns = ns(median(read_changes), CALLS.into());
    let update_ns = ns(median(update_total), CALLS.into());
    let update_js_ns = ns(median(update_js), CALLS.into());
    let update_apply_ns = ns(median(update_apply), CALLS.into());
    let batch_ns = ns(median(batch_total), ENTITIES.into());
    let batch_js_ns = ns(median(batch_js), ENTITIES.into());
    let batch_apply_ns = ns(median(batch_apply), ENTITIES.into());
    let prefilled_ns = ns(median(prefilled_total), ENTITIES.into());
    let set_position_ns = ns(median(set_position_total), CALLS.into());
    let typed_ns = ns(median(typed_total), ENTITIES.into());
    let fill_ns = ns(median(fill_only), ENTITIES.into());

    let (sync_ns, sync_on, sync_off) = external_sync_cost(&mut bench);
    let apply_per_call = steady_apply(&mut bench, false);
    let apply_batched = steady_apply(&mut bench, true);
    let live = metrics(&bench.app);
    let bytes_per_entity = live.bookkeeping_bytes as f64 / live.live_entities as f64;
    drop(bench);

    // State buffer swaps.
    let mut swaps = Vec::new();
    for entities in [1_000, 10_000, 100_000] {
        for percent in [1, 10, 100] {
            let dirty = entities * percent / 100;
            let full = swap_time(CopyMode::Full, entities, dirty);
            let per_key = swap_time(CopyMode::PerKey, entities, dirty);
            swaps.push((entities, percent, full, per_key));
        }
    }
    let swap = |entities, percent| {
        swaps
            .iter()
            .find(|s| s.0 == entities && s.1 == percent)
            .map(|s| (s.2, s.3))
            .unwrap_or_default()
    };
    let (full_sparse, per_key_sparse) = swap(100_000, 1);
    let swap_sparse_speedup = full_sparse.as_secs_f64() / per_key_sparse.as_secs_f64();
    let swap_full_1000_us = swap(1_000, 100).0.as_secs_f64() * 1e6;

    // Main-thread stall.
    let (idle_p99, idle_worker, idle_main) = main_frame_p99(0, 3.0);
    let (blocked_p99, blocked_worker, blocked_main) = main_frame_p99(100, 3.0);
    let main_stall_ratio = blocked_p99.as_secs_f64() / idle_p99.as_secs_f64();

    let world = world_figures();
    let world_get_ratio = world.world_get_ns / world.entity_get_ns;
    let (parallel, two_workers_fps, one_worker_fps, work_n) = parallel_speedup();
    let verbs = verb_figures();
    let expose_fn_ratio = verbs.fn_ns / verbs.native_ns;
    let ui_update_ns = ui_update_main_ns();

    let startups: Vec<_> = (0..5).map(|_| startup()).collect();
    let worker_startup_ms = median(startups).as_secs_f64() * 1e3;

    println!("## bevy_js_worker bench report: {engine} ({machine})\n");
    println!("| measurement | value | target | reference design |");
    println!("|---|---|---|---|");
    let ratio = update_ns / native_ns;
    let literal_floor = native_object_ns / native_ns;
    println!(
        "| `js_call_overhead_ratio`: `entity.update(id, {{position}})` end to end ÷ bare 4-number native call | {ratio:.2} ({update_ns:.0} ns ÷ {native_ns:.0} ns; JS side {update_js_ns:.0} ns + main-thread apply {update_apply_ns:.0} ns). Building the same `{{position: {{x, y, z}}}}` in JS and passing it to the bare call alone costs {native_object_ns:.0} ns, {literal_floor:.2}× the bare call | ≤ 1.5 | — |"
    );
    let bridge_ratio = (update_ns - native_object_ns) / native_ns;
    let read_floor = (read_changes_ns - native_object_ns) / native_ns;
    println!(
        "| `bridge_overhead_ratio`: what the bridge adds to `entity.update(id, {{position}})` beyond the engine's own argument cost, ÷ the bare native call: ({update_ns:.0} ns − {native_object_ns:.0} ns) ÷ {native_ns:.0} ns | {bridge_ratio:.2}. Of that, reading and checking the argument object alone (the same call with nothing sent): ({read_changes_ns:.0} ns − {native_object_ns:.0} ns) ÷ {native_ns:.0} ns = {read_floor:.2} | ≤ 1.0 | — |"
    );
    let set_position_ratio = set_position_ns / native_ns;
    println!(
        "| `set_position_overhead_ratio`: `entity.setPosition(id, x, y, z)` end to end ÷ bare 4-number native call | {set_position_ratio:.2} ({set_position_ns:.0} ns ÷ {native_ns:.0} ns) | (≤ 1.5) | — |"
    );
    let batch_speedup = update_ns / batch_ns;
    println!(
        "| `batch_speedup`: per-entity cost, per-call ÷ `entity.setTransforms` (including the JS loop filling a plain array) | {batch_speedup:.1}× ({update_ns:.0} ns ÷ {batch_ns:.0} ns; JS side {batch_js_ns:.0} ns + apply {batch_apply_ns:.0} ns). Filling a `Float32Array` instead: {typed_ns:.0} ns, {:.1}×. The call alone, arrays already filled: {prefilled_ns:.0} ns, {:.1}×. The filling loop alone, without the call: {fill_ns:.0} ns, so no batched API could beat {:.1}× here | ≥ 10 | — |",
        update_ns / typed_ns,
        update_ns / prefilled_ns,
        update_ns / fill_ns
    );
    println!(
        "| `swap_sparse_speedup`: full ÷ per-key swap, 100,000 entities, 1 % dirty | {swap_sparse_speedup:.0}× ({:.0} µs ÷ {:.1} µs) | ≥ 50 | — |",
        full_sparse.as_secs_f64() * 1e6,
        per_key_sparse.as_secs_f64() * 1e6
    );
    println!(
        "| `swap_full_1000_us`: full swap of 1,000 entities | {swap_full_1000_us:.1} µs | < 100 | < 1,000 µs |"
    );
    println!(
        "| `main_stall_ratio`: p99 main frame, script blocking 100 ms per `update` ÷ idle script | {main_stall_ratio:.2} ({:.3} ms ÷ {:.3} ms; {blocked_main} main / {blocked_worker} worker frames vs {idle_main} / {idle_worker}) | ≤ 1.1 | main thread never waits |",
        blocked_p99.as_secs_f64() * 1e3,
        idle_p99.as_secs_f64() * 1e3
    );
    println!(
        "| `main_apply_ns_per_update`: main-thread cost per applied update, 10,000 entities, 5 % per frame | {apply_per_call:.0} ns (`entity.update`); {apply_batched:.0} ns (`setTransforms`) | ≤ 150 | — |"
    );
    println!(
        "| external-transform sync (`Changed<Transform>` check), paused script, 10,000 entities | {sync_ns:.2} ns per script entity per synced frame (median frame {:.1} µs with it, {:.1} µs without) | — | — |",
        sync_on.as_secs_f64() * 1e6,
        sync_off.as_secs_f64() * 1e6
    );
    println!(
        "| `worker_startup_ms`: plugin start → first `update` (cubes.js) | {worker_startup_ms:.1} ms | < 20 | < 100 ms |"
    );
    println!(
        "| `bytes_per_entity`: plugin bookkeeping per live entity | {bytes_per_entity:.0} B | < 512 | — |"
    );
    println!(
        "| `reflect_set_apply_ns`: main-thread cost to apply one `world.set` patch of a two-field component, 10,000 visible entities, 5 % patched per frame | {:.0} ns | ≤ 500 | bevy_mod_scripting: about 1.9 µs per reflected 4-argument call, in an exclusive system |",
        world.set_apply_ns
    );
    println!(
        "| `reflect_publish_ns`: main-thread cost to publish one changed component, 5 % of 10,000 changing per frame | {:.0} ns; unchanged components: {:.2} ns per visible entity per frame (Bevy's `Changed` tick check; nothing is copied) | ≤ 500 | — |",
        world.publish_ns, world.idle_publish_ns_per_entity
    );
    println!(
        "| `world_get_ratio`: `world.get(id, \"Health\")` ÷ `entity.get(id)` | {world_get_ratio:.2} ({:.0} ns ÷ {:.0} ns) | ≤ 2 | — |",
        world.world_get_ns, world.entity_get_ns
    );
    println!(
        "| `parallel_speedup`: two CPU-bound scripts (20 ms of work per update, {work_n} iterations) on two workers ÷ both scripts' work in one worker, script frames per second | {parallel:.2} ({two_workers_fps:.1} ÷ {one_worker_fps:.1} frames/s) | ≥ 1.6 | — |"
    );
    println!(
        "| `verb_roundtrip_frames`: worker frames from `game.x()` (a system verb) to its answer, worker keeping up with the main thread | {:.0} | ≤ 2 | — |",
        verbs.roundtrip_frames
    );
    println!(
        "| `verb_main_ns`: main-thread cost of one system verb call with an empty body (run in order with the script's commands, answer queued) | {:.0} ns | ≤ 1,000 | bevy_mod_scripting: about 1.9 µs per reflected call, in an exclusive system |",
        verbs.system_main_ns
    );
    println!(
        "| `expose_fn_ratio`: a function verb `game.noise(x, y)` on the worker ÷ the bare 4-number native call, measured side by side | {expose_fn_ratio:.2} ({:.0} ns ÷ {:.0} ns); the numbers as one array, `game.noise([x, y])`: {:.0} ns, {:.2}× (making the array alone: {:.0} ns); a scalar verb `game.double(x)`: {:.0} ns, {:.2}× | ≤ 2.0 | — |",
        verbs.fn_ns,
        verbs.native_ns,
        verbs.fn_array_ns,
        verbs.fn_array_ns / verbs.native_ns,
        verbs.native_array_ns - verbs.native_ns,
        verbs.fn_scalar_ns,
        verbs.fn_scalar_ns / verbs.native_ns
    );
    println!(
        "| `ui_update_main_ns`: main-thread cost of applying one `ui.update(label, {{text}})` (Bevy's own text layout, in `PostUpdate`, not included) | {ui_update_ns:.0} ns | ≤ 2,000 | — |"
    );
    println!("\n### State buffer swaps (median µs)\n");
    println!("| entities | dirty | full copy | per key | speedup |");
    println!("|---|---|---|---|---|");
    for (entities, percent, full, per_key) in &swaps {
        println!(
            "| {entities} | {percent} % | {:.1} | {:.1} | {:.1}× |",
            full.as_secs_f64() * 1e6,
            per_key.as_secs_f64() * 1e6,
            full.as_secs_f64() / per_key.as_secs_f64()
        );
    }
    let report = json!({
        "engine": engine.name(),
        "machine": machine,
        "bridge_overhead_ratio": round(bridge_ratio, 3),
        "bridge_read_ratio": round(read_floor, 3),
        "read_changes_call_ns": round(read_changes_ns, 1),
        "js_call_overhead_ratio": round(ratio, 3),
        "batch_speedup": round(batch_speedup, 2),
        "swap_sparse_speedup": round(swap_sparse_speedup, 1),
        "swap_full_1000_us": round(swap_full_1000_us, 2),
        "main_stall_ratio": round(main_stall_ratio, 3),
        "main_apply_ns_per_update": round(apply_per_call, 1),
        "main_apply_ns_per_batched_update": round(apply_batched, 1),
        "worker_startup_ms": round(worker_startup_ms, 2),
        "bytes_per_entity": round(bytes_per_entity, 1),
        "native_call_ns": round(native_ns, 1),
        "native_call_with_object_literal_ns": round(native_object_ns, 1),
        "update_call_ns": round(update_ns, 1),
        "batched_entity_ns": round(batch_ns, 1),
        "batched_call_only_entity_ns": round(prefilled_ns, 1),
        "batch_call_only_speedup": round(update_ns / prefilled_ns, 2),
        "batch_speedup_typed_arrays": round(update_ns / typed_ns, 2),
        "batch_fill_only_entity_ns": round(fill_ns, 1),
        "batch_speedup_ceiling": round(update_ns / fill_ns, 2),
        "external_sync_ns_per_entity": round(sync_ns, 2),
        "batched_typed_entity_ns": round(typed_ns, 1),
        "set_position_call_ns": round(set_position_ns, 1),
        "set_position_overhead_ratio": round(set_position_ratio, 3),
        "object_literal_floor_ratio": round(literal_floor, 3),
        "reflect_set_apply_ns": round(world.set_apply_ns, 1),
        "reflect_publish_ns": round(world.publish_ns, 1),
        "reflect_idle_publish_ns_per_entity": round(world.idle_publish_ns_per_entity, 3),
        "world_get_ratio": round(world_get_ratio, 3),
        "parallel_speedup": round(parallel, 3),
        "parallel_two_workers_fps": round(two_workers_fps, 2),
        "parallel_one_worker_fps": round(one_worker_fps, 2),
        "world_get_call_ns": round(world.world_get_ns, 1),
        "entity_get_call_ns": round(world.entity_get_ns, 1),
        "verb_roundtrip_frames": round(verbs.roundtrip_frames, 1),
        "verb_main_ns": round(verbs.system_main_ns, 1),
        "expose_fn_call_ns": round(verbs.fn_ns, 1),
        "expose_fn_array_call_ns": round(verbs.fn_array_ns, 1),
        "array_literal_ns": round(verbs.native_array_ns - verbs.native_ns, 1),
        "expose_fn_scalar_call_ns": round(verbs.fn_scalar_ns, 1),
        "expose_fn_native_call_ns": round(verbs.native_ns, 1),
        "expose_fn_ratio": round(expose_fn_ratio, 3),
        "ui_update_main_ns": round(ui_update_ns, 1),
    });
    println!("\nBENCH {report}");
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
