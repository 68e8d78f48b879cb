//! Script primitives, cameras and lights: spawning, updating and restyling them, with the
//! meshes and materials their workers share.

use bevy::asset::Assets;
use bevy::camera::{Camera, Camera3d, PerspectiveProjection, Projection};
use bevy::light::{DirectionalLight, PointLight};
use bevy::math::primitives::{Cuboid, Plane3d, Sphere};
use bevy::mesh::{Mesh, Mesh3d, Meshable};
use bevy::pbr::{MeshMaterial3d, StandardMaterial};
use bevy::prelude::*;

use super::assets::mesh_key;
use super::bridge::ScriptBridge;
use crate::core::bridge::{CameraUpdate, EntityUpdate, LightUpdate};
use crate::core::state::{
    CameraState, EntityState, LightKind, LightState, Rgba8, ScriptId, ScriptObject,
    ScriptObjectKind, Shape,
};
use crate::core::state::{camera_transform, entity_transform, light_transform};
use crate::core::world::{ScriptVisible, VisibleMeta};

pub(super) fn make_mesh(shape: Shape, size: f32) -> Mesh {
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

pub(super) fn make_material(color: Rgba8) -> StandardMaterial {
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

impl ScriptBridge {
    pub(super) fn spawn_entity(&mut self, world: &mut World, id: ScriptId, state: EntityState) {
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

    pub(super) fn update_entity(&mut self, world: &mut World, id: ScriptId, update: EntityUpdate) {
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
    pub(super) fn share_material(
        &mut self,
        world: &mut World,
        entity: Entity,
        old: Rgba8,
        color: Rgba8,
    ) {
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
    pub(super) fn set_transforms(
        &mut self,
        world: &mut World,
        count: usize,
        rotations: bool,
        teleport: bool,
    ) {
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

    pub(super) fn spawn_camera(&mut self, world: &mut World, id: ScriptId, mut state: CameraState) {
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

    pub(super) fn update_camera(&mut self, world: &mut World, id: ScriptId, update: CameraUpdate) {
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
    pub(super) fn set_active_camera(&mut self, world: &mut World, active: Option<ScriptId>) {
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

    pub(super) fn spawn_light(&mut self, world: &mut World, id: ScriptId, state: LightState) {
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

    pub(super) fn update_light(&mut self, world: &mut World, id: ScriptId, update: LightUpdate) {
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

    /// Another worker changed the color or visibility of visible entity `id`: this worker's
    /// state takes it. A primitive this worker owns goes back to its shared material in the new
    /// color, so that its counts stay right.
    pub(super) fn restyle(&mut self, world: &mut World, id: ScriptId, color: Rgba8, visible: bool) {
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
    pub(super) fn place(
        &mut self,
        world: &mut World,
        entity: Entity,
        target: Transform,
        teleport: bool,
    ) {
        let duration = self.clock.segment_duration();
        if let Some(mut transform) = world.get_mut::<Transform>(entity) {
            self.motion
                .move_to(entity, &mut transform, target, teleport, duration);
        }
    }
}

pub(super) fn visibility(visible: bool) -> Visibility {
    if visible {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

pub(super) fn point_light(state: &LightState) -> PointLight {
    PointLight {
        color: state.color.to_color(),
        intensity: state.intensity,
        shadow_maps_enabled: state.shadows,
        ..default()
    }
}

pub(super) fn directional_light(state: &LightState) -> DirectionalLight {
    DirectionalLight {
        color: state.color.to_color(),
        illuminance: state.intensity,
        shadow_maps_enabled: state.shadows,
        ..default()
    }
}

/// Gives a model (a visible entity the script did not create as a primitive) its own copy of
/// its `StandardMaterial` in `color`. A glTF node keeps its mesh in child entities, one per
/// primitive: a node without a material of its own recolors those (its childless children).
pub(super) fn recolor_model(world: &mut World, entity: Entity, color: Rgba8) {
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
