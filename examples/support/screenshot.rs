//! Shared by the windowed examples: `--screenshot PATH --frames N` saves a screenshot of the
//! window after N frames and exits; `--engine boa|quickjs` picks the JS engine.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::window::screenshot::{Screenshot, save_to_disk};
use bevy_js_worker::JsEngine;

/// Parsed `--screenshot PATH [--frames N]` arguments.
#[derive(Resource, Clone)]
pub struct ScreenshotPlan {
    path: PathBuf,
    frames: u32,
}

/// The usage line's options.
pub const USAGE: &str = "[--screenshot PATH] [--frames N] [--engine boa|quickjs]";

/// Parses the example's arguments: the screenshot to take, if any, and the engine.
pub fn parse_args(default_frames: u32) -> Result<(Option<ScreenshotPlan>, JsEngine), String> {
    let mut path = None;
    let mut frames = default_frames;
    let mut engine = JsEngine::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--screenshot", Some(value)) => path = Some(PathBuf::from(value)),
            ("--engine", Some(value)) => {
                engine = JsEngine::from_name(&value)
                    .ok_or_else(|| format!("--engine takes boa or quickjs, not {value:?}"))?;
            }
            ("--frames", Some(value)) => {
                frames = value
                    .parse()
                    .map_err(|_| format!("--frames takes a number, not {value:?}"))?;
            }
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    Ok((path.map(|path| ScreenshotPlan { path, frames }), engine))
}

impl Plugin for ScreenshotPlan {
    fn build(&self, app: &mut App) {
        // A stale file from an earlier run must not pass for this run's screenshot.
        let _ = std::fs::remove_file(&self.path);
        app.insert_resource(self.clone())
            .add_systems(Update, take_screenshot);
    }
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
