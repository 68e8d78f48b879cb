//! `light.*`: point and directional lights.

use bevy::math::Vec3;
use boa_engine::{Context, JsArgs, JsObject, JsResult, JsValue};

use super::ScriptHost;
use super::args::{self, Arg, key};
use crate::bridge::{Command, LightUpdate};
use crate::state::{LightKind, LightState, Rgba8, ScriptObjectKind};

/// Bevy's default point light intensity, in lumens.
const DEFAULT_POINT_LUMENS: f32 = bevy::light::light_consts::lumens::VERY_LARGE_CINEMA_LIGHT;
/// Bevy's default directional light illuminance, in lux.
const DEFAULT_DIRECTIONAL_LUX: f32 = bevy::light::light_consts::lux::AMBIENT_DAYLIGHT;

pub(super) const FUNCTIONS: &[&str] = &["create", "update", "destroy", "whenCreated"];

pub(super) const NATIVES: super::Natives = &[
    ("create", create, 1),
    ("update", update, 2),
    ("destroy", destroy, 1),
    ("whenCreated", when_created, 1),
];

fn light_fields(options: &JsObject, arg: Arg<'_>, context: &mut Context) -> JsResult<LightUpdate> {
    Ok(LightUpdate {
        position: args::optional_field(options, key!("position"), arg, context, args::vec3)?,
        direction: args::optional_field(options, key!("direction"), arg, context, args::direction)?,
        color: args::optional_field(options, key!("color"), arg, context, args::color)?,
        intensity: args::optional_field(options, key!("intensity"), arg, context, |v, a, _| {
            args::non_negative(v, a)
        })?,
        shadows: args::optional_field(options, key!("shadows"), arg, context, |v, a, _| {
            args::boolean(v, a)
        })?,
    })
}

fn create(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "light.create";
    let options = args::object(args.get_or_undefined(0), Arg::new(FUNC, "options"))?;
    let arg = Arg::new(FUNC, "");
    let type_arg = Arg::new(FUNC, "type");
    let kind = match args::get(&options, &key!("type"), context)? {
        value if value.is_undefined() => {
            return Err(type_arg.type_error("\"point\" or \"directional\""));
        }
        value => match args::string(&value, type_arg)?.as_str() {
            "point" => LightKind::Point,
            "directional" => LightKind::Directional,
            _ => return Err(type_arg.range_error("\"point\" or \"directional\"")),
        },
    };
    let fields = light_fields(&options, arg, context)?;
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
    let host = ScriptHost::get(context)?;
    let id = host.allocate(ScriptObjectKind::Light, FUNC)?;
    host.send(Command::SpawnLight { id, state }, FUNC)?;
    Ok(id.into())
}

fn update(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    const FUNC: &str = "light.update";
    let id = args::id(args.get_or_undefined(0), Arg::new(FUNC, "id"))?;
    ScriptHost::get(context)?.expect_live(id, ScriptObjectKind::Light, FUNC)?;
    let changes = args::object(args.get_or_undefined(1), Arg::new(FUNC, "changes"))?;
    let arg = Arg::new(FUNC, "");
    let update = light_fields(&changes, arg, context)?;
    let host = ScriptHost::get(context)?;
    host.expect_live(id, ScriptObjectKind::Light, FUNC)?;
    if update != LightUpdate::default() {
        host.send(Command::UpdateLight { id, update }, FUNC)?;
    }
    Ok(JsValue::undefined())
}

fn destroy(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::destroy(args, ScriptObjectKind::Light, "light.destroy", context)
}

fn when_created(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    super::when_created(args, ScriptObjectKind::Light, "light.whenCreated", context)
}
