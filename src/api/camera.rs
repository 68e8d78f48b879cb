//! `camera.*`: perspective 3D cameras. The first camera created is active; exactly one
//! script camera is active at a time.

use super::args::{self, Arg};
use super::common::vec3_object;
use super::js::{ApiResult, Js, NativeFn, Natives, arg, key};
use crate::core::bridge::{CameraUpdate, Command};
use crate::core::state::{CameraState, ScriptObjectKind};

/// Bevy's default vertical field of view, in degrees.
pub(crate) const DEFAULT_FOV: f32 = 45.0;

pub(super) const FUNCTIONS: &[&str] = &[
    "create",
    "update",
    "setActive",
    "destroy",
    "get",
    "whenCreated",
];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("create", create::<J> as NativeFn<J>, 1),
        ("update", update::<J>, 2),
        ("setActive", set_active::<J>, 1),
        ("destroy", destroy::<J>, 1),
        ("get", get::<J>, 1),
        ("whenCreated", when_created::<J>, 1),
    ]
}

fn fov<J: Js>(_: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<f32, J> {
    let fov = args::finite::<J>(value, arg)?;
    if fov > 0.0 && fov < 180.0 {
        Ok(fov)
    } else {
        Err(arg.range_error("between 0 and 180 degrees (exclusive)"))
    }
}

fn camera_fields<J: Js>(
    js: &mut J,
    options: &J::Object,
    arg: Arg<'_>,
) -> ApiResult<CameraUpdate, J> {
    Ok(CameraUpdate {
        position: args::optional_field(js, options, key::POSITION, arg, args::vec3)?,
        look_at: args::optional_field(js, options, key::LOOK_AT, arg, args::vec3)?,
        fov: args::optional_field(js, options, key::FOV, arg, fov)?,
        teleport: args::optional_field(js, options, key::TELEPORT, arg, |_, v, a| {
            args::boolean::<J>(v, a)
        })?
        .unwrap_or(false),
    })
}

fn create<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "camera.create";
    let options = args::object::<J>(&arg(js, args, 0), Arg::new(FUNC, "options"))?;
    let fields = camera_fields(js, &options, Arg::new(FUNC, ""))?;
    let Some(position) = fields.position else {
        return Err(Arg::new(FUNC, "position").type_error("an {x, y, z} object"));
    };
    let host = js.host()?;
    let id = host.allocate(ScriptObjectKind::Camera, FUNC)?;
    let state = CameraState {
        position,
        // Without a target, look down -Z like a default Bevy camera.
        look_at: fields.look_at.unwrap_or(position + bevy::math::Vec3::NEG_Z),
        fov: fields.fov.unwrap_or(DEFAULT_FOV),
        active: false,
    };
    host.send(Command::SpawnCamera { id, state }, FUNC)?;
    Ok(js.number(f64::from(id)))
}

fn update<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "camera.update";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    js.host()?.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    let changes = args::object::<J>(&arg(js, args, 1), Arg::new(FUNC, "changes"))?;
    let update = camera_fields(js, &changes, Arg::new(FUNC, ""))?;
    let host = js.host()?;
    host.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    if update != CameraUpdate::default() {
        host.send(Command::UpdateCamera { id, update }, FUNC)?;
    }
    Ok(js.undefined())
}

fn set_active<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "camera.setActive";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    host.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    host.send(Command::SetActiveCamera { id }, FUNC)?;
    Ok(js.undefined())
}

fn destroy<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::destroy(js, args, ScriptObjectKind::Camera, "camera.destroy")
}

fn when_created<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::when_created(js, args, ScriptObjectKind::Camera, "camera.whenCreated")
}

fn get<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&arg(js, args, 0), Arg::new("camera.get", "id"))?;
    let Some(state) = js.host()?.shared.cameras.get(&id) else {
        return Ok(js.undefined());
    };
    let position = vec3_object(js, state.position)?;
    let look_at = vec3_object(js, state.look_at)?;
    let fields = [
        (key::POSITION, position),
        (key::LOOK_AT, look_at),
        (key::FOV, js.number(f64::from(state.fov))),
        (key::ACTIVE, js.boolean(state.active)),
    ];
    js.object(&fields)
}
