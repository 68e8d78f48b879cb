//! `light.*`: point and directional lights.

use bevy::math::Vec3;

use super::args::{self, Arg};
use super::js::{ApiResult, Js, NativeFn, Natives, arg, key};
use crate::core::bridge::{Command, LightUpdate};
use crate::core::state::{LightKind, LightState, Rgba8, ScriptObjectKind};

/// Bevy's default point light intensity, in lumens.
const DEFAULT_POINT_LUMENS: f32 = bevy::light::light_consts::lumens::VERY_LARGE_CINEMA_LIGHT;
/// Bevy's default directional light illuminance, in lux.
const DEFAULT_DIRECTIONAL_LUX: f32 = bevy::light::light_consts::lux::AMBIENT_DAYLIGHT;

pub(super) const FUNCTIONS: &[&str] = &["create", "update", "destroy", "whenCreated"];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("create", create::<J> as NativeFn<J>, 1),
        ("update", update::<J>, 2),
        ("destroy", destroy::<J>, 1),
        ("whenCreated", when_created::<J>, 1),
    ]
}

fn light_fields<J: Js>(js: &mut J, options: &J::Object, arg: Arg<'_>) -> ApiResult<LightUpdate, J> {
    Ok(LightUpdate {
        position: args::optional_field(js, options, key::POSITION, arg, args::vec3)?,
        direction: args::optional_field(js, options, key::DIRECTION, arg, args::direction)?,
        color: args::optional_field(js, options, key::COLOR, arg, args::color)?,
        intensity: args::optional_field(js, options, key::INTENSITY, arg, |_, v, a| {
            args::non_negative::<J>(v, a)
        })?,
        shadows: args::optional_field(js, options, key::SHADOWS, arg, |_, v, a| {
            args::boolean::<J>(v, a)
        })?,
    })
}

fn create<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "light.create";
    let options = args::object::<J>(&arg(js, args, 0), Arg::new(FUNC, "options"))?;
    let type_arg = Arg::new(FUNC, "type");
    let kind =
        match args::optional_field(js, &options, key::TYPE, Arg::new(FUNC, ""), |js, v, a| {
            args::string(js, v, a)
        })? {
            None => return Err(type_arg.type_error("\"point\" or \"directional\"")),
            Some(name) => match name.as_str() {
                "point" => LightKind::Point,
                "directional" => LightKind::Directional,
                _ => return Err(type_arg.range_error("\"point\" or \"directional\"")),
            },
        };
    let fields = light_fields(js, &options, Arg::new(FUNC, ""))?;
    let state = LightState {
        kind,
        position: fields.position.unwrap_or(Vec3::ZERO),
        direction: fields.direction.unwrap_or(Vec3::NEG_Y),
        color: fields.color.unwrap_or(Rgba8::WHITE),
        intensity: fields.intensity.unwrap_or(match kind {
            LightKind::Point => DEFAULT_POINT_LUMENS,
            LightKind::Directional => DEFAULT_DIRECTIONAL_LUX,
        }),
        shadows: fields.shadows.unwrap_or(true),
    };
    let host = js.host()?;
    let id = host.allocate(ScriptObjectKind::Light, FUNC)?;
    host.send(Command::SpawnLight { id, state }, FUNC)?;
    Ok(js.number(f64::from(id)))
}

fn update<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "light.update";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    js.host()?.expect_live(id, ScriptObjectKind::Light, FUNC)?;
    let changes = args::object::<J>(&arg(js, args, 1), Arg::new(FUNC, "changes"))?;
    let update = light_fields(js, &changes, Arg::new(FUNC, ""))?;
    let host = js.host()?;
    host.expect_live(id, ScriptObjectKind::Light, FUNC)?;
    if update != LightUpdate::default() {
        host.send(Command::UpdateLight { id, update }, FUNC)?;
    }
    Ok(js.undefined())
}

fn destroy<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::destroy(js, args, ScriptObjectKind::Light, "light.destroy")
}

fn when_created<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::when_created(js, args, ScriptObjectKind::Light, "light.whenCreated")
}
