//! TypeScript declarations for one app (`JsScriptingPlugin::with_typings`): its exposed
//! components and resources, the reflected types they are made of, and its verbs (`game.*`).
//!
//! The file augments the shipped `assets/scripts/bevy_js_worker.d.ts`. That file declares
//! empty interfaces (`ScriptComponents`, `ScriptResources`, `ScriptPatches`, `ScriptInserts`,
//! `GameVerbs`) and types `world.*` and `game` through them; the generated file fills them
//! in, so a game's scripts get its names and shapes while a script without it keeps plain
//! names and untyped values. It declares:
//!
//! - in the namespace `Game`, every reflected struct, tuple struct and enum the exposed types
//!   and verbs reach, once each, by its short name (`Game.Health`), in the shape scripts see
//!   it: Bevy's reflection serializer's ([`Reflection::to_json`](crate::core::reflect::Reflection::to_json));
//! - in the namespace `GamePatch`, what `world.set` takes for each struct it can patch field by
//!   field (`GamePatch.Health`): its fields, each optional, nested structs patched the same way
//!   (what [`Reflection::patch`](crate::core::reflect::Reflection::patch) accepts).
//!
//! The namespaces keep the game's names apart from the base file's own value shapes (`Vec3`
//! there is `{x, y, z}`; a reflected `Vec3` is `[x, y, z]`). Two types that share a short name,
//! or take a name the file itself uses (`JsonValue`, `Game`, `GamePatch`), are named with as
//! much of their module path as tells them apart (`combat_Stats`, `ui_Stats`).
//!
//! A type registered with `ReflectSerialize` is serialized by serde, not field by field. Its
//! reflected shape is still what a plain `#[derive(Serialize)]` gives (Bevy's own `Transform`
//! and colors are such), so it is declared from its `TypeInfo`; the types whose serde shape
//! differs are known here (glam's vectors, quaternions and matrices are flat number arrays,
//! `Name` a string, `Entity` a number), and any other opaque type is a `JsonValue`.
//!
//! The output depends only on the types and verbs, never on registration order, so that the
//! file is rewritten only when they change ([`write_if_changed`]).

use std::any::TypeId;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use bevy::reflect::serde::{ReflectSerializeWithRegistry, SerializationData};
use bevy::reflect::std_traits::ReflectDefault;
use bevy::reflect::{
    NamedField, ReflectSerialize, Type, TypeInfo, TypeRegistry, UnnamedField, enums::VariantInfo,
};

use crate::core::reflect::ExposedTypes;
use crate::core::verbs::{PlainNumbers, VerbKind, VerbSignature, VerbType};

/// The namespace of the generated value types (`Game.Health`).
pub(crate) const VALUES: &str = "Game";
/// The namespace of the generated patch types (`GamePatch.Health`).
pub(crate) const PATCHES: &str = "GamePatch";

/// Arrays up to this long are declared as tuples of their exact length; longer ones as `T[]`.
const MAX_TUPLE_ARRAY: usize = 16;

/// Names a generated declaration must not take: the names the file refers to inside its
/// namespaces (a declaration there would shadow them), and TypeScript's predefined types.
const RESERVED: &[&str] = &[
    "JsonValue",
    VALUES,
    PATCHES,
    "any",
    "bigint",
    "boolean",
    "never",
    "null",
    "number",
    "object",
    "string",
    "symbol",
    "undefined",
    "unknown",
    "void",
];

/// The declaration file for this app: its exposed components and resources and its verbs.
pub(crate) fn declarations(
    registry: &TypeRegistry,
    exposed: &ExposedTypes,
    verbs: &[VerbSignature],
) -> String {
    let mut generator = Generator::new(registry);
    let components = sorted(
        exposed
            .components
            .iter()
            .map(|ty| (ty.name, ty.type_id, ty.type_path)),
    );
    let resources = sorted(
        exposed
            .resources
            .iter()
            .map(|ty| (ty.name, ty.type_id, ty.type_path)),
    );
    let mut verbs: Vec<&VerbSignature> = verbs.iter().collect();
    verbs.sort_by(|a, b| a.name.cmp(&b.name));

    for &(_, id, path) in components.iter().chain(&resources) {
        generator.discover(TypeRef::root(id, path));
        generator.discover_patch(TypeRef::root(id, path));
    }
    for verb in &verbs {
        for ty in [verb.input, verb.output] {
            if let VerbType::Reflected { type_id, type_path } = ty {
                generator.discover(TypeRef::root(type_id, type_path));
            }
        }
    }
    generator.assign_names();

    let mut out = String::new();
    header(&mut out);
    generator.write_values(&mut out);
    generator.write_patches(&mut out);

    out.push_str(
        "/** This app's exposed components: name → value (`world.get`, `world.query`). */\n",
    );
    write_map(&mut out, "ScriptComponents", &components, |id, path| {
        generator.expr(TypeRef::root(id, path)).text
    });
    out.push_str("/** This app's exposed resources: name → value (`world.getResource`). */\n");
    write_map(&mut out, "ScriptResources", &resources, |id, path| {
        generator.expr(TypeRef::root(id, path)).text
    });
    out.push_str(
        "/** What `world.set` and `world.setResource` take: name → patch (fields left out stay \
         as they are). */\n",
    );
    let patchable = sorted(components.iter().chain(&resources).copied());
    write_map(&mut out, "ScriptPatches", &patchable, |id, path| {
        generator.patch_expr(TypeRef::root(id, path)).text
    });
    out.push_str(
        "/**\n * What `world.insert` and `world.spawn` take: name → value. A struct with a \
         reflected `Default`\n * takes a patch (fields left out take the default); any other \
         type its whole value.\n */\n",
    );
    write_map(&mut out, "ScriptInserts", &components, |id, path| {
        generator.insert_expr(TypeRef::root(id, path)).text
    });
    generator.write_verbs(&mut out, &verbs);
    out
}

/// Writes `content` to `path` (creating folders) only if the file's content differs; returns
/// whether it wrote.
///
/// # Errors
/// The error of creating the folders or writing the file. A file that cannot be read is
/// written anew.
pub(crate) fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    // Comparing bytes, not text: a file that is not UTF-8 is simply different.
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    // A write cut short leaves a file that differs, which the next start writes again.
    std::fs::write(path, content)?;
    Ok(true)
}

/// `(name, type id, type path)` of exposed types, by name.
fn sorted<'a>(
    types: impl Iterator<Item = (&'a str, TypeId, &'static str)>,
) -> Vec<(&'a str, TypeId, &'static str)> {
    let mut types: Vec<_> = types.collect();
    types.sort_by(|a, b| a.0.cmp(b.0));
    types
}

fn header(out: &mut String) {
    let _ = write!(
        out,
        "// Generated by bevy_js_worker {version} (`JsScriptingPlugin::with_typings`) from this \
         app's type\n\
         // registry. Do not edit: the app writes it again at startup whenever its exposed types \
         or verbs\n\
         // change.\n\
         //\n\
         // It declares this app's exposed components and resources, the reflected types they \
         are made of\n\
         // (namespace `{VALUES}`, in the shape scripts see them), what `world.set` takes for \
         each struct\n\
         // (namespace `{PATCHES}`) and the verbs scripts call as `game.name(arg)`. It augments \
         the base\n\
         // typings, bevy_js_worker.d.ts: reference both, the base first.\n\
         //\n\
         //     // @ts-check\n\
         //     /// <reference path=\"./bevy_js_worker.d.ts\" />\n\
         //     /// <reference path=\"./game.d.ts\" />\n\n",
        version = env!("CARGO_PKG_VERSION"),
    );
}

/// `interface {name} { key: value; ... }` of exposed types, each with its type path.
fn write_map(
    out: &mut String,
    name: &str,
    entries: &[(&str, TypeId, &'static str)],
    value: impl Fn(TypeId, &'static str) -> String,
) {
    if entries.is_empty() {
        let _ = writeln!(out, "interface {name} {{}}\n");
        return;
    }
    let _ = writeln!(out, "interface {name} {{");
    for &(key, id, path) in entries {
        let _ = writeln!(
            out,
            "    /** `{}` */\n    {}: {};",
            comment(path),
            property(key),
            value(id, path)
        );
    }
    out.push_str("}\n\n");
}

/// A TypeScript type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ts {
    text: String,
    /// A top-level union, which needs parentheses as an array's element.
    union: bool,
    /// Includes `null` (an `Option`), so that a nested `Option` adds nothing.
    nullable: bool,
}

impl Ts {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            union: false,
            nullable: false,
        }
    }

    /// Untyped JSON, with a comment on why.
    fn json(why: &str) -> Self {
        Self::plain(format!("/* {} */ JsonValue", comment(why)))
    }

    /// `T[]`.
    fn array_of(&self) -> Self {
        if self.union {
            Self::plain(format!("({})[]", self.text))
        } else {
            Self::plain(format!("{}[]", self.text))
        }
    }

    /// `[A, B, ...]`.
    fn tuple(items: impl IntoIterator<Item = Ts>) -> Self {
        let items: Vec<String> = items.into_iter().map(|item| item.text).collect();
        Self::plain(format!("[{}]", items.join(", ")))
    }

    /// `T | null`.
    fn or_null(self) -> Self {
        if self.nullable {
            return self;
        }
        Self {
            text: format!("{} | null", self.text),
            union: true,
            nullable: true,
        }
    }
}

/// A type as a field, an item or a root names it: its id, its type info when the naming site
/// knows it (the registry is asked first), and its path for comments.
#[derive(Clone, Copy)]
struct TypeRef {
    id: TypeId,
    info: Option<&'static TypeInfo>,
    path: &'static str,
}

impl TypeRef {
    fn root(id: TypeId, path: &'static str) -> Self {
        Self {
            id,
            info: None,
            path,
        }
    }

    fn named(field: &NamedField) -> Self {
        Self {
            id: field.type_id(),
            info: field.type_info(),
            path: field.type_path(),
        }
    }

    fn unnamed(field: &UnnamedField) -> Self {
        Self {
            id: field.type_id(),
            info: field.type_info(),
            path: field.type_path(),
        }
    }

    fn of(ty: &Type, info: Option<&'static TypeInfo>) -> Self {
        Self {
            id: ty.id(),
            info,
            path: ty.path(),
        }
    }
}

/// The types that serialize as plain JSON values, by id: `(type, TypeScript)`.
fn primitives() -> Vec<(TypeId, &'static str)> {
    use std::borrow::Cow;
    use std::num::*;
    use std::path::{Path, PathBuf};
    let numbers = [
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<u128>(),
        TypeId::of::<usize>(),
        TypeId::of::<i8>(),
        TypeId::of::<i16>(),
        TypeId::of::<i32>(),
        TypeId::of::<i64>(),
        TypeId::of::<i128>(),
        TypeId::of::<isize>(),
        TypeId::of::<f32>(),
        TypeId::of::<f64>(),
        TypeId::of::<NonZeroU8>(),
        TypeId::of::<NonZeroU16>(),
        TypeId::of::<NonZeroU32>(),
        TypeId::of::<NonZeroU64>(),
        TypeId::of::<NonZeroU128>(),
        TypeId::of::<NonZeroUsize>(),
        TypeId::of::<NonZeroI8>(),
        TypeId::of::<NonZeroI16>(),
        TypeId::of::<NonZeroI32>(),
        TypeId::of::<NonZeroI64>(),
        TypeId::of::<NonZeroI128>(),
        TypeId::of::<NonZeroIsize>(),
    ];
    let strings = [
        TypeId::of::<char>(),
        TypeId::of::<String>(),
        TypeId::of::<&'static str>(),
        TypeId::of::<Cow<'static, str>>(),
        TypeId::of::<PathBuf>(),
        TypeId::of::<&'static Path>(),
    ];
    numbers
        .into_iter()
        .map(|id| (id, "number"))
        .chain(strings.into_iter().map(|id| (id, "string")))
        .chain([(TypeId::of::<bool>(), "boolean")])
        .collect()
}

/// Whether the serializer special-cases this enum as `Option` (`None` → `null`, `Some(x)` →
/// `x`), by the same test it makes.
fn is_option(info: &TypeInfo) -> bool {
    let table = info.type_path_table();
    table.module_path() == Some("core::option") && table.ident() == Some("Option")
}

fn is_glam(info: &TypeInfo) -> bool {
    info.type_path_table().module_path() == Some("glam")
}

struct Generator<'a> {
    registry: &'a TypeRegistry,
    primitives: HashMap<TypeId, &'static str>,
    /// Every type walked, so that a recursive type is walked once.
    seen: HashSet<TypeId>,
    /// The types that get a declaration in `Game`.
    named: HashMap<TypeId, &'static TypeInfo>,
    /// The structs that get a declaration in `GamePatch`.
    patched: HashSet<TypeId>,
    /// The declarations' names, once assigned.
    names: HashMap<TypeId, String>,
}

impl<'a> Generator<'a> {
    fn new(registry: &'a TypeRegistry) -> Self {
        Self {
            registry,
            primitives: primitives().into_iter().collect(),
            seen: HashSet::new(),
            named: HashMap::new(),
            patched: HashSet::new(),
            names: HashMap::new(),
        }
    }

    fn info(&self, ty: TypeRef) -> Option<&'static TypeInfo> {
        self.registry.get_type_info(ty.id).or(ty.info)
    }

    fn serialization_data(&self, id: TypeId) -> Option<&SerializationData> {
        self.registry
            .get(id)
            .and_then(|registration| registration.data::<SerializationData>())
    }

    fn has_default(&self, id: TypeId) -> bool {
        self.registry
            .get(id)
            .is_some_and(|registration| registration.data::<ReflectDefault>().is_some())
    }

    fn serialized_by_serde(&self, id: TypeId) -> bool {
        self.registry.get(id).is_some_and(|registration| {
            registration.data::<ReflectSerialize>().is_some()
                || registration
                    .data::<ReflectSerializeWithRegistry>()
                    .is_some()
        })
    }

    /// The expression of a type that is neither declared nor walked into: a primitive, a type
    /// whose serde shape is known, or an opaque type.
    fn leaf(&self, id: TypeId, info: &'static TypeInfo) -> Option<Ts> {
        if let Some(text) = self.primitives.get(&id) {
            return Some(Ts::plain(*text));
        }
        if is_glam(info) {
            match (info, info.type_path_table().ident()) {
                // glam's serde writes every number of a vector, quaternion or matrix in one flat
                // sequence, in field order (a matrix column by column).
                (TypeInfo::Struct(_), _) => {
                    let mut leaves = Vec::new();
                    self.glam_leaves(info, &mut leaves);
                    return Some(Ts::tuple(leaves));
                }
                (TypeInfo::Opaque(_), Some("BVec3A")) => {
                    return Some(Ts::tuple(vec![Ts::plain("boolean"); 3]));
                }
                (TypeInfo::Opaque(_), Some("BVec4A")) => {
                    return Some(Ts::tuple(vec![Ts::plain("boolean"); 4]));
                }
                _ => {}
            }
        }
        match info.type_path() {
            "bevy_ecs::name::Name" | "smol_str::SmolStr" | "uuid::Uuid" | "uuid::NonNilUuid" => {
                return Some(Ts::plain("string"));
            }
            // `Entity::to_bits`.
            "bevy_ecs::entity::Entity" => return Some(Ts::plain("number")),
            "core::time::Duration" => return Some(Ts::plain("{ secs: number; nanos: number }")),
            _ => {}
        }
        if let TypeInfo::Opaque(_) = info {
            return Some(if self.serialized_by_serde(id) {
                Ts::json(&format!("serialized by serde: {}", info.type_path()))
            } else {
                Ts::json(&format!("opaque, not serializable: {}", info.type_path()))
            });
        }
        None
    }

    fn glam_leaves(&self, info: &'static TypeInfo, leaves: &mut Vec<Ts>) {
        let TypeInfo::Struct(info) = info else {
            return;
        };
        for field in info.iter() {
            let field = TypeRef::named(field);
            match self.info(field) {
                Some(inner @ TypeInfo::Struct(_)) if is_glam(inner) => {
                    self.glam_leaves(inner, leaves);
                }
                _ => leaves.push(self.expr(field)),
            }
        }
    }

    /// Whether a type gets its own declaration (once it is not a leaf).
    fn is_named(info: &TypeInfo) -> bool {
        match info {
            TypeInfo::Struct(_) | TypeInfo::TupleStruct(_) => true,
            TypeInfo::Enum(_) => !is_option(info),
            _ => false,
        }
    }

    /// The fields of a struct the serializer writes (`#[reflect(skip_serializing)]` ones are
    /// not).
    fn struct_fields<'i>(
        &self,
        id: TypeId,
        fields: impl Iterator<Item = &'i NamedField>,
    ) -> Vec<&'i NamedField> {
        let skipped = self.serialization_data(id);
        fields
            .enumerate()
            .filter(|(index, _)| !skipped.is_some_and(|data| data.is_field_skipped(*index)))
            .map(|(_, field)| field)
            .collect()
    }

    /// The types a type's serialized shape is made of.
    fn children(&self, id: TypeId, info: &'static TypeInfo) -> Vec<TypeRef> {
        match info {
            TypeInfo::Struct(info) => self
                .struct_fields(id, info.iter())
                .into_iter()
                .map(TypeRef::named)
                .collect(),
            TypeInfo::TupleStruct(info) => {
                let skipped = self.serialization_data(id);
                info.iter()
                    .enumerate()
                    .filter(|(index, _)| !skipped.is_some_and(|data| data.is_field_skipped(*index)))
                    .map(|(_, field)| TypeRef::unnamed(field))
                    .collect()
            }
            TypeInfo::Tuple(info) => info.iter().map(TypeRef::unnamed).collect(),
            TypeInfo::List(info) => vec![TypeRef::of(&info.item_ty(), info.item_info())],
            TypeInfo::Array(info) => vec![TypeRef::of(&info.item_ty(), info.item_info())],
            // Keys are JSON object keys, strings whatever their type.
            TypeInfo::Map(info) => vec![TypeRef::of(&info.value_ty(), info.value_info())],
            TypeInfo::Set(info) => vec![TypeRef::of(&info.value_ty(), None)],
            TypeInfo::Enum(info) => info
                .iter()
                .flat_map(|variant| match variant {
                    VariantInfo::Struct(variant) => {
                        variant.iter().map(TypeRef::named).collect::<Vec<_>>()
                    }
                    VariantInfo::Tuple(variant) => variant.iter().map(TypeRef::unnamed).collect(),
                    VariantInfo::Unit(_) => Vec::new(),
                })
                .collect(),
            TypeInfo::Opaque(_) => Vec::new(),
        }
    }

    /// Finds every type `ty`'s shape reaches that needs a declaration.
    fn discover(&mut self, ty: TypeRef) {
        if !self.seen.insert(ty.id) {
            return;
        }
        let Some(info) = self.info(ty) else {
            return;
        };
        if self.leaf(ty.id, info).is_some() {
            return;
        }
        if Self::is_named(info) {
            self.named.insert(ty.id, info);
        }
        for child in self.children(ty.id, info) {
            self.discover(child);
        }
    }

    /// Finds the structs a patch of `ty` reaches: a patch names a struct's fields, and goes on
    /// into fields that are structs themselves (any other field it replaces whole).
    fn discover_patch(&mut self, ty: TypeRef) {
        let Some(info) = self.info(ty) else {
            return;
        };
        let TypeInfo::Struct(fields) = info else {
            return;
        };
        if self.leaf(ty.id, info).is_some() || !self.patched.insert(ty.id) {
            return;
        }
        for field in self.struct_fields(ty.id, fields.iter()) {
            self.discover_patch(TypeRef::named(field));
        }
    }

    /// Names every declaration: its short name where that is unique, else with as many of its
    /// module path's last segments as tell it apart from the others of its short name.
    fn assign_names(&mut self) {
        let mut groups: BTreeMap<String, Vec<(TypeId, &'static TypeInfo)>> = BTreeMap::new();
        for (&id, &info) in &self.named {
            let ident = info
                .type_path_table()
                .ident()
                .unwrap_or_else(|| info.type_path());
            groups
                .entry(identifier(ident))
                .or_default()
                .push((id, info));
        }
        for group in groups.values_mut() {
            group.sort_by(|a, b| a.1.type_path().cmp(b.1.type_path()));
        }
        let mut taken: HashSet<String> = RESERVED.iter().map(|name| (*name).to_owned()).collect();
        // A unique short name is kept whatever else collides.
        for (ident, group) in &groups {
            if let [(id, _)] = group[..]
                && taken.insert(ident.clone())
            {
                self.names.insert(id, ident.clone());
            }
        }
        for (ident, group) in &groups {
            if group.iter().all(|(id, _)| self.names.contains_key(id)) {
                continue;
            }
            let segments: Vec<Vec<&str>> = group
                .iter()
                .map(|(_, info)| {
                    info.type_path_table()
                        .module_path()
                        .map(|path| path.split("::").collect())
                        .unwrap_or_default()
                })
                .collect();
            let depth = segments.iter().map(Vec::len).max().unwrap_or(0);
            let chosen = (1..=depth).find_map(|depth| {
                let names: Vec<String> = segments
                    .iter()
                    .map(|segments| {
                        let start = segments.len().saturating_sub(depth);
                        let mut parts = segments[start..].to_vec();
                        parts.push(ident);
                        identifier(&parts.join("_"))
                    })
                    .collect();
                let distinct: HashSet<&String> = names.iter().collect();
                (distinct.len() == names.len() && names.iter().all(|name| !taken.contains(name)))
                    .then_some(names)
            });
            // Only instances of one generic type are left alike: the full path tells them apart.
            let names = chosen.unwrap_or_else(|| {
                group
                    .iter()
                    .map(|(_, info)| identifier(info.type_path()))
                    .collect()
            });
            for ((id, _), name) in group.iter().zip(names) {
                let mut unique = name.clone();
                let mut counter = 2;
                while !taken.insert(unique.clone()) {
                    unique = format!("{name}_{counter}");
                    counter += 1;
                }
                self.names.insert(*id, unique);
            }
        }
    }

    /// The TypeScript type of `ty`'s serialized value.
    fn expr(&self, ty: TypeRef) -> Ts {
        let Some(info) = self.info(ty) else {
            return Ts::json(&format!("not registered for reflection: {}", ty.path));
        };
        if let Some(leaf) = self.leaf(ty.id, info) {
            return leaf;
        }
        if Self::is_named(info) {
            return match self.names.get(&ty.id) {
                Some(name) => Ts::plain(format!("{VALUES}.{name}")),
                None => Ts::json(&format!("not declared: {}", info.type_path())),
            };
        }
        match info {
            TypeInfo::Enum(option) => match option.variant("Some") {
                Some(VariantInfo::Tuple(some)) => match some.field_at(0) {
                    Some(field) => self.expr(TypeRef::unnamed(field)).or_null(),
                    None => Ts::plain("null"),
                },
                _ => Ts::plain("null"),
            },
            TypeInfo::Tuple(info) => {
                Ts::tuple(info.iter().map(|field| self.expr(TypeRef::unnamed(field))))
            }
            TypeInfo::List(info) => self
                .expr(TypeRef::of(&info.item_ty(), info.item_info()))
                .array_of(),
            TypeInfo::Set(info) => self.expr(TypeRef::of(&info.value_ty(), None)).array_of(),
            TypeInfo::Array(info) => {
                let item = self.expr(TypeRef::of(&info.item_ty(), info.item_info()));
                if info.capacity() <= MAX_TUPLE_ARRAY {
                    Ts::tuple(vec![item; info.capacity()])
                } else {
                    item.array_of()
                }
            }
            TypeInfo::Map(info) => Ts::plain(format!(
                "{{ [key: string]: {} }}",
                self.expr(TypeRef::of(&info.value_ty(), info.value_info()))
                    .text
            )),
            TypeInfo::Struct(_) | TypeInfo::TupleStruct(_) | TypeInfo::Opaque(_) => {
                Ts::json(&format!("unsupported: {}", info.type_path()))
            }
        }
    }

    /// What `world.set` takes for `ty`.
    fn patch_expr(&self, ty: TypeRef) -> Ts {
        match self.names.get(&ty.id) {
            Some(name) if self.patched.contains(&ty.id) => Ts::plain(format!("{PATCHES}.{name}")),
            _ => self.expr(ty),
        }
    }

    /// What `world.insert` takes for `ty`: a struct with a `Default` is patched onto it.
    fn insert_expr(&self, ty: TypeRef) -> Ts {
        if self.has_default(ty.id) {
            self.patch_expr(ty)
        } else {
            self.expr(ty)
        }
    }

    /// Declarations by name, for a stable order.
    fn by_name(&self) -> BTreeMap<&str, (TypeId, &'static TypeInfo)> {
        self.named
            .iter()
            .filter_map(|(id, info)| Some((self.names.get(id)?.as_str(), (*id, *info))))
            .collect()
    }

    fn write_values(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "/** This app's reflected types, in the shape scripts read and write them. */\n\
             declare namespace {VALUES} {{"
        );
        for (name, (id, declared)) in self.by_name() {
            let _ = writeln!(out, "    /** `{}` */", comment(declared.type_path()));
            match declared {
                TypeInfo::Struct(fields) => {
                    let fields: Vec<String> = self
                        .struct_fields(id, fields.iter())
                        .into_iter()
                        .map(|field| {
                            format!(
                                "{}: {};",
                                property(field.name()),
                                self.expr(TypeRef::named(field)).text
                            )
                        })
                        .collect();
                    write_interface(out, name, &fields);
                }
                TypeInfo::TupleStruct(_) => {
                    let fields = self.children(id, declared);
                    // The serializer writes a one-field tuple struct as its field (a newtype),
                    // unless it has fields it skips.
                    let body = match fields[..] {
                        [field] if self.serialization_data(id).is_none() => self.expr(field),
                        _ => Ts::tuple(fields.into_iter().map(|field| self.expr(field))),
                    };
                    let _ = writeln!(out, "    type {name} = {};", body.text);
                }
                TypeInfo::Enum(info) => {
                    let variants: Vec<String> =
                        info.iter().map(|variant| self.variant(variant)).collect();
                    write_union(out, name, &variants);
                }
                _ => {}
            }
        }
        out.push_str("}\n\n");
    }

    /// A variant in serde's externally tagged form, which the serializer writes.
    fn variant(&self, variant: &VariantInfo) -> String {
        let name = variant.name();
        match variant {
            VariantInfo::Unit(_) => string_literal(name),
            VariantInfo::Tuple(fields) if fields.field_len() == 1 => {
                let field = fields
                    .iter()
                    .map(|field| self.expr(TypeRef::unnamed(field)));
                format!(
                    "{{ {}: {} }}",
                    property(name),
                    field.map(|ts| ts.text).collect::<String>()
                )
            }
            VariantInfo::Tuple(fields) => format!(
                "{{ {}: {} }}",
                property(name),
                Ts::tuple(
                    fields
                        .iter()
                        .map(|field| self.expr(TypeRef::unnamed(field)))
                )
                .text
            ),
            VariantInfo::Struct(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|field| {
                        format!(
                            "{}: {}",
                            property(field.name()),
                            self.expr(TypeRef::named(field)).text
                        )
                    })
                    .collect();
                if fields.is_empty() {
                    format!("{{ {}: {{}} }}", property(name))
                } else {
                    format!("{{ {}: {{ {} }} }}", property(name), fields.join("; "))
                }
            }
        }
    }

    fn write_patches(&self, out: &mut String) {
        let patches: Vec<_> = self
            .by_name()
            .into_iter()
            .filter(|(_, (id, _))| self.patched.contains(id))
            .collect();
        if patches.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "/**\n * What `world.set` takes for each struct: its fields, each optional; a field \
             that is a struct\n * is patched the same way, any other is replaced whole.\n */\n\
             declare namespace {PATCHES} {{"
        );
        for (name, (id, info)) in patches {
            let TypeInfo::Struct(fields) = info else {
                continue;
            };
            let _ = writeln!(out, "    /** A patch of `{}` */", comment(info.type_path()));
            let fields: Vec<String> = self
                .struct_fields(id, fields.iter())
                .into_iter()
                .map(|field| {
                    format!(
                        "{}?: {};",
                        property(field.name()),
                        self.patch_expr(TypeRef::named(field)).text
                    )
                })
                .collect();
            write_interface(out, name, &fields);
        }
        out.push_str("}\n\n");
    }

    fn verb_type(&self, ty: VerbType) -> Option<Ts> {
        match ty {
            VerbType::Unit => None,
            VerbType::Json => Some(Ts::plain("JsonValue")),
            VerbType::Reflected { type_id, type_path } => {
                Some(self.expr(TypeRef::root(type_id, type_path)))
            }
        }
    }

    fn write_verbs(&self, out: &mut String, verbs: &[&VerbSignature]) {
        out.push_str("/** This app's verbs: `game.name(arg)`. */\n");
        if verbs.is_empty() {
            out.push_str("interface GameVerbs {}\n");
            return;
        }
        out.push_str("interface GameVerbs {\n");
        for (index, verb) in verbs.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            let described = |ty: VerbType| match ty {
                VerbType::Unit => "nothing".to_owned(),
                VerbType::Json => "any JSON value".to_owned(),
                VerbType::Reflected { type_path, .. } => format!("`{}`", comment(type_path)),
            };
            out.push_str("    /**\n");
            match verb.kind {
                VerbKind::System => out.push_str(
                    "     * A system verb: runs as a one-shot system on the main thread, in \
                     order with this\n     * script's other commands; the promise settles with \
                     a later frame's callbacks.\n",
                ),
                VerbKind::Function => out
                    .push_str("     * A function verb: runs on this worker and answers at once.\n"),
            }
            if verb.fallible && verb.kind == VerbKind::System {
                out.push_str(
                    "     * The promise rejects with an `Error` carrying the message of the \
                     system's `Err`.\n",
                );
            }
            if verb.input != VerbType::Unit {
                let _ = writeln!(out, "     * @param arg {}.", described(verb.input));
            }
            let _ = writeln!(out, "     * @returns {}.", described(verb.output));
            if verb.fallible && verb.kind == VerbKind::Function {
                out.push_str("     * @throws {Error} With the message of the function's `Err`.\n");
            }
            out.push_str("     */\n");
            let param = self
                .verb_type(verb.input)
                .map(|ts| format!("arg: {}", ts.text))
                .unwrap_or_default();
            let result = self
                .verb_type(verb.output)
                .map_or_else(|| "void".to_owned(), |ts| ts.text);
            let result = match verb.kind {
                VerbKind::System => format!("Promise<{result}>"),
                VerbKind::Function => result,
            };
            let _ = writeln!(out, "    {}({param}): {result};", property(&verb.name));
            // Plain numbers also come as separate arguments: `game.bob(t, seed)`.
            if let (
                Some(PlainNumbers {
                    array: Some(len), ..
                }),
                VerbType::Reflected { type_path, .. },
            ) = (verb.plain_input, verb.input)
            {
                let names: &[&str] = if type_path.starts_with("glam::") {
                    &["x", "y", "z", "w"]
                } else {
                    &["a", "b", "c", "d"]
                };
                let params: Vec<String> = names
                    .iter()
                    .take(usize::from(len))
                    .map(|name| format!("{name}: number"))
                    .collect();
                let _ = writeln!(
                    out,
                    "    /** The same, the numbers as separate arguments (no array is made). */\n    {}({}): {result};",
                    property(&verb.name),
                    params.join(", ")
                );
            }
        }
        out.push_str("}\n");
    }
}

/// `interface {name} { ... }` inside a namespace.
fn write_interface(out: &mut String, name: &str, fields: &[String]) {
    if fields.is_empty() {
        let _ = writeln!(out, "    interface {name} {{}}");
        return;
    }
    let _ = writeln!(out, "    interface {name} {{");
    for field in fields {
        let _ = writeln!(out, "        {field}");
    }
    out.push_str("    }\n");
}

/// `type {name} = A | B;` inside a namespace: one line if it fits, else a variant a line.
fn write_union(out: &mut String, name: &str, variants: &[String]) {
    if variants.is_empty() {
        let _ = writeln!(out, "    type {name} = never;");
        return;
    }
    let line = format!("    type {name} = {};", variants.join(" | "));
    if line.len() <= 100 {
        let _ = writeln!(out, "{line}");
        return;
    }
    let _ = writeln!(out, "    type {name} =");
    for (index, variant) in variants.iter().enumerate() {
        let end = if index + 1 == variants.len() { ";" } else { "" };
        let _ = writeln!(out, "        | {variant}{end}");
    }
}

/// Whether `name` is a TypeScript identifier (as ASCII, which is all this file needs to know:
/// anything else is quoted).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_' || first == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `name` as a property key: bare if it is an identifier, else a string literal.
fn property(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        string_literal(name)
    }
}

/// `text` as a double-quoted string literal.
fn string_literal(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    for c in text.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(literal, "\\u{:04x}", u32::from(c));
            }
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// A declaration name made of `text`: every run of other characters than letters, digits and
/// `_` becomes one `_` (`my_game::Foo<f32>` → `my_game_Foo_f32`).
fn identifier(text: &str) -> String {
    let mut name = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            name.push(c);
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_matches('_');
    match name.chars().next() {
        None => "_".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("_{name}"),
        Some(_) => name.to_owned(),
    }
}

/// `text` safe inside a comment.
fn comment(text: &str) -> String {
    text.replace("*/", "* /")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use bevy::platform::collections::HashMap;
    use bevy::prelude::*;
    use bevy::reflect::TypePath;

    use super::*;

    #[derive(Component, Reflect, Default)]
    #[reflect(Component, Default)]
    struct Health {
        current: f32,
        max: f32,
    }

    #[derive(Resource, Reflect, Default)]
    #[reflect(Resource, Default)]
    struct Score {
        coins: u32,
        hits: u32,
    }

    #[derive(Reflect)]
    struct Ray {
        origin: Vec3,
        direction: Vec3,
        max_distance: f32,
    }

    #[derive(Reflect)]
    struct Hit {
        id: u32,
        distance: f32,
        point: Vec3,
    }

    #[derive(Reflect, Default)]
    enum Action {
        #[default]
        Idle,
        Move(Vec3),
        Attack(u32, f32),
        Say {
            text: String,
            loud: bool,
        },
    }

    #[derive(Reflect, Default)]
    struct Meters(f32);

    #[derive(Reflect, Default)]
    struct Pair(i32, String);

    #[derive(Reflect, Default)]
    struct Item {
        name: String,
        count: u32,
    }

    /// Recursive through a list.
    #[derive(Reflect, Default)]
    struct Node {
        children: Vec<Node>,
    }

    mod combat {
        use bevy::prelude::*;

        #[derive(Reflect, Default)]
        pub struct Stats {
            pub level: u8,
        }
    }

    mod ui {
        use bevy::prelude::*;

        #[derive(Reflect, Default)]
        pub struct Stats {
            pub shown: bool,
        }
    }

    /// A component with a field of every kind.
    #[derive(Component, Reflect, Default)]
    #[reflect(Component)]
    struct Player {
        health: Health,
        title: Option<String>,
        pet: Option<Option<Entity>>,
        items: Vec<Item>,
        tags: HashMap<String, u32>,
        home: Vec3,
        facing: Quat,
        frame: Mat2,
        action: Action,
        stride: Meters,
        pair: Pair,
        combat: combat::Stats,
        ui: ui::Stats,
        grid: [u8; 3],
        samples: [f32; 20],
        tree: Node,
        cooldown: std::time::Duration,
        maybe_items: Option<Vec<Option<Item>>>,
        #[reflect(skip_serializing)]
        cache: u32,
    }

    fn reflected<T: TypePath>() -> VerbType {
        VerbType::Reflected {
            type_id: TypeId::of::<T>(),
            type_path: T::type_path(),
        }
    }

    /// The test app of `tests/typings/`: `Health`, `Score`, `raycast` and `noise`.
    fn test_app() -> (TypeRegistry, ExposedTypes, Vec<VerbSignature>) {
        let mut registry = TypeRegistry::default();
        registry.register::<Transform>();
        registry.register::<Name>();
        registry.register::<Visibility>();
        registry.register::<Health>();
        registry.register::<Score>();
        registry.register::<Ray>();
        registry.register::<Option<Hit>>();
        registry.register::<(f32, f32)>();
        let mut exposed = crate::systems::publish::default_types();
        exposed
            .components
            .push(crate::systems::publish::component::<Health>());
        exposed
            .resources
            .push(crate::systems::publish::resource::<Score>());
        let verbs = vec![
            VerbSignature {
                name: "raycast".to_owned(),
                kind: VerbKind::System,
                input: reflected::<Ray>(),
                output: reflected::<Option<Hit>>(),
                fallible: true,
                plain_input: None,
            },
            VerbSignature {
                name: "noise".to_owned(),
                kind: VerbKind::Function,
                input: reflected::<(f32, f32)>(),
                output: reflected::<f32>(),
                fallible: false,
                plain_input: Some(PlainNumbers {
                    array: Some(2),
                    single_precision: true,
                }),
            },
        ];
        (registry, exposed, verbs)
    }

    fn player_app() -> (TypeRegistry, ExposedTypes) {
        let mut registry = TypeRegistry::default();
        registry.register::<Player>();
        let mut exposed = ExposedTypes::default();
        exposed
            .components
            .push(crate::systems::publish::component::<Player>());
        (registry, exposed)
    }

    #[track_caller]
    fn assert_contains(text: &str, expected: &str) {
        assert!(text.contains(expected), "expected\n{expected}\nin\n{text}");
    }

    #[test]
    fn structs_are_interfaces_and_exposed_types_fill_the_base_interfaces() {
        let (registry, exposed, verbs) = test_app();
        let text = declarations(&registry, &exposed, &verbs);
        assert!(text.starts_with("// Generated by bevy_js_worker"), "{text}");
        assert_contains(
            &text,
            "    interface Health {\n        current: number;\n        max: number;\n    }\n",
        );
        assert_contains(
            &text,
            "    interface Ray {\n        origin: [number, number, number];\n        \
             direction: [number, number, number];\n        max_distance: number;\n    }\n",
        );
        assert_contains(
            &text,
            "        translation: [number, number, number];\n        \
             rotation: [number, number, number, number];\n",
        );
        assert_contains(
            &text,
            "    type Visibility = \"Inherited\" | \"Hidden\" | \"Visible\";\n",
        );
        assert_contains(&text, "    Health: Game.Health;\n");
        assert_contains(&text, "    Name: string;\n");
        assert_contains(&text, "interface ScriptResources {\n    /** `");
        assert_contains(&text, "    Score: Game.Score;\n");
        // Patches: structs with optional fields; inserts of a type with `Default` too.
        assert_contains(
            &text,
            "    interface Health {\n        current?: number;\n        max?: number;\n    }\n",
        );
        assert_contains(&text, "interface ScriptPatches {");
        assert_contains(&text, "    Health: GamePatch.Health;\n");
        assert_contains(&text, "    Score: GamePatch.Score;\n");
        assert_contains(&text, "    Visibility: Game.Visibility;\n");
        let inserts = &text[text.find("interface ScriptInserts").unwrap_or(0)..];
        assert_contains(inserts, "    Health: GamePatch.Health;\n");
        assert_contains(inserts, "    Transform: GamePatch.Transform;\n");
        assert!(!inserts[..inserts.find("interface GameVerbs").unwrap_or(0)].contains("Score"));
        // Verbs: promises for systems, values for functions; none of the verbs' own types are
        // patched.
        assert_contains(
            &text,
            "    raycast(arg: Game.Ray): Promise<Game.Hit | null>;\n",
        );
        assert_contains(&text, "    noise(arg: [number, number]): number;\n");
        assert_contains(&text, "    noise(a: number, b: number): number;\n");
        assert_contains(&text, "The promise rejects with an `Error`");
        assert!(
            !text.contains("GamePatch.Ray")
                && !text.contains("A patch of `bevy_js_worker::typings::tests::Hit`")
        );
    }

    #[test]
    fn every_kind_of_type_takes_its_serialized_shape() {
        let (registry, exposed) = player_app();
        let text = declarations(&registry, &exposed, &[]);
        for expected in [
            "        health: Game.Health;\n",
            "        title: string | null;\n",
            // `Some(None)` and `None` both serialize as `null`.
            "        pet: number | null;\n",
            "        items: Game.Item[];\n",
            "        tags: { [key: string]: number };\n",
            "        home: [number, number, number];\n",
            "        facing: [number, number, number, number];\n",
            "        frame: [number, number, number, number];\n",
            "        action: Game.Action;\n",
            "        stride: Game.Meters;\n",
            "        pair: Game.Pair;\n",
            "        grid: [number, number, number];\n",
            "        samples: number[];\n",
            "        tree: Game.Node;\n",
            "        cooldown: { secs: number; nanos: number };\n",
            "        maybe_items: (Game.Item | null)[] | null;\n",
            "    type Action =\n        | \"Idle\"\n        | { Move: [number, number, number] }\n        \
             | { Attack: [number, number] }\n        | { Say: { text: string; loud: boolean } };\n",
            "    type Meters = number;\n",
            "    type Pair = [number, string];\n",
            "    interface Node {\n        children: Game.Node[];\n    }\n",
            // Two `Stats` in different modules: named by their module.
            "        combat: Game.combat_Stats;\n",
            "        ui: Game.ui_Stats;\n",
            "    interface combat_Stats {\n        level: number;\n    }\n",
            "    interface ui_Stats {\n        shown: boolean;\n    }\n",
        ] {
            assert_contains(&text, expected);
        }
        assert!(
            !text.contains("cache"),
            "a skipped field is declared:\n{text}"
        );
        assert!(!text.contains("    interface Stats"), "{text}");
        // Each declaration once.
        let mut seen = BTreeSet::new();
        let game = &text[..text
            .find("declare namespace GamePatch")
            .unwrap_or(text.len())];
        for line in game.lines() {
            if let Some(rest) = line
                .strip_prefix("    interface ")
                .or(line.strip_prefix("    type "))
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    seen.insert(name.clone()),
                    "{name} is declared twice:\n{text}"
                );
            }
        }
        // The patch of `Player` goes into nested structs only; `Player` has no `Default`, so
        // `world.insert` takes a whole one.
        assert_contains(&text, "        health?: GamePatch.Health;\n");
        assert_contains(&text, "        combat?: GamePatch.combat_Stats;\n");
        assert_contains(&text, "        action?: Game.Action;\n");
        assert_contains(&text, "        tree?: GamePatch.Node;\n");
        assert_contains(&text, "    Player: GamePatch.Player;\n");
        let inserts = &text[text.find("interface ScriptInserts").unwrap_or(0)..];
        assert_contains(inserts, "    Player: Game.Player;\n");
        assert_contains(&text, "interface GameVerbs {}\n");
    }

    #[test]
    fn the_output_does_not_depend_on_registration_order() {
        let (registry, exposed) = player_app();
        let first = declarations(&registry, &exposed, &[]);
        let mut registry = TypeRegistry::default();
        registry.register::<ui::Stats>();
        registry.register::<Node>();
        registry.register::<Action>();
        registry.register::<Player>();
        registry.register::<combat::Stats>();
        assert_eq!(first, declarations(&registry, &exposed, &[]));
    }

    #[test]
    fn names_stay_apart_from_each_other_and_from_the_files_own() {
        #[derive(Reflect)]
        struct JsonValue {
            raw: String,
        }
        #[derive(Component, Reflect)]
        #[reflect(Component)]
        struct Holder {
            json: JsonValue,
            first: Wrapper<f32>,
            second: Wrapper<u8>,
        }
        #[derive(Reflect)]
        struct Wrapper<T> {
            value: T,
        }
        let mut registry = TypeRegistry::default();
        registry.register::<Holder>();
        let mut exposed = ExposedTypes::default();
        exposed
            .components
            .push(crate::systems::publish::component::<Holder>());
        let text = declarations(&registry, &exposed, &[]);
        assert_contains(&text, "        json: Game.tests_JsonValue;\n");
        assert_contains(&text, "        raw: string;\n");
        assert!(
            text.contains("Game.bevy_js_worker_typings_tests_Wrapper_f32;")
                && text.contains("Game.bevy_js_worker_typings_tests_Wrapper_u8;"),
            "{text}"
        );
    }

    #[test]
    fn an_unregistered_or_opaque_type_is_json_with_a_reason() {
        #[derive(Component, Reflect)]
        #[reflect(Component)]
        struct Timed {
            at: std::time::Instant,
        }
        let mut registry = TypeRegistry::default();
        registry.register::<Timed>();
        let mut exposed = ExposedTypes::default();
        exposed
            .components
            .push(crate::systems::publish::component::<Timed>());
        let verbs = [
            VerbSignature {
                name: "tick".to_owned(),
                kind: VerbKind::Function,
                input: VerbType::Unit,
                output: VerbType::Json,
                fallible: true,
                plain_input: None,
            },
            VerbSignature {
                name: "fire".to_owned(),
                kind: VerbKind::System,
                input: VerbType::Json,
                output: VerbType::Unit,
                fallible: false,
                plain_input: None,
            },
        ];
        let text = declarations(&registry, &exposed, &verbs);
        assert_contains(&text, "        at: /* opaque, not serializable: ");
        assert_contains(&text, "    tick(): JsonValue;\n");
        assert_contains(&text, "@throws {Error}");
        assert_contains(&text, "    fire(arg: JsonValue): Promise<void>;\n");
    }

    #[test]
    fn write_if_changed_writes_only_changes() {
        let dir = std::env::temp_dir().join(format!(
            "bevy_js_worker-write-if-changed-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("scripts/game.d.ts");
        assert!(write_if_changed(&path, "a").unwrap());
        assert!(!write_if_changed(&path, "a").unwrap());
        assert!(write_if_changed(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
