//! `entity.*`: primitive mesh entities.

use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsArgs, JsResult, JsString, JsValue};

use super::args::{self, Arg};
use super::{ScriptHost, color_object, vec3_object};
use crate::bridge::{Command, EntityUpdate};
use crate::state::{EntityState, ScriptObjectKind, Shape, YawPitchRoll};

pub(super) const FUNCTIONS: &[&str] = &[
    "createCube",
    "createSphere",
    "createPlane",
    "update",
    "destroy",
    "get",
    "whenCreated",
];

pub(super) const NATIVES: super::Natives = &[
    ("createCube", create_cube, 3),
    ("createSphere", create_sphere, 3),
    ("createPlane", create_plane, 3),
    ("update", update, 2),
    ("destroy", destroy, 1),
    ("get", get, 1),
    ("whenCreated", when_created, 1),
];

fn create_cube(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    create(Shape::Cube, "entity.createCube", "size", args, context)
}

fn create_sphere(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    create(
        Shape::Sphere,
        "entity.createSphere",
        "radius",
        args,
        context,
    )
}

fn create_plane(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    create(Shape::Plane, "entity.createPlane", "size", args, context)
}

fn create(
    shape: Shape,
    func: &'static str,
    size_name: &str,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let position = args::vec3(
        args.get_or_undefined(0),
        Arg::new(func, "position"),
        context,
    )?;
    let color = args::color(args.get_or_undefined(1), Arg::new(func, "color"), context)?;
    let size = args::positive(args.get_or_undefined(2), Arg::new(func, size_name))?;
    let host = ScriptHost::get(context)?;
    let id = host.allocate(ScriptObjectKind::Entity, func)?;
    let state = EntityState {
        position,
        rotation: YawPitchRoll::default(),
        scale: bevy::math::Vec3::ONE,
        color,
        visible: true,
        shape,
        size,
    };
    host.send(Command::SpawnEntity { id, state }, func)?;
    Ok(id.into())
}

fn update(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "entity.update";
    let id = args::id(args.get_or_undefined(0), Arg::new(FUNC, "id"))?;
    ScriptHost::get(context)?.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    let changes = args::object(args.get_or_undefined(1), Arg::new(FUNC, "changes"))?;
    let arg = Arg::new(FUNC, "");
    let update = EntityUpdate {
        position: args::optional_field(&changes, "position", arg, context, args::vec3)?,
        rotation: args::optional_field(&changes, "rotation", arg, context, args::rotation)?,
        scale: args::optional_field(&changes, "scale", arg, context, args::scale)?,
        color: args::optional_field(&changes, "color", arg, context, args::color)?,
        visible: args::optional_field(&changes, "visible", arg, context, |v, a, _| {
            args::boolean(v, a)
        })?,
    };
    // A getter above may have destroyed the entity.
    let host = ScriptHost::get(context)?;
    host.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    if update != EntityUpdate::default() {
        host.send(Command::UpdateEntity { id, update }, FUNC)?;
    }
    Ok(JsValue::undefined())
}

fn destroy(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::destroy(args, ScriptObjectKind::Entity, "entity.destroy", context)
}

fn when_created(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::when_created(
        args,
        ScriptObjectKind::Entity,
        "entity.whenCreated",
        context,
    )
}

fn get(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let id = args::id(args.get_or_undefined(0), Arg::new("entity.get", "id"))?;
    let Some(state) = ScriptHost::get(context)?.shared.entities.get(&id) else {
        return Ok(JsValue::undefined());
    };
    let position = vec3_object(state.position, context);
    let rotation = ObjectInitializer::new(context)
        .property(
            JsString::from("yaw"),
            f64::from(state.rotation.yaw),
            Attribute::all(),
        )
        .property(
            JsString::from("pitch"),
            f64::from(state.rotation.pitch),
            Attribute::all(),
        )
        .property(
            JsString::from("roll"),
            f64::from(state.rotation.roll),
            Attribute::all(),
        )
        .build();
    let scale = vec3_object(state.scale, context);
    let color = color_object(state.color, context);
    let object = ObjectInitializer::new(context)
        .property(JsString::from("position"), position, Attribute::all())
        .property(JsString::from("rotation"), rotation, Attribute::all())
        .property(JsString::from("scale"), scale, Attribute::all())
        .property(JsString::from("color"), color, Attribute::all())
        .property(JsString::from("visible"), state.visible, Attribute::all())
        .build();
    Ok(object.into())
}
