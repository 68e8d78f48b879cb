//! The coin collector of `examples/game.rs` (`assets/scripts/game/*.ts`), played headless:
//! keys in through Bevy's input, the score out as `ScriptEvent`s, a new round in as a
//! `JsEvent`.

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyCode, KeyboardInput, NativeKey};
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, emitted, wait_for_event};

/// The ground, four corner posts, the player and the coin.
const SCENE_ENTITIES: usize = 7;

fn game_app() -> App {
    let main =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/scripts/game/main.ts");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        InputPlugin,
        JsScriptingPlugin::new(main).with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    app
}

fn key(app: &mut App, key_code: KeyCode, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
}

fn scores(app: &App) -> Vec<serde_json::Value> {
    emitted(app, "score")
}

/// Where every script entity is, by id.
fn positions(app: &mut App) -> HashMap<ScriptId, Vec3> {
    common::objects(app, ScriptObjectKind::Entity)
        .into_iter()
        .map(|(object, entity)| {
            let transform = app.world().get::<Transform>(entity).expect("a transform");
            (object.id, transform.translation)
        })
        .collect()
}

/// Holds `key_code` until the score reaches `scores.len() + 1` events, then releases it and
/// lets the worker see the release.
fn hold_until_next_score(app: &mut App, key_code: KeyCode) {
    let before = scores(app).len();
    key(app, key_code, ButtonState::Pressed);
    common::run_until(app, &format!("a coin collected with {key_code:?}"), |app| {
        scores(app).len() > before
    });
    key(app, key_code, ButtonState::Released);
    let frames = common::metrics(app).worker_frames;
    common::run_worker_frames(app, frames + 2);
}

/// The one entity, among those alive both times, that moved; with where it went.
fn moved(before: &HashMap<ScriptId, Vec3>, after: &HashMap<ScriptId, Vec3>) -> (ScriptId, Vec3) {
    let moved: Vec<_> = after
        .iter()
        .filter(|(id, now)| {
            before
                .get(*id)
                .is_some_and(|was| (now.x - was.x).abs() > 0.01 || (now.z - was.z).abs() > 0.01)
        })
        .map(|(id, now)| (*id, *now))
        .collect();
    assert_eq!(moved.len(), 1, "only the player moves on XZ: {moved:?}");
    moved[0]
}

fn coin_collector_plays_with_keys_and_resets_on_event() {
    let mut app = game_app();
    assert_eq!(
        wait_for_event(&mut app, "score"),
        json!({ "value": 0 }),
        "the round starts at 0"
    );
    common::run_until(&mut app, "the scene", |app| {
        positions(app).len() == SCENE_ENTITIES
    });
    let start = positions(&mut app);

    // The first coin is 3 units to the right (+X) of the start.
    hold_until_next_score(&mut app, KeyCode::ArrowRight);
    assert_eq!(scores(&app), [json!({ "value": 0 }), json!({ "value": 1 })]);
    let after_right = positions(&mut app);
    assert_eq!(
        after_right.len(),
        SCENE_ENTITIES,
        "the next coin replaced the first"
    );
    let (player, at) = moved(&start, &after_right);
    assert!(
        at.x >= 2.0 && at.z.abs() < 1e-3 && (at.y - 0.5).abs() < 1e-3,
        "the player went right, to within pickup distance of the coin: {at}"
    );
    assert_eq!(
        start[&player],
        Vec3::new(0.0, 0.5, 0.0),
        "it started at the origin"
    );

    // Rust asks for a new round: score 0, the player back at the origin.
    app.world_mut()
        .write_message(JsEvent::new("reset", json!({})));
    common::run_until(&mut app, "the reset's score", |app| scores(app).len() == 3);
    assert_eq!(scores(&app)[2], json!({ "value": 0 }));
    common::run_until(&mut app, "the player back at the start", |app| {
        positions(app)[&player] == Vec3::new(0.0, 0.5, 0.0)
    });
    let reset = positions(&mut app);
    assert_eq!(reset.len(), SCENE_ENTITIES, "one coin again, the first one");

    // WASD: D also moves right, to the first coin again.
    hold_until_next_score(&mut app, KeyCode::KeyD);
    assert_eq!(scores(&app)[3..], [json!({ "value": 1 })]);
    let after_d = positions(&mut app);
    let (moved_with_d, at) = moved(&reset, &after_d);
    assert_eq!(moved_with_d, player);
    assert!(at.x >= 2.0 && at.z.abs() < 1e-3, "{at}");

    common::assert_no_script_errors(&app);
}

engine_tests!(coin_collector_plays_with_keys_and_resets_on_event,);
