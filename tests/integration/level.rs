//! The level example's HUD (`assets/scripts/level.js`), headless: the script's coin counter and
//! health bar follow what Rust changes in `Score` and `Health`, Escape opens its pause menu,
//! and a real click on the menu's "Resume" button closes it.

use bevy::asset::AssetPlugin;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyCode, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::ui::{ComputedNode, UiGlobalTransform, Val};
use bevy_js_worker::prelude::*;
use bevy_js_worker::{HeadlessClicks, HeadlessUiPlugin};
use serde_json::json;

use crate::common::{self, collect_events, emitted, run_until};

use crate::typings::level_game;

fn level_app() -> App {
    let script =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/scripts/level.js");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        bevy::transform::TransformPlugin,
        bevy::mesh::MeshPlugin,
        bevy::image::ImagePlugin::default(),
        bevy::gltf::GltfPlugin::default(),
        bevy::world_serialization::WorldSerializationPlugin,
        bevy::audio::AudioPlugin::default(),
        HeadlessUiPlugin::default(),
        level_game::expose(JsScriptingPlugin::new(script)).with_engine(common::engine()),
    ))
    .init_resource::<level_game::Score>();
    app.world_mut().spawn((
        Name::new("Player"),
        Transform::default(),
        level_game::Health {
            current: 10.0,
            max: 10.0,
        },
        ScriptVisible,
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    app
}

fn texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    world
        .query::<&Text>()
        .iter(world)
        .map(|text| text.0.clone())
        .collect()
}

fn escape(app: &mut App, state: ButtonState) {
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Escape,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
}

fn paused_events(app: &App) -> Vec<serde_json::Value> {
    emitted(app, "paused")
}

fn the_level_hud_follows_the_game_and_its_menu_answers_a_click() {
    let mut app = level_app();
    run_until(&mut app, "the HUD", |app| {
        let texts = texts(app);
        texts.iter().any(|t| t == "coins 0") && texts.iter().any(|t| t == "health 10.0 / 10")
    });

    // Rust changes the score and the player's health: the script's HUD shows it.
    app.world_mut().resource_mut::<level_game::Score>().coins = 45;
    let player = {
        let world = app.world_mut();
        world
            .query::<(Entity, &Name)>()
            .iter(world)
            .find(|(_, name)| name.as_str() == "Player")
            .map(|(entity, _)| entity)
            .expect("the player")
    };
    // The script heals the player over time, so its health is written as a level below full.
    if let Some(mut health) = app.world_mut().get_mut::<level_game::Health>(player) {
        health.max = 20.0;
    }
    run_until(
        &mut app,
        "the HUD to show the new score and health",
        |app| {
            let texts = texts(app);
            texts.iter().any(|t| t == "coins 45") && texts.iter().any(|t| t.ends_with("/ 20"))
        },
    );
    // The health bar's fill is as wide as the health's share of the 216 px track.
    let shown = texts(&mut app)
        .into_iter()
        .find(|t| t.ends_with("/ 20"))
        .unwrap_or_default();
    let current: f32 = shown
        .trim_start_matches("health ")
        .trim_end_matches(" / 20")
        .parse()
        .expect("a health figure");
    let fill = (current / 20.0 * 216.0).round();
    run_until(&mut app, "the health bar's fill", |app| {
        let world = app.world_mut();
        world
            .query::<&Node>()
            .iter(world)
            // The script heals the player meanwhile: a pixel or two more.
            .any(|node| matches!(node.width, Val::Px(width) if (width - fill).abs() <= 3.0))
    });

    // Escape: the script opens its pause menu.
    escape(&mut app, ButtonState::Pressed);
    run_until(&mut app, "the pause menu", |app| {
        paused_events(app).len() == 1
    });
    escape(&mut app, ButtonState::Released);
    assert_eq!(paused_events(&app)[0], json!({ "paused": true }));
    // Its Resume button, laid out in the middle of the 1280 × 720 screen.
    let resume = {
        let world = app.world_mut();
        let mut buttons =
            world.query_filtered::<(&ComputedNode, &UiGlobalTransform), With<Button>>();
        let found: Vec<_> = buttons
            .iter(world)
            .map(|(computed, transform)| {
                (
                    transform.translation * computed.inverse_scale_factor(),
                    computed.size() * computed.inverse_scale_factor(),
                )
            })
            .collect();
        assert_eq!(found.len(), 1, "one button: {found:?}");
        found[0]
    };
    let (center, size) = resume;
    assert_eq!(size, Vec2::new(180.0, 48.0));
    assert!((center.x - 640.0).abs() < 1.0, "{center}");
    // A real click on it: the script closes the menu.
    app.world_mut()
        .resource_mut::<HeadlessClicks>()
        .click(center);
    run_until(&mut app, "the menu to close", |app| {
        paused_events(app).len() == 2
    });
    assert_eq!(paused_events(&app)[1], json!({ "paused": false }));
    // Each toggle played the click sound (silent here: no audio device).
    assert_eq!(common::objects(&mut app, ScriptObjectKind::Sound).len(), 2);
    common::assert_no_script_errors(&app);
}

engine_tests!(the_level_hud_follows_the_game_and_its_menu_answers_a_click);
