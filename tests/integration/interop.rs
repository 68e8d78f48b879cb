//! The batched API, events both ways, input and time.

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyCode, KeyboardInput};
use bevy::input::mouse::{MouseButton, MouseButtonInput, MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy_js_worker::ScriptPhase;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, emitted, wait_for_event};

fn set_transforms_moves_every_entity_and_rejects_bad_batches_whole() {
    let mut app = common::app("batch.js");
    collect_events(&mut app);
    let errors = wait_for_event(&mut app, "errors");
    let errors: Vec<&str> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let expected = [
        "ids of strings: RangeError: entity.setTransforms: ids[0] must be an id (a positive integer)",
        "fractional id: RangeError: entity.setTransforms: ids[0] must be an id (a positive integer)",
        "hole: RangeError: entity.setTransforms: positions[0] must be a finite number (entity 0)",
        "string number: RangeError: entity.setTransforms: positions[5] must be a finite number (entity 1)",
        "getter: RangeError: entity.setTransforms: positions[4] must be a finite number (entity 1)",
        "array-like: TypeError: entity.setTransforms: ids must be a Uint32Array or an array of ids",
        "short positions: RangeError: entity.setTransforms: positions must hold 3 numbers per id: 300 for 100 ids, not 297",
        "NaN: RangeError: entity.setTransforms: positions[299] must be a finite number (entity 99)",
        "unknown id: RangeError: entity.setTransforms: ids[99] is 999999, which is not a live entity",
        "Float64Array: TypeError: entity.setTransforms: positions must be a Float32Array or an array of numbers",
        "bad rotations: RangeError: entity.setTransforms: rotations must hold 3 numbers per id: 300 for 100 ids, not 3",
    ];
    assert_eq!(errors, expected);
    common::run_until(&mut app, "the batch applied", |app| {
        common::metrics(app).entity_updates_applied >= 102
    });
    let objects = common::objects(&mut app, ScriptObjectKind::Entity);
    assert_eq!(objects.len(), 100);
    for (index, (_, entity)) in objects.iter().enumerate() {
        let transform = *app.world().get::<Transform>(*entity).unwrap();
        if index == 99 {
            // The second batch (a view into a larger buffer, no rotations) moved it again.
            assert_eq!(transform.translation, Vec3::new(7.0, 8.0, 9.0));
        } else if index == 98 {
            // The third batch, from plain arrays.
            assert_eq!(transform.translation, Vec3::new(4.0, 5.0, 6.0));
        } else {
            assert_eq!(transform.translation, Vec3::new(index as f32, 2.0, 0.0));
        }
        let expected = Quat::from_rotation_y(90f32.to_radians());
        assert!(
            transform.rotation.dot(expected).abs() > 0.99999,
            "entity {index}: {:?}",
            transform.rotation
        );
    }
    let metrics = common::metrics(&app);
    assert_eq!(
        metrics.entity_updates_applied, 102,
        "one update per entity and batch"
    );
    common::assert_no_script_errors(&app);
}

fn update_and_set_position_move_entities_as_asked() {
    let mut app = common::app("update_args.js");
    collect_events(&mut app);
    wait_for_event(&mut app, "updated");
    common::run_until(&mut app, "the updates applied", |app| {
        common::metrics(app).entity_updates_applied >= 7
    });
    let objects = common::objects(&mut app, ScriptObjectKind::Entity);
    assert_eq!(objects.len(), 7);
    for (index, (_, entity)) in objects.iter().enumerate() {
        let transform = *app.world().get::<Transform>(*entity).unwrap();
        assert_eq!(
            transform.translation,
            Vec3::new(index as f32 + 1.0, 0.0, 0.0),
            "entity {index}"
        );
        let scale = if index == 4 { 5.0 } else { 1.0 };
        assert_eq!(transform.scale, Vec3::splat(scale), "entity {index}");
    }
    common::assert_no_script_errors(&app);
}

fn events_cross_both_ways_in_order() {
    let mut app = common::app("events.js");
    collect_events(&mut app);
    // The worker may still be pushing `start()`'s events while the main thread applies the
    // first of them: wait for the last one (a promise job's, after `start()`), since events
    // arrive in order.
    wait_for_event(&mut app, "chained");
    let not_json = emitted(&app, "not_json").remove(0);
    assert_eq!(
        not_json,
        json!([
            "function: TypeError: emit: payload.f is a function, which is not JSON",
            "cycle: TypeError: emit: payload.a.back refers back to an object that contains it (a cycle)",
            "bigint: TypeError: emit: payload.n is a BigInt, which is not JSON",
            "nan: TypeError: emit: payload[1] is NaN or infinite, which is not JSON",
            "symbol: TypeError: emit: payload is a Symbol, which is not JSON",
            "deep: TypeError: emit: payload.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep.deep nests deeper than 64 levels",
        ])
    );
    assert_eq!(
        emitted(&app, "json"),
        [json!({ "s": "text", "n": -1.5, "b": true, "z": null, "a": [1, null, "x"] })]
    );
    assert_eq!(emitted(&app, "nothing"), [json!(null)]);
    assert_eq!(
        emitted(&app, "chained"),
        [json!(2)],
        "reactions chain values"
    );
    assert_eq!(
        emitted(&app, "bad_on"),
        [json!("TypeError: on: handler must be a function")]
    );
    assert!(emitted(&app, "bad").is_empty(), "no bad payload got out");

    // Rust → JS → Rust, in order, with one handler failing on the second event.
    for n in 1..=5 {
        app.world_mut()
            .write_message(JsEvent::new("ping", json!({ "n": n, "tags": ["a", n] })));
    }
    app.world_mut()
        .write_message(JsEvent::new("once", json!(null)));
    app.world_mut()
        .write_message(JsEvent::new("once", json!(null)));
    app.world_mut()
        .write_message(JsEvent::new("nobody_listens", json!(1)));
    common::run_until(&mut app, "five pongs", |app| {
        emitted(app, "pong").len() >= 5
    });
    let frames = common::metrics(&app).worker_frames;
    common::run_worker_frames(&mut app, frames + 3);
    let pongs = emitted(&app, "pong");
    assert_eq!(
        pongs,
        (1..=5)
            .map(|n| json!({ "n": n * 2, "tags": ["a", n] }))
            .collect::<Vec<_>>()
    );
    // The first "once" event ran both handlers, and the second one removed the first; the
    // second event found only the second handler.
    assert_eq!(emitted(&app, "once").len(), 1, "`off` removed the handler");
    let metrics = common::metrics(&app);
    assert_eq!(
        metrics.js_errors, 1,
        "the failing handler: {:?}",
        metrics.last_error
    );
    let error = metrics.last_error.unwrap();
    assert_eq!(error.phase, ScriptPhase::Event);
    assert!(
        error.message.contains("second handler fails on 2"),
        "{error}"
    );
    assert!(
        error
            .location
            .as_ref()
            .is_some_and(|at| at.file.ends_with("events.js") && at.line == 4),
        "{error:?}"
    );
}

fn key(app: &mut App, key_code: KeyCode, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
}

/// Runs main frames until the worker has completed a new frame.
fn next_worker_frame(app: &mut App) {
    let frames = common::metrics(app).worker_frames;
    common::run_worker_frames(app, frames + 1);
}

fn input_snapshots_keep_taps_between_worker_frames() {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        InputPlugin,
        JsScriptingPlugin::new(common::script("input.js")).with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    let errors = wait_for_event(&mut app, "input_errors");
    assert_eq!(
        errors,
        json!([
            "RangeError: input.isKeyDown: code \"keyw\" is not a key code; use KeyboardEvent.code names such as \"KeyW\", \"Space\" or \"ArrowUp\"",
            "RangeError: input.isMouseDown: button \"Up\" is not a mouse button: \"Left\", \"Right\", \"Middle\", \"Back\" or \"Forward\"",
            "TypeError: input.isKeyDown: code must be a string",
        ])
    );
    let first = emitted(&app, "frame").remove(0);
    assert_eq!(first["frame"], json!(1));
    assert_eq!(first["delta"], first["dt"]);
    let first_elapsed = first["elapsed"].as_f64().unwrap();
    assert!(first_elapsed >= 0.0);
    assert_eq!(first["mouse"], json!(null), "no window");
    assert_eq!(first["window"], json!({ "width": 0, "height": 0 }));

    // Tap Space within two main frames while no worker frame starts (paused, with the frame in
    // flight finished: a descheduled test thread must not let one start between the two),
    // hold W, click, scroll.
    next_worker_frame(&mut app);
    app.world_mut().resource_mut::<JsScriptingSettings>().paused = true;
    for _ in 0..3 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    let before = emitted(&app, "frame").len();
    key(&mut app, KeyCode::Space, ButtonState::Pressed);
    key(&mut app, KeyCode::KeyW, ButtonState::Pressed);
    app.world_mut().write_message(MouseButtonInput {
        button: MouseButton::Left,
        state: ButtonState::Pressed,
        window: Entity::PLACEHOLDER,
    });
    app.world_mut().write_message(MouseWheel {
        unit: MouseScrollUnit::Line,
        x: 0.0,
        y: 2.0,
        window: Entity::PLACEHOLDER,
        phase: bevy::input::touch::TouchPhase::Moved,
    });
    app.update();
    key(&mut app, KeyCode::Space, ButtonState::Released);
    app.update();
    app.world_mut().resource_mut::<JsScriptingSettings>().paused = false;
    // The first worker frame triggered after the tap sees all of it.
    common::run_until(&mut app, "a frame that saw the tap", |app| {
        emitted(app, "frame")
            .iter()
            .skip(before)
            .any(|seen| seen["spacePressed"] == json!(true))
    });
    let frames = emitted(&app, "frame");
    let seen = frames
        .iter()
        .skip(before)
        .find(|seen| seen["spacePressed"] == json!(true))
        .unwrap();
    assert_eq!(seen["spaceReleased"], json!(true), "{seen}");
    assert_eq!(seen["spaceDown"], json!(false), "{seen}");
    assert_eq!(seen["wDown"], json!(true), "{seen}");
    assert_eq!(seen["leftPressed"], json!(true), "{seen}");
    assert_eq!(seen["wheel"], json!({ "x": 0, "y": 2 }), "{seen}");
    let tapped_at = seen["frame"].as_u64().unwrap();
    assert!(
        seen["elapsed"].as_f64().unwrap() > first_elapsed,
        "time moves on"
    );

    // The next worker frame: edges are gone, the held key is still down.
    next_worker_frame(&mut app);
    next_worker_frame(&mut app);
    let frames = emitted(&app, "frame");
    let after = frames
        .iter()
        .find(|seen| seen["frame"].as_u64() == Some(tapped_at + 1))
        .unwrap();
    assert_eq!(after["spacePressed"], json!(false), "{after}");
    assert_eq!(after["leftPressed"], json!(false), "{after}");
    assert_eq!(after["wheel"], json!({ "x": 0, "y": 0 }), "{after}");
    assert_eq!(after["wDown"], json!(true), "{after}");
    // Worker frames are numbered without gaps.
    for (index, seen) in frames.iter().enumerate() {
        assert_eq!(seen["frame"].as_u64(), Some(index as u64 + 1));
    }
    common::assert_no_script_errors(&app);
}

engine_tests!(
    set_transforms_moves_every_entity_and_rejects_bad_batches_whole,
    update_and_set_position_move_entities_as_asked,
    events_cross_both_ways_in_order,
    input_snapshots_keep_taps_between_worker_frames,
);
