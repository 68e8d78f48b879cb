//! A worker's counters, refreshed at every swap from the bridge and the worker's atomics.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::bridge::ScriptBridge;
use crate::core::metrics::JsWorkerMetrics;

impl ScriptBridge {
    /// Refreshes this worker's own counters.
    pub(super) fn refresh_own_metrics(&mut self) {
        let mut metrics = std::mem::take(&mut self.metrics);
        self.refresh_metrics(&mut metrics);
        self.metrics = metrics;
    }

    pub(super) fn refresh_metrics(&mut self, metrics: &mut JsWorkerMetrics) {
        let shared = Arc::clone(&self.shared);
        metrics.main_frames = self.main_frames;
        metrics.worker_frames = shared.worker_frames.load(Ordering::Relaxed);
        metrics.frame_skips = self.frame_skips;
        metrics.apply_backlog_frames = self.apply_backlog_frames;
        metrics.commands_applied = self.commands_applied;
        metrics.commands_applied_last_frame = self.commands_applied_last_frame;
        metrics.command_ring_full_waits = shared.ring_full_waits.load(Ordering::Relaxed);
        let callbacks = self.callbacks.get();
        metrics.callbacks_sent = callbacks.sent();
        metrics.callback_backlog = callbacks.backlog();
        metrics.callbacks_in_ring = callbacks.in_ring();
        metrics.callback_ring_capacity = callbacks.capacity();
        metrics.worker_restarts = shared.worker_restarts.load(Ordering::Relaxed);
        metrics.script_reloads = shared.reloads.load(Ordering::Relaxed);
        metrics.live_entities = self.entities.len();
        metrics.owned_objects = self.owned.len();
        metrics.workers = 1;
        metrics.live_cameras = self.cameras.len();
        metrics.live_lights = self.lights.len();
        metrics.live_ui_nodes = self.ui.len();
        metrics.live_sounds = self.sounds.len();
        metrics.sounds_playing = self.sounds.iter().filter(|(_, s)| s.playing).count();
        metrics.shared_meshes = self.meshes.len();
        metrics.shared_materials = self.materials.len();
        metrics.entity_buffer = self.entities.metrics();
        metrics.camera_buffer = self.cameras.metrics();
        metrics.last_worker_frame_time =
            Duration::from_nanos(shared.last_worker_frame_ns.load(Ordering::Relaxed));
        metrics.worker_stopped = self.worker.is_stopped();
        let heap = shared.script_heap_bytes.load(Ordering::Relaxed);
        metrics.script_heap_bytes = (heap > 0).then_some(heap);
        let errors = shared.js_errors.load(Ordering::Acquire);
        if errors != self.seen_errors {
            // Only clone the last error when there is a new one.
            if let Ok(last) = shared.last_error.try_lock() {
                metrics.last_error.clone_from(&last);
                self.seen_errors = errors;
            }
        }
        metrics.js_errors = errors;
        metrics.command_backlog = self.backlog();
        let capacity = self.commands.get().buffer().capacity();
        metrics.command_ring_capacity = capacity;
        let after = |ns: &std::sync::atomic::AtomicU64| {
            Some(ns.load(Ordering::Relaxed))
                .filter(|&ns| ns > 0)
                .map(Duration::from_nanos)
        };
        metrics.last_reload_time = after(&shared.last_reload_ns);
        metrics.worker_startup = after(&shared.booted_after_ns);
        metrics.time_to_first_update = after(&shared.first_update_after_ns);
        metrics.last_apply_time = self.last_apply_time;
        metrics.total_apply_time = self.total_apply_time;
        metrics.entity_updates_applied = self.entity_updates_applied;
        metrics.bookkeeping_bytes = self.bookkeeping_bytes();
        metrics.stale_commands = self.stale_commands;
        metrics.visible_entities = self.world.meta.len();
        metrics.components_published = self.world.published;
        metrics.total_publish_time = self.world.publish_time;
        metrics.patches_applied = self.patches_applied;
        metrics.total_patch_time = self.patch_time;
        metrics.verb_calls = shared.verb_calls.load(Ordering::Relaxed);
        metrics.verb_rejections = shared.verb_rejections.load(Ordering::Relaxed);
        metrics.verbs_pending = shared.verbs_pending.load(Ordering::Relaxed);
        metrics.verbs_run = self.verbs_run;
        metrics.script_calls_answered = shared.script_calls_answered.load(Ordering::Relaxed);
    }
}
