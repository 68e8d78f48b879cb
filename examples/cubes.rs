//! A scene built and animated entirely from `assets/scripts/cubes.js`.
//!
//! ```text
//! cargo run --release --example cubes
//! cargo run --release --example cubes -- --screenshot cubes.png --frames 120
//! ```
//!
//! With `--screenshot PATH` the example saves a screenshot of the window after `--frames N`
//! frames (default 120) and exits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::window::screenshot::{Screenshot, save_to_disk};
use bevy_js_worker::prelude::*;

/// Where and when to take the screenshot.
#[derive(Resource)]
struct ScreenshotPlan {
    path: PathBuf,
    frames: u32,
}

fn main() -> AppExit {
    let mut screenshot = None;
    let mut frames = 120;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--screenshot", Some(path)) => screenshot = Some(PathBuf::from(path)),
            ("--frames", Some(n)) => match n.parse() {
                Ok(n) => frames = n,
                Err(_) => return usage(&format!("--frames takes a number, not {n:?}")),
            },
            _ => return usage(&format!("unexpected argument {arg:?}")),
        }
    }

    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bevy_js_worker: cubes".into(),
            resolution: (1280, 720).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(JsScriptingPlugin::new("scripts/cubes.js"));
    if let Some(path) = screenshot {
        // A stale file from an earlier run must not pass for this run's screenshot.
        let _ = std::fs::remove_file(&path);
        app.insert_resource(ScreenshotPlan { path, frames })
            .add_systems(Update, take_screenshot);
    }
    app.run()
}

fn usage(problem: &str) -> AppExit {
    eprintln!("{problem}\nusage: cubes [--screenshot PATH] [--frames N]");
    AppExit::error()
}

fn take_screenshot(
    mut commands: Commands,
    mut frame: Local<u32>,
    plan: Res<ScreenshotPlan>,
    mut exit: MessageWriter<AppExit>,
) {
    *frame += 1;
    if *frame == plan.frames {
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(plan.path.clone()));
    } else if *frame > plan.frames && plan.path.exists() {
        info!("saved {}", plan.path.display());
        exit.write(AppExit::Success);
    } else if *frame > plan.frames + 600 {
        error!("the screenshot was never saved");
        exit.write(AppExit::error());
    }
}
