//! The main thread's side of `world`, `scene` and the hierarchy: applying those commands, and
//! [`track_visible`], which gives Rust-spawned visible entities their ids and notices the ones
//! that leave.

use std::time::Instant;

use bevy::ecs::system::SystemState;
use bevy::prelude::*;
use bevy::world_serialization::{WorldAsset, WorldAssetRoot};

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::bridge::{Callback, ReflectBox, SceneSpawn};
use crate::core::events::JsEvent;
use crate::core::reflect::{ComponentFns, Patch, TRANSFORM, TypeIndex};
use crate::core::state::entity_transform;
use crate::core::state::{
    EntityState, Rgba8, ScriptId, ScriptObject, ScriptObjectKind, Shape, YawPitchRoll,
};
use crate::core::world::{
    SceneStatus, ScriptEntities, ScriptVisible, VisibleMeta, bit, set_parent,
};

/// The event a script receives when a visible entity it did not destroy itself is gone.
pub(crate) const DESPAWNED_EVENT: &str = "despawned";

/// What [`track_visible`] reads: the entities that lost their id or their visibility.
type Removals = (
    RemovedComponents<'static, 'static, ScriptObject>,
    RemovedComponents<'static, 'static, ScriptVisible>,
);

/// [`JsScriptingSystems::SyncExternal`](crate::JsScriptingSystems::SyncExternal), first: forgets
/// the visible entities that were despawned (or lost [`ScriptVisible`]) and tells the script;
/// gives an id to every new visible entity and publishes its exposed components and parent;
/// resolves `scene.whenReady` for scenes whose entities now have ids. Looks only at what
/// changed: nothing runs per visible entity in a frame where none came or went.
pub(crate) fn track_visible(
    world: &mut World,
    removals: &mut SystemState<Removals>,
    fresh: &mut QueryState<Entity, (With<ScriptVisible>, Without<ScriptObject>)>,
) {
    let Ok((mut objects, mut visible)) = removals.get_mut(world) else {
        return;
    };
    let (gone, hidden): (Vec<Entity>, Vec<Entity>) =
        (objects.read().collect(), visible.read().collect());
    let fresh: Vec<Entity> = fresh.iter(world).collect();
    let scenes_ready = world
        .get_resource::<ScriptWorkers>()
        .is_some_and(|workers| {
            workers
                .bridges
                .iter()
                .any(|bridge| !bridge.world.ready_scenes.is_empty())
        });
    if gone.is_empty() && hidden.is_empty() && fresh.is_empty() && !scenes_ready {
        return;
    }
    // Hidden but alive entities lose their id first, so every worker forgets them below.
    let mut left = gone;
    for entity in hidden {
        if let Ok(mut entity_mut) = world.get_entity_mut(entity)
            && !entity_mut.contains::<ScriptVisible>()
            && entity_mut.take::<ScriptObject>().is_some()
        {
            left.push(entity);
        }
    }
    // Their ids, before any worker forgets them (one destroyed by a script is forgotten
    // already, and has none).
    let left: Vec<ScriptId> = world
        .get_resource::<ScriptEntities>()
        .map(|ids| left.iter().filter_map(|&entity| ids.id(entity)).collect())
        .unwrap_or_default();
    let mut first = true;
    ScriptWorkers::each(world, |world, bridge| {
        // Every worker that knew one (its own camera, or any visible entity) forgets it.
        for &id in &left {
            if bridge.knows(id) {
                bridge.forget_visible(world, id);
            }
        }
        // The first worker gives the new ones their ids; its arrivals reach the others.
        if std::mem::take(&mut first) {
            bridge.register(world, &fresh);
        }
        bridge.finish_ready_scenes();
    });
}

impl ScriptBridge {
    /// Whether this worker tracks object `id`: a visible entity, or its own camera or light.
    pub(super) fn knows(&self, id: ScriptId) -> bool {
        self.world.meta.get(&id).is_some()
            || self.cameras.get(&id).is_some()
            || self.lights.contains_key(&id)
    }

    /// Forgets object `id`, which left the world, and tells the script.
    pub(super) fn forget_visible(&mut self, world: &mut World, id: ScriptId) {
        self.forget_object(world, id);
        let callbacks = self.callbacks.get();
        callbacks.send(Callback::Gone { id });
        callbacks.send(Callback::Event(Box::new(JsEvent::new(
            DESPAWNED_EVENT,
            serde_json::json!({ "id": id }),
        ))));
    }

    /// Gives ids to new visible entities and publishes what they have.
    fn register(&mut self, world: &mut World, fresh: &[Entity]) {
        let fresh: Vec<_> = fresh.iter().map(|&entity| (entity, None, None)).collect();
        self.register_known(world, &fresh, true);
    }

    /// Starts tracking visible entities, each with its id if it has one (another worker's
    /// object) and the state its owner keeps; an entity without an id gets a new one. With
    /// `share`, the other workers learn of them through this bridge's arrivals.
    pub(super) fn register_known(
        &mut self,
        world: &mut World,
        fresh: &[(Entity, Option<ScriptId>, Option<EntityState>)],
        share: bool,
    ) {
        let types = std::sync::Arc::clone(&self.world.reflection.types);
        let mut registered = Vec::with_capacity(fresh.len());
        for &(entity, known, owner_state) in fresh {
            if known.is_some_and(|id| self.world.meta.get(&id).is_some()) {
                continue;
            }
            let Ok(mut entity_mut) = world.get_entity_mut(entity) else {
                continue;
            };
            let id = match known {
                Some(id) => id,
                None => {
                    let Some(id) = self.shared.allocate_id() else {
                        error!("out of script ids: {entity} stays invisible to scripts");
                        break;
                    };
                    entity_mut.insert(ScriptObject {
                        id,
                        kind: ScriptObjectKind::Entity,
                    });
                    id
                }
            };
            let entity_ref = world.entity(entity);
            let mut meta = VisibleMeta::default();
            for (index, ty) in types.components.iter().enumerate() {
                let index = index as TypeIndex;
                if !(ty.fns.contains)(&entity_ref) {
                    continue;
                }
                meta.components |= bit(index);
                if index != TRANSFORM
                    && let Some(value) = (ty.fns.snapshot)(&entity_ref)
                {
                    self.world.values.insert((id, index), value);
                }
            }
            let state = owner_state.unwrap_or_else(|| model_state(world, entity));
            if share {
                self.add_visible(id, entity, state, meta);
            } else {
                self.add_entity(id, entity, state, meta);
            }
            registered.push((id, entity));
        }
        // Parents last, so that a parent registered in the same pass is known.
        for (id, entity) in registered {
            let parent = world
                .get::<ChildOf>(entity)
                .and_then(|child_of| self.objects.id(child_of.parent()));
            set_parent(&mut self.world, id, parent);
            if let Some(children) = world.get::<Children>(entity) {
                for &child in children {
                    if let Some(child) = self.objects.id(child) {
                        set_parent(&mut self.world, child, Some(id));
                    }
                }
            }
        }
    }

    /// Marks scenes whose entities now have ids as ready, and answers their `whenReady`.
    fn finish_ready_scenes(&mut self) {
        for root in std::mem::take(&mut self.world.ready_scenes) {
            let Some(id) = self.objects.id(root) else {
                continue;
            };
            let status = self.world.scenes.entry(id).or_default();
            status.ready = true;
            if std::mem::take(&mut status.waiting) {
                self.callbacks.get().send(Callback::SceneReady { id });
            }
        }
    }

    pub(super) fn patch_component(
        &mut self,
        world: &mut World,
        id: ScriptId,
        component: TypeIndex,
        patch: &Patch,
    ) {
        let started = Instant::now();
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        let Some(fns) = self.component_fns(component) else {
            return;
        };
        if component == TRANSFORM {
            self.end_glide(world, entity);
        }
        let Ok(mut entity_mut) = world.get_entity_mut(entity) else {
            self.stale();
            return;
        };
        match (fns.patch)(&mut entity_mut, patch) {
            Ok(true) => {}
            // Removed since the script's last look: like a command for a gone entity.
            Ok(false) => self.stale(),
            Err(error) => error!("world.set on {entity}: {error}"),
        }
        if component == TRANSFORM {
            self.refresh_transform(world, id, entity);
        }
        self.patch_time += started.elapsed();
        self.patches_applied += 1;
    }

    pub(super) fn insert_component(
        &mut self,
        world: &mut World,
        id: ScriptId,
        component: TypeIndex,
        value: &ReflectBox,
    ) {
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        if component == TRANSFORM {
            self.end_glide(world, entity);
        }
        self.insert_into(world, entity, component, value);
        if component == TRANSFORM {
            self.refresh_transform(world, id, entity);
        }
    }

    fn insert_into(
        &mut self,
        world: &mut World,
        entity: Entity,
        component: TypeIndex,
        value: &ReflectBox,
    ) {
        let Some(fns) = self.component_fns(component) else {
            return;
        };
        if let Ok(mut entity_mut) = world.get_entity_mut(entity)
            && let Err(error) = (fns.insert)(&mut entity_mut, value.0.as_ref())
        {
            error!("world.insert on {entity}: {error}");
        }
    }

    pub(super) fn remove_component(
        &mut self,
        world: &mut World,
        id: ScriptId,
        component: TypeIndex,
    ) {
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        let Some(fns) = self.component_fns(component) else {
            return;
        };
        if let Ok(mut entity_mut) = world.get_entity_mut(entity) {
            (fns.remove)(&mut entity_mut);
        }
    }

    /// The typed functions of exposed component `component`.
    fn component_fns(&self, component: TypeIndex) -> Option<ComponentFns> {
        self.world
            .reflection
            .types
            .components
            .get(usize::from(component))
            .map(|ty| ty.fns)
    }

    pub(super) fn spawn_visible(
        &mut self,
        world: &mut World,
        id: ScriptId,
        components: Vec<(TypeIndex, ReflectBox)>,
    ) {
        let entity = world
            .spawn((
                ScriptObject {
                    id,
                    kind: ScriptObjectKind::Entity,
                },
                ScriptVisible,
            ))
            .id();
        for (component, value) in &components {
            self.insert_into(world, entity, *component, value);
        }
        if !world.entity(entity).contains::<Transform>() {
            world.entity_mut(entity).insert(Transform::default());
        }
        let state = model_state(world, entity);
        self.owned.insert(id);
        self.add_visible(id, entity, state, VisibleMeta::default());
    }

    pub(super) fn patch_resource(&mut self, world: &mut World, resource: TypeIndex, patch: &Patch) {
        let Some(ty) = self
            .world
            .reflection
            .types
            .resources
            .get(usize::from(resource))
        else {
            return;
        };
        match (ty.fns.patch)(world, patch) {
            Ok(true) => {}
            Ok(false) => self.stale(),
            Err(error) => error!("world.setResource({}): {error}", ty.name),
        }
    }

    pub(super) fn spawn_scene(&mut self, world: &mut World, id: ScriptId, scene: SceneSpawn) {
        let Some(server) = world.get_resource::<AssetServer>() else {
            error!("scene.spawn: the app has no AssetServer");
            return;
        };
        let handle = server.load::<WorldAsset>(scene.path);
        let entity = world
            .spawn((
                WorldAssetRoot(handle),
                entity_transform(&scene.state),
                Visibility::default(),
                ScriptObject {
                    id,
                    kind: ScriptObjectKind::Entity,
                },
                ScriptVisible,
            ))
            .id();
        self.owned.insert(id);
        self.add_visible(id, entity, scene.state, VisibleMeta::default());
        self.world.scenes.insert(id, SceneStatus::default());
    }

    pub(super) fn notify_scene_ready(&mut self, id: ScriptId) {
        match self.world.scenes.get_mut(&id) {
            Some(status) if status.ready => {
                self.callbacks.get().send(Callback::SceneReady { id });
            }
            Some(status) => status.waiting = true,
            None => self.stale(),
        }
    }

    pub(super) fn set_parent(
        &mut self,
        world: &mut World,
        child: ScriptId,
        parent: Option<ScriptId>,
    ) {
        let Some(child_entity) = self.live_entity(world, child) else {
            return;
        };
        let Some(parent) = parent else {
            world.entity_mut(child_entity).remove::<ChildOf>();
            return;
        };
        let Some(parent_entity) = self.live_entity(world, parent) else {
            return;
        };
        // The worker checked against the state it saw; Rust may have changed the hierarchy
        // since. A cycle would hang transform propagation, so it is refused here too.
        let mut ancestor = Some(parent_entity);
        while let Some(current) = ancestor {
            if current == child_entity {
                error!("entity.setParent({child}, {parent}) would make a cycle; dropped");
                self.stale();
                return;
            }
            ancestor = world.get::<ChildOf>(current).map(ChildOf::parent);
        }
        world
            .entity_mut(child_entity)
            .insert(ChildOf(parent_entity));
    }

    /// Lands an interpolated entity where the script put it, before a `world.set` /
    /// `world.insert` writes its `Transform` (so the write applies to that, and stands).
    fn end_glide(&mut self, world: &mut World, entity: Entity) {
        if let Some(mut transform) = world.get_mut::<Transform>(entity) {
            self.motion.finish(entity, &mut transform);
        }
    }

    /// Copies an entity's `Transform` into the state `entity.get` reads.
    fn refresh_transform(&mut self, world: &World, id: ScriptId, entity: Entity) {
        if let Some(transform) = world.get::<Transform>(entity) {
            let object = ScriptObject {
                id,
                kind: ScriptObjectKind::Entity,
            };
            self.sync_transform(object, transform);
        }
    }
}

/// The state `entity.get` reads for an entity the script did not create as a primitive.
fn model_state(world: &World, entity: Entity) -> EntityState {
    let transform = world.get::<Transform>(entity).copied().unwrap_or_default();
    let visible = world
        .get::<Visibility>(entity)
        .is_none_or(|visibility| *visibility != Visibility::Hidden);
    let color = world
        .get::<MeshMaterial3d<StandardMaterial>>(entity)
        .and_then(|material| {
            world
                .get_resource::<Assets<StandardMaterial>>()?
                .get(&material.0)
                .map(|material| Rgba8::from_color(material.base_color))
        })
        .unwrap_or(Rgba8::WHITE);
    EntityState {
        position: transform.translation,
        rotation: YawPitchRoll::from_quat(transform.rotation),
        scale: transform.scale,
        color,
        visible,
        shape: Shape::Model,
        size: 0.0,
    }
}
