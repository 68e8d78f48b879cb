//! The state of script-owned objects as scripts read it back, and the values commands carry.
//!
//! These are plain `Copy` values: they cross threads inside ring slots and state buffers, so
//! they hold no handles, strings or heap data.

use bevy::color::ColorToPacked;
use bevy::math::{EulerRot, Quat, Vec3};
use bevy::prelude::{Component, Transform};

/// The id a script uses for an entity, camera or light. Ids are allocated on the worker thread,
/// unique across all kinds, and never reused while the worker runs.
pub type ScriptId = u32;

/// What kind of object a [`ScriptId`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptObjectKind {
    /// A mesh entity made by `entity.create*`.
    Entity,
    /// A camera made by `camera.create`.
    Camera,
    /// A light made by `light.create`.
    Light,
    /// A UI node made by `ui.create`.
    Ui,
    /// A sound played by `audio.play`.
    Sound,
}

/// Marks a Bevy entity that a script can address, with the id the script knows it by: the
/// objects a script created, and every [`ScriptVisible`](crate::ScriptVisible) entity.
///
/// Query it to find script entities from Rust. Changes that Rust systems make to the
/// `Transform` of these entities are copied back into the state scripts read.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptObject {
    /// The id the script uses.
    pub id: ScriptId,
    /// What the script created.
    pub kind: ScriptObjectKind,
}

/// The primitive shapes `entity.create*` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// `entity.createCube`: a cube whose edge is `size`.
    Cube,
    /// `entity.createSphere`: a sphere whose radius is `size`.
    Sphere,
    /// `entity.createPlane`: a flat square on XZ whose edge is `size`.
    Plane,
    /// Not a primitive: a [`ScriptVisible`](crate::ScriptVisible) entity Rust spawned, one a
    /// script made with `world.spawn`, or a scene (`scene.spawn`) and its entities.
    Model,
}

/// An sRGB color with 8-bit channels, as scripts write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba8(pub [u8; 4]);

impl Rgba8 {
    /// Opaque white.
    pub const WHITE: Self = Self([255, 255, 255, 255]);

    /// The color as a Bevy color.
    pub fn to_color(self) -> bevy::color::Color {
        let [r, g, b, a] = self.0;
        bevy::color::Color::srgba_u8(r, g, b, a)
    }

    /// The nearest 8-bit color to a Bevy color.
    pub fn from_color(color: bevy::color::Color) -> Self {
        Self(color.to_srgba().to_u8_array())
    }
}

/// A rotation as scripts write it: yaw about +Y, then pitch about +X, then roll about +Z, in
/// degrees.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct YawPitchRoll {
    /// Degrees about the up axis (+Y).
    pub yaw: f32,
    /// Degrees about the right axis (+X).
    pub pitch: f32,
    /// Degrees about the forward axis (+Z).
    pub roll: f32,
}

impl YawPitchRoll {
    /// The rotation as a quaternion.
    pub fn to_quat(self) -> Quat {
        Quat::from_euler(
            EulerRot::YXZ,
            self.yaw.to_radians(),
            self.pitch.to_radians(),
            self.roll.to_radians(),
        )
    }

    /// The yaw/pitch/roll of a quaternion.
    pub fn from_quat(rotation: Quat) -> Self {
        let (yaw, pitch, roll) = rotation.to_euler(EulerRot::YXZ);
        Self {
            yaw: yaw.to_degrees(),
            pitch: pitch.to_degrees(),
            roll: roll.to_degrees(),
        }
    }
}

/// The state of a script mesh entity, as `entity.get` returns it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityState {
    /// World position in meters.
    pub position: Vec3,
    /// Rotation in degrees.
    pub rotation: YawPitchRoll,
    /// Scale per axis.
    pub scale: Vec3,
    /// Base color.
    pub color: Rgba8,
    /// Whether it renders.
    pub visible: bool,
    /// Its shape.
    pub shape: Shape,
    /// The `size` it was created with (edge or radius).
    pub size: f32,
}

/// The state of a script camera, as `camera.get` returns it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameraState {
    /// World position in meters.
    pub position: Vec3,
    /// The point it looks at.
    pub look_at: Vec3,
    /// Vertical field of view in degrees.
    pub fov: f32,
    /// Whether it is the camera that renders.
    pub active: bool,
}

/// The kind of a script light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LightKind {
    /// A `PointLight`: `intensity` is in lumens.
    Point,
    /// A `DirectionalLight`: `intensity` is illuminance in lux.
    Directional,
}

/// The state of a script light.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LightState {
    /// Point or directional.
    pub kind: LightKind,
    /// Position (point lights).
    pub position: Vec3,
    /// Direction the light travels (directional lights); never zero.
    pub direction: Vec3,
    /// Light color.
    pub color: Rgba8,
    /// Lumens for point lights, lux for directional lights.
    pub intensity: f32,
    /// Whether it casts shadows.
    pub shadows: bool,
}

/// Where an entity's state puts it.
pub(crate) fn entity_transform(state: &EntityState) -> Transform {
    Transform {
        translation: state.position,
        rotation: state.rotation.to_quat(),
        scale: state.scale,
    }
}

/// Where a camera's state puts it, looking at its target.
pub(crate) fn camera_transform(state: &CameraState) -> Transform {
    Transform::from_translation(state.position).looking_at(state.look_at, Vec3::Y)
}

/// Where a light's state puts it, pointing along its direction.
pub(crate) fn light_transform(state: &LightState) -> Transform {
    match state.kind {
        LightKind::Point => Transform::from_translation(state.position),
        LightKind::Directional => {
            Transform::from_translation(state.position).looking_to(state.direction, Vec3::Y)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaw_pitch_roll_round_trips() {
        let ypr = YawPitchRoll {
            yaw: 30.0,
            pitch: -20.0,
            roll: 10.0,
        };
        let back = YawPitchRoll::from_quat(ypr.to_quat());
        assert!((back.yaw - 30.0).abs() < 1e-3, "{back:?}");
        assert!((back.pitch + 20.0).abs() < 1e-3, "{back:?}");
        assert!((back.roll - 10.0).abs() < 1e-3, "{back:?}");
    }

    #[test]
    fn yaw_turns_about_up() {
        let q = YawPitchRoll {
            yaw: 90.0,
            ..Default::default()
        }
        .to_quat();
        let forward = q * Vec3::NEG_Z;
        assert!((forward - Vec3::NEG_X).length() < 1e-5, "{forward}");
    }

    #[test]
    fn colors_round_trip() {
        let c = Rgba8([12, 200, 34, 128]);
        assert_eq!(Rgba8::from_color(c.to_color()), c);
    }
}
