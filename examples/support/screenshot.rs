//! Shared by the windowed examples: `--screenshot PATH --frames N` saves a screenshot of the
//! window after N frames and exits; `--engine boa|quickjs` picks the JS engine; `--eval
//! "CODE"@FRAME` (repeatable) sends CODE to the first script's console at frame FRAME (the
//! overlay's Console panel shows it and its answer).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::window::screenshot::{Screenshot, save_to_disk};
use bevy_js_worker::JsEngine;
use bevy_js_worker::prelude::{EvalScript, ScriptWorker};

/// Parsed `--screenshot PATH [--frames N]` and `--eval "CODE"@FRAME` arguments.
#[derive(Resource, Clone)]
pub struct ScreenshotPlan {
    path: Option<PathBuf>,
    frames: u32,
    evals: Vec<(u32, String)>,
}

/// The usage line's options.
pub const USAGE: &str =
    "[--screenshot PATH] [--frames N] [--engine boa|quickjs] [--eval \"CODE\"@FRAME]...";

/// Parses the example's arguments: the screenshot to take, if any, and the engine.
pub fn parse_args(default_frames: u32) -> Result<(Option<ScreenshotPlan>, JsEngine), String> {
    let mut path = None;
    let mut frames = default_frames;
    let mut engine = JsEngine::default();
    let mut evals = Vec::new();
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
            ("--eval", Some(value)) => {
                let (code, frame) = value
                    .rsplit_once('@')
                    .and_then(|(code, frame)| Some((code, frame.trim().parse().ok()?)))
                    .ok_or_else(|| format!("--eval takes CODE@FRAME, not {value:?}"))?;
                evals.push((frame, code.to_owned()));
            }
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    let plan = (path.is_some() || !evals.is_empty()).then_some(ScreenshotPlan {
        path,
        frames,
        evals,
    });
    Ok((plan, engine))
}

impl Plugin for ScreenshotPlan {
    fn build(&self, app: &mut App) {
        // A stale file from an earlier run must not pass for this run's screenshot.
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
        app.insert_resource(self.clone())
            .add_systems(Update, (send_evals, take_screenshot));
    }
}

/// Sends each `--eval` to the first script worker at its frame.
fn send_evals(
    mut frame: Local<u32>,
    plan: Res<ScreenshotPlan>,
    workers: Query<Entity, With<ScriptWorker>>,
    mut evals: MessageWriter<EvalScript>,
) {
    *frame += 1;
    let Some(worker) = workers.iter().min() else {
        return;
    };
    for (_, code) in plan.evals.iter().filter(|(at, _)| *at == *frame) {
        evals.write(EvalScript::new(worker, code.clone()));
    }
}

fn take_screenshot(
    mut commands: Commands,
    mut frame: Local<u32>,
    plan: Res<ScreenshotPlan>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(path) = &plan.path else {
        return;
    };
    *frame += 1;
    if *frame == plan.frames {
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path.clone()));
    } else if *frame > plan.frames && path.exists() {
        info!("saved {}", path.display());
        exit.write(AppExit::Success);
    } else if *frame > plan.frames + 600 {
        error!("the screenshot was never saved");
        exit.write(AppExit::error());
    }
}
