//! `entity.*`: primitive mesh entities.

use bevy::math::Vec3;
use boa_engine::builtins::typed_array::TypedArrayKind;
use boa_engine::js_string;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsArgs, JsResult, JsValue};

use super::args::{self, Arg, key};
use super::{ScriptHost, color_object, vec3_object};
use crate::bridge::{Command, EntityUpdate, TransformRecord};
use crate::state::{EntityState, ScriptObjectKind, Shape, YawPitchRoll};

pub(super) const FUNCTIONS: &[&str] = &[
    "createCube",
    "createSphere",
    "createPlane",
    "update",
    "setTransforms",
    "destroy",
    "get",
    "whenCreated",
];

pub(super) const NATIVES: super::Natives = &[
    ("createCube", create_cube, 3),
    ("createSphere", create_sphere, 3),
    ("createPlane", create_plane, 3),
    ("update", update, 2),
    ("setTransforms", set_transforms, 3),
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
        position: args::optional_field(&changes, key!("position"), arg, context, args::vec3)?,
        rotation: args::optional_field(&changes, key!("rotation"), arg, context, args::rotation)?,
        scale: args::optional_field(&changes, key!("scale"), arg, context, args::scale)?,
        color: args::optional_field(&changes, key!("color"), arg, context, args::color)?,
        visible: args::optional_field(&changes, key!("visible"), arg, context, |v, a, _| {
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

/// `entity.setTransforms(ids, positions, rotations?)`: moves many entities in one call. The
/// whole batch is validated before any of it is sent.
fn set_transforms(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "entity.setTransforms";
    let ids_arg = Arg::new(FUNC, "ids");
    let positions_arg = Arg::new(FUNC, "positions");
    let rotations_arg = Arg::new(FUNC, "rotations");
    let floats = "a Float32Array";
    let ids = args::typed_array(
        args.get_or_undefined(0),
        TypedArrayKind::Uint32,
        "a Uint32Array",
        ids_arg,
        context,
    )?;
    let positions = args::typed_array(
        args.get_or_undefined(1),
        TypedArrayKind::Float32,
        floats,
        positions_arg,
        context,
    )?;
    let rotations = match args.get_or_undefined(2) {
        value if value.is_null_or_undefined() => None,
        value => Some(args::typed_array(
            value,
            TypedArrayKind::Float32,
            floats,
            rotations_arg,
            context,
        )?),
    };
    let count = ids.len;
    let three_per_id = |view: &args::TypedView, arg: Arg<'_>| {
        if view.len == count * 3 {
            Ok(())
        } else {
            Err(arg.range_error_detail(&format!(
                "must hold 3 numbers per id: {} for {count} ids, not {}",
                count * 3,
                view.len
            )))
        }
    };
    three_per_id(&positions, positions_arg)?;
    if let Some(rotations) = &rotations {
        three_per_id(rotations, rotations_arg)?;
    }
    let id_bytes = ids.bytes(ids_arg)?;
    let position_bytes = positions.bytes(positions_arg)?;
    let rotation_bytes = match &rotations {
        Some(view) => Some(view.bytes(rotations_arg)?),
        None => None,
    };
    let host = ScriptHost::get(context)?;
    host.send_transforms(FUNC, rotations.is_some(), |records, is_entity| {
        let ids = ids.slice(&id_bytes).chunks_exact(4);
        let mut positions = positions.slice(&position_bytes).chunks_exact(12);
        let mut rotations = rotations
            .as_ref()
            .zip(rotation_bytes.as_ref())
            .map(|(view, bytes)| view.slice(bytes).chunks_exact(12));
        records.reserve(count);
        for (index, id) in ids.enumerate() {
            let id = u32::from_ne_bytes([id[0], id[1], id[2], id[3]]);
            if !is_entity(id) {
                return Err(
                    ids_arg.element_error(index, &format!("is {id}, which is not a live entity"))
                );
            }
            let position = vec3_at(positions.next(), index, positions_arg)?;
            let rotation = match rotations.as_mut() {
                Some(rotations) => {
                    let [yaw, pitch, roll] =
                        vec3_at(rotations.next(), index, rotations_arg)?.to_array();
                    YawPitchRoll { yaw, pitch, roll }
                }
                None => YawPitchRoll::default(),
            };
            records.push(TransformRecord {
                id,
                position,
                rotation,
            });
        }
        Ok(())
    })?;
    Ok(JsValue::undefined())
}

/// Three finite floats from 12 native-endian bytes: element `index` of a batch.
fn vec3_at(bytes: Option<&[u8]>, index: usize, arg: Arg<'_>) -> JsResult<Vec3> {
    let Some(bytes) = bytes else {
        return Err(arg.range_error_detail("is shorter than announced"));
    };
    let mut values = [0.0f32; 3];
    for (axis, (value, chunk)) in values.iter_mut().zip(bytes.chunks_exact(4)).enumerate() {
        *value = f32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        if !value.is_finite() {
            return Err(arg.element_error(
                index * 3 + axis,
                &format!("must be a finite number (entity {index})"),
            ));
        }
    }
    Ok(Vec3::from_array(values))
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
            js_string!("yaw"),
            f64::from(state.rotation.yaw),
            Attribute::all(),
        )
        .property(
            js_string!("pitch"),
            f64::from(state.rotation.pitch),
            Attribute::all(),
        )
        .property(
            js_string!("roll"),
            f64::from(state.rotation.roll),
            Attribute::all(),
        )
        .build();
    let scale = vec3_object(state.scale, context);
    let color = color_object(state.color, context);
    let object = ObjectInitializer::new(context)
        .property(js_string!("position"), position, Attribute::all())
        .property(js_string!("rotation"), rotation, Attribute::all())
        .property(js_string!("scale"), scale, Attribute::all())
        .property(js_string!("color"), color, Attribute::all())
        .property(js_string!("visible"), state.visible, Attribute::all())
        .build();
    Ok(object.into())
}
