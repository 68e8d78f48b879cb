//! [`ScriptBridge`]: everything the main thread keeps about one worker, and the dispatch of its
//! commands to the files that apply them.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use bevy::ecs::change_detection::Tick;
use bevy::mesh::Mesh;
use bevy::pbr::StandardMaterial;
use bevy::platform::cell::SyncCell;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;

use super::assets::{MeshKey, SharedAssets, mesh_key};
use super::motion::{FrameClock, Motion};
use crate::core::audio::SoundState;
use crate::core::bridge::{Callback, CallbackSender, Command, TransformRecord, WorkerShared};
use crate::core::input::InputSnapshot;
use crate::core::metrics::JsWorkerMetrics;
use crate::core::state::{
    CameraState, EntityState, LightState, Rgba8, ScriptId, ScriptObject, ScriptObjectKind, Shape,
};
use crate::core::state::{camera_transform, entity_transform};
use crate::core::state_buffer::{StateBuffer, map_bytes};
use crate::core::ui::UiLayout;
use crate::core::worker::WorkerHandle;
use crate::core::world::{ScriptEntities, VisibleMeta, WorldState};

/// Everything the main thread keeps about one worker: the ring ends, the state buffers, the
/// objects it owns and the shared render assets. [`ScriptWorkers`] holds one per
/// [`ScriptWorker`](crate::ScriptWorker).
pub(crate) struct ScriptBridge {
    // Declared first so it drops first: the worker is stopped and joined before the rings go.
    pub(super) worker: WorkerHandle,
    pub(super) shared: Arc<WorkerShared>,
    /// The entity holding this worker's `ScriptWorker`.
    pub(super) entity: Entity,
    /// The `ScriptWorker` it was started from (a changed one restarts it), and the entry file
    /// its script resolved to.
    pub(super) spec: crate::script_worker::ScriptWorker,
    pub(super) entry: std::path::PathBuf,
    /// The objects this worker's script created (the ones despawned with the worker).
    pub(super) owned: bevy::platform::collections::HashSet<ScriptId>,
    /// Visible entities this bridge started tracking since [`ScriptWorkers`] last shared
    /// them with the other workers, with the state the owner keeps for them.
    pub(super) arrivals: Vec<(ScriptId, Entity, Option<EntityState>)>,
    /// Objects this bridge's script destroyed since then.
    pub(super) departures: Vec<ScriptId>,
    /// Visible entities whose color or visibility this bridge's script changed since then.
    pub(super) restyled: Vec<(ScriptId, Rgba8, bool)>,
    /// This worker's counters, refreshed at every swap.
    pub(super) metrics: JsWorkerMetrics,
    pub(super) commands: SyncCell<rtrb::Consumer<Command>>,
    pub(super) transforms: SyncCell<rtrb::Consumer<TransformRecord>>,
    pub(super) callbacks: SyncCell<CallbackSender>,
    /// The id map of every worker, lent to this bridge by [`ScriptWorkers::each`] while it
    /// works; the [`ScriptEntities`] resource holds it in between, so the game reads the same
    /// map the plugin keeps.
    pub(super) objects: ScriptEntities,
    /// Every object on its way (interpolation), lent like `objects`.
    pub(super) motion: Motion,
    /// The interval between this worker's frames: how long an interpolation segment lasts.
    pub(super) clock: FrameClock,
    /// The game's entities, components and resources as scripts see them.
    pub(super) world: WorldState,
    pub(super) entities: StateBuffer<ScriptId, EntityState>,
    pub(super) cameras: StateBuffer<ScriptId, CameraState>,
    /// Where this worker's UI nodes are on screen (written after Bevy's UI layout).
    pub(super) ui: StateBuffer<ScriptId, UiLayout>,
    /// Which of this worker's sounds are heard.
    pub(super) sounds: StateBuffer<ScriptId, SoundState>,
    pub(super) lights: HashMap<ScriptId, LightState>,
    pub(super) meshes: SharedAssets<MeshKey, Mesh>,
    pub(super) materials: SharedAssets<Rgba8, StandardMaterial>,
    /// Input gathered since the last worker frame was triggered.
    pub(super) input: InputSnapshot,
    /// Whether the worker had completed its frame when this main frame started applying.
    pub(super) frame_ready: bool,
    pub(super) dt_since_trigger: f64,
    /// The change tick of the `ApplyCommands` run that directly followed the last external
    /// sync. A transform last changed at exactly this tick was last written by the plugin,
    /// after the sync had seen every earlier change, so the next sync can skip it. (A write by
    /// an apply in a frame without a sync may hide a game system's earlier change, so those
    /// are compared instead.)
    pub(super) trusted_apply_tick: Option<Tick>,
    /// Whether the external sync ran this frame (so this frame's apply is trusted).
    pub(super) synced_this_frame: bool,
    pub(super) last_apply_time: Duration,
    pub(super) total_apply_time: Duration,
    pub(super) entity_updates_applied: u64,
    pub(super) commands_applied: u64,
    pub(super) commands_applied_last_frame: usize,
    pub(super) frame_skips: u64,
    pub(super) apply_backlog_frames: u64,
    pub(super) main_frames: u64,
    pub(super) seen_errors: u64,
    /// Commands dropped because their object was gone.
    pub(super) stale_commands: u64,
    /// Main-thread time spent applying `world.set` patches, and how many.
    pub(super) patch_time: Duration,
    pub(super) patches_applied: u64,
    /// System verbs this worker's script called that have run.
    pub(super) verbs_run: u64,
    /// Calls from Rust its script has not answered yet.
    pub(super) calls: bevy::platform::collections::HashSet<crate::core::calls::CallId>,
    /// Console evaluations ([`EvalScript`](crate::EvalScript)) its script has not answered yet.
    pub(super) evals: bevy::platform::collections::HashSet<crate::core::calls::CallId>,
}

/// The main thread's ends of the three rings.
pub(crate) struct RingEnds {
    pub commands: rtrb::Consumer<Command>,
    pub transforms: rtrb::Consumer<TransformRecord>,
    pub callbacks: rtrb::Producer<Callback>,
}

impl ScriptBridge {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        worker: WorkerHandle,
        shared: Arc<WorkerShared>,
        entity: Entity,
        spec: crate::script_worker::ScriptWorker,
        entry: std::path::PathBuf,
        entities: StateBuffer<ScriptId, EntityState>,
        cameras: StateBuffer<ScriptId, CameraState>,
        ui: StateBuffer<ScriptId, UiLayout>,
        sounds: StateBuffer<ScriptId, SoundState>,
        rings: RingEnds,
        world: WorldState,
    ) -> Self {
        let RingEnds {
            commands,
            transforms,
            callbacks,
        } = rings;
        Self {
            worker,
            shared,
            entity,
            spec,
            entry,
            owned: default(),
            arrivals: Vec::new(),
            departures: Vec::new(),
            restyled: Vec::new(),
            metrics: JsWorkerMetrics::default(),
            commands: SyncCell::new(commands),
            transforms: SyncCell::new(transforms),
            callbacks: SyncCell::new(CallbackSender::new(callbacks)),
            objects: ScriptEntities::default(),
            motion: Motion::default(),
            clock: FrameClock::default(),
            world,
            entities,
            cameras,
            ui,
            sounds,
            lights: HashMap::default(),
            meshes: SharedAssets::default(),
            materials: SharedAssets::default(),
            input: InputSnapshot::default(),
            frame_ready: false,
            dt_since_trigger: 0.0,
            trusted_apply_tick: None,
            synced_this_frame: false,
            last_apply_time: Duration::ZERO,
            total_apply_time: Duration::ZERO,
            entity_updates_applied: 0,
            commands_applied: 0,
            commands_applied_last_frame: 0,
            frame_skips: 0,
            apply_backlog_frames: 0,
            main_frames: 0,
            seen_errors: 0,
            stale_commands: 0,
            patch_time: Duration::ZERO,
            patches_applied: 0,
            verbs_run: 0,
            calls: default(),
            evals: default(),
        }
    }

    /// Applies up to `budget` queued commands to `world`; returns how many it applied.
    pub(super) fn apply_queued(&mut self, world: &mut World, budget: usize) -> usize {
        let mut applied = 0;
        while applied < budget {
            let Ok(command) = self.commands.get().pop() else {
                break;
            };
            self.apply(world, command);
            applied += 1;
        }
        self.commands_applied += applied as u64;
        self.commands_applied_last_frame = applied;
        applied
    }

    /// Hands the gathered input to the next worker frame. The worker is parked, so the lock
    /// is free; if it were not, the input keeps accumulating for the next frame.
    pub(super) fn publish_input(&mut self) {
        if let Ok(mut shared) = self.shared.input.try_lock() {
            *shared = self.input;
            self.input.clear_edges();
        }
    }

    /// Publishes the entity and camera state to the worker.
    pub(super) fn swap_buffers(&mut self) {
        self.entities.swap();
        self.cameras.swap();
        self.ui.swap();
        self.sounds.swap();
        self.world.swap();
    }

    /// Heap bytes of this worker's bookkeeping for script objects (the main thread's maps and
    /// the worker's id registry), from the capacity of the maps; the id map all workers share
    /// is counted once, in the totals.
    pub(super) fn bookkeeping_bytes(&self) -> usize {
        self.shared.registry_bytes.load(Ordering::Relaxed)
            + self.entities.heap_bytes()
            + self.cameras.heap_bytes()
            + self.ui.heap_bytes()
            + self.sounds.heap_bytes()
            + map_bytes(&self.lights)
            + self.world.heap_bytes()
    }

    pub(super) fn backlog(&mut self) -> usize {
        self.commands.get().slots()
    }

    pub(super) fn apply(&mut self, world: &mut World, command: Command) {
        match command {
            Command::SpawnEntity { id, state } => self.spawn_entity(world, id, state),
            Command::UpdateEntity { id, update } => self.update_entity(world, id, update),
            Command::SpawnCamera { id, state } => self.spawn_camera(world, id, state),
            Command::UpdateCamera { id, update } => self.update_camera(world, id, update),
            Command::SetActiveCamera { id } => self.set_active_camera(world, Some(id)),
            Command::SpawnLight { id, state } => self.spawn_light(world, id, state),
            Command::UpdateLight { id, update } => self.update_light(world, id, update),
            Command::SetTransforms {
                count,
                rotations,
                teleport,
            } => {
                self.set_transforms(world, count as usize, rotations, teleport);
            }
            Command::Destroy { id } => self.destroy(world, id),
            Command::Emit(mut event) => {
                event.worker = self.entity;
                world.write_message(*event);
            }
            Command::NotifyCreated { id } => {
                // Commands apply in order, so the object made before this request exists.
                self.callbacks.get().send(Callback::Created { id });
            }
            Command::PatchComponent {
                id,
                component,
                patch,
            } => self.patch_component(world, id, component, &patch),
            Command::InsertComponent {
                id,
                component,
                value,
            } => self.insert_component(world, id, component, &value),
            Command::RemoveComponent { id, component } => {
                self.remove_component(world, id, component);
            }
            Command::SpawnVisible { id, components } => {
                self.spawn_visible(world, id, components);
            }
            Command::PatchResource { resource, patch } => {
                self.patch_resource(world, resource, &patch);
            }
            Command::SpawnScene { id, scene } => self.spawn_scene(world, id, *scene),
            Command::NotifySceneReady { id } => self.notify_scene_ready(id),
            Command::SetParent { child, parent } => self.set_parent(world, child, parent),
            Command::CallSystem(call) => self.run_system_verb(world, *call),
            Command::CallAnswer(answer) => self.answered(world, *answer),
            Command::SpawnUi(spawn) => {
                let (id, spawn) = *spawn;
                self.spawn_ui(world, id, spawn);
            }
            Command::UpdateUi(update) => {
                let (id, props) = *update;
                self.update_ui(world, id, &props);
            }
            Command::SetUiParent { id, parent } => self.set_ui_parent(world, id, parent),
            #[cfg(feature = "audio")]
            Command::PlaySound(play) => {
                let (id, play) = *play;
                self.play_sound(world, id, play);
            }
            #[cfg(feature = "audio")]
            Command::UpdateSound { id, update } => self.update_sound(world, id, update),
            // The worker refuses `audio.*` without the feature.
            #[cfg(not(feature = "audio"))]
            Command::PlaySound(_) | Command::UpdateSound { .. } => {}
        }
    }

    /// Counts a command whose object is gone; it is dropped.
    pub(super) fn stale(&mut self) {
        self.stale_commands += 1;
    }

    /// The entity of `id`, if it still exists (a stale command finds none and is counted).
    pub(super) fn live_entity(&mut self, world: &World, id: ScriptId) -> Option<Entity> {
        match self.objects.get(&id) {
            Some(&entity) if world.entities().contains(entity) => Some(entity),
            _ => {
                self.stale();
                None
            }
        }
    }

    pub(super) fn destroy(&mut self, world: &mut World, id: ScriptId) {
        let Some(entity) = self.forget_object(world, id) else {
            self.stale();
            return;
        };
        self.departures.push(id);
        // A game may have despawned it already; that is not an error.
        let _ = world.try_despawn(entity);
    }

    /// Forgets everything kept about object `id` (of whatever kind: ids are unique across
    /// kinds) and releases its shared assets; returns its entity, if it was known.
    pub(super) fn forget_object(&mut self, world: &mut World, id: ScriptId) -> Option<Entity> {
        // Another worker may have removed it from the shared map already; this bridge's own
        // state of it goes all the same.
        let entity = self.objects.remove(&id);
        let owned = self.owned.remove(&id);
        if let Some(state) = self.entities.remove(&id)
            && state.shape != Shape::Model
            && owned
        {
            self.meshes.release(mesh_key(&state));
            self.materials.release(state.color);
        }
        if self.cameras.remove(&id).is_some_and(|camera| camera.active) {
            self.set_active_camera(world, None);
        }
        self.lights.remove(&id);
        self.ui.remove(&id);
        self.sounds.remove(&id);
        self.world.forget(id);
        entity
    }

    /// Starts tracking a new addressable entity: its id, the state `entity.get` reads, and
    /// what scripts know of its components.
    pub(super) fn add_entity(
        &mut self,
        id: ScriptId,
        entity: Entity,
        state: EntityState,
        meta: VisibleMeta,
    ) {
        self.objects.insert(id, entity);
        self.entities.insert(id, state);
        self.world.meta.insert(id, meta);
    }

    /// [`add_entity`](Self::add_entity) for an entity new to every worker: the others start
    /// tracking it when [`ScriptWorkers`] shares this bridge's arrivals.
    pub(super) fn add_visible(
        &mut self,
        id: ScriptId,
        entity: Entity,
        state: EntityState,
        meta: VisibleMeta,
    ) {
        self.arrivals.push((id, entity, Some(state)));
        self.add_entity(id, entity, state, meta);
    }

    /// Copies changes Rust systems made to script-owned transforms into the state buffers.
    pub(super) fn sync_transform(&mut self, object: ScriptObject, transform: &Transform) {
        match object.kind {
            ScriptObjectKind::Entity => {
                let Some(state) = self.entities.get(&object.id) else {
                    return;
                };
                if entity_transform(state) == *transform {
                    return;
                }
                if let Some(state) = self.entities.get_mut(&object.id) {
                    state.position = transform.translation;
                    state.scale = transform.scale;
                    if state.rotation.to_quat() != transform.rotation {
                        state.rotation =
                            crate::core::state::YawPitchRoll::from_quat(transform.rotation);
                    }
                }
            }
            ScriptObjectKind::Camera => {
                let Some(state) = self.cameras.get(&object.id) else {
                    return;
                };
                if camera_transform(state) == *transform {
                    return;
                }
                let distance = state.position.distance(state.look_at).max(1.0);
                if let Some(state) = self.cameras.get_mut(&object.id) {
                    state.position = transform.translation;
                    state.look_at = transform.translation + transform.forward() * distance;
                }
            }
            ScriptObjectKind::Light | ScriptObjectKind::Ui | ScriptObjectKind::Sound => {}
        }
    }
}
