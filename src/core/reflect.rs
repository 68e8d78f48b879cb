//! The game types scripts may reach through `world`, and the reflection work behind it: what a
//! value looks like to a script, and how a script's patch becomes a change to apply.
//!
//! A game exposes reflected components and resources by type
//! ([`JsScriptingPlugin::expose_component`](crate::JsScriptingPlugin::expose_component)). Each
//! becomes an [`ExposedType`] with a short name (`"Health"`) and typed functions, so the main
//! thread snapshots, patches, inserts and removes it without any registry lookup.
//!
//! The worker turns a script's JSON into a [`Patch`] here, checked against the type's reflected
//! shape: wrong fields, types and ranges fail on the worker, in the calling line. The main
//! thread then only walks field indices and stores values ([`Patch::apply`]).

use std::any::TypeId;
use std::sync::Arc;

use bevy::ecs::component::Mutable;
use bevy::ecs::world::{EntityRef, EntityWorldMut};
use bevy::prelude::{Component, Resource, World};
use bevy::reflect::serde::{TypedReflectDeserializer, TypedReflectSerializer};
use bevy::reflect::{
    FromReflect, GetTypeRegistration, PartialReflect, Reflect, ReflectMut, TypeInfo, TypePath,
    TypeRegistration, TypeRegistry, Typed, std_traits::ReflectDefault,
};
use serde::de::DeserializeSeed;
use serde_json::Value;

/// A published reflected value, shared between the buffers scripts read.
#[derive(Clone)]
pub(crate) struct ReflectValue(pub Arc<dyn PartialReflect>);

impl std::fmt::Debug for ReflectValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.debug(f)
    }
}

/// An index into [`ExposedTypes::components`] or [`ExposedTypes::resources`].
pub(crate) type TypeIndex = u16;

/// The index of `Transform`, always exposed first. Its value is not published on its own: it
/// is the entity state that `entity.get` reads.
pub(crate) const TRANSFORM: TypeIndex = 0;
/// The index of `Name`, always exposed second (`world.find` reads it).
pub(crate) const NAME: TypeIndex = 1;

/// The most component types a game can expose (the set a visible entity has is a bitmask).
pub(crate) const MAX_COMPONENTS: usize = 64;

/// Typed functions for one exposed component type.
#[derive(Clone, Copy)]
pub(crate) struct ComponentFns {
    /// A copy of the component, if the entity has it.
    pub snapshot: fn(&EntityRef) -> Option<ReflectValue>,
    /// Whether the entity has it.
    pub contains: fn(&EntityRef) -> bool,
    /// Applies a patch; `Ok(false)` if the entity lacks the component.
    pub patch: fn(&mut EntityWorldMut, &Patch) -> Result<bool, String>,
    /// Inserts (or replaces) it from a complete reflected value.
    pub insert: fn(&mut EntityWorldMut, &dyn PartialReflect) -> Result<(), String>,
    /// Removes it; whether it was there.
    pub remove: fn(&mut EntityWorldMut) -> bool,
    /// Adds the system that publishes its changes (the systems layer's publishers).
    pub add_publisher: fn(&mut bevy::app::App, TypeIndex),
}

/// Typed functions for one exposed resource type.
#[derive(Clone, Copy)]
pub(crate) struct ResourceFns {
    /// Applies a patch; `Ok(false)` if the resource does not exist.
    pub patch: fn(&mut World, &Patch) -> Result<bool, String>,
    /// Adds the system that publishes its changes.
    pub add_publisher: fn(&mut bevy::app::App, TypeIndex),
}

/// One reflected type a game exposed to scripts.
#[derive(Clone)]
pub(crate) struct ExposedType<F> {
    /// The short type path scripts name it by (`"Health"`).
    pub name: &'static str,
    /// The full type path, for error messages.
    pub type_path: &'static str,
    pub type_id: TypeId,
    pub fns: F,
    /// Registers the type in the app's registry.
    pub register: fn(&mut bevy::app::App),
}

impl<F> std::fmt::Debug for ExposedType<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.type_path)
    }
}

impl ExposedType<ComponentFns> {
    /// The descriptor of component `T`, published by the system `add_publisher` adds.
    pub fn component<T>(add_publisher: fn(&mut bevy::app::App, TypeIndex)) -> Self
    where
        T: Component<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
        T: GetTypeRegistration,
    {
        Self {
            name: T::short_type_path(),
            type_path: T::type_path(),
            type_id: TypeId::of::<T>(),
            register: |app| {
                app.register_type::<T>();
            },
            fns: ComponentFns {
                snapshot: |entity| entity.get::<T>().map(|value| snapshot(value)),
                contains: |entity| entity.contains::<T>(),
                patch: |entity, patch| match entity.get_mut::<T>() {
                    Some(mut value) => patch.apply(value.as_partial_reflect_mut()).map(|()| true),
                    None => Ok(false),
                },
                insert: |entity, value| {
                    let value = T::from_reflect(value)
                        .ok_or_else(|| format!("the value is not a complete {}", T::type_path()))?;
                    entity.insert(value);
                    Ok(())
                },
                remove: |entity| entity.take::<T>().is_some(),
                add_publisher,
            },
        }
    }
}

impl ExposedType<ResourceFns> {
    /// The descriptor of resource `R`, published by the system `add_publisher` adds.
    pub fn resource<R>(add_publisher: fn(&mut bevy::app::App, TypeIndex)) -> Self
    where
        R: Resource<Mutability = Mutable> + Reflect + FromReflect + TypePath + Typed,
        R: GetTypeRegistration,
    {
        Self {
            name: R::short_type_path(),
            type_path: R::type_path(),
            type_id: TypeId::of::<R>(),
            register: |app| {
                app.register_type::<R>();
            },
            fns: ResourceFns {
                patch: |world, patch| match world.get_resource_mut::<R>() {
                    Some(mut value) => patch.apply(value.as_partial_reflect_mut()).map(|()| true),
                    None => Ok(false),
                },
                add_publisher,
            },
        }
    }
}

/// A copy of a reflected value to publish: a typed clone where the type allows it.
pub(crate) fn snapshot<T: Reflect + FromReflect>(value: &T) -> ReflectValue {
    match T::from_reflect(value.as_partial_reflect()) {
        Some(copy) => ReflectValue(Arc::new(copy)),
        None => ReflectValue(Arc::from(value.to_dynamic())),
    }
}

/// Every type a game exposed, in the order scripts' bitmasks and commands index them.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExposedTypes {
    pub components: Vec<ExposedType<ComponentFns>>,
    pub resources: Vec<ExposedType<ResourceFns>>,
}

impl ExposedTypes {
    /// Checks that no two types share a short name and that there are not too many.
    pub fn validate(&self) -> Result<(), String> {
        if self.components.len() > MAX_COMPONENTS {
            return Err(format!(
                "JsScriptingPlugin: {} component types are exposed; at most {MAX_COMPONENTS} can be",
                self.components.len()
            ));
        }
        let names = self
            .components
            .iter()
            .map(|ty| (ty.name, ty.type_path, "component"))
            .chain(
                self.resources
                    .iter()
                    .map(|ty| (ty.name, ty.type_path, "resource")),
            )
            .collect::<Vec<_>>();
        for (index, (name, path, kind)) in names.iter().enumerate() {
            if let Some((_, other, other_kind)) =
                names[..index].iter().find(|(other, _, _)| other == name)
            {
                return Err(format!(
                    "JsScriptingPlugin: scripts name exposed types by their short name, and two \
                     share the name `{name}`: the {other_kind} `{other}` and the {kind} `{path}`; \
                     rename one of them"
                ));
            }
        }
        Ok(())
    }

    pub fn component(&self, name: &str) -> Option<TypeIndex> {
        self.components
            .iter()
            .position(|ty| ty.name == name)
            .map(|index| index as TypeIndex)
    }

    pub fn resource(&self, name: &str) -> Option<TypeIndex> {
        self.resources
            .iter()
            .position(|ty| ty.name == name)
            .map(|index| index as TypeIndex)
    }

    /// The exposed component names, for error messages.
    pub fn component_names(&self) -> String {
        self.components
            .iter()
            .map(|ty| ty.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The exposed resource names, for error messages.
    pub fn resource_names(&self) -> String {
        let names = self.resources.iter().map(|ty| ty.name).collect::<Vec<_>>();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    }
}

/// What the worker needs to read and check exposed values: the types and a private copy of
/// the app's type registry (so the worker never takes the app's registry lock).
#[derive(Clone)]
pub(crate) struct Reflection {
    pub types: Arc<ExposedTypes>,
    pub registry: Arc<TypeRegistry>,
}

impl Default for Reflection {
    fn default() -> Self {
        Self {
            types: Arc::new(ExposedTypes::default()),
            registry: Arc::new(TypeRegistry::empty()),
        }
    }
}

impl Reflection {
    /// A copy of every registration in `registry`.
    pub fn new(types: ExposedTypes, registry: &TypeRegistry) -> Self {
        let mut copy = TypeRegistry::empty();
        for registration in registry.iter() {
            copy.add_registration(registration.clone());
        }
        Self {
            types: Arc::new(types),
            registry: Arc::new(copy),
        }
    }

    /// `value` in the shape Bevy's reflection serializer gives it, as JSON.
    pub fn to_json(&self, value: &dyn PartialReflect) -> Result<Value, String> {
        serde_json::to_value(TypedReflectSerializer::new(value, &self.registry))
            .map_err(|error| error.to_string())
    }

    fn registration(&self, type_id: TypeId, path: &str) -> Result<&TypeRegistration, Failure> {
        self.registry
            .get(type_id)
            .ok_or_else(|| Failure::range(path, "has a type that is not registered for reflection"))
    }

    /// A patch for the value of type `type_id` from `json`: only the fields it names change,
    /// nested structs patch recursively. `path` names the value (`"Health"`) in errors.
    pub fn patch(&self, type_id: TypeId, json: &Value, path: &str) -> Result<Patch, Failure> {
        let mut edits = Vec::new();
        let registration = self.registration(type_id, path)?;
        expect_object(registration, json, path)?;
        self.collect(
            registration,
            json,
            &mut FieldPath::default(),
            path,
            &mut edits,
        )?;
        Ok(Patch { edits })
    }

    /// A complete value of type `type_id` from `json`: fields it leaves out take the type's
    /// reflected `Default` (a type without one needs every field).
    pub fn value(
        &self,
        type_id: TypeId,
        json: &Value,
        path: &str,
    ) -> Result<Box<dyn PartialReflect>, Failure> {
        let registration = self.registration(type_id, path)?;
        expect_object(registration, json, path)?;
        if let (Some(default), true) = (
            registration.data::<ReflectDefault>(),
            patches_by_field(registration, json),
        ) {
            let mut value = default.default().into_partial_reflect();
            let patch = self.patch(type_id, json, path)?;
            patch
                .apply(value.as_mut())
                .map_err(|error| Failure::range(path, &error))?;
            return Ok(value);
        }
        self.deserialize(registration, json, path)
    }

    fn deserialize(
        &self,
        registration: &TypeRegistration,
        json: &Value,
        path: &str,
    ) -> Result<Box<dyn PartialReflect>, Failure> {
        let value = TypedReflectDeserializer::new(registration, &self.registry)
            .deserialize(json)
            .map_err(|error| Failure {
                kind: FailureKind::Type,
                message: format!("{path}: {error}"),
            })?;
        // serde turns a number beyond `f32` range into infinity; nothing non-finite gets out.
        if is_finite(value.as_ref()) {
            Ok(value)
        } else {
            Err(Failure::range(
                path,
                "must hold finite numbers (within 32-bit float range for 32-bit fields)",
            ))
        }
    }

    fn collect(
        &self,
        registration: &TypeRegistration,
        json: &Value,
        at: &mut FieldPath,
        path: &str,
        edits: &mut Vec<Edit>,
    ) -> Result<(), Failure> {
        if let (TypeInfo::Struct(info), Value::Object(fields), true) = (
            registration.type_info(),
            json,
            patches_by_field(registration, json),
        ) {
            for (name, value) in fields {
                let field_path = format!("{path}.{name}");
                let (Some(index), Some(field)) = (info.index_of(name), info.field(name)) else {
                    return Err(Failure::range(
                        &field_path,
                        &format!(
                            "is not a field of {} (its fields: {})",
                            info.type_path_table().short_path(),
                            info.field_names().join(", ")
                        ),
                    ));
                };
                let field_registration = self.registration(field.type_id(), &field_path)?;
                at.push(index, &field_path)?;
                self.collect(field_registration, value, at, &field_path, edits)?;
                at.pop();
            }
            return Ok(());
        }
        let value = self.leaf(registration, json, path)?;
        edits.push(Edit { path: *at, value });
        Ok(())
    }

    fn leaf(
        &self,
        registration: &TypeRegistration,
        json: &Value,
        path: &str,
    ) -> Result<Leaf, Failure> {
        let type_id = registration.type_id();
        let number = || {
            json.as_f64()
                .ok_or_else(|| Failure::type_error(path, "must be a number"))
        };
        macro_rules! integer {
            ($($ty:ty => $variant:expr),* $(,)?) => {
                $(if type_id == TypeId::of::<$ty>() {
                    let n = number()?;
                    let bounds = || format!(
                        "must be an integer from {} to {}", <$ty>::MIN, <$ty>::MAX
                    );
                    if n.fract() != 0.0 || n < <$ty>::MIN as f64 || n > <$ty>::MAX as f64 {
                        return Err(Failure::range(path, &bounds()));
                    }
                    return Ok($variant(n as $ty));
                })*
            };
        }
        let boxed = |value: Box<dyn PartialReflect>| Leaf::Boxed(value);
        if type_id == TypeId::of::<f32>() {
            let n = number()?;
            if n.abs() > f64::from(f32::MAX) {
                return Err(Failure::range(
                    path,
                    "must be a number within 32-bit float range",
                ));
            }
            return Ok(Leaf::F32(n as f32));
        }
        if type_id == TypeId::of::<f64>() {
            return Ok(Leaf::F64(number()?));
        }
        if type_id == TypeId::of::<bool>() {
            return json
                .as_bool()
                .map(Leaf::Bool)
                .ok_or_else(|| Failure::type_error(path, "must be a boolean"));
        }
        integer!(
            i32 => Leaf::I32, u32 => Leaf::U32, i64 => Leaf::I64, u64 => Leaf::U64,
            usize => Leaf::Usize,
            i8 => |n: i8| boxed(Box::new(n)), u8 => |n: u8| boxed(Box::new(n)),
            i16 => |n: i16| boxed(Box::new(n)), u16 => |n: u16| boxed(Box::new(n)),
            isize => |n: isize| boxed(Box::new(n))
        );
        if type_id == TypeId::of::<String>() {
            return json
                .as_str()
                .map(|s| Leaf::Boxed(Box::new(s.to_owned())))
                .ok_or_else(|| Failure::type_error(path, "must be a string"));
        }
        self.deserialize(registration, json, path).map(Leaf::Boxed)
    }
}

/// A component or resource that is a struct is written as an object of its fields, the shape
/// the serializer gives it (not, say, serde's sequence form of a struct).
fn expect_object(registration: &TypeRegistration, json: &Value, path: &str) -> Result<(), Failure> {
    if matches!(registration.type_info(), TypeInfo::Struct(_)) && !json.is_object() {
        Err(Failure::type_error(path, "must be an object of its fields"))
    } else {
        Ok(())
    }
}

/// Whether every float in `value` is finite.
fn is_finite(value: &dyn PartialReflect) -> bool {
    use bevy::reflect::ReflectRef;
    if let Some(number) = value.try_downcast_ref::<f32>() {
        return number.is_finite();
    }
    if let Some(number) = value.try_downcast_ref::<f64>() {
        return number.is_finite();
    }
    match value.reflect_ref() {
        ReflectRef::Struct(value) => value.iter_fields().all(|(_, field)| is_finite(field)),
        ReflectRef::TupleStruct(value) => value.iter_fields().all(is_finite),
        ReflectRef::Tuple(value) => value.iter_fields().all(is_finite),
        ReflectRef::List(value) => value.iter().all(is_finite),
        ReflectRef::Array(value) => value.iter().all(is_finite),
        ReflectRef::Map(value) => value
            .iter()
            .all(|(key, value)| is_finite(key) && is_finite(value)),
        ReflectRef::Set(value) => value.iter().all(is_finite),
        ReflectRef::Enum(value) => value.iter_fields().all(|field| is_finite(field.value())),
        _ => true,
    }
}

/// Whether `json` patches a value of this type field by field: the type is a struct and `json`
/// an object (a struct that serializes as something else, like `Vec3` as `[x, y, z]`, is given
/// in that shape, which is not an object, and replaced whole).
fn patches_by_field(registration: &TypeRegistration, json: &Value) -> bool {
    matches!(registration.type_info(), TypeInfo::Struct(_)) && json.is_object()
}

/// Why a script's value was refused: a `TypeError` or a `RangeError`, with a message that
/// names the field path (`Health.current must be a number`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    Type,
    Range,
}

impl Failure {
    fn type_error(path: &str, problem: &str) -> Self {
        Self {
            kind: FailureKind::Type,
            message: format!("{path} {problem}"),
        }
    }

    fn range(path: &str, problem: &str) -> Self {
        Self {
            kind: FailureKind::Range,
            message: format!("{path} {problem}"),
        }
    }
}

/// How deep a patch may reach into nested structs.
const MAX_PATCH_DEPTH: usize = 8;

/// Field indices from a component down to the field an edit sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FieldPath {
    indices: [u16; MAX_PATCH_DEPTH],
    len: u8,
}

impl FieldPath {
    fn push(&mut self, index: usize, path: &str) -> Result<(), Failure> {
        let slot = self.indices.get_mut(usize::from(self.len)).ok_or_else(|| {
            Failure::range(
                path,
                &format!("is nested too deeply to patch (the limit is {MAX_PATCH_DEPTH})"),
            )
        })?;
        *slot = u16::try_from(index).unwrap_or(u16::MAX);
        self.len += 1;
        Ok(())
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn indices(&self) -> &[u16] {
        &self.indices[..usize::from(self.len)]
    }
}

/// A new value for one field, checked on the worker. Common scalars are stored inline, so a
/// patch of plain numbers allocates nothing but its list of edits.
#[derive(Debug)]
pub(crate) enum Leaf {
    F32(f32),
    F64(f64),
    Bool(bool),
    I32(i32),
    U32(u32),
    I64(i64),
    U64(u64),
    Usize(usize),
    Boxed(Box<dyn PartialReflect>),
}

/// One field to set.
#[derive(Debug)]
pub(crate) struct Edit {
    path: FieldPath,
    value: Leaf,
}

/// The fields a script's `world.set` changes, checked against the type on the worker.
#[derive(Debug, Default)]
pub(crate) struct Patch {
    edits: Vec<Edit>,
}

impl Patch {
    /// Sets each edited field of `target`.
    ///
    /// # Errors
    /// A message if `target` does not have the shape the patch was checked against (which
    /// cannot happen for a patch made for its type).
    pub fn apply(&self, target: &mut dyn PartialReflect) -> Result<(), String> {
        for edit in &self.edits {
            let mut field = &mut *target;
            for &index in edit.path.indices() {
                let index = usize::from(index);
                field = match field.reflect_mut() {
                    ReflectMut::Struct(value) => value.field_at_mut(index),
                    ReflectMut::TupleStruct(value) => value.field_mut(index),
                    ReflectMut::Tuple(value) => value.field_mut(index),
                    _ => None,
                }
                .ok_or_else(|| format!("the patch does not fit the value (no field {index})"))?;
            }
            set(field, &edit.value)?;
        }
        Ok(())
    }

    /// Edits in the patch.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.edits.len()
    }
}

fn set(target: &mut dyn PartialReflect, leaf: &Leaf) -> Result<(), String> {
    fn store<T: Copy + 'static>(target: &mut dyn PartialReflect, value: T) -> Result<(), String> {
        let path = target.reflect_type_path().to_owned();
        *target
            .try_downcast_mut::<T>()
            .ok_or_else(|| format!("a {} is not a {path}", std::any::type_name::<T>()))? = value;
        Ok(())
    }
    match leaf {
        Leaf::F32(value) => store(target, *value),
        Leaf::F64(value) => store(target, *value),
        Leaf::Bool(value) => store(target, *value),
        Leaf::I32(value) => store(target, *value),
        Leaf::U32(value) => store(target, *value),
        Leaf::I64(value) => store(target, *value),
        Leaf::U64(value) => store(target, *value),
        Leaf::Usize(value) => store(target, *value),
        Leaf::Boxed(value) => target
            .try_apply(value.as_ref())
            .map_err(|error| error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use bevy::prelude::*;
    use serde_json::json;

    use super::*;

    #[derive(Component, Reflect, Default, Debug, PartialEq, Clone)]
    #[reflect(Component, Default)]
    struct Health {
        current: f32,
        max: f32,
    }

    #[derive(Component, Reflect, Default, Debug, PartialEq, Clone)]
    #[reflect(Component, Default)]
    struct Stats {
        health: Health,
        level: u8,
        title: String,
    }

    fn reflection() -> Reflection {
        let mut registry = TypeRegistry::default();
        registry.register::<Health>();
        registry.register::<Stats>();
        registry.register::<Transform>();
        Reflection::new(ExposedTypes::default(), &registry)
    }

    #[test]
    fn a_patch_changes_only_the_fields_it_names() {
        let reflection = reflection();
        let patch = reflection
            .patch(
                TypeId::of::<Stats>(),
                &json!({ "health": { "current": 3 } }),
                "Stats",
            )
            .unwrap();
        assert_eq!(patch.len(), 1);
        let mut stats = Stats {
            health: Health {
                current: 10.0,
                max: 10.0,
            },
            level: 4,
            title: "knight".into(),
        };
        patch.apply(&mut stats).unwrap();
        assert_eq!(
            stats.health,
            Health {
                current: 3.0,
                max: 10.0
            }
        );
        assert_eq!(stats.level, 4);
    }

    #[test]
    fn wrong_fields_types_and_ranges_name_the_path() {
        let reflection = reflection();
        let fail = |json: Value| {
            reflection
                .patch(TypeId::of::<Stats>(), &json, "Stats")
                .unwrap_err()
        };
        let error = fail(json!({ "health": { "current": "x" } }));
        assert_eq!(error.kind, FailureKind::Type);
        assert_eq!(error.message, "Stats.health.current must be a number");
        let error = fail(json!({ "level": 300 }));
        assert_eq!(error.kind, FailureKind::Range);
        assert_eq!(
            error.message,
            "Stats.level must be an integer from 0 to 255"
        );
        let error = fail(json!({ "armor": 1 }));
        assert_eq!(error.kind, FailureKind::Range);
        assert!(
            error
                .message
                .starts_with("Stats.armor is not a field of Stats"),
            "{error:?}"
        );
        let error = fail(json!({ "title": 1 }));
        assert_eq!(error.message, "Stats.title must be a string");
    }

    #[test]
    fn values_fill_left_out_fields_from_default_and_serialize_like_scenes() {
        let reflection = reflection();
        let value = reflection
            .value(TypeId::of::<Health>(), &json!({ "max": 7 }), "Health")
            .unwrap();
        assert_eq!(
            Health::from_reflect(value.as_ref()),
            Some(Health {
                current: 0.0,
                max: 7.0
            })
        );
        let json = reflection
            .to_json(&Transform::from_xyz(1.0, 2.0, 3.0))
            .unwrap();
        assert_eq!(json["translation"], json!([1.0, 2.0, 3.0]));
        let patch = reflection
            .patch(
                TypeId::of::<Transform>(),
                &json!({ "translation": [4, 5, 6] }),
                "Transform",
            )
            .unwrap();
        let mut transform = Transform::IDENTITY;
        patch.apply(&mut transform).unwrap();
        assert_eq!(transform.translation, Vec3::new(4.0, 5.0, 6.0));
    }
}
