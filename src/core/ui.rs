//! Script UI (`ui.*`): what a script's UI node is made of, as it crosses to the main thread
//! and as the worker keeps it for `ui.get`.
//!
//! Props are CSS-like and checked on the worker ([`UiProps`]); the main thread maps them onto
//! Bevy's `Node`, `Text`, `Button` and `ImageNode`. The worker keeps each node's merged props
//! and its place in the tree ([`UiTree`]), so `ui.get` and the cycle check need no round trip;
//! only the computed layout comes back, through a state buffer ([`UiLayout`]).

use bevy::platform::collections::HashMap;
use serde_json::{Map, Value, json};

use super::state::{Rgba8, ScriptId};

/// What `ui.create` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiKind {
    /// `"node"`: a box that lays out its children.
    Node,
    /// `"text"`: a line or paragraph of text.
    Text,
    /// `"button"`: a box the player clicks; it sends `ui:click`, `ui:hover` and `ui:leave`.
    Button,
    /// `"image"`: a picture from the asset folder.
    Image,
}

impl UiKind {
    /// Every kind, by the name scripts use.
    pub const NAMES: [(&'static str, Self); 4] = [
        ("node", Self::Node),
        ("text", Self::Text),
        ("button", Self::Button),
        ("image", Self::Image),
    ];

    /// The name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Node => "node",
            Self::Text => "text",
            Self::Button => "button",
            Self::Image => "image",
        }
    }
}

/// A length as scripts write it: a number of logical pixels, or `"50%"`, `"10vw"`, `"auto"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Length {
    Auto,
    Px(f32),
    Percent(f32),
    Vw(f32),
    Vh(f32),
    VMin(f32),
    VMax(f32),
}

impl Length {
    /// Parses `"auto"`, `"12px"`, `"50%"`, `"10vw"`, `"10vh"`, `"5vmin"`, `"5vmax"`; `None` for
    /// anything else (a non-finite number included).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text == "auto" {
            return Some(Self::Auto);
        }
        // Longest suffixes first: "vmin" before "in"-less "vw".
        type Unit = (&'static str, fn(f32) -> Length);
        let units: [Unit; 6] = [
            ("vmin", Self::VMin),
            ("vmax", Self::VMax),
            ("px", Self::Px),
            ("vw", Self::Vw),
            ("vh", Self::Vh),
            ("%", Self::Percent),
        ];
        for (suffix, make) in units {
            if let Some(number) = text.strip_suffix(suffix) {
                let number: f32 = number.trim_end().parse().ok()?;
                return number.is_finite().then(|| make(number));
            }
        }
        None
    }

    fn to_json(self) -> Value {
        let with = |n: f32, unit: &str| Value::String(format!("{n}{unit}"));
        match self {
            Self::Auto => Value::String("auto".to_owned()),
            Self::Px(n) => json!(n),
            Self::Percent(n) => with(n, "%"),
            Self::Vw(n) => with(n, "vw"),
            Self::Vh(n) => with(n, "vh"),
            Self::VMin(n) => with(n, "vmin"),
            Self::VMax(n) => with(n, "vmax"),
        }
    }
}

/// Four sides (`padding`, `margin`, `border`): one length for all, or each side its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Edges {
    pub left: Length,
    pub right: Length,
    pub top: Length,
    pub bottom: Length,
}

impl Edges {
    pub fn all(length: Length) -> Self {
        Self {
            left: length,
            right: length,
            top: length,
            bottom: length,
        }
    }

    fn to_json(self) -> Value {
        if self.left == self.right && self.left == self.top && self.left == self.bottom {
            return self.left.to_json();
        }
        json!({
            "left": self.left.to_json(),
            "right": self.right.to_json(),
            "top": self.top.to_json(),
            "bottom": self.bottom.to_json(),
        })
    }
}

/// The words a keyword prop accepts, by prop.
pub(crate) mod keywords {
    pub const POSITION: &[&str] = &["relative", "absolute"];
    pub const FLEX_DIRECTION: &[&str] = &["row", "column", "row-reverse", "column-reverse"];
    pub const JUSTIFY_CONTENT: &[&str] = &[
        "start",
        "end",
        "flex-start",
        "flex-end",
        "center",
        "space-between",
        "space-around",
        "space-evenly",
    ];
    pub const ALIGN_ITEMS: &[&str] = &[
        "start",
        "end",
        "flex-start",
        "flex-end",
        "center",
        "baseline",
        "stretch",
    ];
    pub const TEXT_ALIGN: &[&str] = &["left", "center", "right", "justify"];
}

/// The longest `text` a node takes, in bytes.
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024;
/// The largest `fontSize`, in logical pixels.
pub(crate) const MAX_FONT_SIZE: f32 = 1024.0;

/// What kind of value a prop takes, and how it is checked (see `api::ui`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PropType {
    /// A [`Length`].
    Length,
    /// [`Edges`].
    Edges,
    /// A color, as everywhere in the API.
    Color,
    /// A finite number ≥ 0.
    NonNegative,
    /// A finite number > 0, at most [`MAX_FONT_SIZE`].
    FontSize,
    /// An integer within `i32`.
    Integer,
    Boolean,
    /// A string of at most [`MAX_TEXT_BYTES`].
    Text,
    /// An asset path inside the asset folder.
    Path,
    /// One of these words.
    Keyword(&'static [&'static str]),
}

/// A checked prop value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PropValue {
    Length(Length),
    Edges(Edges),
    Color(Rgba8),
    Number(f32),
    Integer(i32),
    Boolean(bool),
    Text(String),
    Keyword(&'static str),
}

impl PropValue {
    fn to_json(&self) -> Value {
        match self {
            Self::Length(length) => length.to_json(),
            Self::Edges(edges) => edges.to_json(),
            Self::Color(color) => {
                let [r, g, b, a] = color.0;
                json!({ "r": r, "g": g, "b": b, "a": a })
            }
            Self::Number(number) => json!(number),
            Self::Integer(number) => json!(number),
            Self::Boolean(value) => json!(value),
            Self::Text(text) => json!(text),
            Self::Keyword(word) => json!(word),
        }
    }
}

macro_rules! ui_props {
    ($($variant:ident $name:literal $ty:expr),* $(,)?) => {
        /// A prop of a UI node, by the name scripts use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Prop { $($variant),* }

        impl Prop {
            /// Every prop.
            pub const ALL: &'static [Prop] = &[$(Prop::$variant),*];

            /// The name scripts use.
            pub fn name(self) -> &'static str {
                match self { $(Prop::$variant => $name),* }
            }

            /// What it takes.
            pub fn ty(self) -> PropType {
                match self { $(Prop::$variant => $ty),* }
            }

            /// The prop called `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($name => Some(Prop::$variant),)* _ => None }
            }
        }
    };
}

ui_props! {
    Position "position" PropType::Keyword(keywords::POSITION),
    Left "left" PropType::Length,
    Top "top" PropType::Length,
    Right "right" PropType::Length,
    Bottom "bottom" PropType::Length,
    Width "width" PropType::Length,
    Height "height" PropType::Length,
    MinWidth "minWidth" PropType::Length,
    MinHeight "minHeight" PropType::Length,
    MaxWidth "maxWidth" PropType::Length,
    MaxHeight "maxHeight" PropType::Length,
    FlexDirection "flexDirection" PropType::Keyword(keywords::FLEX_DIRECTION),
    JustifyContent "justifyContent" PropType::Keyword(keywords::JUSTIFY_CONTENT),
    AlignItems "alignItems" PropType::Keyword(keywords::ALIGN_ITEMS),
    FlexGrow "flexGrow" PropType::NonNegative,
    Gap "gap" PropType::Length,
    Padding "padding" PropType::Edges,
    Margin "margin" PropType::Edges,
    Border "border" PropType::Edges,
    BorderRadius "borderRadius" PropType::Length,
    Background "background" PropType::Color,
    BorderColor "borderColor" PropType::Color,
    Visible "visible" PropType::Boolean,
    ZIndex "zIndex" PropType::Integer,
    Interactive "interactive" PropType::Boolean,
    Text "text" PropType::Text,
    FontSize "fontSize" PropType::FontSize,
    Color "color" PropType::Color,
    Align "align" PropType::Keyword(keywords::TEXT_ALIGN),
    Image "image" PropType::Path,
}

/// Props a script set (`ui.create`) or changed (`ui.update`), each at most once.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UiProps {
    values: Vec<(Prop, PropValue)>,
}

impl UiProps {
    /// Sets `prop` (a later value replaces an earlier one).
    pub fn set(&mut self, prop: Prop, value: PropValue) {
        match self.values.iter_mut().find(|(p, _)| *p == prop) {
            Some(slot) => slot.1 = value,
            None => self.values.push((prop, value)),
        }
    }

    pub fn get(&self, prop: Prop) -> Option<&PropValue> {
        self.values
            .iter()
            .find_map(|(p, value)| (*p == prop).then_some(value))
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Prop, PropValue)> {
        self.values.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Takes every value `changes` sets.
    pub fn merge(&mut self, changes: &UiProps) {
        for (prop, value) in &changes.values {
            self.set(*prop, value.clone());
        }
    }

    /// The props as `ui.get` gives them.
    pub fn to_json(&self) -> Map<String, Value> {
        self.values
            .iter()
            .map(|(prop, value)| (prop.name().to_owned(), value.to_json()))
            .collect()
    }
}

/// Where a node is on screen after Bevy's layout, in logical pixels from the top-left corner
/// of its camera's viewport.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct UiLayout {
    /// The left edge.
    pub x: f32,
    /// The top edge.
    pub y: f32,
    /// The border box's width.
    pub width: f32,
    /// The border box's height.
    pub height: f32,
}

/// The event the handlers `ui.onClick` registered for node `id` listen to; the game sends it
/// beside every `ui:click` of that node.
pub(crate) fn click_event(id: ScriptId) -> String {
    format!("ui:click#{id}")
}

/// What `ui.create` asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UiSpawn {
    pub kind: UiKind,
    pub parent: Option<ScriptId>,
    pub props: UiProps,
}

/// One node the worker keeps.
#[derive(Debug, Clone)]
pub(crate) struct UiRecord {
    pub kind: UiKind,
    pub parent: Option<ScriptId>,
    pub children: Vec<ScriptId>,
    pub props: UiProps,
}

/// The worker's copy of its script's UI tree: each node's kind, merged props, parent and
/// children.
#[derive(Debug, Default)]
pub(crate) struct UiTree {
    nodes: HashMap<ScriptId, UiRecord>,
}

impl UiTree {
    pub fn get(&self, id: ScriptId) -> Option<&UiRecord> {
        self.nodes.get(&id)
    }

    pub fn contains(&self, id: ScriptId) -> bool {
        self.nodes.contains_key(&id)
    }

    /// Adds a new node under `parent` (which the caller checked is in the tree).
    pub fn add(&mut self, id: ScriptId, spawn: &UiSpawn) {
        if let Some(parent) = spawn.parent.and_then(|parent| self.nodes.get_mut(&parent)) {
            parent.children.push(id);
        }
        self.nodes.insert(
            id,
            UiRecord {
                kind: spawn.kind,
                parent: spawn.parent,
                children: Vec::new(),
                props: spawn.props.clone(),
            },
        );
    }

    /// Merges `changes` into node `id`'s props.
    pub fn update(&mut self, id: ScriptId, changes: &UiProps) {
        if let Some(node) = self.nodes.get_mut(&id) {
            node.props.merge(changes);
        }
    }

    /// Whether `ancestor` is `id` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: ScriptId, id: ScriptId) -> bool {
        let mut current = Some(id);
        // The tree has no cycle (`set_parent` refuses them); the bound is a second guard.
        for _ in 0..=self.nodes.len() {
            match current {
                Some(node) if node == ancestor => return true,
                Some(node) => current = self.nodes.get(&node).and_then(|n| n.parent),
                None => return false,
            }
        }
        false
    }

    /// Moves `id` under `parent` (`None`: a root). The caller checked that it makes no cycle.
    pub fn set_parent(&mut self, id: ScriptId, parent: Option<ScriptId>) {
        let Some(old) = self.nodes.get(&id).map(|node| node.parent) else {
            return;
        };
        if let Some(old) = old.and_then(|old| self.nodes.get_mut(&old)) {
            old.children.retain(|child| *child != id);
        }
        if let Some(new) = parent.and_then(|parent| self.nodes.get_mut(&parent)) {
            new.children.push(id);
        }
        if let Some(node) = self.nodes.get_mut(&id) {
            node.parent = parent;
        }
    }

    /// Removes `id` and everything under it; returns the removed ids, children before their
    /// parents (`id` last). Empty if `id` is not in the tree.
    pub fn remove(&mut self, id: ScriptId) -> Vec<ScriptId> {
        let Some(node) = self.nodes.get(&id) else {
            return Vec::new();
        };
        if let Some(parent) = node.parent.and_then(|parent| self.nodes.get_mut(&parent)) {
            parent.children.retain(|child| *child != id);
        }
        let mut removed = Vec::new();
        let mut stack = vec![(id, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                self.nodes.remove(&node);
                removed.push(node);
                continue;
            }
            stack.push((node, true));
            if let Some(record) = self.nodes.get(&node) {
                stack.extend(record.children.iter().map(|child| (*child, false)));
            }
        }
        removed
    }

    /// Forgets node `id` alone (Rust despawned it): its children stay until they are
    /// reported gone too, and its parent no longer lists it.
    pub fn remove_one(&mut self, id: ScriptId) {
        let Some(node) = self.nodes.remove(&id) else {
            return;
        };
        if let Some(parent) = node.parent.and_then(|parent| self.nodes.get_mut(&parent)) {
            parent.children.retain(|child| *child != id);
        }
        for child in node.children {
            if let Some(child) = self.nodes.get_mut(&child) {
                child.parent = None;
            }
        }
    }

    /// Forgets every node.
    pub fn clear(&mut self) {
        self.nodes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_parse_like_css() {
        assert_eq!(Length::parse("auto"), Some(Length::Auto));
        assert_eq!(Length::parse("50%"), Some(Length::Percent(50.0)));
        assert_eq!(Length::parse("12px"), Some(Length::Px(12.0)));
        assert_eq!(Length::parse("10vw"), Some(Length::Vw(10.0)));
        assert_eq!(Length::parse("2.5vh"), Some(Length::Vh(2.5)));
        assert_eq!(Length::parse("5vmin"), Some(Length::VMin(5.0)));
        assert_eq!(Length::parse("5vmax"), Some(Length::VMax(5.0)));
        for bad in ["", "12", "px", "12 em", "infpx", "NaN%", "1e39px", "auto%"] {
            assert_eq!(Length::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn props_are_named_and_numbered_once() {
        let mut names: Vec<_> = Prop::ALL.iter().map(|prop| prop.name()).collect();
        for prop in Prop::ALL {
            assert_eq!(Prop::from_name(prop.name()), Some(*prop));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Prop::ALL.len());
        assert_eq!(Prop::from_name("colour"), None);
    }

    #[test]
    fn removing_a_node_takes_its_subtree_children_first() {
        let spawn = |parent| UiSpawn {
            kind: UiKind::Node,
            parent,
            props: UiProps::default(),
        };
        let mut tree = UiTree::default();
        tree.add(1, &spawn(None));
        tree.add(2, &spawn(Some(1)));
        tree.add(3, &spawn(Some(2)));
        tree.add(4, &spawn(Some(1)));
        tree.add(5, &spawn(None));
        assert!(tree.is_ancestor(1, 3));
        assert!(!tree.is_ancestor(3, 1));
        let removed = tree.remove(1);
        assert_eq!(removed.len(), 4);
        assert_eq!(removed.last(), Some(&1));
        let position = |id| removed.iter().position(|r| *r == id);
        assert!(position(3) < position(2));
        assert!(tree.contains(5) && !tree.contains(3));
        tree.set_parent(5, None);
        assert!(tree.remove(1).is_empty());
    }

    #[test]
    fn props_merge() {
        let mut props = UiProps::default();
        props.set(Prop::Text, PropValue::Text("a".into()));
        props.set(Prop::Width, PropValue::Length(Length::Percent(50.0)));
        let mut changes = UiProps::default();
        changes.set(Prop::Text, PropValue::Text("b".into()));
        props.merge(&changes);
        let json = Value::Object(props.to_json());
        assert_eq!(json, json!({ "width": "50%", "text": "b" }));
    }
}
