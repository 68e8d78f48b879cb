//! Publishing the game's world for scripts: the systems that copy what changed in exposed
//! components, resources and the hierarchy of visible entities into each worker's
//! [`WorldState`](crate::core::world::WorldState), and that make a ready scene's entities
//! visible.
//!
//! The publishers are typed systems that only look at what changed (`Changed<T>`,
//! `RemovedComponents<T>`), so an unchanged component costs nothing per frame.

use bevy::app::App;
use bevy::ecs::component::Mutable;
use bevy::prelude::*;
use bevy::reflect::{GetTypeRegistration, Typed};

use super::workers::ScriptWorkers;
use crate::core::reflect::{
    ComponentFns, ExposedType, ExposedTypes, ReflectValue, ResourceFns, TRANSFORM, TypeIndex,
    snapshot,
};
use crate::core::state::{ScriptId, ScriptObject};
use crate::core::world::{ScriptVisible, set_parent};
use crate::settings::JsScriptingSystems;

/// The descriptor of exposed component `T`, with its publisher.
pub(crate) fn component<T>() -> ExposedType<ComponentFns>
where
    T: Component<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
    T: GetTypeRegistration,
{
    ExposedType::component::<T>(add_component_publisher::<T>)
}

/// The descriptor of exposed resource `R`, with its publisher.
pub(crate) fn resource<R>() -> ExposedType<ResourceFns>
where
    R: Resource<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
    R: GetTypeRegistration,
{
    ExposedType::resource::<R>(add_resource_publisher::<R>)
}

/// `Transform`, `Name` and `Visibility`: exposed in every game, in this order
/// ([`TRANSFORM`](crate::core::reflect::TRANSFORM) and [`NAME`](crate::core::reflect::NAME)
/// are their indices).
pub(crate) fn default_types() -> ExposedTypes {
    ExposedTypes {
        components: vec![
            component::<Transform>(),
            component::<Name>(),
            component::<Visibility>(),
        ],
        resources: Vec::new(),
    }
}

/// Visible entities whose `T` changed since the publisher last ran.
type ChangedVisible<'w, 's, T> =
    Query<'w, 's, (&'static ScriptObject, &'static T), (Changed<T>, With<ScriptVisible>)>;

/// Adds the system that publishes exposed component `T` (index `index`) for visible entities.
pub(crate) fn add_component_publisher<T>(app: &mut App, index: TypeIndex)
where
    T: Component<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
    T: GetTypeRegistration,
{
    app.add_systems(
        PreUpdate,
        (move |workers: Option<ResMut<ScriptWorkers>>,
               added: Query<&ScriptObject, (Added<T>, With<ScriptVisible>)>,
               changed: ChangedVisible<T>,
               objects: Query<&ScriptObject>,
               mut removed: RemovedComponents<T>| {
            let Some(mut workers) = workers else {
                return;
            };
            let removed: Vec<ScriptId> = removed
                .read()
                .filter_map(|entity| objects.get(entity).ok().map(|object| object.id))
                .collect();
            let started = std::time::Instant::now();
            // Each changed value is copied once, and shared by every worker.
            let values: Vec<(ScriptId, ReflectValue)> = if index == TRANSFORM {
                Vec::new()
            } else {
                changed
                    .iter()
                    .map(|(object, value)| (object.id, snapshot(value)))
                    .collect()
            };
            // Every run counts, so the time of frames where nothing changed (Bevy's change-tick
            // check) is measured too; each worker is charged an equal share.
            let share = started.elapsed() / workers.bridges.len().max(1) as u32;
            for (n, bridge) in workers.bridges.iter_mut().enumerate() {
                let state = &mut bridge.world;
                let started = std::time::Instant::now();
                if index == TRANSFORM {
                    // Its value is the entity state; only whether it is there is kept here.
                    for object in &added {
                        state.set_bit(object.id, index, true);
                    }
                }
                for (id, value) in &values {
                    state.set_value(*id, index, value.clone());
                }
                for &id in &removed {
                    state.remove_value(id, index);
                }
                state.publish_time += started.elapsed() + share;
                // Counted once (by the first worker), so that the totals count each change once.
                if n == 0 {
                    state.published += values.len() as u64;
                }
            }
        })
        .in_set(JsScriptingSystems::PublishWorld),
    );
}

/// Adds the system that publishes exposed resource `R` (index `index`).
pub(crate) fn add_resource_publisher<R>(app: &mut App, index: TypeIndex)
where
    R: Resource<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
    R: GetTypeRegistration,
{
    app.add_systems(
        PreUpdate,
        (move |workers: Option<ResMut<ScriptWorkers>>, resource: Option<Res<R>>| {
            let Some(mut workers) = workers else {
                return;
            };
            for bridge in &mut workers.bridges {
                let state = &mut bridge.world;
                match &resource {
                    // A worker started this frame has not seen it yet.
                    Some(resource)
                        if resource.is_changed() || state.resources.get(&index).is_none() =>
                    {
                        let started = std::time::Instant::now();
                        state.resources.insert(index, snapshot(&**resource));
                        state.publish_time += started.elapsed();
                        state.published += 1;
                    }
                    Some(_) => {}
                    None => {
                        if state.resources.get(&index).is_some() {
                            state.resources.remove(&index);
                        }
                    }
                }
            }
        })
        .in_set(JsScriptingSystems::PublishWorld),
    );
}

/// Publishes changes to the hierarchy between visible entities.
pub(crate) fn publish_hierarchy(
    workers: Option<ResMut<ScriptWorkers>>,
    changed: ChangedVisible<ChildOf>,
    objects: Query<&ScriptObject, With<ScriptVisible>>,
    mut removed: RemovedComponents<ChildOf>,
) {
    let Some(mut workers) = workers else {
        return;
    };
    let orphans: Vec<ScriptId> = removed
        .read()
        .filter_map(|entity| objects.get(entity).ok().map(|object| object.id))
        .collect();
    for bridge in &mut workers.bridges {
        let state = &mut bridge.world;
        for (object, child_of) in &changed {
            let parent = objects.get(child_of.parent()).ok().map(|parent| parent.id);
            set_parent(state, object.id, parent);
        }
        for &id in &orphans {
            set_parent(state, id, None);
        }
    }
}

/// When a scene a script spawned is ready, makes its entities visible; the next registration
/// pass gives them ids and resolves `scene.whenReady`.
pub(crate) fn on_scene_ready(
    ready: On<bevy::world_serialization::WorldInstanceReady>,
    roots: Query<&ScriptObject>,
    children: Query<&Children>,
    workers: Option<ResMut<ScriptWorkers>>,
    mut commands: Commands,
) {
    let root = ready.event().entity;
    let (Some(mut workers), Ok(_)) = (workers, roots.get(root)) else {
        return;
    };
    for descendant in children.iter_descendants(root) {
        commands.entity(descendant).insert(ScriptVisible);
    }
    for bridge in &mut workers.bridges {
        bridge.world.ready_scenes.push(root);
    }
}
