//! The main-thread half of the bridge: the `PreUpdate` systems that turn commands into ECS
//! changes, keep the state buffers, and pace the worker.
//!
//! One [`ScriptBridge`] per worker; [`workers`] holds them all ([`ScriptWorkers`]), starts and
//! stops them and keeps what they share in step. [`world`] holds the part that reaches the
//! game's own entities: visible entities coming and going, exposed components and resources,
//! scenes and the hierarchy. [`motion`] draws interpolated script motion.

mod motion;
mod workers;
mod world;

pub(crate) use motion::interpolate_transforms;
use motion::{FrameClock, Motion};
pub(crate) use workers::{ScriptWorkers, WorkerDefaults, manage_workers};
pub(crate) use world::track_visible;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bevy::asset::{Asset, Assets, Handle};
use bevy::camera::{Camera, Camera3d, PerspectiveProjection, Projection};
use bevy::ecs::change_detection::Tick;
use bevy::light::{DirectionalLight, PointLight};
use bevy::math::{
    Vec3,
    primitives::{Cuboid, Plane3d, Sphere},
};
use bevy::mesh::{Mesh, Mesh3d, Meshable};
use bevy::pbr::{MeshMaterial3d, StandardMaterial};
use bevy::platform::cell::SyncCell;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;

use crate::core::bridge::{
    Callback, CallbackSender, CameraUpdate, Command, EntityUpdate, LightUpdate, TransformRecord,
    WorkerShared,
};
use crate::core::events::JsEvent;
use crate::core::input::{InputSnapshot, InputSources};
use crate::core::metrics::JsWorkerMetrics;
use crate::core::state::{
    CameraState, EntityState, LightKind, LightState, Rgba8, ScriptId, ScriptObject,
    ScriptObjectKind, Shape,
};
use crate::core::state_buffer::{StateBuffer, map_bytes};
use crate::core::worker::WorkerHandle;
use crate::core::world::{ScriptEntities, ScriptVisible, VisibleMeta, WorldState};
use crate::script_worker::ScriptWorkerMetrics;
use crate::settings::{JsScriptingSettings, RestartScript};

/// Shared assets handed out by key and counted, so N equal cubes share one mesh and equal
/// colors share one material; an asset is released when its last user goes.
struct SharedAssets<K, A: Asset> {
    entries: HashMap<K, (Handle<A>, usize)>,
}

impl<K, A: Asset> Default for SharedAssets<K, A> {
    fn default() -> Self {
        Self {
            entries: HashMap::default(),
        }
    }
}

impl<K: Eq + std::hash::Hash + Copy, A: Asset> SharedAssets<K, A> {
    fn acquire(&mut self, key: K, assets: &mut Assets<A>, make: impl FnOnce() -> A) -> Handle<A> {
        let entry = self
            .entries
            .entry(key)
            .or_insert_with(|| (assets.add(make()), 0));
        entry.1 += 1;
        entry.0.clone()
    }

    fn release(&mut self, key: K) {
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.1 -= 1;
            if entry.1 == 0 {
                self.entries.remove(&key);
            }
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

type MeshKey = (Shape, u32);

fn mesh_key(state: &EntityState) -> MeshKey {
    (state.shape, state.size.to_bits())
}

fn make_mesh(shape: Shape, size: f32) -> Mesh {
    match shape {
        Shape::Cube => Cuboid::from_length(size).into(),
        Shape::Sphere => Sphere::new(size).mesh().uv(32, 18),
        Shape::Plane => Plane3d::default().mesh().size(size, size).build(),
        // Never asked for: models bring their own meshes.
        Shape::Model => Mesh::new(
            bevy::mesh::PrimitiveTopology::TriangleList,
            bevy::asset::RenderAssetUsages::default(),
        ),
    }
}

fn make_material(color: Rgba8) -> StandardMaterial {
    StandardMaterial {
        base_color: color.to_color(),
        alpha_mode: if color.0[3] == u8::MAX {
            AlphaMode::Opaque
        } else {
            AlphaMode::Blend
        },
        ..default()
    }
}

fn entity_transform(state: &EntityState) -> Transform {
    Transform {
        translation: state.position,
        rotation: state.rotation.to_quat(),
        scale: state.scale,
    }
}

fn camera_transform(state: &CameraState) -> Transform {
    Transform::from_translation(state.position).looking_at(state.look_at, Vec3::Y)
}

fn light_transform(state: &LightState) -> Transform {
    match state.kind {
        LightKind::Point => Transform::from_translation(state.position),
        LightKind::Directional => {
            Transform::from_translation(state.position).looking_to(state.direction, Vec3::Y)
        }
    }
}

/// Everything the main thread keeps about one worker: the ring ends, the state buffers, the
/// objects it owns and the shared render assets. [`ScriptWorkers`] holds one per
/// [`ScriptWorker`](crate::ScriptWorker).
pub(crate) struct ScriptBridge {
    // Declared first so it drops first: the worker is stopped and joined before the rings go.
    pub worker: WorkerHandle,
    pub shared: Arc<WorkerShared>,
    /// The entity holding this worker's `ScriptWorker`.
    pub entity: Entity,
    /// The `ScriptWorker` it was started from (a changed one restarts it), and the entry file
    /// its script resolved to.
    pub spec: crate::script_worker::ScriptWorker,
    pub entry: std::path::PathBuf,
    /// The objects this worker's script created (the ones despawned with the worker).
    owned: bevy::platform::collections::HashSet<ScriptId>,
    /// Visible entities this bridge started tracking since [`ScriptWorkers`] last shared
    /// them with the other workers, with the state the owner keeps for them.
    arrivals: Vec<(ScriptId, Entity, Option<EntityState>)>,
    /// Objects this bridge's script destroyed since then.
    departures: Vec<ScriptId>,
    /// Visible entities whose color or visibility this bridge's script changed since then.
    restyled: Vec<(ScriptId, Rgba8, bool)>,
    /// This worker's counters, refreshed at every swap.
    pub metrics: JsWorkerMetrics,
    commands: SyncCell<rtrb::Consumer<Command>>,
    transforms: SyncCell<rtrb::Consumer<TransformRecord>>,
    callbacks: SyncCell<CallbackSender>,
    /// The id map of every worker, lent to this bridge by [`ScriptWorkers::each`] while it
    /// works; the [`ScriptEntities`] resource holds it in between, so the game reads the same
    /// map the plugin keeps.
    objects: ScriptEntities,
    /// Every object on its way (interpolation), lent like `objects`.
    motion: Motion,
    /// The interval between this worker's frames: how long an interpolation segment lasts.
    clock: FrameClock,
    /// The game's entities, components and resources as scripts see them.
    pub world: WorldState,
    entities: StateBuffer<ScriptId, EntityState>,
    cameras: StateBuffer<ScriptId, CameraState>,
    lights: HashMap<ScriptId, LightState>,
    meshes: SharedAssets<MeshKey, Mesh>,
    materials: SharedAssets<Rgba8, StandardMaterial>,
    /// Input gathered since the last worker frame was triggered.
    input: InputSnapshot,
    /// Whether the worker had completed its frame when this main frame started applying.
    frame_ready: bool,
    dt_since_trigger: f64,
    /// The change tick of the `ApplyCommands` run that directly followed the last external
    /// sync. A transform last changed at exactly this tick was last written by the plugin,
    /// after the sync had seen every earlier change, so the next sync can skip it. (A write by
    /// an apply in a frame without a sync may hide a game system's earlier change, so those
    /// are compared instead.)
    trusted_apply_tick: Option<Tick>,
    /// Whether the external sync ran this frame (so this frame's apply is trusted).
    synced_this_frame: bool,
    last_apply_time: Duration,
    total_apply_time: Duration,
    entity_updates_applied: u64,
    commands_applied: u64,
    commands_applied_last_frame: usize,
    frame_skips: u64,
    apply_backlog_frames: u64,
    main_frames: u64,
    seen_errors: u64,
    /// Commands dropped because their object was gone.
    stale_commands: u64,
    /// Main-thread time spent applying `world.set` patches, and how many.
    patch_time: Duration,
    patches_applied: u64,
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
        }
    }

    /// Applies up to `budget` queued commands to `world`; returns how many it applied.
    fn apply_queued(&mut self, world: &mut World, budget: usize) -> usize {
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
    fn publish_input(&mut self) {
        if let Ok(mut shared) = self.shared.input.try_lock() {
            *shared = self.input;
            self.input.clear_edges();
        }
    }

    /// Publishes the entity and camera state to the worker.
    fn swap_buffers(&mut self) {
        self.entities.swap();
        self.cameras.swap();
        self.world.swap();
    }

    /// Heap bytes of this worker's bookkeeping for script objects (the main thread's maps and
    /// the worker's id registry), from the capacity of the maps; the id map all workers share
    /// is counted once, in the totals.
    fn bookkeeping_bytes(&self) -> usize {
        self.shared.registry_bytes.load(Ordering::Relaxed)
            + self.entities.heap_bytes()
            + self.cameras.heap_bytes()
            + map_bytes(&self.lights)
            + self.world.heap_bytes()
    }

    fn backlog(&mut self) -> usize {
        self.commands.get().slots()
    }

    fn apply(&mut self, world: &mut World, command: Command) {
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
        }
    }

    /// Counts a command whose object is gone; it is dropped.
    fn stale(&mut self) {
        self.stale_commands += 1;
    }

    /// The entity of `id`, if it still exists (a stale command finds none and is counted).
    fn live_entity(&mut self, world: &World, id: ScriptId) -> Option<Entity> {
        match self.objects.get(&id) {
            Some(&entity) if world.entities().contains(entity) => Some(entity),
            _ => {
                self.stale();
                None
            }
        }
    }

    fn spawn_entity(&mut self, world: &mut World, id: ScriptId, state: EntityState) {
        let mesh = self.meshes.acquire(
            mesh_key(&state),
            &mut world.resource_mut::<Assets<Mesh>>(),
            || make_mesh(state.shape, state.size),
        );
        let material = self.materials.acquire(
            state.color,
            &mut world.resource_mut::<Assets<StandardMaterial>>(),
            || make_material(state.color),
        );
        let entity = world
            .spawn((
                Mesh3d(mesh),
                MeshMaterial3d(material),
                entity_transform(&state),
                visibility(state.visible),
                ScriptObject {
                    id,
                    kind: ScriptObjectKind::Entity,
                },
                ScriptVisible,
            ))
            .id();
        self.owned.insert(id);
        self.add_visible(id, entity, state, VisibleMeta::default());
    }

    fn update_entity(&mut self, world: &mut World, id: ScriptId, update: EntityUpdate) {
        // A dead entity is caught below, where its `Transform` is missing: the hot path does
        // two lookups, like before entities could die under the script.
        let (Some(&entity), Some(state)) = (self.objects.get(&id), self.entities.get_mut(&id))
        else {
            self.stale_commands += 1;
            return;
        };
        let (old_color, old_visible) = (state.color, state.visible);
        self.entity_updates_applied += 1;
        if let Some(position) = update.position {
            state.position = position;
        }
        if let Some(rotation) = update.rotation {
            state.rotation = rotation;
        }
        if let Some(scale) = update.scale {
            state.scale = scale;
        }
        if let Some(color) = update.color {
            state.color = color;
        }
        if let Some(visible) = update.visible {
            state.visible = visible;
        }
        let state = *state;
        if !world.entities().contains(entity) {
            self.stale_commands += 1;
            return;
        }
        if state.color != old_color || state.visible != old_visible {
            // The other workers see the entity too: they learn its new look.
            self.restyled.push((id, state.color, state.visible));
        }
        let moved =
            update.position.is_some() || update.rotation.is_some() || update.scale.is_some();
        if moved && self.motion.enabled {
            self.place(world, entity, entity_transform(&state), update.teleport);
        } else if moved && let Some(mut transform) = world.get_mut::<Transform>(entity) {
            // A glide begun while interpolation was on ends here: this write is the last word.
            self.motion.cancel(entity);
            // Only what changed: the rotation's trigonometry is skipped when only the
            // position or scale moved.
            if update.position.is_some() {
                transform.translation = state.position;
            }
            if update.rotation.is_some() {
                transform.rotation = state.rotation.to_quat();
            }
            if update.scale.is_some() {
                transform.scale = state.scale;
            }
        }
        if update.visible.is_some()
            && let Ok(mut entity_mut) = world.get_entity_mut(entity)
        {
            entity_mut.insert(visibility(state.visible));
        }
        // Another worker's primitive gets a material of its own, like a model: the shared
        // materials are counted per worker.
        if state.color != old_color && (state.shape == Shape::Model || !self.owned.contains(&id)) {
            recolor_model(world, entity, state.color);
        } else if state.color != old_color {
            self.share_material(world, entity, old_color, state.color);
        }
    }

    /// Moves a primitive of this worker's from the shared material in `old` to the one in
    /// `color`.
    fn share_material(&mut self, world: &mut World, entity: Entity, old: Rgba8, color: Rgba8) {
        let material = self.materials.acquire(
            color,
            &mut world.resource_mut::<Assets<StandardMaterial>>(),
            || make_material(color),
        );
        self.materials.release(old);
        if let Ok(mut entity_mut) = world.get_entity_mut(entity) {
            entity_mut.insert(MeshMaterial3d(material));
        }
    }

    /// Applies the next `count` records of the transform ring.
    fn set_transforms(&mut self, world: &mut World, count: usize, rotations: bool, teleport: bool) {
        let duration = self.clock.segment_duration();
        let Ok(chunk) = self.transforms.get().read_chunk(count) else {
            // Cannot happen: the worker pushes the records before the command.
            error!("the transform ring holds fewer records than announced; batch dropped");
            return;
        };
        let (first, second) = chunk.as_slices();
        self.entity_updates_applied += (first.len() + second.len()) as u64;
        for record in first.iter().chain(second) {
            let (Some(&entity), Some(state)) = (
                self.objects.get(&record.id),
                self.entities.get_mut(&record.id),
            ) else {
                self.stale_commands += 1;
                continue;
            };
            state.position = record.position;
            let rotation = rotations.then(|| {
                state.rotation = record.rotation;
                record.rotation.to_quat()
            });
            if self.motion.enabled {
                let target = entity_transform(state);
                if let Some(mut transform) = world.get_mut::<Transform>(entity) {
                    self.motion
                        .move_to(entity, &mut transform, target, teleport, duration);
                }
            } else if let Some(mut transform) = world.get_mut::<Transform>(entity) {
                self.motion.cancel(entity);
                transform.translation = record.position;
                if let Some(rotation) = rotation {
                    transform.rotation = rotation;
                }
            }
        }
        chunk.commit_all();
    }

    fn spawn_camera(&mut self, world: &mut World, id: ScriptId, mut state: CameraState) {
        let first = !self.cameras.iter().any(|(_, camera)| camera.active);
        state.active = first;
        let entity = world
            .spawn((
                Camera3d::default(),
                Camera {
                    is_active: state.active,
                    ..default()
                },
                Projection::Perspective(PerspectiveProjection {
                    fov: state.fov.to_radians(),
                    ..default()
                }),
                camera_transform(&state),
                ScriptObject {
                    id,
                    kind: ScriptObjectKind::Camera,
                },
            ))
            .id();
        self.owned.insert(id);
        self.objects.insert(id, entity);
        self.cameras.insert(id, state);
    }

    fn update_camera(&mut self, world: &mut World, id: ScriptId, update: CameraUpdate) {
        let (Some(&entity), Some(state)) = (self.objects.get(&id), self.cameras.get_mut(&id))
        else {
            return;
        };
        if let Some(position) = update.position {
            state.position = position;
        }
        if let Some(look_at) = update.look_at {
            state.look_at = look_at;
        }
        if let Some(fov) = update.fov {
            state.fov = fov;
        }
        let state = *state;
        self.place(world, entity, camera_transform(&state), update.teleport);
        let Ok(mut entity_mut) = world.get_entity_mut(entity) else {
            return;
        };
        if update.fov.is_some()
            && let Some(mut projection) = entity_mut.get_mut::<Projection>()
            && let Projection::Perspective(perspective) = projection.as_mut()
        {
            perspective.fov = state.fov.to_radians();
        }
    }

    /// Makes `active` the only active script camera (`None`: the oldest remaining one).
    fn set_active_camera(&mut self, world: &mut World, active: Option<ScriptId>) {
        let active = active.or_else(|| self.cameras.iter().map(|(id, _)| *id).min());
        let ids: Vec<ScriptId> = self.cameras.iter().map(|(id, _)| *id).collect();
        for id in ids {
            let is_active = Some(id) == active;
            if self.cameras.get(&id).is_some_and(|c| c.active != is_active)
                && let Some(state) = self.cameras.get_mut(&id)
            {
                state.active = is_active;
            }
            if let Some(&entity) = self.objects.get(&id)
                && let Some(mut camera) = world.get_mut::<Camera>(entity)
                && camera.is_active != is_active
            {
                camera.is_active = is_active;
            }
        }
    }

    fn spawn_light(&mut self, world: &mut World, id: ScriptId, state: LightState) {
        let transform = light_transform(&state);
        let object = ScriptObject {
            id,
            kind: ScriptObjectKind::Light,
        };
        let entity = match state.kind {
            LightKind::Point => world.spawn((point_light(&state), transform, object)).id(),
            LightKind::Directional => world
                .spawn((directional_light(&state), transform, object))
                .id(),
        };
        self.owned.insert(id);
        self.objects.insert(id, entity);
        self.lights.insert(id, state);
    }

    fn update_light(&mut self, world: &mut World, id: ScriptId, update: LightUpdate) {
        let (Some(&entity), Some(state)) = (self.objects.get(&id), self.lights.get_mut(&id)) else {
            return;
        };
        if let Some(position) = update.position {
            state.position = position;
        }
        if let Some(direction) = update.direction {
            state.direction = direction;
        }
        if let Some(color) = update.color {
            state.color = color;
        }
        if let Some(intensity) = update.intensity {
            state.intensity = intensity;
        }
        if let Some(shadows) = update.shadows {
            state.shadows = shadows;
        }
        let state = *state;
        self.place(world, entity, light_transform(&state), false);
        let Ok(mut entity_mut) = world.get_entity_mut(entity) else {
            return;
        };
        match state.kind {
            LightKind::Point => {
                entity_mut.insert(point_light(&state));
            }
            LightKind::Directional => {
                entity_mut.insert(directional_light(&state));
            }
        }
    }

    fn destroy(&mut self, world: &mut World, id: ScriptId) {
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
    fn forget_object(&mut self, world: &mut World, id: ScriptId) -> Option<Entity> {
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
        self.world.forget(id);
        entity
    }

    /// Starts tracking a new addressable entity: its id, the state `entity.get` reads, and
    /// what scripts know of its components.
    fn add_entity(&mut self, id: ScriptId, entity: Entity, state: EntityState, meta: VisibleMeta) {
        self.objects.insert(id, entity);
        self.entities.insert(id, state);
        self.world.meta.insert(id, meta);
    }

    /// [`add_entity`](Self::add_entity) for an entity new to every worker: the others start
    /// tracking it when [`ScriptWorkers`] shares this bridge's arrivals.
    fn add_visible(&mut self, id: ScriptId, entity: Entity, state: EntityState, meta: VisibleMeta) {
        self.arrivals.push((id, entity, Some(state)));
        self.add_entity(id, entity, state, meta);
    }

    /// Copies changes Rust systems made to script-owned transforms into the state buffers.
    fn sync_transform(&mut self, object: ScriptObject, transform: &Transform) {
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
            ScriptObjectKind::Light => {}
        }
    }

    /// Refreshes this worker's own counters.
    fn refresh_own_metrics(&mut self) {
        let mut metrics = std::mem::take(&mut self.metrics);
        self.refresh_metrics(&mut metrics);
        self.metrics = metrics;
    }

    fn refresh_metrics(&mut self, metrics: &mut JsWorkerMetrics) {
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
    }
}

fn visibility(visible: bool) -> Visibility {
    if visible {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

fn point_light(state: &LightState) -> PointLight {
    PointLight {
        color: state.color.to_color(),
        intensity: state.intensity,
        shadow_maps_enabled: state.shadows,
        ..default()
    }
}

fn directional_light(state: &LightState) -> DirectionalLight {
    DirectionalLight {
        color: state.color.to_color(),
        illuminance: state.intensity,
        shadow_maps_enabled: state.shadows,
        ..default()
    }
}

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

    /// Another worker changed the color or visibility of visible entity `id`: this worker's
    /// state takes it. A primitive this worker owns goes back to its shared material in the new
    /// color, so that its counts stay right.
    fn restyle(&mut self, world: &mut World, id: ScriptId, color: Rgba8, visible: bool) {
        let Some(state) = self.entities.get(&id) else {
            return;
        };
        if state.color == color && state.visible == visible {
            return;
        }
        let (old_color, shape) = (state.color, state.shape);
        if let Some(state) = self.entities.get_mut(&id) {
            state.color = color;
            state.visible = visible;
        }
        if old_color == color || shape == Shape::Model || !self.owned.contains(&id) {
            return;
        }
        if let Some(&entity) = self.objects.get(&id) {
            self.share_material(world, entity, old_color, color);
        }
    }

    /// Moves `entity`'s `Transform` to `target`: at once, or (interpolation on) along a
    /// segment that starts now.
    fn place(&mut self, world: &mut World, entity: Entity, target: Transform, teleport: bool) {
        let duration = self.clock.segment_duration();
        if let Some(mut transform) = world.get_mut::<Transform>(entity) {
            self.motion
                .move_to(entity, &mut transform, target, teleport, duration);
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

/// Gives a model (a visible entity the script did not create as a primitive) its own copy of
/// its `StandardMaterial` in `color`. A glTF node keeps its mesh in child entities, one per
/// primitive: a node without a material of its own recolors those (its childless children).
fn recolor_model(world: &mut World, entity: Entity, color: Rgba8) {
    let has_material = |world: &World, entity: Entity| {
        world
            .get::<MeshMaterial3d<StandardMaterial>>(entity)
            .is_some()
    };
    let targets: Vec<Entity> = if has_material(world, entity) {
        vec![entity]
    } else {
        world
            .get::<Children>(entity)
            .map(|children| {
                children
                    .iter()
                    .filter(|&child| {
                        has_material(world, child) && world.get::<Children>(child).is_none()
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for target in targets {
        let Some(handle) = world
            .get::<MeshMaterial3d<StandardMaterial>>(target)
            .map(|material| material.0.clone())
        else {
            continue;
        };
        let mut materials = world.resource_mut::<Assets<StandardMaterial>>();
        let mut material = materials.get(&handle).cloned().unwrap_or_default();
        material.base_color = color.to_color();
        let material = materials.add(material);
        if let Ok(mut target) = world.get_entity_mut(target) {
            target.insert(MeshMaterial3d(material));
        }
    }
}
