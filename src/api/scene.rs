//! `scene.*`: glTF scenes from the asset folder.

use std::path::Path;

use bevy::math::Vec3;

use super::args::{self, Arg};
use super::js::{ApiError, ApiResult, Js, Kind, NativeFn, Natives, arg, key};
use crate::core::bridge::{Command, SceneSpawn, Waiting};
use crate::core::state::{EntityState, Rgba8, ScriptObjectKind, Shape, YawPitchRoll};

pub(super) const FUNCTIONS: &[&str] = &["spawn", "whenReady"];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("spawn", spawn::<J> as NativeFn<J>, 2),
        ("whenReady", when_ready::<J>, 1),
    ]
}

/// Checks a scene path: relative to the asset folder, inside it, a `.glb` or `.gltf` file that
/// exists, with an optional `#Label` (default `#Scene0`). Returns the path Bevy loads.
pub(crate) fn scene_path(asset_root: &Path, path: &str) -> Result<String, String> {
    let (file, label) = match path.split_once('#') {
        Some((file, label)) if !label.is_empty() => (file, label),
        Some(_) => return Err(format!("{path:?} has an empty label after '#'")),
        None => (path, "Scene0"),
    };
    super::common::asset_file(asset_root, file, &["glb", "gltf"])
        .map_err(|problem| format!("{path:?} {problem}"))?;
    Ok(format!("{file}#{label}"))
}

/// `scene.spawn(path, { position?, rotation?, scale? }?)`: the scene's root entity id, at once.
fn spawn<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "scene.spawn";
    let path = args::string(js, &arg(js, args, 0), Arg::new(FUNC, "path"))?;
    let options = arg(js, args, 1);
    let (mut position, mut rotation, mut scale) = (Vec3::ZERO, YawPitchRoll::default(), Vec3::ONE);
    if !matches!(J::kind(&options), Kind::Undefined) {
        let options = args::object::<J>(&options, Arg::new(FUNC, "options"))?;
        let arg = Arg::new(FUNC, "");
        if let Some(value) = args::optional_field(js, &options, key::POSITION, arg, args::vec3)? {
            position = value;
        }
        if let Some(value) = args::optional_field(js, &options, key::ROTATION, arg, args::rotation)?
        {
            rotation = value;
        }
        if let Some(value) = args::optional_field(js, &options, key::SCALE, arg, args::scale)? {
            scale = value;
        }
    }
    let host = js.host()?;
    let path = scene_path(host.asset_root(), &path)
        .map_err(|problem| ApiError::Range(format!("{FUNC}: path {problem}")))?;
    if !host.shared.world.scenes {
        return Err(ApiError::Plain(format!(
            "{FUNC}: this app cannot load glTF scenes (it needs GltfPlugin, which \
             DefaultPlugins has)"
        )));
    }
    let id = host.allocate(ScriptObjectKind::Entity, FUNC)?;
    host.mark_scene(id);
    let state = EntityState {
        position,
        rotation,
        scale,
        color: Rgba8::WHITE,
        visible: true,
        shape: Shape::Model,
        size: 0.0,
    };
    host.send(
        Command::SpawnScene {
            id,
            scene: Box::new(SceneSpawn { path, state }),
        },
        FUNC,
    )?;
    Ok(js.number(f64::from(id)))
}

/// `scene.whenReady(id)`: a promise for `id` once the scene's entities exist and are visible.
fn when_ready<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "scene.whenReady";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    if !host.is_scene(id) {
        return Err(ApiError::Range(format!("{FUNC}: no scene with id {id}")));
    }
    let promise = js.promise_for(id, Waiting::SceneReady)?;
    host.send(Command::NotifySceneReady { id }, FUNC)?;
    Ok(promise)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scene_paths_stay_in_the_asset_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        assert_eq!(
            scene_path(&root, "scenes/marker.gltf"),
            Ok("scenes/marker.gltf#Scene0".to_owned())
        );
        assert_eq!(
            scene_path(&root, "scenes/marker.gltf#Scene1"),
            Ok("scenes/marker.gltf#Scene1".to_owned())
        );
        for bad in [
            "../Cargo.toml",
            "scenes/../../Cargo.toml",
            "/etc/passwd",
            "scenes\\marker.gltf",
            "",
            "scenes/marker.gltf#",
            "integration/main.rs",
            "scenes/missing.glb",
        ] {
            assert!(scene_path(&root, bad).is_err(), "{bad}");
        }
    }
}
