//! `entity.*`: primitive mesh entities.

use bevy::math::Vec3;
use boa_engine::js_string;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsArgs, JsResult, JsValue};

use super::args::{self, Arg, NumberKind, key};
use super::{ScriptHost, color_object, vec3_object};
use crate::bridge::{Command, EntityUpdate, TransformRecord};
use crate::state::{EntityState, ScriptObjectKind, Shape, YawPitchRoll};

pub(super) const FUNCTIONS: &[&str] = &[
    "createCube",
    "createSphere",
    "createPlane",
    "update",
    "setPosition",
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
    ("setPosition", set_position, 4),
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

/// `entity.setPosition(id, x, y, z)`: `entity.update(id, {position: {x, y, z}})` without the
/// argument objects, which are most of that call's cost in Boa.
fn set_position(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "entity.setPosition";
    let id = args::id(args.get_or_undefined(0), Arg::new(FUNC, "id"))?;
    let axis = |index: usize, name: &'static str| {
        args::finite(args.get_or_undefined(index), Arg::new(FUNC, name))
    };
    let position = Vec3::new(axis(1, "x")?, axis(2, "y")?, axis(3, "z")?);
    let host = ScriptHost::get(context)?;
    host.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    let update = EntityUpdate {
        position: Some(position),
        ..EntityUpdate::default()
    };
    host.send(Command::UpdateEntity { id, update }, FUNC)?;
    Ok(JsValue::undefined())
}

/// `entity.setTransforms(ids, positions, rotations?)`: moves many entities in one call. Each
/// argument is a typed array or a plain array of numbers. The whole batch is validated before
/// any of it is sent.
fn set_transforms(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "entity.setTransforms";
    let ids_arg = Arg::new(FUNC, "ids");
    let positions_arg = Arg::new(FUNC, "positions");
    let rotations_arg = Arg::new(FUNC, "rotations");
    let ids = args::numbers(
        args.get_or_undefined(0),
        NumberKind::Uint32,
        ids_arg,
        context,
    )?;
    let positions = args::numbers(
        args.get_or_undefined(1),
        NumberKind::Float32,
        positions_arg,
        context,
    )?;
    let rotations = match args.get_or_undefined(2) {
        value if value.is_null_or_undefined() => None,
        value => Some(args::numbers(
            value,
            NumberKind::Float32,
            rotations_arg,
            context,
        )?),
    };
    let count = ids.len();
    let three_per_id = |numbers: &args::Numbers, arg: Arg<'_>| {
        if numbers.len() == count * 3 {
            Ok(())
        } else {
            Err(arg.range_error_detail(&format!(
                "must hold 3 numbers per id: {} for {count} ids, not {}",
                count * 3,
                numbers.len()
            )))
        }
    };
    three_per_id(&positions, positions_arg)?;
    if let Some(rotations) = &rotations {
        three_per_id(rotations, rotations_arg)?;
    }
    let ids = ids.read(ids_arg)?;
    let positions = positions.read(positions_arg)?;
    let rotations = match &rotations {
        Some(numbers) => Some(numbers.read(rotations_arg)?),
        None => None,
    };
    let host = ScriptHost::get(context)?;
    host.send_transforms(FUNC, rotations.is_some(), |records, is_entity| {
        // `count` is a plain array's `length`, which a script can set far beyond its
        // storage: reserve for what the ring holds at most and let a real batch grow it.
        records.reserve(count.min(1 << 16));
        for index in 0..count {
            let Some(id) = ids.get(index).and_then(args::id_from_number) else {
                return Err(ids_arg.element_error(index, "must be an id (a positive integer)"));
            };
            if !is_entity(id) {
                return Err(
                    ids_arg.element_error(index, &format!("is {id}, which is not a live entity"))
                );
            }
            let position = vec3_at(&positions, index, positions_arg)?;
            let rotation = match &rotations {
                Some(rotations) => {
                    let [yaw, pitch, roll] = vec3_at(rotations, index, rotations_arg)?.to_array();
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

/// Entity `index`'s three finite numbers (elements `3 * index ..`) of a batch argument.
fn vec3_at(numbers: &args::NumbersRef<'_>, index: usize, arg: Arg<'_>) -> JsResult<Vec3> {
    let mut values = [0.0f32; 3];
    for (axis, value) in values.iter_mut().enumerate() {
        let element = index * 3 + axis;
        let Some(number) = numbers.get(element).and_then(args::finite_f32) else {
            return Err(arg.element_error(
                element,
                &format!("must be a finite number (entity {index})"),
            ));
        };
        *value = number;
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
