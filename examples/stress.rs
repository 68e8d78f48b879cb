//! Thousands of script entities and a deliberately slow `update` (`assets/scripts/stress.js`),
//! with the overlay shown: frame skips, dirty ratios and ring fill are all non-trivial.
//!
//! Three scripts run at once, each on its own worker thread (the overlay has a row for each):
//! the grid (`stress.js`, the plugin's script), twelve orbiting spheres moved only about 8
//! times a second (`orbit.js`), and a faulty "mod" that throws every two seconds
//! (`faulty_mod.js`) without disturbing the others. Interpolation is on, so the slow spheres
//! glide; press I to turn it off and see them step.
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
            .with_max_commands_per_frame(2_000)
            .with_interpolation(true),
        JsOverlayPlugin::default(),
    ))
    .add_systems(Startup, start_more_workers)
    .add_systems(Update, toggle_interpolation);
    if let Some(plan) = screenshot {
        app.add_plugins(plan);
    }
    app.run()
}

/// Two more scripts, each on a worker of its own, on the plugin's engine.
fn start_more_workers(mut commands: Commands, metrics: Res<JsWorkerMetrics>) {
    for script in ["scripts/orbit.js", "scripts/faulty_mod.js"] {
        commands.spawn(ScriptWorker::new(script).with_engine(metrics.engine));
    }
}

fn toggle_interpolation(
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<JsScriptingSettings>,
) {
    if keys.just_pressed(KeyCode::KeyI) {
        settings.interpolation = !settings.interpolation;
        info!(
            "interpolation {}",
            if settings.interpolation { "on" } else { "off" }
        );
    }
}
