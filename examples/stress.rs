//! Thousands of script entities and a deliberately slow `update` (`assets/scripts/stress.js`),
//! with the overlay shown: frame skips, dirty ratios and ring fill are all non-trivial.
//!
//! ```text
//! cargo run --release --example stress
//! cargo run --release --example stress -- --screenshot stress.png --frames 300
//! ```

#[path = "support/screenshot.rs"]
mod screenshot;

use bevy::prelude::*;
use bevy_js_worker::prelude::*;

fn main() -> AppExit {
    let (screenshot, engine) = match screenshot::parse_args(300) {
        Ok(plan) => plan,
        Err(problem) => {
            eprintln!("{problem}\nusage: stress {}", screenshot::USAGE);
            return AppExit::error();
        }
    };

    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bevy_js_worker: stress".into(),
            resolution: (1280, 720).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins((
        // A small command ring, so that the 2,500 creations and the per-frame updates
        // visibly fill it.
        JsScriptingPlugin::new("scripts/stress.js")
            .with_engine(engine)
            .with_ring_capacity(1024)
            .with_max_commands_per_frame(2_000),
        JsOverlayPlugin::default(),
    ));
    if let Some(plan) = screenshot {
        app.add_plugins(plan);
    }
    app.run()
}
