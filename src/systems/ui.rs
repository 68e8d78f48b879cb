//! Script UI on the main thread: building Bevy UI nodes from a script's props, reading their
//! layout back after Bevy lays them out, and telling the script of clicks and hovers.

use bevy::asset::AssetServer;
use bevy::prelude::*;
use bevy::text::{FontSize, Justify, TextColor, TextFont, TextLayout};
use bevy::ui::{
    AlignItems, BorderColor, BorderRadius, ComputedNode, FlexDirection, Interaction,
    JustifyContent, Node, PositionType, UiGlobalTransform, UiRect, Val, ZIndex,
};
use serde_json::json;

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::bridge::Callback;
use crate::core::events::JsEvent;
use crate::core::state::{ScriptId, ScriptObject, ScriptObjectKind};
use crate::core::ui::{
    Edges, Length, Prop, PropValue, UiKind, UiLayout, UiProps, UiSpawn, click_event,
};

/// A script's UI node: the worker that made it (which its events go to), and what its
/// interaction was when last seen.
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct ScriptUi {
    worker: Entity,
    kind: UiKind,
    last: Interaction,
}

/// A button's label: the text child `ui.create("button", { text })` made.
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct ButtonLabel(Entity);

impl ScriptBridge {
    pub(super) fn spawn_ui(&mut self, world: &mut World, id: ScriptId, spawn: UiSpawn) {
        let parent = match spawn.parent {
            Some(parent) => match self.live_entity(world, parent) {
                Some(entity) => Some(entity),
                // Its parent is gone (Rust despawned it): so is the node, in effect.
                None => return,
            },
            None => None,
        };
        let mut entity = world.spawn((
            Node::default(),
            ScriptObject {
                id,
                kind: ScriptObjectKind::Ui,
            },
            ScriptUi {
                worker: self.entity,
                kind: spawn.kind,
                last: Interaction::None,
            },
        ));
        match spawn.kind {
            UiKind::Node => {}
            UiKind::Text => {
                entity.insert((Text::new(""), TextFont::default(), TextColor::WHITE));
            }
            UiKind::Button => {
                entity.insert(Button);
            }
            UiKind::Image => {
                entity.insert(ImageNode::default());
            }
        }
        if let Some(parent) = parent {
            entity.insert(ChildOf(parent));
        }
        let entity = entity.id();
        self.owned.insert(id);
        self.objects.insert(id, entity);
        apply_props(world, entity, spawn.kind, &spawn.props);
    }

    pub(super) fn update_ui(&mut self, world: &mut World, id: ScriptId, props: &UiProps) {
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        let Some(kind) = world.get::<ScriptUi>(entity).map(|ui| ui.kind) else {
            return;
        };
        apply_props(world, entity, kind, props);
    }

    pub(super) fn set_ui_parent(
        &mut self,
        world: &mut World,
        id: ScriptId,
        parent: Option<ScriptId>,
    ) {
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        let parent = match parent {
            Some(parent) => match self.live_entity(world, parent) {
                Some(parent) => Some(parent),
                None => return,
            },
            None => None,
        };
        let Ok(mut entity) = world.get_entity_mut(entity) else {
            return;
        };
        match parent {
            Some(parent) => {
                entity.insert(ChildOf(parent));
            }
            None => {
                entity.remove::<ChildOf>();
            }
        }
    }
}

/// Sets the props on `entity`'s components.
fn apply_props(world: &mut World, entity: Entity, kind: UiKind, props: &UiProps) {
    let image = match props.get(Prop::Image) {
        Some(PropValue::Text(path)) => world
            .get_resource::<AssetServer>()
            .map(|assets| assets.load::<Image>(path.clone())),
        _ => None,
    };
    let label_entity = world.get::<ButtonLabel>(entity).map(|label| label.0);
    let needs_label = kind == UiKind::Button
        && label_entity.is_none()
        && props.iter().any(|(prop, _)| is_text_prop(*prop));
    let label = if needs_label {
        let label = world
            .spawn((
                Text::new(""),
                TextFont::default(),
                TextColor::WHITE,
                ChildOf(entity),
            ))
            .id();
        if let Ok(mut button) = world.get_entity_mut(entity) {
            button.insert(ButtonLabel(label));
        }
        Some(label)
    } else {
        label_entity
    };
    let Ok(mut node_entity) = world.get_entity_mut(entity) else {
        return;
    };
    if let Some(mut node) = node_entity.get_mut::<Node>() {
        for (prop, value) in props.iter() {
            set_layout(&mut node, *prop, value);
        }
    }
    for (prop, value) in props.iter() {
        match (prop, value) {
            (Prop::Background, PropValue::Color(color)) => {
                node_entity.insert(BackgroundColor(color.to_color()));
            }
            (Prop::BorderColor, PropValue::Color(color)) => {
                node_entity.insert(BorderColor::all(color.to_color()));
            }
            (Prop::Visible, PropValue::Boolean(visible)) => {
                node_entity.insert(if *visible {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                });
            }
            (Prop::ZIndex, PropValue::Integer(z)) => {
                node_entity.insert(ZIndex(*z));
            }
            (Prop::Interactive, PropValue::Boolean(true)) => {
                node_entity.insert(Interaction::default());
            }
            (Prop::Interactive, PropValue::Boolean(false)) if kind != UiKind::Button => {
                node_entity.remove::<Interaction>();
            }
            _ => {}
        }
    }
    if let Some(image) = image
        && let Some(mut node) = node_entity.get_mut::<ImageNode>()
    {
        node.image = image;
    }
    let text_target = match kind {
        UiKind::Text => Some(entity),
        UiKind::Button => label,
        UiKind::Node | UiKind::Image => None,
    };
    if let Some(target) = text_target
        && let Ok(mut text_entity) = world.get_entity_mut(target)
    {
        set_text(&mut text_entity, props);
    }
}

fn is_text_prop(prop: Prop) -> bool {
    matches!(
        prop,
        Prop::Text | Prop::FontSize | Prop::Color | Prop::Align
    )
}

/// Sets the text props on a text entity.
fn set_text(entity: &mut EntityWorldMut<'_>, props: &UiProps) {
    for (prop, value) in props.iter() {
        match (prop, value) {
            (Prop::Text, PropValue::Text(text)) => {
                if let Some(mut current) = entity.get_mut::<Text>()
                    && current.0 != *text
                {
                    current.0.clone_from(text);
                }
            }
            (Prop::FontSize, PropValue::Number(size)) => {
                if let Some(mut font) = entity.get_mut::<TextFont>() {
                    font.font_size = FontSize::Px(*size);
                }
            }
            (Prop::Color, PropValue::Color(color)) => {
                entity.insert(TextColor(color.to_color()));
            }
            (Prop::Align, PropValue::Keyword(word)) => {
                let justify = match *word {
                    "center" => Justify::Center,
                    "right" => Justify::Right,
                    "justify" => Justify::Justified,
                    _ => Justify::Left,
                };
                entity.insert(TextLayout::justify(justify));
            }
            _ => {}
        }
    }
}

fn val(length: Length) -> Val {
    match length {
        Length::Auto => Val::Auto,
        Length::Px(n) => Val::Px(n),
        Length::Percent(n) => Val::Percent(n),
        Length::Vw(n) => Val::Vw(n),
        Length::Vh(n) => Val::Vh(n),
        Length::VMin(n) => Val::VMin(n),
        Length::VMax(n) => Val::VMax(n),
    }
}

fn rect(edges: Edges) -> UiRect {
    UiRect {
        left: val(edges.left),
        right: val(edges.right),
        top: val(edges.top),
        bottom: val(edges.bottom),
    }
}

/// Sets one layout prop on `node`; the other props are not its.
fn set_layout(node: &mut Node, prop: Prop, value: &PropValue) {
    match (prop, value) {
        (Prop::Position, PropValue::Keyword(word)) => {
            node.position_type = if *word == "absolute" {
                PositionType::Absolute
            } else {
                PositionType::Relative
            };
        }
        (Prop::Left, PropValue::Length(l)) => node.left = val(*l),
        (Prop::Top, PropValue::Length(l)) => node.top = val(*l),
        (Prop::Right, PropValue::Length(l)) => node.right = val(*l),
        (Prop::Bottom, PropValue::Length(l)) => node.bottom = val(*l),
        (Prop::Width, PropValue::Length(l)) => node.width = val(*l),
        (Prop::Height, PropValue::Length(l)) => node.height = val(*l),
        (Prop::MinWidth, PropValue::Length(l)) => node.min_width = val(*l),
        (Prop::MinHeight, PropValue::Length(l)) => node.min_height = val(*l),
        (Prop::MaxWidth, PropValue::Length(l)) => node.max_width = val(*l),
        (Prop::MaxHeight, PropValue::Length(l)) => node.max_height = val(*l),
        (Prop::FlexDirection, PropValue::Keyword(word)) => {
            node.flex_direction = match *word {
                "column" => FlexDirection::Column,
                "row-reverse" => FlexDirection::RowReverse,
                "column-reverse" => FlexDirection::ColumnReverse,
                _ => FlexDirection::Row,
            };
        }
        (Prop::JustifyContent, PropValue::Keyword(word)) => {
            node.justify_content = match *word {
                "start" => JustifyContent::Start,
                "end" => JustifyContent::End,
                "flex-end" => JustifyContent::FlexEnd,
                "center" => JustifyContent::Center,
                "space-between" => JustifyContent::SpaceBetween,
                "space-around" => JustifyContent::SpaceAround,
                "space-evenly" => JustifyContent::SpaceEvenly,
                _ => JustifyContent::FlexStart,
            };
        }
        (Prop::AlignItems, PropValue::Keyword(word)) => {
            node.align_items = match *word {
                "start" => AlignItems::Start,
                "end" => AlignItems::End,
                "flex-start" => AlignItems::FlexStart,
                "flex-end" => AlignItems::FlexEnd,
                "center" => AlignItems::Center,
                "baseline" => AlignItems::Baseline,
                _ => AlignItems::Stretch,
            };
        }
        (Prop::FlexGrow, PropValue::Number(n)) => node.flex_grow = *n,
        (Prop::Gap, PropValue::Length(l)) => {
            node.row_gap = val(*l);
            node.column_gap = val(*l);
        }
        (Prop::Padding, PropValue::Edges(e)) => node.padding = rect(*e),
        (Prop::Margin, PropValue::Edges(e)) => node.margin = rect(*e),
        (Prop::Border, PropValue::Edges(e)) => node.border = rect(*e),
        (Prop::BorderRadius, PropValue::Length(l)) => {
            node.border_radius = BorderRadius::all(val(*l))
        }
        _ => {}
    }
}

/// Script UI nodes whose layout changed.
type LaidOut<'w, 's> = Query<
    'w,
    's,
    (
        &'static ScriptObject,
        &'static ScriptUi,
        &'static ComputedNode,
        &'static UiGlobalTransform,
    ),
    Or<(Changed<ComputedNode>, Changed<UiGlobalTransform>)>,
>;

/// `PostUpdate`, after Bevy's UI layout: each worker's UI nodes' layout goes into its state
/// buffer, published at the next swap. Only nodes whose layout changed are written.
pub(crate) fn publish_ui_layout(workers: Option<ResMut<ScriptWorkers>>, nodes: LaidOut) {
    let Some(mut workers) = workers else {
        return;
    };
    for (object, ui, computed, transform) in &nodes {
        let Some(bridge) = workers
            .bridges
            .iter_mut()
            .find(|bridge| bridge.entity == ui.worker)
        else {
            continue;
        };
        if !bridge.owned.contains(&object.id) {
            continue;
        }
        let layout = layout_of(computed, transform);
        if bridge.ui.get(&object.id) != Some(&layout) {
            bridge.ui.insert(object.id, layout);
        }
    }
}

/// A node's border box in logical pixels: Bevy keeps its center and size in physical ones.
pub(crate) fn layout_of(computed: &ComputedNode, transform: &UiGlobalTransform) -> UiLayout {
    let scale = computed.inverse_scale_factor();
    let size = computed.size() * scale;
    let center = transform.translation * scale;
    UiLayout {
        x: center.x - size.x / 2.0,
        y: center.y - size.y / 2.0,
        width: size.x,
        height: size.y,
    }
}

/// `PreUpdate`, after Bevy's UI focus: tells each worker of clicks, hovers and leaves on its
/// interactive nodes (`ui:click`, `ui:hover`, `ui:leave`, each `{ id }`).
pub(crate) fn send_ui_interactions(
    workers: Option<ResMut<ScriptWorkers>>,
    mut nodes: Query<(&ScriptObject, &mut ScriptUi, &Interaction), Changed<Interaction>>,
) {
    let Some(mut workers) = workers else {
        return;
    };
    for (object, mut ui, interaction) in &mut nodes {
        let before = std::mem::replace(&mut ui.last, *interaction);
        let names: &[&str] = match (before, *interaction) {
            (Interaction::Pressed, Interaction::Pressed) => &[],
            (_, Interaction::Pressed) => &["ui:click"],
            (Interaction::None, Interaction::Hovered) => &["ui:hover"],
            (Interaction::Hovered | Interaction::Pressed, Interaction::None) => &["ui:leave"],
            _ => &[],
        };
        if names.is_empty() {
            continue;
        }
        let Some(bridge) = workers
            .bridges
            .iter_mut()
            .find(|bridge| bridge.entity == ui.worker)
        else {
            continue;
        };
        let payload = json!({ "id": object.id });
        for name in names {
            bridge
                .callbacks
                .get()
                .send(Callback::Event(Box::new(JsEvent::new(
                    *name,
                    payload.clone(),
                ))));
        }
        if names.contains(&"ui:click") {
            bridge
                .callbacks
                .get()
                .send(Callback::Event(Box::new(JsEvent::new(
                    click_event(object.id),
                    payload,
                ))));
        }
    }
}
