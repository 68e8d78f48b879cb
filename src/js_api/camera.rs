//! `camera.*`: perspective 3D cameras. The first camera created is active; exactly one
//! script camera is active at a time.

use boa_engine::js_string;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsArgs, JsObject, JsResult, JsValue};

use super::args::{self, Arg, key};
use super::{ScriptHost, vec3_object};
use crate::bridge::{CameraUpdate, Command};
use crate::state::{CameraState, ScriptObjectKind};

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

pub(super) const NATIVES: super::Natives = &[
    ("create", create, 1),
    ("update", update, 2),
    ("setActive", set_active, 1),
    ("destroy", destroy, 1),
    ("get", get, 1),
    ("whenCreated", when_created, 1),
];

fn fov(value: &JsValue, arg: Arg<'_>, _: &mut Context) -> JsResult<f32> {
    let fov = args::finite(value, arg)?;
    if fov > 0.0 && fov < 180.0 {
        Ok(fov)
    } else {
        Err(arg.range_error("between 0 and 180 degrees (exclusive)"))
    }
}

fn camera_fields(
    options: &JsObject,
    arg: Arg<'_>,
    context: &mut Context,
) -> JsResult<CameraUpdate> {
    Ok(CameraUpdate {
        position: args::optional_field(options, key!("position"), arg, context, args::vec3)?,
        look_at: args::optional_field(options, key!("lookAt"), arg, context, args::vec3)?,
        fov: args::optional_field(options, key!("fov"), arg, context, fov)?,
    })
}

fn create(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "camera.create";
    let options = args::object(args.get_or_undefined(0), Arg::new(FUNC, "options"))?;
    let arg = Arg::new(FUNC, "");
    let fields = camera_fields(&options, arg, context)?;
    let Some(position) = fields.position else {
        return Err(Arg::new(FUNC, "position").type_error("an {x, y, z} object"));
    };
    let host = ScriptHost::get(context)?;
    let id = host.allocate(ScriptObjectKind::Camera, FUNC)?;
    let state = CameraState {
        position,
        // Without a target, look down -Z like a default Bevy camera.
        look_at: fields.look_at.unwrap_or(position + bevy::math::Vec3::NEG_Z),
        fov: fields.fov.unwrap_or(DEFAULT_FOV),
        active: false,
    };
    host.send(Command::SpawnCamera { id, state }, FUNC)?;
    Ok(id.into())
}

fn update(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "camera.update";
    let id = args::id(args.get_or_undefined(0), Arg::new(FUNC, "id"))?;
    ScriptHost::get(context)?.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    let changes = args::object(args.get_or_undefined(1), Arg::new(FUNC, "changes"))?;
    let arg = Arg::new(FUNC, "");
    let update = camera_fields(&changes, arg, context)?;
    let host = ScriptHost::get(context)?;
    host.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    if update != CameraUpdate::default() {
        host.send(Command::UpdateCamera { id, update }, FUNC)?;
    }
    Ok(JsValue::undefined())
}

fn set_active(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "camera.setActive";
    let id = args::id(args.get_or_undefined(0), Arg::new(FUNC, "id"))?;
    let host = ScriptHost::get(context)?;
    host.expect_live(id, ScriptObjectKind::Camera, FUNC)?;
    host.send(Command::SetActiveCamera { id }, FUNC)?;
    Ok(JsValue::undefined())
}

fn destroy(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::destroy(args, ScriptObjectKind::Camera, "camera.destroy", context)
}

fn when_created(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::when_created(
        args,
        ScriptObjectKind::Camera,
        "camera.whenCreated",
        context,
    )
}

fn get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let id = args::id(args.get_or_undefined(0), Arg::new("camera.get", "id"))?;
    let Some(state) = ScriptHost::get(context)?.shared.cameras.get(&id) else {
        return Ok(JsValue::undefined());
    };
    let position = vec3_object(state.position, context);
    let look_at = vec3_object(state.look_at, context);
    let object = ObjectInitializer::new(context)
        .property(js_string!("position"), position, Attribute::all())
        .property(js_string!("lookAt"), look_at, Attribute::all())
        .property(js_string!("fov"), f64::from(state.fov), Attribute::all())
        .property(js_string!("active"), state.active, Attribute::all())
        .build();
    Ok(object.into())
}
