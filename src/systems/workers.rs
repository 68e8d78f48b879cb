//! Many scripts: [`ScriptWorkers`] holds one [`ScriptBridge`] per
//! [`ScriptWorker`](crate::ScriptWorker) entity, starts and stops them ([`manage_workers`]),
//! and keeps what they share in step: the id map, and the visible entities that one of them
//! adds or forgets.

use std::sync::Arc;
use std::sync::atomic::AtomicU32;

use bevy::asset::Assets;
use bevy::mesh::Mesh;
use bevy::pbr::StandardMaterial;
use bevy::prelude::*;

use super::bridge::{RingEnds, ScriptBridge};
use super::motion::Motion;
use crate::core::bridge::{CommandSender, WorkerShared, id_space};
use crate::core::metrics::JsWorkerMetrics;
use crate::core::reflect::{ExposedTypes, Reflection};
use crate::core::runtime::WorkerConfig;
use crate::core::state::{EntityState, ScriptId, ScriptObject};
use crate::core::state_buffer::StateBuffer;
use crate::core::verbs::VerbTable;
use crate::core::worker::{StoppingWorker, WorkerHandle};
use crate::core::world::{ScriptEntities, ScriptVisible, WorldState};
use crate::engine::{JsEngine, worker_body};
use crate::script_worker::ScriptWorker;

/// How every worker starts unless its [`ScriptWorker`] says otherwise: the plugin's settings.
#[derive(Resource, Clone)]
pub(crate) struct WorkerDefaults {
    pub engine: JsEngine,
    /// Its `entry` is replaced by each worker's script.
    pub config: WorkerConfig,
    pub ring_capacity: usize,
    pub transform_capacity: usize,
    pub callback_capacity: usize,
    pub exposed: ExposedTypes,
    /// The app's verbs, the same for every worker.
    pub verbs: Arc<VerbTable>,
}

/// Every running worker's bridge, in the order they started.
#[derive(Resource)]
pub(crate) struct ScriptWorkers {
    pub bridges: Vec<ScriptBridge>,
    /// Worker entities that could not start (said once, not retried).
    refused: Vec<Entity>,
    /// Threads of despawned workers, asked to stop and joined once they exit: a despawn
    /// never waits for a script.
    stopping: Vec<StoppingWorker>,
    /// The running totals of the workers that stopped, so that the totals never go down.
    retired: JsWorkerMetrics,
    /// Every object on its way, for all workers (lent to each bridge like the id map).
    pub motion: Motion,
    /// The one id space all workers and the main thread take ids from.
    ids: Arc<AtomicU32>,
}

impl Default for ScriptWorkers {
    fn default() -> Self {
        Self {
            bridges: Vec::new(),
            refused: Vec::new(),
            stopping: Vec::new(),
            retired: JsWorkerMetrics::default(),
            motion: Motion::default(),
            ids: id_space(),
        }
    }
}

impl ScriptWorkers {
    /// The totals of every worker's counters (`engine` when there is none), with what all
    /// workers share: the objects being interpolated and the id map `ids`.
    pub fn totals(&self, engine: JsEngine, ids: &ScriptEntities) -> JsWorkerMetrics {
        let mut bridges = self.bridges.iter();
        let mut totals = match bridges.next() {
            Some(first) => first.metrics.clone(),
            None => JsWorkerMetrics {
                engine,
                ..Default::default()
            },
        };
        for bridge in bridges {
            totals.add(&bridge.metrics);
        }
        totals.add_counters(&self.retired);
        totals.interpolating = self.motion.len();
        totals.bookkeeping_bytes += ids.heap_bytes();
        totals
    }

    /// Runs `f` for every bridge in turn, with the shared id map (the [`ScriptEntities`]
    /// resource) lent to it, and after each tells the others which visible entities it
    /// started or stopped tracking.
    pub fn each(world: &mut World, f: impl FnMut(&mut World, &mut ScriptBridge)) {
        Self::some(world, None, f);
    }

    /// [`each`](Self::each) for the worker of one entity only (`Some`), or every one.
    pub(super) fn some(
        world: &mut World,
        only: Option<Entity>,
        mut f: impl FnMut(&mut World, &mut ScriptBridge),
    ) {
        world.try_resource_scope(|world, mut workers: Mut<ScriptWorkers>| {
            let workers = &mut *workers;
            let mut lent = Lent::take(world, workers);
            let bridges = &mut workers.bridges;
            for index in 0..bridges.len() {
                if only.is_some_and(|only| only != bridges[index].entity) {
                    continue;
                }
                lend(&mut lent, &mut bridges[index], |bridge| f(world, bridge));
                share(world, bridges, index, &mut lent);
            }
            lent.give_back(world, workers);
        });
    }
}

/// What all bridges share, lent to one at a time: the id map (kept in the [`ScriptEntities`]
/// resource in between) and the objects on their way.
struct Lent {
    ids: ScriptEntities,
    motion: Motion,
}

impl Lent {
    fn take(world: &mut World, workers: &mut ScriptWorkers) -> Self {
        Self {
            ids: world
                .get_resource_mut::<ScriptEntities>()
                .map(|mut ids| std::mem::take(&mut *ids))
                .unwrap_or_default(),
            motion: std::mem::take(&mut workers.motion),
        }
    }

    fn give_back(self, world: &mut World, workers: &mut ScriptWorkers) {
        if let Some(mut resource) = world.get_resource_mut::<ScriptEntities>() {
            *resource = self.ids;
        }
        workers.motion = self.motion;
    }
}

/// Runs `f` with what is shared in `bridge`, and takes it back.
fn lend<R>(
    lent: &mut Lent,
    bridge: &mut ScriptBridge,
    f: impl FnOnce(&mut ScriptBridge) -> R,
) -> R {
    std::mem::swap(&mut lent.ids, &mut bridge.objects);
    std::mem::swap(&mut lent.motion, &mut bridge.motion);
    let result = f(bridge);
    std::mem::swap(&mut lent.ids, &mut bridge.objects);
    std::mem::swap(&mut lent.motion, &mut bridge.motion);
    result
}

/// Hands what bridge `from` added and forgot to every other bridge.
fn share(world: &mut World, bridges: &mut [ScriptBridge], from: usize, lent: &mut Lent) {
    let arrivals = std::mem::take(&mut bridges[from].arrivals);
    let departures = std::mem::take(&mut bridges[from].departures);
    let restyled = std::mem::take(&mut bridges[from].restyled);
    if arrivals.is_empty() && departures.is_empty() && restyled.is_empty() {
        return;
    }
    let fresh: Vec<(Entity, Option<ScriptId>, Option<EntityState>)> = arrivals
        .iter()
        .map(|&(id, entity, state)| (entity, Some(id), state))
        .collect();
    for (index, bridge) in bridges.iter_mut().enumerate() {
        if index == from {
            continue;
        }
        lend(lent, bridge, |bridge| {
            bridge.register_known(world, &fresh, false);
            for &id in &departures {
                if bridge.knows(id) {
                    bridge.forget_visible(world, id);
                }
            }
            for &(id, color, visible) in &restyled {
                bridge.restyle(world, id, color, visible);
            }
        });
    }
}

/// [`JsScriptingSystems::SyncExternal`](crate::JsScriptingSystems::SyncExternal), before
/// anything else: starts a worker for every new [`ScriptWorker`], and stops the workers whose
/// entity is gone (or lost the component), despawning what their scripts created.
pub(crate) fn manage_workers(
    world: &mut World,
    workers: &mut QueryState<(Entity, Ref<ScriptWorker>)>,
) {
    let Some(mut known) = world.get_resource_mut::<ScriptWorkers>() else {
        return;
    };
    known.stopping.retain_mut(|worker| !worker.try_join());
    let known = known.bridges.len() + known.refused.len();
    // Nothing to do in a frame where no worker came, went or changed.
    let (mut count, mut changed) = (0, false);
    for (_, worker) in workers.iter(world) {
        count += 1;
        changed |= worker.is_changed();
    }
    if !changed && count == known {
        return;
    }
    let Some(running) = world.get_resource::<ScriptWorkers>().map(|workers| {
        let running = workers
            .bridges
            .iter()
            .map(|b| (b.entity, Some(b.spec.clone())));
        running
            .chain(workers.refused.iter().map(|&entity| (entity, None)))
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    let wanted: Vec<(Entity, ScriptWorker)> = workers
        .iter(world)
        .map(|(entity, worker)| (entity, worker.into_inner().clone()))
        .collect();
    for (entity, spec) in &running {
        // Gone, or given another script or settings: stopped (and started again below).
        let keep = wanted.iter().any(|(wanted, worker)| {
            wanted == entity && spec.as_ref().is_none_or(|spec| spec == worker)
        });
        if !keep {
            stop_worker(world, *entity);
        }
    }
    let running = world
        .get_resource::<ScriptWorkers>()
        .map(|workers| {
            let running = workers.bridges.iter().map(|b| b.entity);
            running
                .chain(workers.refused.iter().copied())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for (entity, worker) in wanted {
        if !running.contains(&entity) {
            start_worker(world, entity, &worker);
        }
    }
}

/// Asks the worker of `entity` to stop (it is joined later, without waiting for it) and
/// despawns every object its script created; commands it still had in flight are dropped.
fn stop_worker(world: &mut World, entity: Entity) {
    let mut stopped = None;
    let mut stopping = None;
    ScriptWorkers::some(world, Some(entity), |world, bridge| {
        stopping = bridge.worker.stop_later();
        bridge.abandon_calls(world);
        bridge.abandon_evals(world);
        let mut owned: Vec<ScriptId> = bridge.owned.iter().copied().collect();
        owned.sort_unstable();
        for id in owned {
            bridge.destroy(world, id);
        }
        info!(
            "stopped the JS worker for {}",
            bridge.spec.script().display()
        );
        stopped = Some(entity);
    });
    if let Some(mut workers) = world.get_resource_mut::<ScriptWorkers>() {
        let workers = &mut *workers;
        if let Some(bridge) = workers.bridges.iter().find(|b| Some(b.entity) == stopped) {
            workers.retired.add_counters(&bridge.metrics);
        }
        workers
            .bridges
            .retain(|bridge| Some(bridge.entity) != stopped);
        workers.refused.retain(|&refused| refused != entity);
        workers.stopping.extend(stopping);
    }
}

/// Remembers a worker that could not start, so that it is not tried (and reported) again.
fn refuse(world: &mut World, entity: Entity) {
    if let Some(mut workers) = world.get_resource_mut::<ScriptWorkers>() {
        workers.refused.push(entity);
    }
}

/// Starts the worker thread for `worker` on `entity`, and has it track every visible entity
/// there already is.
fn start_worker(world: &mut World, entity: Entity, worker: &ScriptWorker) {
    let Some(defaults) = world.get_resource::<WorkerDefaults>().cloned() else {
        return;
    };
    if !world.contains_resource::<Assets<Mesh>>()
        || !world.contains_resource::<Assets<StandardMaterial>>()
    {
        error!(
            "JsScriptingPlugin needs Assets<Mesh> and Assets<StandardMaterial>: add AssetPlugin \
             (DefaultPlugins has it) before running the app; {} was not started",
            worker.script().display()
        );
        refuse(world, entity);
        return;
    }
    let Some(ids) = world
        .get_resource::<ScriptWorkers>()
        .map(|workers| Arc::clone(&workers.ids))
    else {
        return;
    };
    let mut config = defaults.config.clone();
    config.entry = config.asset_root.join(worker.script());
    if let Some(budget) = worker.frame_budget {
        config.frame_budget = budget;
    }
    if let Some(limit) = worker.memory_limit {
        config.memory_limit = limit;
    }
    let engine = worker.engine.unwrap_or(defaults.engine);
    let entities = StateBuffer::default();
    let cameras = StateBuffer::default();
    let ui = StateBuffer::default();
    let sounds = StateBuffer::default();
    let reflection = {
        let registry = world.resource::<AppTypeRegistry>().read();
        Reflection::new(defaults.exposed.clone(), &registry)
    };
    let world_state = WorldState::new(reflection);
    let scenes = world.contains_resource::<Assets<bevy::world_serialization::WorldAsset>>();
    let shared = Arc::new(WorkerShared::new(
        entities.reader(),
        cameras.reader(),
        ui.reader(),
        sounds.reader(),
        world_state.view(scenes),
        Arc::clone(&defaults.verbs),
        ids,
    ));
    // `start()` already sees whether the game interpolates (later frames get it at each trigger).
    let interpolation = world
        .get_resource::<crate::settings::JsScriptingSettings>()
        .is_some_and(|settings| settings.interpolation);
    shared
        .interpolation
        .store(interpolation, std::sync::atomic::Ordering::Relaxed);
    let (command_tx, command_rx) = rtrb::RingBuffer::new(defaults.ring_capacity);
    let (transform_tx, transform_rx) = rtrb::RingBuffer::new(defaults.transform_capacity);
    let (callback_tx, callback_rx) = rtrb::RingBuffer::new(defaults.callback_capacity);
    let sender = CommandSender::new(command_tx, transform_tx);
    info!(
        "starting the JS worker ({engine:?}) for {}",
        config.entry.display()
    );
    let entry = config.entry.clone();
    let handle = match WorkerHandle::spawn(
        worker_body(engine),
        config,
        Arc::clone(&shared),
        sender,
        callback_rx,
    ) {
        Ok(handle) => handle,
        Err(error) => {
            error!("cannot start the JS worker thread: {error}");
            refuse(world, entity);
            return;
        }
    };
    let mut bridge = ScriptBridge::new(
        handle,
        shared,
        entity,
        worker.clone(),
        entry,
        entities,
        cameras,
        ui,
        sounds,
        RingEnds {
            commands: command_rx,
            transforms: transform_rx,
            callbacks: callback_tx,
        },
        world_state,
    );
    bridge.metrics.engine = engine;
    // Every visible entity there is, with the state its owner keeps for it.
    let mut visible =
        world.query_filtered::<(Entity, Option<&ScriptObject>), With<ScriptVisible>>();
    let known: Vec<(Entity, Option<ScriptId>)> = visible
        .iter(world)
        .map(|(entity, object)| (entity, object.map(|object| object.id)))
        .collect();
    let Some(mut workers) = world.get_resource_mut::<ScriptWorkers>() else {
        return;
    };
    let fresh: Vec<(Entity, Option<ScriptId>, Option<EntityState>)> = known
        .into_iter()
        .map(|(entity, id)| {
            let state = id.and_then(|id| {
                workers
                    .bridges
                    .iter()
                    .find_map(|bridge| bridge.entities.get(&id).copied())
            });
            (entity, id, state)
        })
        .collect();
    workers.bridges.push(bridge);
    // Entities that get their first id here are new to the other workers too: shared.
    ScriptWorkers::some(world, Some(entity), |world, bridge| {
        bridge.register_known(world, &fresh, true);
    });
}
