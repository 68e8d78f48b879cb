//! `ui.*`: HUDs, menus and buttons on Bevy's UI.
//!
//! A node is made with its kind and CSS-like props, checked here (an unknown prop, a wrong
//! type or a bad value throws, naming the prop), and kept in the worker's [`UiTree`] so that
//! `ui.get` and the parent checks need no round trip. The main thread builds the Bevy nodes;
//! their computed layout comes back through a state buffer.
//!
//! [`UiTree`]: crate::core::ui::UiTree

use super::args::{self, Arg};
use super::common::asset_file;
use super::js::{ApiError, ApiResult, Js, Kind, NativeFn, Natives, arg};
use crate::core::bridge::Command;
use crate::core::host::{ScriptHost, kind_name};
use crate::core::state::{ScriptId, ScriptObjectKind};
use crate::core::ui::{
    Edges, Length, MAX_FONT_SIZE, MAX_TEXT_BYTES, Prop, PropType, PropValue, UiKind, UiProps,
    UiSpawn, click_event,
};

pub(super) const FUNCTIONS: &[&str] = &[
    "create",
    "update",
    "destroy",
    "get",
    "setParent",
    "whenCreated",
    "onClick",
];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("create", create::<J> as NativeFn<J>, 2),
        ("update", update::<J>, 2),
        ("destroy", destroy::<J>, 1),
        ("get", get::<J>, 1),
        ("setParent", set_parent::<J>, 2),
        ("whenCreated", when_created::<J>, 1),
        ("onClick", on_click::<J>, 2),
    ]
}

/// The image formats Bevy's loaders read.
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "bmp", "tga", "webp", "ktx2", "dds", "gif", "hdr", "exr", "qoi",
];

/// `ui.create(kind, props?, parent?) → id`.
fn create<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.create";
    let kind_arg = Arg::new(FUNC, "kind");
    let expected = "\"node\", \"text\", \"button\" or \"image\"";
    let Some(name) = js.as_string(&arg(js, args, 0)) else {
        return Err(kind_arg.type_error(expected));
    };
    let Some(kind) = UiKind::NAMES
        .iter()
        .find_map(|(known, kind)| (*known == name).then_some(*kind))
    else {
        return Err(kind_arg.range_error(expected));
    };
    let props = props(js, &arg(js, args, 1), kind, FUNC, true)?;
    let host = js.host()?;
    let parent = parent::<J>(&host, &arg(js, args, 2), FUNC)?;
    let id = host.allocate(ScriptObjectKind::Ui, FUNC)?;
    let spawn = UiSpawn {
        kind,
        parent,
        props,
    };
    host.with_ui(|tree| tree.add(id, &spawn));
    host.send(Command::SpawnUi(Box::new((id, spawn))), FUNC)?;
    Ok(js.number(f64::from(id)))
}

/// `ui.update(id, props)`.
fn update<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.update";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    let kind = live_node::<J>(&host, id, FUNC)?;
    let props = props(js, &arg(js, args, 1), kind, FUNC, false)?;
    // A getter may have destroyed it meanwhile.
    live_node::<J>(&host, id, FUNC)?;
    if !props.is_empty() {
        host.with_ui(|tree| tree.update(id, &props));
        host.send(Command::UpdateUi(Box::new((id, props))), FUNC)?;
    }
    Ok(js.undefined())
}

/// `ui.destroy(id) → boolean`: the node and everything under it.
fn destroy<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.destroy";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    if !host.is_live(id, ScriptObjectKind::Ui) {
        return Ok(js.boolean(false));
    }
    let removed = host.with_ui(|tree| tree.remove(id)).unwrap_or_default();
    for node in removed {
        js.remove_handlers(&click_event(node), None)?;
        if host.forget(node, ScriptObjectKind::Ui) {
            host.send(Command::Destroy { id: node }, FUNC)?;
        }
    }
    Ok(js.boolean(true))
}

/// `ui.get(id) → { kind, parent, ...props, layout } | undefined`.
fn get<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.get";
    let host = js.host()?;
    let id = super::common::known_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    if !host.is_live(id, ScriptObjectKind::Ui) {
        return Ok(js.undefined());
    }
    let Some(mut value) = host
        .with_ui(|tree| {
            tree.get(id).map(|node| {
                let mut value = serde_json::Map::new();
                value.insert("kind".into(), node.kind.name().into());
                value.insert(
                    "parent".into(),
                    node.parent.map_or(serde_json::Value::Null, Into::into),
                );
                value.extend(node.props.to_json());
                value
            })
        })
        .flatten()
    else {
        return Ok(js.undefined());
    };
    let layout = host
        .shared
        .ui
        .get(&id)
        .map_or(serde_json::Value::Null, |layout| {
            serde_json::json!({
                "x": layout.x,
                "y": layout.y,
                "width": layout.width,
                "height": layout.height,
            })
        });
    value.insert("layout".into(), layout);
    super::json::from_json(js, &serde_json::Value::Object(value))
}

/// `ui.setParent(id, parent | null)`: moves a node (and what is under it) into another, or
/// makes it a root.
fn set_parent<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.setParent";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    live_node::<J>(&host, id, FUNC)?;
    let parent = parent::<J>(&host, &arg(js, args, 1), FUNC)?;
    if let Some(parent) = parent
        && host
            .with_ui(|tree| tree.is_ancestor(id, parent))
            .unwrap_or(true)
    {
        return Err(ApiError::Range(format!(
            "{FUNC}: node {parent} is node {id} or inside it: that would make a cycle"
        )));
    }
    host.with_ui(|tree| tree.set_parent(id, parent));
    host.send(Command::SetUiParent { id, parent }, FUNC)?;
    Ok(js.undefined())
}

fn when_created<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    super::common::when_created(js, args, ScriptObjectKind::Ui, "ui.whenCreated")
}

/// `ui.onClick(id, handler)`: `handler({ id })` on every click of that node; the node
/// becomes interactive. The handler is registered for the event `ui:click#<id>`, which the
/// game sends beside every `ui:click`.
fn on_click<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "ui.onClick";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let handler = arg(js, args, 1);
    args::callable::<J>(&handler, Arg::new(FUNC, "handler"))?;
    let host = js.host()?;
    let kind = live_node::<J>(&host, id, FUNC)?;
    js.add_handler(click_event(id), &handler)?;
    let interactive = host
        .with_ui(|tree| {
            tree.get(id)
                .and_then(|node| node.props.get(Prop::Interactive))
                .is_some()
        })
        .unwrap_or(false);
    if kind != UiKind::Button && !interactive {
        let mut props = UiProps::default();
        props.set(Prop::Interactive, PropValue::Boolean(true));
        host.with_ui(|tree| tree.update(id, &props));
        host.send(Command::UpdateUi(Box::new((id, props))), FUNC)?;
    }
    Ok(js.undefined())
}

/// The kind of live node `id`; a `RangeError` naming what `id` is otherwise.
fn live_node<J: Js>(host: &ScriptHost, id: ScriptId, func: &str) -> ApiResult<UiKind, J> {
    host.with_ui(|tree| tree.get(id).map(|node| node.kind))
        .flatten()
        .filter(|_| host.is_live(id, ScriptObjectKind::Ui))
        .ok_or_else(|| ApiError::Range(not_a_node(host, id, func, "id")))
}

fn not_a_node(host: &ScriptHost, id: ScriptId, func: &str, what: &str) -> String {
    let other = [
        ScriptObjectKind::Entity,
        ScriptObjectKind::Camera,
        ScriptObjectKind::Light,
    ]
    .into_iter()
    .find(|kind| host.is_live(id, *kind));
    match other {
        Some(kind) => {
            let name = kind_name(kind);
            let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{func}: {what} {id} is {article} {name}, not a UI node")
        }
        None => format!("{func}: {what} {id} is not a UI node of this script"),
    }
}

/// The `parent` argument: `undefined` or `null` for a root, else a live node of this script.
fn parent<J: Js>(
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<Option<ScriptId>, J> {
    if matches!(J::kind(value), Kind::Undefined | Kind::Null) {
        return Ok(None);
    }
    let id = args::id::<J>(value, Arg::new(func, "parent"))?;
    if host.is_live(id, ScriptObjectKind::Ui)
        && host.with_ui(|tree| tree.contains(id)) == Some(true)
    {
        Ok(Some(id))
    } else {
        Err(ApiError::Range(not_a_node(host, id, func, "parent")))
    }
}

/// Reads a props object: every own key must be a prop that `kind` takes, with a value of its
/// type. `undefined` props are left out; `props` itself may be left out when `optional`.
fn props<J: Js>(
    js: &mut J,
    value: &J::Value,
    kind: UiKind,
    func: &'static str,
    optional: bool,
) -> ApiResult<UiProps, J> {
    let mut props = UiProps::default();
    if optional && matches!(J::kind(value), Kind::Undefined) {
        return Ok(props);
    }
    let object = args::object::<J>(value, Arg::new(func, "props"))?;
    for name in js.own_keys(&object)? {
        let Some(prop) = Prop::from_name(&name) else {
            return Err(ApiError::Range(format!(
                "{func}: unknown prop {name:?} (the props are {})",
                Prop::ALL
                    .iter()
                    .map(|prop| prop.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        if !takes(kind, prop) {
            return Err(ApiError::Range(format!(
                "{func}: a {} node has no {name} (it is for {})",
                kind.name(),
                match prop {
                    Prop::Image => "image nodes",
                    _ => "text and button nodes",
                }
            )));
        }
        let value = js.get_named(&object, &name)?;
        if J::is_undefined(&value) {
            continue;
        }
        let arg = Arg::new(func, prop.name());
        let checked = prop_value(js, &value, prop.ty(), arg)?;
        props.set(prop, checked);
    }
    if let Some(PropValue::Text(path)) = props.get(Prop::Image) {
        let host = js.host()?;
        asset_file(host.asset_root(), path, IMAGE_EXTENSIONS)
            .map_err(|problem| ApiError::Range(format!("{func}: image {path:?} {problem}")))?;
    }
    Ok(props)
}

/// Whether a node of `kind` takes `prop`: text props are for text and buttons (whose label
/// they set), `image` for images; the rest for every node.
fn takes(kind: UiKind, prop: Prop) -> bool {
    match prop {
        Prop::Text | Prop::FontSize | Prop::Color | Prop::Align => {
            matches!(kind, UiKind::Text | UiKind::Button)
        }
        Prop::Image => kind == UiKind::Image,
        _ => true,
    }
}

/// One prop's value, checked against its type.
fn prop_value<J: Js>(
    js: &mut J,
    value: &J::Value,
    ty: PropType,
    arg: Arg<'_>,
) -> ApiResult<PropValue, J> {
    Ok(match ty {
        PropType::Length => PropValue::Length(length(js, value, arg)?),
        PropType::Edges => PropValue::Edges(edges(js, value, arg)?),
        PropType::Color => PropValue::Color(args::color(js, value, arg)?),
        PropType::NonNegative => PropValue::Number(args::non_negative::<J>(value, arg)?),
        PropType::FontSize => {
            let size = args::positive::<J>(value, arg)?;
            if size > MAX_FONT_SIZE {
                return Err(arg.range_error(&format!("at most {MAX_FONT_SIZE}")));
            }
            PropValue::Number(size)
        }
        PropType::Integer => {
            let number = J::as_number(value).ok_or_else(|| arg.type_error("an integer"))?;
            if number.fract() != 0.0
                || !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&number)
            {
                return Err(arg.range_error("an integer within 32 bits"));
            }
            PropValue::Integer(number as i32)
        }
        PropType::Boolean => PropValue::Boolean(args::boolean::<J>(value, arg)?),
        PropType::Text | PropType::Path => {
            let text = args::string(js, value, arg)?;
            if text.len() > MAX_TEXT_BYTES {
                return Err(arg.range_error(&format!("at most {MAX_TEXT_BYTES} bytes")));
            }
            PropValue::Text(text)
        }
        PropType::Keyword(words) => {
            let expected = || {
                words
                    .iter()
                    .map(|word| format!("{word:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let Some(text) = js.as_string(value) else {
                return Err(arg.type_error(&format!("one of {}", expected())));
            };
            let word = words
                .iter()
                .find(|word| **word == text)
                .ok_or_else(|| arg.range_error(&format!("one of {}", expected())))?;
            PropValue::Keyword(word)
        }
    })
}

/// A length: a number of pixels, or a string like `"50%"`, `"10vw"`, `"auto"`.
fn length<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Length, J> {
    const EXPECTED: &str = "a number of pixels or a string like \"50%\", \"10vw\", \"auto\"";
    if let Some(number) = J::as_number(value) {
        return args::finite::<J>(value, arg)
            .map(Length::Px)
            .map_err(|_| arg.range_error(&format!("a finite number, not {number}")));
    }
    let Some(text) = js.as_string(value) else {
        return Err(arg.type_error(EXPECTED));
    };
    Length::parse(&text).ok_or_else(|| arg.range_error(EXPECTED))
}

/// Edges: one length for all four sides, or `{ left?, right?, top?, bottom? }` (0 where left
/// out).
fn edges<J: Js>(js: &mut J, value: &J::Value, arg: Arg<'_>) -> ApiResult<Edges, J> {
    let Kind::Object(object) = J::kind(value) else {
        return length(js, value, arg).map(Edges::all);
    };
    let mut edges = Edges::all(Length::Px(0.0));
    for name in js.own_keys(&object)? {
        let side = match name.as_str() {
            "left" => &mut edges.left,
            "right" => &mut edges.right,
            "top" => &mut edges.top,
            "bottom" => &mut edges.bottom,
            _ => {
                return Err(arg.range_error_detail(&format!(
                    "has no side {name:?} (the sides are left, right, top, bottom)"
                )));
            }
        };
        let value = js.get_named(&object, &name)?;
        if !J::is_undefined(&value) {
            *side = args::field(arg, &name, |arg| length(js, &value, arg))?;
        }
    }
    Ok(edges)
}
