//! Health counters of the JS bridge, refreshed every frame in `PreUpdate`.

use std::time::Duration;

use bevy::prelude::Resource;

use crate::core::error::ScriptError;
use crate::core::state_buffer::StateBufferMetrics;

/// Counters and gauges of the JS worker and the bridge to it.
///
/// Refreshed by [`JsScriptingSystems::SwapAndTrigger`](crate::JsScriptingSystems) every frame;
/// read it from any system (`Res<JsWorkerMetrics>`). With several workers the resource holds
/// the totals (see [`add`](Self::add)'s rules); each worker's own counters are on its entity,
/// in [`ScriptWorkerMetrics`](crate::ScriptWorkerMetrics).
#[derive(Resource, Debug, Clone, Default)]
pub struct JsWorkerMetrics {
    /// The engine the script runs on.
    pub engine: crate::core::runtime::JsEngine,
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
    /// Script UI nodes alive in the ECS that Bevy's UI has laid out.
    pub live_ui_nodes: usize,
    /// Script sounds alive (loading, playing, paused, or silent for want of an audio device).
    pub live_sounds: usize,
    /// Of those, the ones being heard.
    pub sounds_playing: usize,
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
    /// Workers these counters cover (1 on a [`ScriptWorkerMetrics`](crate::ScriptWorkerMetrics)).
    pub workers: usize,
    /// Objects the script created that are still alive (entities, cameras, lights, scenes):
    /// what stopping the worker despawns.
    pub owned_objects: usize,
    /// Script objects being interpolated toward the script's latest transform (totals only:
    /// one list serves every worker).
    pub interpolating: usize,
    /// `game.*` calls since start that got past their argument checks (system and function
    /// verbs).
    pub verb_calls: u64,
    /// Of those, the ones whose Rust code answered `Err` or panicked (rejected or thrown).
    pub verb_rejections: u64,
    /// System verb calls whose answer has not reached the script yet.
    pub verbs_pending: u64,
    /// System verbs run on the main thread since start.
    pub verbs_run: u64,
    /// Calls from Rust ([`CallScript`](crate::CallScript)) the script answered since start.
    pub script_calls_answered: u64,
}

impl JsWorkerMetrics {
    /// Adds the running totals of `other` (frames, skips, commands, errors, restarts, times
    /// spent; not its gauges): what a stopped worker leaves in the totals, so that they never
    /// go down.
    pub fn add_counters(&mut self, other: &Self) {
        self.main_frames = self.main_frames.max(other.main_frames);
        self.worker_frames += other.worker_frames;
        self.frame_skips += other.frame_skips;
        self.apply_backlog_frames += other.apply_backlog_frames;
        self.commands_applied += other.commands_applied;
        self.command_ring_full_waits += other.command_ring_full_waits;
        self.callbacks_sent += other.callbacks_sent;
        self.js_errors += other.js_errors;
        self.worker_restarts += other.worker_restarts;
        self.script_reloads += other.script_reloads;
        self.total_apply_time += other.total_apply_time;
        self.entity_updates_applied += other.entity_updates_applied;
        self.stale_commands += other.stale_commands;
        self.components_published += other.components_published;
        self.total_publish_time += other.total_publish_time;
        self.patches_applied += other.patches_applied;
        self.total_patch_time += other.total_patch_time;
        self.verb_calls += other.verb_calls;
        self.verb_rejections += other.verb_rejections;
        self.verbs_run += other.verbs_run;
        self.script_calls_answered += other.script_calls_answered;
    }

    /// Adds another worker's counters to these totals. Counters and times add up; the state
    /// every worker sees alike (visible entities, main frames) is the largest; the engine is
    /// this one's; the last error is the other's if it has one.
    pub fn add(&mut self, other: &Self) {
        fn max<T: Ord + Copy>(a: &mut T, b: T) {
            *a = (*a).max(b);
        }
        fn max_opt(a: &mut Option<Duration>, b: Option<Duration>) {
            *a = (*a).max(b);
        }
        self.add_counters(other);
        self.commands_applied_last_frame += other.commands_applied_last_frame;
        self.command_backlog += other.command_backlog;
        self.command_ring_capacity += other.command_ring_capacity;
        self.callbacks_in_ring += other.callbacks_in_ring;
        self.callback_backlog += other.callback_backlog;
        self.callback_ring_capacity += other.callback_ring_capacity;
        max_opt(&mut self.last_reload_time, other.last_reload_time);
        if other.last_error.is_some() {
            self.last_error.clone_from(&other.last_error);
        }
        // Every worker tracks every visible entity (script primitives included).
        max(&mut self.live_entities, other.live_entities);
        self.live_cameras += other.live_cameras;
        self.live_lights += other.live_lights;
        self.live_ui_nodes += other.live_ui_nodes;
        self.live_sounds += other.live_sounds;
        self.sounds_playing += other.sounds_playing;
        self.shared_meshes += other.shared_meshes;
        self.shared_materials += other.shared_materials;
        max(
            &mut self.last_worker_frame_time,
            other.last_worker_frame_time,
        );
        max_opt(&mut self.worker_startup, other.worker_startup);
        max_opt(&mut self.time_to_first_update, other.time_to_first_update);
        self.last_apply_time += other.last_apply_time;
        self.bookkeeping_bytes += other.bookkeeping_bytes;
        self.script_heap_bytes = match (self.script_heap_bytes, other.script_heap_bytes) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        self.worker_stopped &= other.worker_stopped;
        max(&mut self.visible_entities, other.visible_entities);
        self.workers += other.workers;
        self.owned_objects += other.owned_objects;
        self.verbs_pending += other.verbs_pending;
    }

    /// Share of main frames that were frame skips, in `0.0..=1.0`; over all workers in the
    /// totals (skips ÷ main frames × workers).
    pub fn frame_skip_ratio(&self) -> f64 {
        let frames = self.main_frames * self.workers.max(1) as u64;
        if frames == 0 {
            0.0
        } else {
            (self.frame_skips as f64 / frames as f64).min(1.0)
        }
    }
}
