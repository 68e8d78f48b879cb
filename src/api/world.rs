//! `world.*`: the game's own entities, exposed components and resources.
//!
//! Reads come from the state the main thread published at the last swap; writes are commands,
//! applied in order with the script's other commands. Every value a script writes is checked
//! here against the type's reflected shape, so a wrong field, type or range throws in the
//! calling line.

use bevy::prelude::Transform;

use super::args::{self, Arg};
use super::common::known_id;
use super::js::{ApiError, ApiResult, Js, Kind, NativeFn, Natives, arg};
use super::json;
use crate::core::bridge::{Command, ReflectBox};
use crate::core::host::ScriptHost;
use crate::core::reflect::{Failure, FailureKind, NAME, Reflection, TRANSFORM, TypeIndex};
use crate::core::state::{ScriptId, ScriptObjectKind};
use crate::core::world::bit;

pub(super) const FUNCTIONS: &[&str] = &[
    "query",
    "find",
    "get",
    "has",
    "set",
    "insert",
    "remove",
    "spawn",
    "getResource",
    "setResource",
];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("query", query::<J> as NativeFn<J>, 0),
        ("find", find::<J>, 1),
        ("get", get::<J>, 2),
        ("has", has::<J>, 2),
        ("set", set::<J>, 3),
        ("insert", insert::<J>, 3),
        ("remove", remove::<J>, 2),
        ("spawn", spawn::<J>, 1),
        ("getResource", get_resource::<J>, 1),
        ("setResource", set_resource::<J>, 2),
    ]
}

/// A refused value as the script sees it: `func: Health.current must be a number`.
pub(super) fn refused<E>(func: &str, failure: Failure) -> ApiError<E> {
    let message = format!("{func}: {}", failure.message);
    match failure.kind {
        FailureKind::Type => ApiError::Type(message),
        FailureKind::Range => ApiError::Range(message),
    }
}

/// The exposed component a script named.
fn component<J: Js>(
    js: &J,
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<(TypeIndex, String), J> {
    let name = args::string(js, value, Arg::new(func, "component"))?;
    let types = &host.shared.world.reflection.types;
    match types.component(&name) {
        Some(index) => Ok((index, name)),
        None => Err(ApiError::Range(format!(
            "{func}: {name} is not an exposed component (exposed: {})",
            types.component_names()
        ))),
    }
}

/// The exposed resource a script named.
fn resource<J: Js>(
    js: &J,
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<(TypeIndex, String), J> {
    let name = args::string(js, value, Arg::new(func, "resource"))?;
    let types = &host.shared.world.reflection.types;
    match types.resource(&name) {
        Some(index) => Ok((index, name)),
        None => Err(ApiError::Range(format!(
            "{func}: {name} is not an exposed resource (exposed: {})",
            types.resource_names()
        ))),
    }
}

/// A live entity id (a write's target).
fn live_id<J: Js>(
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<ScriptId, J> {
    let id = args::id::<J>(value, Arg::new(func, "id"))?;
    host.expect_entity(id, func)?;
    Ok(id)
}

/// A reflected value as JS data, in the serializer's shape.
fn to_js<J: Js>(
    js: &mut J,
    reflection: &Reflection,
    value: &dyn bevy::reflect::PartialReflect,
    func: &str,
) -> ApiResult<J::Value, J> {
    let json = reflection
        .to_json(value)
        .map_err(|error| ApiError::Plain(format!("{func}: {error}")))?;
    json::from_json(js, &json)
}

/// `world.query(...components)`: ids of visible entities with every named component, as of
/// the last swap, ascending.
fn query<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.query";
    let host = js.host()?;
    let mut mask = 0u64;
    for value in args {
        mask |= bit(component(js, &host, value, FUNC)?.0);
    }
    let mut ids: Vec<ScriptId> = host.shared.world.meta.with(|visible| {
        visible
            .iter()
            .filter(|(_, meta)| meta.components & mask == mask)
            .map(|(id, _)| *id)
            .collect()
    });
    ids.sort_unstable();
    let items = ids.into_iter().map(|id| js.number(f64::from(id))).collect();
    js.array(items)
}

/// `world.find(name)`: the visible entity whose `Name` is `name` (the lowest id if several).
fn find<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.find";
    let name = args::string(js, &arg(js, args, 0), Arg::new(FUNC, "name"))?;
    let host = js.host()?;
    let found = host.shared.world.values.with(|values| {
        values
            .iter()
            .filter(|((_, component), value)| {
                *component == NAME
                    && value
                        .0
                        .try_downcast_ref::<bevy::prelude::Name>()
                        .is_some_and(|value| value.as_str() == name)
            })
            .map(|((id, _), _)| *id)
            .min()
    });
    Ok(match found {
        Some(id) => js.number(f64::from(id)),
        None => js.undefined(),
    })
}

/// `world.get(id, component)`: the component as of the last swap, or `undefined`.
fn get<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.get";
    let host = js.host()?;
    let id = known_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    let (index, _) = component(js, &host, &arg(js, args, 1), FUNC)?;
    let world = &host.shared.world;
    if index == TRANSFORM {
        // The transform scripts read is the entity state, published with every swap.
        let has = world.has(id, TRANSFORM);
        let Some(state) = host.shared.entities.get(&id).filter(|_| has) else {
            return Ok(js.undefined());
        };
        let transform = Transform {
            translation: state.position,
            rotation: state.rotation.to_quat(),
            scale: state.scale,
        };
        return to_js(js, &world.reflection, &transform, FUNC);
    }
    match world.values.get(&(id, index)) {
        Some(value) => to_js(js, &world.reflection, value.0.as_ref(), FUNC),
        None => Ok(js.undefined()),
    }
}

/// `world.has(id, component)`.
fn has<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.has";
    let host = js.host()?;
    let id = known_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    let (index, _) = component(js, &host, &arg(js, args, 1), FUNC)?;
    Ok(js.boolean(host.shared.world.has(id, index)))
}

/// Whether the published state says `id` lacks component `index` (an entity created this
/// frame is not published yet, so it is given the benefit of the doubt).
fn lacks(host: &ScriptHost, id: ScriptId, index: TypeIndex) -> bool {
    host.shared
        .world
        .meta
        .get(&id)
        .is_some_and(|meta| !meta.has(index))
}

/// `world.set(id, component, patch)`: changes the fields `patch` names.
fn set<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.set";
    let host = js.host()?;
    let id = live_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    let (index, name) = component(js, &host, &arg(js, args, 1), FUNC)?;
    if lacks(&host, id, index) {
        return Err(ApiError::Range(format!(
            "{FUNC}: entity {id} has no {name} (world.insert adds one)"
        )));
    }
    let patch = json::to_json_at(js, &arg(js, args, 2), FUNC, &name)?;
    let reflection = &host.shared.world.reflection;
    let type_id = reflection.types.components[usize::from(index)].type_id;
    let patch = reflection
        .patch(type_id, &patch, &name)
        .map_err(|failure| refused(FUNC, failure))?;
    host.send(
        Command::PatchComponent {
            id,
            component: index,
            patch: Box::new(patch),
        },
        FUNC,
    )?;
    Ok(js.undefined())
}

/// A complete value of exposed component `index` from a script's value.
fn component_value<J: Js>(
    js: &mut J,
    host: &ScriptHost,
    index: TypeIndex,
    name: &str,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<ReflectBox, J> {
    let json = json::to_json_at(js, value, func, name)?;
    let reflection = &host.shared.world.reflection;
    let type_id = reflection.types.components[usize::from(index)].type_id;
    reflection
        .value(type_id, &json, name)
        .map(ReflectBox)
        .map_err(|failure| refused(func, failure))
}

/// `world.insert(id, component, value)`: adds or replaces a whole component.
fn insert<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.insert";
    let host = js.host()?;
    let id = live_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    let (index, name) = component(js, &host, &arg(js, args, 1), FUNC)?;
    let value = component_value(js, &host, index, &name, &arg(js, args, 2), FUNC)?;
    host.send(
        Command::InsertComponent {
            id,
            component: index,
            value: Box::new(value),
        },
        FUNC,
    )?;
    Ok(js.undefined())
}

/// `world.remove(id, component)`: whether the entity had it (as of the last swap).
fn remove<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.remove";
    let host = js.host()?;
    let id = live_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    let (index, _) = component(js, &host, &arg(js, args, 1), FUNC)?;
    let had = host.shared.world.has(id, index);
    host.send(
        Command::RemoveComponent {
            id,
            component: index,
        },
        FUNC,
    )?;
    Ok(js.boolean(had))
}

/// `world.spawn(components?)`: a new visible entity; its id at once.
fn spawn<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.spawn";
    let host = js.host()?;
    let value = arg(js, args, 0);
    let mut components = Vec::new();
    if !matches!(J::kind(&value), Kind::Undefined) {
        let object = args::object::<J>(&value, Arg::new(FUNC, "components"))?;
        for name in js.own_keys(&object)? {
            let field = js.get_named(&object, &name)?;
            let name_value = js.string(&name)?;
            let (index, name) = component(js, &host, &name_value, FUNC)?;
            components.push((
                index,
                component_value(js, &host, index, &name, &field, FUNC)?,
            ));
        }
    }
    let id = host.allocate(ScriptObjectKind::Entity, FUNC)?;
    host.send(Command::SpawnVisible { id, components }, FUNC)?;
    Ok(js.number(f64::from(id)))
}

/// `world.getResource(name)`: the resource as of the last swap, or `undefined`.
fn get_resource<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.getResource";
    let host = js.host()?;
    let (index, _) = resource(js, &host, &arg(js, args, 0), FUNC)?;
    let world = &host.shared.world;
    match world.resources.get(&index) {
        Some(value) => to_js(js, &world.reflection, value.0.as_ref(), FUNC),
        None => Ok(js.undefined()),
    }
}

/// `world.setResource(name, patch)`: changes the fields `patch` names.
fn set_resource<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "world.setResource";
    let host = js.host()?;
    let (index, name) = resource(js, &host, &arg(js, args, 0), FUNC)?;
    let world = &host.shared.world;
    if world.resources.get(&index).is_none() {
        return Err(ApiError::Range(format!(
            "{FUNC}: the game has no {name} resource"
        )));
    }
    let patch = json::to_json_at(js, &arg(js, args, 1), FUNC, &name)?;
    let type_id = world.reflection.types.resources[usize::from(index)].type_id;
    let patch = world
        .reflection
        .patch(type_id, &patch, &name)
        .map_err(|failure| refused(FUNC, failure))?;
    host.send(
        Command::PatchResource {
            resource: index,
            patch: Box::new(patch),
        },
        FUNC,
    )?;
    Ok(js.undefined())
}
