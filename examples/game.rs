//! A small game whose gameplay is all script (TypeScript): a coin collector, `assets/scripts/game/*.ts`.
//!
//! ```text
//! cargo run --release --example game
//! cargo run --release --example game -- --screenshot game.png --frames 200
//! ```
//!
//! WASD or the arrow keys move the blue cube; it collects the golden coins. R starts a new
//! round, F1 shows and hides the JS worker overlay (hidden at first). With `--screenshot PATH`
//! the example saves a screenshot of the window after `--frames N` frames (default 200) and
//! exits.
//!
//! Events go both ways: the script reports the score with `emit("score", { value })`, which
//! arrives here as a [`ScriptEvent`] and is drawn by the Rust UI below; pressing R is read in
//! Rust and sent to the script as the `JsEvent` "reset", which its `on("reset", ...)` handler
//! receives.
//!
//! Hot reload: the script's path is relative to the asset folder, and the examples build with
//! Bevy's `file_watcher` feature (a dev-dependency; in a game of your own, turn on this crate's
//! `file_watcher` feature). Edit any of `assets/scripts/game/*.ts` while the game runs and
//! save: the script reloads before its next frame. The old version's `onUnload()` hands the
//! score, the player and the coin to the new version's `onReload(state)`, so the round goes
//! on with the new code; try `PLAYER_SPEED` or `COLORS` in `config.js`. A file that does not
//! parse is reported in the log and the old version keeps running.

#[path = "support/screenshot.rs"]
mod screenshot;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use bevy_js_worker::prelude::*;
use serde_json::json;

const HELP: &str = "WASD / arrows: move · R: new round · F1: metrics\n\
                    edit assets/scripts/game/*.ts and save to hot-reload";

fn main() -> AppExit {
    let (screenshot, engine) = match screenshot::parse_args(200) {
        Ok(plan) => plan,
        Err(problem) => {
            eprintln!("{problem}\nusage: game {}", screenshot::USAGE);
            return AppExit::error();
        }
    };

    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bevy_js_worker: coin collector".into(),
            resolution: (1280, 720).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins((
        JsScriptingPlugin::new("scripts/game/main.ts").with_engine(engine),
        // Adds `EguiPlugin`, which the game's own UI uses too.
        JsOverlayPlugin::default().with_visible(false),
    ))
    .init_resource::<GameUi>()
    .add_systems(Update, (read_score, new_round_on_r))
    .add_systems(EguiPrimaryContextPass, draw_game_ui);
    if let Some(plan) = screenshot {
        app.add_plugins(plan);
    }
    app.run()
}

/// What the Rust side knows about the game: only what the script told it.
#[derive(Resource, Default)]
struct GameUi {
    /// The last score the script reported; `None` until its first report.
    score: Option<u64>,
}

fn read_score(mut events: MessageReader<ScriptEvent>, mut ui: ResMut<GameUi>) {
    for event in events.read().filter(|event| event.name == "score") {
        // The scripts can be edited while the game runs, so the payload is checked.
        match event.payload["value"].as_u64() {
            Some(score) => ui.score = Some(score),
            None => warn!(
                "a \"score\" event without a whole number value: {}",
                event.payload
            ),
        }
    }
}

fn new_round_on_r(keys: Res<ButtonInput<KeyCode>>, mut events: MessageWriter<JsEvent>) {
    if keys.just_pressed(KeyCode::KeyR) {
        events.write(JsEvent::new("reset", json!({})));
    }
}

fn draw_game_ui(mut contexts: EguiContexts, game: Res<GameUi>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let score = game
        .score
        .map_or_else(|| "–".to_string(), |score| score.to_string());
    // Top right, clear of the overlay's window (top left).
    egui::Area::new(egui::Id::new("game ui"))
        .anchor(egui::Align2::RIGHT_TOP, [-12.0, 12.0])
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(
                    egui::RichText::new(format!("Score: {score}"))
                        .size(28.0)
                        .strong()
                        .color(egui::Color32::from_rgb(0xff, 0xc3, 0x00)),
                );
                ui.label(HELP);
            });
        });
    Ok(())
}
