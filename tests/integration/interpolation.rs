//! Interpolation: a script that moves an object at 10 Hz, drawn at the main thread's rate.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, emitted, wait_for_event};

/// Main frames at about 60 FPS, like a renderer.
const FRAME: Duration = Duration::from_millis(16);

fn app(interpolation: bool) -> (App, Entity) {
    let mut app = common::app("interpolation.js");
    app.world_mut()
        .resource_mut::<JsScriptingSettings>()
        .interpolation = interpolation;
    collect_events(&mut app);
    let made = wait_for_event(&mut app, "made");
    let id = made["id"].as_u64().expect("an id") as ScriptId;
    // Warm up: the interval between worker frames is measured over the first few.
    common::run_until(&mut app, "a few worker frames", |app| {
        emitted(app, "read").len() >= 4
    });
    let entity = app
        .world()
        .resource::<ScriptEntities>()
        .entity(id)
        .expect("the cube exists");
    (app, entity)
}

/// Where the cube is drawn: its `Transform` translation as the ECS holds it.
fn drawn(app: &App, entity: Entity) -> Vec3 {
    app.world()
        .get::<Transform>(entity)
        .expect("the cube has a transform")
        .translation
}

/// The cube's `Transform` x after each of `frames` main frames, and when each frame ended.
fn trace_timed(app: &mut App, entity: Entity, frames: usize) -> Vec<(f32, Instant)> {
    let mut xs = Vec::with_capacity(frames);
    for _ in 0..frames {
        let started = Instant::now();
        app.update();
        xs.push((drawn(app, entity).x, Instant::now()));
        std::thread::sleep(FRAME.saturating_sub(started.elapsed()));
    }
    xs
}

/// The cube's `Transform` x after each of `frames` main frames.
fn trace(app: &mut App, entity: Entity, frames: usize) -> Vec<f32> {
    trace_timed(app, entity, frames)
        .into_iter()
        .map(|(x, _)| x)
        .collect()
}

/// Every read the script made was exactly what it had written before: interpolation never
/// leaks into its state.
fn assert_reads_exact(app: &App) {
    let reads = emitted(app, "read");
    assert!(reads.len() >= 5);
    for read in &reads[1..] {
        assert_eq!(read["read"], read["wrote"], "{reads:?}");
    }
}

fn with_interpolation_the_drawn_x_grows_every_frame() {
    let (mut app, entity) = app(true);
    let timed = trace_timed(&mut app, entity, 60);
    let xs: Vec<f32> = timed.iter().map(|(x, _)| *x).collect();
    eprintln!("interpolated x: {xs:?}");
    // Every frame moves it on, at a fair share of its typical speed (x per second between
    // two drawings, so that uneven frame times do not count): no frame holds still, or
    // creeps, where a new worker frame's segment begins.
    let mut speeds: Vec<f32> = timed
        .windows(2)
        .map(|pair| (pair[1].0 - pair[0].0) / (pair[1].1 - pair[0].1).as_secs_f32())
        .collect();
    let least = speeds.iter().copied().fold(f32::INFINITY, f32::min);
    speeds.sort_by(f32::total_cmp);
    let median = speeds[speeds.len() / 2];
    assert!(
        least > 0.25 * median,
        "x must grow in every frame (slowest {least}/s, median {median}/s): {xs:?}"
    );
    let span = xs[xs.len() - 1] - xs[0];
    assert!(span > 3.0, "it moved about 10 per second: {xs:?}");
    // Drawn at most one step plus the slack behind the script.
    let wrote = emitted(&app, "read").last().expect("reads")["wrote"]
        .as_f64()
        .expect("a number") as f32;
    assert!(wrote - xs[xs.len() - 1] < 3.0, "{wrote} vs {xs:?}");
    assert_reads_exact(&app);
    assert!(common::metrics(&app).interpolating <= 1);
}

fn without_interpolation_x_holds_then_steps() {
    let (mut app, entity) = app(false);
    let xs = trace(&mut app, entity, 60);
    eprintln!("stepped x: {xs:?}");
    let still = xs.windows(2).filter(|pair| pair[1] == pair[0]).count();
    let steps = xs.windows(2).filter(|pair| pair[1] > pair[0]).count();
    assert!(
        still >= 3 * steps,
        "x holds still for several frames at a time: {xs:?}"
    );
    assert!(steps >= 3, "{xs:?}");
    assert!(xs.windows(2).all(|pair| pair[1] >= pair[0]), "{xs:?}");
    assert_reads_exact(&app);
}

fn a_teleport_lands_in_one_frame() {
    let (mut app, entity) = app(true);
    app.world_mut()
        .write_message(JsEvent::new("teleport", json!(null)));
    // The frame that applies the jump has the cube at 1000 exactly; no frame in between.
    let mut before = None;
    let started = Instant::now();
    loop {
        app.update();
        let x = drawn(&app, entity).x;
        if x >= 1000.0 {
            assert_eq!(x, 1000.0);
            assert!(
                before.is_some_and(|before: f32| before < 100.0),
                "{before:?}"
            );
            break;
        }
        before = Some(x);
        assert!(started.elapsed() < common::PATIENCE, "no jump");
        std::thread::sleep(FRAME);
    }
    // Then it glides on from there.
    let xs = trace(&mut app, entity, 20);
    assert!(xs.iter().all(|&x| (1000.0..1010.0).contains(&x)), "{xs:?}");
    assert_reads_exact(&app);
}

fn a_rust_change_stands_and_reaches_the_script() {
    let (mut app, entity) = app(true);
    // The script stops moving the cube; its last move is still being drawn.
    app.world_mut()
        .write_message(JsEvent::new("hold", json!(null)));
    wait_for_event(&mut app, "held");
    assert_eq!(common::metrics(&app).interpolating, 1, "still gliding");
    // A Rust system moves the cube mid-glide: the interpolation drops its segment instead of
    // drawing over the change.
    let moved = Vec3::new(-3.0, 7.0, 0.0);
    app.world_mut()
        .get_mut::<Transform>(entity)
        .expect("a transform")
        .translation = moved;
    for _ in 0..10 {
        app.update();
        assert_eq!(drawn(&app, entity), moved, "the Rust change stands");
        std::thread::sleep(FRAME);
    }
    assert_eq!(common::metrics(&app).interpolating, 0);
    // And the script reads it back, exactly.
    common::run_until(&mut app, "the script to read y = 7", |app| {
        emitted(app, "read")
            .iter()
            .any(|read| read["y"] == json!(7) && read["read"] == json!(-3))
    });
}

engine_tests!(
    with_interpolation_the_drawn_x_grows_every_frame,
    without_interpolation_x_holds_then_steps,
    a_teleport_lands_in_one_frame,
    a_rust_change_stands_and_reaches_the_script,
);
