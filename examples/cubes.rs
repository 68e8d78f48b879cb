//! A scene built and animated entirely from `assets/scripts/cubes.js`.
//!
//! ```text
//! cargo run --release --example cubes
//! cargo run --release --example cubes -- --screenshot cubes.png --frames 120
//! ```
//!
//! The JS worker overlay is shown; F1 hides it. With `--screenshot PATH` the example saves a
//! screenshot of the window after `--frames N` frames (default 120) and exits.

#[path = "support/screenshot.rs"]
mod screenshot;

use bevy::prelude::*;
use bevy_js_worker::prelude::*;

fn main() -> AppExit {
    let (screenshot, engine) = match screenshot::parse_args(120) {
        Ok(plan) => plan,
        Err(problem) => {
            eprintln!("{problem}\nusage: cubes {}", screenshot::USAGE);
            return AppExit::error();
        }
    };

    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bevy_js_worker: cubes".into(),
            resolution: (1280, 720).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins((
        JsScriptingPlugin::new("scripts/cubes.js").with_engine(engine),
        // The health overlay; F1 shows and hides it.
        JsOverlayPlugin::default(),
    ));
    if let Some(plan) = screenshot {
        app.add_plugins(plan);
    }
    app.run()
}
