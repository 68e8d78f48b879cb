//! `entity.*`: primitive mesh entities.

use bevy::math::Vec3;

use super::args::{self, Arg};
use super::common::{color_object, vec3_object};
use super::js::{ApiError, ApiResult, Js, NativeFn, Natives, NumberKind, arg, key};
use crate::core::bridge::{Command, EntityUpdate, TransformRecord};
use crate::core::host::ScriptHost;
use crate::core::state::{EntityState, ScriptObjectKind, Shape, YawPitchRoll};

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
    "setParent",
    "parent",
    "children",
];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("createCube", create_cube::<J> as NativeFn<J>, 3),
        ("createSphere", create_sphere::<J>, 3),
        ("createPlane", create_plane::<J>, 3),
        ("update", update::<J>, 2),
        ("setPosition", set_position::<J>, 4),
        ("setTransforms", set_transforms::<J>, 3),
        ("destroy", destroy::<J>, 1),
        ("get", get::<J>, 1),
        ("whenCreated", when_created::<J>, 1),
        ("setParent", set_parent::<J>, 2),
        ("parent", parent::<J>, 1),
        ("children", children::<J>, 1),
    ]
}

fn create_cube<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    create(js, args, Shape::Cube, "entity.createCube", "size")
}

fn create_sphere<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    create(js, args, Shape::Sphere, "entity.createSphere", "radius")
}

fn create_plane<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    create(js, args, Shape::Plane, "entity.createPlane", "size")
}

fn create<J: Js>(
    js: &mut J,
    args: &[J::Value],
    shape: Shape,
    func: &'static str,
    size_name: &str,
) -> ApiResult<J::Value, J> {
    let position = args::vec3(js, &arg(js, args, 0), Arg::new(func, "position"))?;
    let color = args::color(js, &arg(js, args, 1), Arg::new(func, "color"))?;
    let size = args::positive::<J>(&arg(js, args, 2), Arg::new(func, size_name))?;
    let host = js.host()?;
    let id = host.allocate(ScriptObjectKind::Entity, func)?;
    let state = EntityState {
        position,
        rotation: YawPitchRoll::default(),
        scale: Vec3::ONE,
        color,
        visible: true,
        shape,
        size,
    };
    host.send(Command::SpawnEntity { id, state }, func)?;
    Ok(js.number(f64::from(id)))
}

fn update<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "entity.update";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    js.host()?.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    let update = changes(js, &arg(js, args, 1), FUNC)?;
    // A getter above may have destroyed the entity.
    let host = js.host()?;
    host.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    if update != EntityUpdate::default() {
        host.send(Command::UpdateEntity { id, update }, FUNC)?;
    }
    Ok(js.undefined())
}

/// Reads `entity.update`'s `changes` argument: every field it may have, checked.
pub(super) fn changes<J: Js>(
    js: &mut J,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<EntityUpdate, J> {
    let changes = args::object::<J>(value, Arg::new(func, "changes"))?;
    let arg = Arg::new(func, "");
    let interpolation = js
        .host()?
        .shared
        .interpolation
        .load(std::sync::atomic::Ordering::Relaxed);
    Ok(EntityUpdate {
        position: args::optional_field(js, &changes, key::POSITION, arg, args::vec3)?,
        rotation: args::optional_field(js, &changes, key::ROTATION, arg, args::rotation)?,
        scale: args::optional_field(js, &changes, key::SCALE, arg, args::scale)?,
        color: args::optional_field(js, &changes, key::COLOR, arg, args::color)?,
        visible: args::optional_field(js, &changes, key::VISIBLE, arg, |_, v, a| {
            args::boolean::<J>(v, a)
        })?,
        teleport: interpolation
            && args::optional_field(js, &changes, key::TELEPORT, arg, |_, v, a| {
                args::boolean::<J>(v, a)
            })?
            .unwrap_or(false),
    })
}

/// `entity.setPosition(id, x, y, z, teleport?)`: `entity.update(id, {position: {x, y, z},
/// teleport})` without the argument objects, which are most of that call's cost.
fn set_position<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "entity.setPosition";
    let number = |index: usize| args.get(index);
    let id = match number(0) {
        Some(value) => args::id::<J>(value, Arg::new(FUNC, "id"))?,
        None => args::id::<J>(&js.undefined(), Arg::new(FUNC, "id"))?,
    };
    let axis = |index: usize, name: &'static str| match number(index) {
        Some(value) => args::finite::<J>(value, Arg::new(FUNC, name)),
        None => args::finite::<J>(&js.undefined(), Arg::new(FUNC, name)),
    };
    let position = Vec3::new(axis(1, "x")?, axis(2, "y")?, axis(3, "z")?);
    let teleport = match args.get(4) {
        Some(value) if !J::is_undefined(value) => {
            args::boolean::<J>(value, Arg::new(FUNC, "teleport"))?
        }
        _ => false,
    };
    let host = js.host()?;
    host.expect_live(id, ScriptObjectKind::Entity, FUNC)?;
    let update = EntityUpdate {
        position: Some(position),
        teleport,
        ..EntityUpdate::default()
    };
    host.send(Command::UpdateEntity { id, update }, FUNC)?;
    Ok(js.undefined())
}

/// `entity.setTransforms(ids, positions, rotations?, teleport?)`: moves many entities in one
/// call. Each array argument is a typed array or a plain array of numbers. The whole batch is validated before
/// any of it is sent.
fn set_transforms<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "entity.setTransforms";
    let ids_arg = Arg::new(FUNC, "ids");
    let positions_arg = Arg::new(FUNC, "positions");
    let rotations_arg = Arg::new(FUNC, "rotations");
    let host = js.host()?;
    let mut scratch = host
        .number_scratch
        .try_borrow_mut()
        .map_err(|_| ApiError::<J::Error>::Plain(format!("{FUNC}: called re-entrantly")))?;
    let [ids, positions, rotations] = &mut *scratch;
    let count = args::numbers(js, &arg(js, args, 0), NumberKind::Uint32, ids_arg, ids)?;
    let positions_len = args::numbers(
        js,
        &arg(js, args, 1),
        NumberKind::Float32,
        positions_arg,
        positions,
    )?;
    let rotation_value = arg(js, args, 2);
    let has_rotations = !matches!(
        J::kind(&rotation_value),
        super::js::Kind::Undefined | super::js::Kind::Null
    );
    let rotations_len = if has_rotations {
        args::numbers(
            js,
            &rotation_value,
            NumberKind::Float32,
            rotations_arg,
            rotations,
        )?
    } else {
        0
    };
    let three_per_id = |len: usize, arg: Arg<'_>| {
        if Some(len) == count.checked_mul(3) {
            Ok(())
        } else {
            Err(arg.range_error_detail::<J::Error>(&format!(
                "must hold 3 numbers per id: {} for {count} ids, not {len}",
                count.saturating_mul(3)
            )))
        }
    };
    three_per_id(positions_len, positions_arg)?;
    if has_rotations {
        three_per_id(rotations_len, rotations_arg)?;
    }
    let teleport_value = arg(js, args, 3);
    let teleport = !J::is_undefined(&teleport_value)
        && args::boolean::<J>(&teleport_value, Arg::new(FUNC, "teleport"))?;
    send_batch::<J>(
        &host,
        count,
        ids,
        positions,
        has_rotations.then_some(&**rotations),
        teleport,
    )?;
    Ok(js.undefined())
}

/// Validates and sends a batch whose argument lengths were checked.
fn send_batch<J: Js>(
    host: &ScriptHost,
    count: usize,
    ids: &[f64],
    positions: &[f64],
    rotations: Option<&[f64]>,
    teleport: bool,
) -> ApiResult<(), J> {
    const FUNC: &str = "entity.setTransforms";
    let ids_arg = Arg::new(FUNC, "ids");
    let positions_arg = Arg::new(FUNC, "positions");
    let rotations_arg = Arg::new(FUNC, "rotations");
    host.send_transforms(FUNC, rotations.is_some(), teleport, |records, is_entity| {
        // `count` is a plain array's `length`, which a script can set far beyond its
        // storage: the loop stops at the first missing element.
        records.reserve(ids.len());
        for index in 0..count {
            let Some(id) = ids.get(index).copied().and_then(args::id_from_number) else {
                return Err(ids_arg.element_error(index, "must be an id (a positive integer)"));
            };
            if !is_entity(id) {
                return Err(
                    ids_arg.element_error(index, &format!("is {id}, which is not a live entity"))
                );
            }
            let position = vec3_at::<J>(positions, index, positions_arg)?;
            let rotation = match rotations {
                Some(rotations) => {
                    let [yaw, pitch, roll] =
                        vec3_at::<J>(rotations, index, rotations_arg)?.to_array();
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
    })
}

/// Entity `index`'s three finite numbers (elements `3 * index ..`) of a batch argument.
fn vec3_at<J: Js>(numbers: &[f64], index: usize, arg: Arg<'_>) -> ApiResult<Vec3, J> {
    let mut values = [0.0f32; 3];
    for (axis, value) in values.iter_mut().enumerate() {
        let element = index * 3 + axis;
        let Some(number) = numbers.get(element).copied().and_then(args::finite_f32) else {
            return Err(arg.element_error(
                element,
                &format!("must be a finite number (entity {index})"),
            ));
        };
        *value = number;
    }
    Ok(Vec3::from_array(values))
}

fn destroy<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::destroy(js, args, ScriptObjectKind::Entity, "entity.destroy")
}

fn when_created<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::when_created(js, args, ScriptObjectKind::Entity, "entity.whenCreated")
}

/// `entity.setParent(child, parent | null)`: the child's transform becomes relative to its
/// parent; `null` detaches it. A cycle is a `RangeError`.
fn set_parent<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "entity.setParent";
    let child = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "child"))?;
    let parent_value = arg(js, args, 1);
    let parent = match J::kind(&parent_value) {
        super::js::Kind::Null => None,
        _ => Some(args::id::<J>(&parent_value, Arg::new(FUNC, "parent"))?),
    };
    let host = js.host()?;
    host.expect_entity(child, FUNC)?;
    if let Some(parent) = parent {
        host.expect_entity(parent, FUNC)?;
        // Walk up from the new parent, through this frame's calls and the published state.
        let mut ancestor = Some(parent);
        let mut steps = 0usize;
        let most = host.shared.world.meta.len() + 1;
        while let Some(current) = ancestor {
            if current == child {
                return Err(ApiError::Range(format!(
                    "{FUNC}: {child} is {parent} or one of its ancestors; that would make a cycle"
                )));
            }
            steps += 1;
            if steps > most {
                break;
            }
            ancestor = host.parent_of(current);
        }
    }
    host.record_parent(child, parent);
    host.send(Command::SetParent { child, parent }, FUNC)?;
    Ok(js.undefined())
}

/// `entity.parent(id)`: the visible parent as of the last swap, or `null`.
fn parent<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let host = js.host()?;
    let id = super::common::known_id::<J>(&host, &arg(js, args, 0), "entity.parent")?;
    let parent = host.shared.world.meta.get(&id).and_then(|meta| meta.parent);
    Ok(match parent {
        Some(parent) => js.number(f64::from(parent)),
        None => js.null(),
    })
}

/// `entity.children(id)`: the visible children as of the last swap, ascending.
fn children<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let host = js.host()?;
    let id = super::common::known_id::<J>(&host, &arg(js, args, 0), "entity.children")?;
    let mut children: Vec<u32> = host.shared.world.meta.with(|visible| {
        visible
            .iter()
            .filter(|(_, meta)| meta.parent == Some(id))
            .map(|(child, _)| *child)
            .collect()
    });
    children.sort_unstable();
    let items = children
        .into_iter()
        .map(|id| js.number(f64::from(id)))
        .collect();
    js.array(items)
}

fn get<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&arg(js, args, 0), Arg::new("entity.get", "id"))?;
    let Some(state) = js.host()?.shared.entities.get(&id) else {
        return Ok(js.undefined());
    };
    let position = vec3_object(js, state.position)?;
    let rotation = [
        (key::YAW, js.number(f64::from(state.rotation.yaw))),
        (key::PITCH, js.number(f64::from(state.rotation.pitch))),
        (key::ROLL, js.number(f64::from(state.rotation.roll))),
    ];
    let rotation = js.object(&rotation)?;
    let scale = vec3_object(js, state.scale)?;
    let color = color_object(js, state.color)?;
    let fields = [
        (key::POSITION, position),
        (key::ROTATION, rotation),
        (key::SCALE, scale),
        (key::COLOR, color),
        (key::VISIBLE, js.boolean(state.visible)),
    ];
    js.object(&fields)
}
