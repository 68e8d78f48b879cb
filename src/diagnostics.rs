//! Every [`JsWorkerMetrics`] value as a Bevy diagnostic under the `js/` prefix, so that
//! `LogDiagnosticsPlugin` prints them and any system can read them from `DiagnosticsStore`.
//! The fixed paths hold the totals over all workers; each worker also has its own under
//! `js/workers/{entity}/` ([`JsDiagnostics::of_worker`]).

use std::collections::VecDeque;

use bevy::diagnostic::{
    Diagnostic, DiagnosticPath, Diagnostics, DiagnosticsStore, RegisterDiagnostic,
};
use bevy::prelude::*;

use bevy::diagnostic::DiagnosticMeasurement;
use bevy::platform::collections::HashMap;

use crate::core::metrics::JsWorkerMetrics;
use crate::core::state_buffer::StateBufferMetrics;
use crate::script_worker::ScriptWorkerMetrics;
use crate::settings::JsScriptingSystems;

/// The diagnostics of one [`StateBuffer`](crate::core::state_buffer::StateBuffer).
#[derive(Debug, Clone)]
pub struct StateBufferDiagnostics {
    /// Total swaps that published changes.
    pub swaps: DiagnosticPath,
    /// Total swaps skipped because nothing had changed.
    pub skipped_swaps: DiagnosticPath,
    /// Total swaps that found a poisoned lock and repaired it.
    pub swap_errors: DiagnosticPath,
    /// Total swaps that found the lock held by a reader and did not wait.
    pub lock_contention: DiagnosticPath,
    /// Keys published by the last swap.
    pub dirty_count: DiagnosticPath,
    /// Mean share of entries changed per swap over the last 60 swaps (0-1).
    pub average_dirty_ratio: DiagnosticPath,
    /// Total entries copied by swaps.
    pub copy_operations: DiagnosticPath,
}

impl StateBufferDiagnostics {
    fn all(self) -> [DiagnosticPath; 7] {
        [
            self.swaps,
            self.skipped_swaps,
            self.swap_errors,
            self.lock_contention,
            self.dirty_count,
            self.average_dirty_ratio,
            self.copy_operations,
        ]
    }

    fn measure(&self, diagnostics: &mut Diagnostics, metrics: &StateBufferMetrics) {
        diagnostics.add_measurement(&self.swaps, || metrics.swaps as f64);
        diagnostics.add_measurement(&self.skipped_swaps, || metrics.skipped_swaps as f64);
        diagnostics.add_measurement(&self.swap_errors, || metrics.swap_errors as f64);
        diagnostics.add_measurement(&self.lock_contention, || metrics.lock_contention as f64);
        diagnostics.add_measurement(&self.dirty_count, || metrics.last_dirty_count as f64);
        diagnostics.add_measurement(&self.average_dirty_ratio, || {
            f64::from(metrics.average_dirty_ratio)
        });
        diagnostics.add_measurement(&self.copy_operations, || metrics.copy_operations as f64);
    }
}

macro_rules! buffer_diagnostics {
    ($prefix:literal) => {
        StateBufferDiagnostics {
            swaps: DiagnosticPath::const_new(concat!($prefix, "/swaps")),
            skipped_swaps: DiagnosticPath::const_new(concat!($prefix, "/skipped_swaps")),
            swap_errors: DiagnosticPath::const_new(concat!($prefix, "/swap_errors")),
            lock_contention: DiagnosticPath::const_new(concat!($prefix, "/lock_contention")),
            dirty_count: DiagnosticPath::const_new(concat!($prefix, "/dirty_count")),
            average_dirty_ratio: DiagnosticPath::const_new(concat!(
                $prefix,
                "/average_dirty_ratio"
            )),
            copy_operations: DiagnosticPath::const_new(concat!($prefix, "/copy_operations")),
        }
    };
}

/// The diagnostic paths of the JS bridge. All start with `js/`.
#[derive(Debug)]
pub struct JsDiagnostics;

impl JsDiagnostics {
    /// Main frame time, in milliseconds.
    pub const MAIN_FRAME_TIME: DiagnosticPath = DiagnosticPath::const_new("js/main/frame_time");
    /// Duration of the worker's last frame (callbacks, `update`, promise jobs), in milliseconds.
    pub const WORKER_FRAME_TIME: DiagnosticPath = DiagnosticPath::const_new("js/worker/frame_time");
    /// Worker frames completed per second, over the last second.
    pub const WORKER_FPS: DiagnosticPath = DiagnosticPath::const_new("js/worker/fps");
    /// Total frame skips: main frames that went on without waiting for a late worker.
    pub const FRAME_SKIPS: DiagnosticPath = DiagnosticPath::const_new("js/worker/frame_skips");
    /// Share of main frames in the last second that were frame skips (0-1).
    pub const FRAME_SKIP_SHARE: DiagnosticPath =
        DiagnosticPath::const_new("js/worker/frame_skip_share");
    /// Total restarts of the script in a fresh context.
    pub const WORKER_RESTARTS: DiagnosticPath = DiagnosticPath::const_new("js/worker/restarts");
    /// Total script errors caught.
    pub const JS_ERRORS: DiagnosticPath = DiagnosticPath::const_new("js/errors");
    /// Commands applied to the ECS in the last frame.
    pub const COMMANDS_APPLIED: DiagnosticPath =
        DiagnosticPath::const_new("js/rings/commands_applied");
    /// Command ring fill after the last apply (0-1).
    pub const COMMAND_RING_FILL: DiagnosticPath =
        DiagnosticPath::const_new("js/rings/command_fill");
    /// Commands queued in the ring after the last apply.
    pub const COMMAND_BACKLOG: DiagnosticPath =
        DiagnosticPath::const_new("js/rings/command_backlog");
    /// Callback ring fill, counting callbacks queued for room (0-1, above 1 when overflowing).
    pub const CALLBACK_RING_FILL: DiagnosticPath =
        DiagnosticPath::const_new("js/rings/callback_fill");
    /// Live script mesh entities.
    pub const LIVE_ENTITIES: DiagnosticPath = DiagnosticPath::const_new("js/objects/entities");
    /// Live script cameras.
    pub const LIVE_CAMERAS: DiagnosticPath = DiagnosticPath::const_new("js/objects/cameras");
    /// Live script lights.
    pub const LIVE_LIGHTS: DiagnosticPath = DiagnosticPath::const_new("js/objects/lights");
    /// The entity state buffer.
    pub const ENTITY_BUFFER: StateBufferDiagnostics = buffer_diagnostics!("js/state/entities");
    /// The camera state buffer.
    pub const CAMERA_BUFFER: StateBufferDiagnostics = buffer_diagnostics!("js/state/cameras");

    /// What each worker has a diagnostic of, under `js/workers/{entity}/`: worker frames per
    /// second over the last second, its last frame time (ms), its frame skips, errors and
    /// restarts (totals), and the entities its script created that are alive.
    pub const PER_WORKER: [&'static str; 6] = [
        "fps",
        "frame_time",
        "frame_skips",
        "js_errors",
        "restarts",
        "entities",
    ];

    /// The diagnostic `what` (one of [`PER_WORKER`](Self::PER_WORKER)) of the
    /// [`ScriptWorker`](crate::ScriptWorker) on `worker`: `js/workers/{worker}/{what}`.
    ///
    /// ```
    /// use bevy::diagnostic::DiagnosticsStore;
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// fn log_worker_fps(store: Res<DiagnosticsStore>, workers: Query<Entity, With<ScriptWorker>>) {
    ///     for worker in &workers {
    ///         let path = JsDiagnostics::of_worker(worker, "fps");
    ///         if let Some(fps) = store.get(&path).and_then(|d| d.value()) {
    ///             info!("{worker}: {fps:.1} worker FPS");
    ///         }
    ///     }
    /// }
    /// ```
    pub fn of_worker(worker: Entity, what: &str) -> DiagnosticPath {
        DiagnosticPath::new(format!("js/workers/{worker}/{what}"))
    }

    /// Every path, in display order.
    pub fn all() -> Vec<DiagnosticPath> {
        let mut all = vec![
            Self::MAIN_FRAME_TIME,
            Self::WORKER_FRAME_TIME,
            Self::WORKER_FPS,
            Self::FRAME_SKIPS,
            Self::FRAME_SKIP_SHARE,
            Self::WORKER_RESTARTS,
            Self::JS_ERRORS,
            Self::COMMANDS_APPLIED,
            Self::COMMAND_RING_FILL,
            Self::COMMAND_BACKLOG,
            Self::CALLBACK_RING_FILL,
            Self::LIVE_ENTITIES,
            Self::LIVE_CAMERAS,
            Self::LIVE_LIGHTS,
        ];
        all.extend(Self::ENTITY_BUFFER.all());
        all.extend(Self::CAMERA_BUFFER.all());
        all
    }
}

/// Samples of the counters over the last second, for the per-second rates.
#[derive(Resource, Default)]
struct RateWindow {
    samples: VecDeque<(f64, u64, u64, u64)>,
}

/// Registers the `js/` diagnostics and feeds them every frame. Added by
/// [`JsScriptingPlugin`](crate::JsScriptingPlugin).
pub(crate) struct JsDiagnosticsPlugin;

/// Frames of history kept for the frame-time plots (about 5 s at 60 FPS).
pub(crate) const FRAME_TIME_HISTORY: usize = 300;

impl Plugin for JsDiagnosticsPlugin {
    fn build(&self, app: &mut App) {
        for path in JsDiagnostics::all() {
            let frame_time =
                path == JsDiagnostics::MAIN_FRAME_TIME || path == JsDiagnostics::WORKER_FRAME_TIME;
            let mut diagnostic = Diagnostic::new(path);
            if frame_time {
                diagnostic = diagnostic
                    .with_suffix("ms")
                    .with_max_history_length(FRAME_TIME_HISTORY);
            }
            app.register_diagnostic(diagnostic);
        }
        app.init_resource::<RateWindow>().add_systems(
            PreUpdate,
            (measure, measure_workers).after(JsScriptingSystems::SwapAndTrigger),
        );
    }
}

fn measure(
    mut diagnostics: Diagnostics,
    metrics: Res<JsWorkerMetrics>,
    time: Res<Time<Real>>,
    mut window: ResMut<RateWindow>,
) {
    let now = time.elapsed_secs_f64();
    window.samples.push_back((
        now,
        metrics.main_frames,
        metrics.worker_frames,
        metrics.frame_skips,
    ));
    while window.samples.len() > 2 && now - window.samples[1].0 >= 1.0 {
        window.samples.pop_front();
    }
    let (then, main_then, worker_then, skips_then) = window.samples[0];
    let elapsed = now - then;
    // The totals never go down (a stopped worker's counts stay in them); saturating anyway.
    let main_frames = metrics.main_frames.saturating_sub(main_then);

    diagnostics.add_measurement(&JsDiagnostics::MAIN_FRAME_TIME, || {
        time.delta_secs_f64() * 1000.0
    });
    diagnostics.add_measurement(&JsDiagnostics::WORKER_FRAME_TIME, || {
        metrics.last_worker_frame_time.as_secs_f64() * 1000.0
    });
    if elapsed > 0.0 {
        diagnostics.add_measurement(&JsDiagnostics::WORKER_FPS, || {
            metrics.worker_frames.saturating_sub(worker_then) as f64 / elapsed
        });
    }
    if main_frames > 0 {
        diagnostics.add_measurement(&JsDiagnostics::FRAME_SKIP_SHARE, || {
            metrics.frame_skips.saturating_sub(skips_then) as f64 / main_frames as f64
        });
    }
    diagnostics.add_measurement(&JsDiagnostics::FRAME_SKIPS, || metrics.frame_skips as f64);
    diagnostics.add_measurement(&JsDiagnostics::WORKER_RESTARTS, || {
        metrics.worker_restarts as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::JS_ERRORS, || metrics.js_errors as f64);
    diagnostics.add_measurement(&JsDiagnostics::COMMANDS_APPLIED, || {
        metrics.commands_applied_last_frame as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::COMMAND_RING_FILL, || {
        metrics.command_backlog as f64 / metrics.command_ring_capacity.max(1) as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::COMMAND_BACKLOG, || {
        metrics.command_backlog as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::CALLBACK_RING_FILL, || {
        (metrics.callbacks_in_ring + metrics.callback_backlog) as f64
            / metrics.callback_ring_capacity.max(1) as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::LIVE_ENTITIES, || {
        metrics.live_entities as f64
    });
    diagnostics.add_measurement(&JsDiagnostics::LIVE_CAMERAS, || metrics.live_cameras as f64);
    diagnostics.add_measurement(&JsDiagnostics::LIVE_LIGHTS, || metrics.live_lights as f64);
    JsDiagnostics::ENTITY_BUFFER.measure(&mut diagnostics, &metrics.entity_buffer);
    JsDiagnostics::CAMERA_BUFFER.measure(&mut diagnostics, &metrics.camera_buffer);
}

/// Reads the latest value of a `js/` diagnostic, for tools and tests.
pub fn latest(store: &DiagnosticsStore, path: &DiagnosticPath) -> Option<f64> {
    store.get(path).and_then(|diagnostic| diagnostic.value())
}

/// Each worker's diagnostics, registered when the worker is first seen.
fn measure_workers(
    mut store: ResMut<DiagnosticsStore>,
    workers: Query<(Entity, &ScriptWorkerMetrics)>,
    time: Res<Time<Real>>,
    mut rates: Local<HashMap<Entity, (f64, u64)>>,
) {
    let now = time.elapsed_secs_f64();
    let at = bevy::platform::time::Instant::now();
    for (worker, metrics) in &workers {
        let fps = match rates.get(&worker) {
            None => {
                for what in JsDiagnostics::PER_WORKER {
                    store.add(Diagnostic::new(JsDiagnostics::of_worker(worker, what)));
                }
                rates.insert(worker, (now, metrics.worker_frames));
                None
            }
            Some(&(then, frames)) if now - then >= 1.0 => {
                rates.insert(worker, (now, metrics.worker_frames));
                Some(metrics.worker_frames.saturating_sub(frames) as f64 / (now - then))
            }
            Some(_) => None,
        };
        let values = [
            fps,
            Some(metrics.last_worker_frame_time.as_secs_f64() * 1000.0),
            Some(metrics.frame_skips as f64),
            Some(metrics.js_errors as f64),
            Some(metrics.worker_restarts as f64),
            Some(
                metrics
                    .owned_objects
                    .saturating_sub(metrics.live_cameras + metrics.live_lights)
                    as f64,
            ),
        ];
        for (what, value) in JsDiagnostics::PER_WORKER.iter().zip(values) {
            if let Some(value) = value
                && let Some(diagnostic) = store.get_mut(&JsDiagnostics::of_worker(worker, what))
            {
                diagnostic.add_measurement(DiagnosticMeasurement { time: at, value });
            }
        }
    }
    rates.retain(|worker, _| workers.contains(*worker));
}
