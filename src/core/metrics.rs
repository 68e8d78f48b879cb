//! Health counters of the JS bridge, refreshed every frame in `PreUpdate`.

use std::time::Duration;

use bevy::prelude::Resource;

use crate::core::error::ScriptError;
use crate::core::state_buffer::StateBufferMetrics;

/// Counters and gauges of the JS worker and the bridge to it.
///
/// Refreshed by [`JsScriptingSystems::SwapAndTrigger`](crate::JsScriptingSystems) every frame;
/// read it from any system (`Res<JsWorkerMetrics>`).
#[derive(Resource, Debug, Clone, Default)]
pub struct JsWorkerMetrics {
    /// The engine the script runs on.
    pub engine: crate::JsEngine,
    /// Main frames that ran the plugin's systems.
    pub main_frames: u64,
    /// Worker frames completed (each one called `update`).
    pub worker_frames: u64,
    /// Main frames in which the worker had not finished its frame, so the main thread went on
    /// with the last state instead of waiting.
    pub frame_skips: u64,
    /// Main frames in which the worker was done but commands were still queued (more than
    /// [`JsScriptingSettings::max_commands_per_frame`](crate::JsScriptingSettings)), so the
    /// next worker frame waited for the main thread to catch up.
    pub apply_backlog_frames: u64,
    /// Commands applied to the ECS since start.
    pub commands_applied: u64,
    /// Commands applied in the last frame.
    pub commands_applied_last_frame: usize,
    /// Commands waiting in the command ring after the last apply.
    pub command_backlog: usize,
    /// Capacity of the command ring.
    pub command_ring_capacity: usize,
    /// Times the worker found the command ring full and waited for room.
    pub command_ring_full_waits: u64,
    /// Callbacks pushed to the worker since start.
    pub callbacks_sent: u64,
    /// Callbacks in the callback ring, not yet taken by the worker.
    pub callbacks_in_ring: usize,
    /// Callbacks waiting for room in the callback ring.
    pub callback_backlog: usize,
    /// Capacity of the callback ring.
    pub callback_ring_capacity: usize,
    /// Script errors caught (exceptions, rejections, load failures, worker panics).
    pub js_errors: u64,
    /// Times the worker replaced a broken script context with a fresh one.
    pub worker_restarts: u64,
    /// Hot reloads of the script after one of its files changed.
    pub script_reloads: u64,
    /// How long the last hot reload took on the worker (parse, `onUnload`, evaluate,
    /// `onReload` or `start`).
    pub last_reload_time: Option<Duration>,
    /// The most recent script error.
    pub last_error: Option<ScriptError>,
    /// Entities alive in the ECS that `entity.*` addresses: the script's meshes, plus the
    /// visible entities Rust spawned and the entities of scenes.
    pub live_entities: usize,
    /// Script cameras alive in the ECS.
    pub live_cameras: usize,
    /// Script lights alive in the ECS.
    pub live_lights: usize,
    /// Mesh assets shared by the script's entities (one per shape and size).
    pub shared_meshes: usize,
    /// Material assets shared by the script's entities (one per color).
    pub shared_materials: usize,
    /// The entity state buffer's counters.
    pub entity_buffer: StateBufferMetrics,
    /// The camera state buffer's counters.
    pub camera_buffer: StateBufferMetrics,
    /// How long the worker's last frame took (callbacks, `update`, promise jobs).
    pub last_worker_frame_time: Duration,
    /// From the plugin starting the worker (the `Startup` schedule) to the script's `start()`
    /// having returned, measured on the worker.
    pub worker_startup: Option<Duration>,
    /// From the plugin starting the worker to the first `update` call, measured on the worker.
    pub time_to_first_update: Option<Duration>,
    /// Main-thread time [`JsScriptingSystems::ApplyCommands`](crate::JsScriptingSystems) took
    /// in the last frame.
    pub last_apply_time: Duration,
    /// Main-thread time spent applying commands since start.
    pub total_apply_time: Duration,
    /// Entity transform updates applied since start, from `entity.update` and
    /// `entity.setTransforms` (one per entity).
    pub entity_updates_applied: u64,
    /// Heap bytes of the plugin's own bookkeeping for script objects (both state buffers and
    /// their dirty set, the id → entity map, light states, the worker's id registry), from the
    /// capacity of its maps. Bevy's components are not included.
    pub bookkeeping_bytes: usize,
    /// The script's JS heap after it last started (or restarted), in bytes, on engines that
    /// can tell (QuickJS); `None` on Boa.
    pub script_heap_bytes: Option<usize>,
    /// Whether the worker thread has been stopped and joined.
    pub worker_stopped: bool,
    /// Entities scripts can see and address with `world` (Rust's [`ScriptVisible`]
    /// entities, the entities scripts created and the entities of their scenes).
    ///
    /// [`ScriptVisible`]: crate::ScriptVisible
    pub visible_entities: usize,
    /// Commands dropped because the object they named was gone by the time they were applied
    /// (despawned by Rust, say). They never reach another entity.
    pub stale_commands: u64,
    /// Exposed component and resource values published to scripts since start (one per
    /// change).
    pub components_published: u64,
    /// Main-thread time spent publishing them.
    pub total_publish_time: Duration,
    /// `world.set` patches applied since start.
    pub patches_applied: u64,
    /// Main-thread time spent applying them.
    pub total_patch_time: Duration,
}

impl JsWorkerMetrics {
    /// Share of main frames that were frame skips, in `0.0..=1.0`.
    pub fn frame_skip_ratio(&self) -> f64 {
        if self.main_frames == 0 {
            0.0
        } else {
            self.frame_skips as f64 / self.main_frames as f64
        }
    }
}
