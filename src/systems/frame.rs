//! The `PreUpdate` systems that pace each worker: the external sync, applying commands,
//! swapping and triggering, events both ways, restarts and stopping.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::bridge::Callback;
use crate::core::events::JsEvent;
use crate::core::input::InputSources;
use crate::core::metrics::JsWorkerMetrics;
use crate::core::state::ScriptObject;
use crate::core::world::ScriptEntities;
use crate::script_worker::ScriptWorkerMetrics;
use crate::settings::{JsScriptingSettings, RestartScript};

/// Whether [`sync_external_transforms`] should run this frame: it is enabled and a worker has
/// a finished frame, so a swap (which publishes what it finds) is near. Skipped frames lose
/// nothing: a system that does not run keeps its last-run tick, so `Changed` still covers them.
pub(crate) fn external_sync_due(
    workers: Option<Res<ScriptWorkers>>,
    settings: Res<JsScriptingSettings>,
) -> bool {
    settings.sync_external_transforms
        && workers.is_some_and(|workers| {
            workers.bridges.iter().any(|bridge| {
                bridge.worker.is_stopped() || bridge.shared.frame_complete.load(Ordering::Acquire)
            })
        })
}

/// [`JsScriptingSystems::SyncExternal`](crate::JsScriptingSystems::SyncExternal): copies
/// changes that game systems (and other workers) made to script objects' transforms into each
/// worker's state buffers.
pub(crate) fn sync_external_transforms(
    workers: Option<ResMut<ScriptWorkers>>,
    changed: Query<(Entity, &ScriptObject, Ref<Transform>), Changed<Transform>>,
) {
    let Some(mut workers) = workers else {
        return;
    };
    let workers = &mut *workers;
    for bridge in &mut workers.bridges {
        let own_writes = bridge.trusted_apply_tick;
        for (entity, object, transform) in &changed {
            // The bridge's own last write already matches its state; skip it without
            // comparing.
            let last_changed = transform.last_changed();
            if Some(last_changed) == own_writes {
                continue;
            }
            // An object being interpolated is drawn short of where the script put it: the
            // script's state is compared with the target instead.
            let exact = workers.motion.exact(entity, &transform);
            bridge.sync_transform(*object, &exact);
        }
        bridge.synced_this_frame = true;
    }
}

/// [`JsScriptingSystems::ApplyCommands`](crate::JsScriptingSystems::ApplyCommands): each
/// worker's commands, up to the per-frame limit each, so one worker's flood never holds
/// another's back.
pub(crate) fn apply_commands(world: &mut World) {
    let Some(settings) = world.get_resource::<JsScriptingSettings>() else {
        return;
    };
    let (budget, interpolation, teleport_distance) = (
        settings.max_commands_per_frame,
        settings.interpolation,
        settings.teleport_distance,
    );
    ScriptWorkers::each(world, |world, bridge| {
        bridge.motion.enabled = interpolation;
        bridge.motion.teleport_distance = teleport_distance;
        // Each worker's writes get a tick of their own, so the external sync tells them apart:
        // what one worker moved is an external change for the others.
        world.increment_change_tick();
        // Read the flag before draining: the worker pushed all of its frame's commands before
        // setting it, so after this load the drain below sees the whole frame.
        bridge.frame_ready = bridge.shared.frame_complete.load(Ordering::Acquire);
        if std::mem::take(&mut bridge.synced_this_frame) {
            bridge.trusted_apply_tick = Some(world.change_tick());
        }
        let started = Instant::now();
        bridge.apply_queued(world, budget);
        let elapsed = started.elapsed();
        bridge.last_apply_time = elapsed;
        bridge.total_apply_time += elapsed;
    });
}

/// [`JsScriptingSystems::SwapAndTrigger`](crate::JsScriptingSystems::SwapAndTrigger): for
/// each worker, swaps and triggers its next frame if it finished the last one; then refreshes
/// each worker's [`ScriptWorkerMetrics`] and the totals in [`JsWorkerMetrics`].
pub(crate) fn swap_and_trigger(
    workers: Option<ResMut<ScriptWorkers>>,
    time: Res<Time>,
    settings: Res<JsScriptingSettings>,
    input: InputSources,
    mut totals: ResMut<JsWorkerMetrics>,
    mut per_worker: Query<&mut ScriptWorkerMetrics>,
    ids: Res<ScriptEntities>,
) {
    let Some(mut workers) = workers else {
        return;
    };
    for bridge in &mut workers.bridges {
        bridge.swap_and_trigger(&time, &settings, &input);
        bridge.refresh_own_metrics();
        if let Ok(mut component) = per_worker.get_mut(bridge.entity) {
            component.0.clone_from(&bridge.metrics);
        }
    }
    *totals = workers.totals(totals.engine, &ids);
}

impl ScriptBridge {
    fn swap_and_trigger(
        &mut self,
        time: &Time,
        settings: &JsScriptingSettings,
        input: &InputSources,
    ) {
        self.main_frames += 1;
        input.accumulate(time.elapsed_secs_f64(), &mut self.input);
        self.dt_since_trigger += time.delta_secs_f64();
        if self.worker.is_stopped() {
            // Nothing to pace; keep publishing what the last commands changed.
            self.swap_buffers();
        } else if !self.frame_ready {
            if self.shared.booted.load(Ordering::Acquire) {
                self.frame_skips += 1;
            }
        } else if settings.paused {
            // The worker idles; state changes made from Rust are still published, and time
            // does not accumulate into the next `dt` (nor into the frame interval).
            self.swap_buffers();
            self.dt_since_trigger = 0.0;
            self.clock.pause();
        } else if self.backlog() > 0 {
            self.apply_backlog_frames += 1;
        } else {
            self.swap_buffers();
            self.publish_input();
            // With the state that reflects them: a callback about an object never reaches the
            // worker before the swap that removes or adds it.
            self.callbacks.get().flush();
            self.shared
                .interpolation
                .store(settings.interpolation, Ordering::Relaxed);
            self.shared.request_frame(self.dt_since_trigger);
            self.dt_since_trigger = 0.0;
            self.clock.tick();
        }
    }
}

/// Sends [`JsEvent`]s through the callback rings, in order: to every worker, or to the one it
/// is addressed to.
pub(crate) fn forward_events(
    mut events: MessageReader<JsEvent>,
    workers: Option<ResMut<ScriptWorkers>>,
) {
    let Some(mut workers) = workers else {
        events.clear();
        return;
    };
    for event in events.read() {
        for bridge in &mut workers.bridges {
            if event.worker.is_none_or(|worker| worker == bridge.entity) {
                bridge
                    .callbacks
                    .get()
                    .send(Callback::Event(Box::new(event.clone())));
            }
        }
    }
}

/// Asks every worker to restart its script on [`RestartScript`].
pub(crate) fn restart_on_request(
    mut requests: MessageReader<RestartScript>,
    workers: Option<Res<ScriptWorkers>>,
) {
    if requests.read().next().is_none() {
        return;
    }
    for bridge in workers.iter().flat_map(|workers| &workers.bridges) {
        bridge
            .shared
            .restart_requested
            .store(true, Ordering::Release);
    }
}

/// Stops the workers when the app exits.
pub(crate) fn stop_on_exit(
    mut exits: MessageReader<AppExit>,
    workers: Option<ResMut<ScriptWorkers>>,
    settings: Res<JsScriptingSettings>,
) {
    if exits.read().next().is_none() {
        return;
    }
    if let Some(mut workers) = workers {
        for bridge in &mut workers.bridges {
            bridge.worker.stop(settings.shutdown_timeout);
        }
    }
}

/// Stops every worker thread, then applies every command they had pushed, with no per-frame
/// limit, and publishes the result to the state buffers, [`JsWorkerMetrics`] and each
/// worker's [`ScriptWorkerMetrics`].
///
/// For tools and tests that want the final state of a script run (the `headless` example
/// uses it before printing its report). Returns `false` if there is no worker or one did not
/// stop within [`JsScriptingSettings::shutdown_timeout`].
pub fn stop_and_flush(world: &mut World) -> bool {
    let timeout = world
        .get_resource::<JsScriptingSettings>()
        .map_or(Duration::from_secs(2), |settings| settings.shutdown_timeout);
    let mut all_stopped = true;
    let mut any = false;
    ScriptWorkers::each(world, |world, bridge| {
        any = true;
        all_stopped &= bridge.worker.stop(timeout);
        while bridge.apply_queued(world, usize::MAX) > 0 {}
        bridge.swap_buffers();
        bridge.refresh_own_metrics();
        if let Some(mut component) = world.get_mut::<ScriptWorkerMetrics>(bridge.entity) {
            component.0.clone_from(&bridge.metrics);
        }
    });
    if let (Some(workers), Some(ids), Some(totals)) = (
        world.get_resource::<ScriptWorkers>(),
        world.get_resource::<ScriptEntities>(),
        world.get_resource::<JsWorkerMetrics>(),
    ) {
        let totals = workers.totals(totals.engine, ids);
        world.insert_resource(totals);
    }
    any && all_stopped
}

/// [`JsScriptingSystems::Interpolate`](crate::JsScriptingSystems::Interpolate): moves every
/// object with a segment to where it is drawn this frame (see [`Motion::draw`]).
pub(crate) fn interpolate_transforms(
    workers: Option<ResMut<ScriptWorkers>>,
    settings: Res<JsScriptingSettings>,
    mut transforms: Query<&mut Transform>,
) {
    if let Some(mut workers) = workers {
        workers.motion.draw(settings.interpolation, &mut transforms);
    }
}
