//! Verbs: the game's own Rust code, called from scripts as `game.name(args)`.
//!
//! [`JsScriptingPlugin::expose_system`](crate::JsScriptingPlugin::expose_system) exposes a Bevy
//! system taking `In<A>`, run on the main thread as a one-shot system (scripts get a promise);
//! [`JsScriptingPlugin::expose_fn`](crate::JsScriptingPlugin::expose_fn) exposes a pure function
//! `A -> R`, run on the worker (scripts get the value). Arguments and results cross in the JSON
//! shape of exposed components: any type that derives `Reflect` (`A`, `R`, and `Result<R,
//! String>`, whose `Err` rejects or throws), `()` for no argument or no value, or
//! `serde_json::Value` for untyped data.
//!
//! [`VerbInput`] and [`VerbOutput`] say which types qualify; they are implemented for all of
//! them, and never by hand. Their marker parameter ([`Reflected`], [`Json`], [`JsonResult`])
//! only tells the blanket implementations apart and is inferred.

use std::any::{Any, TypeId};
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use bevy::app::App;
use bevy::ecs::system::{In, IntoSystem, SystemId};
use bevy::math::{Vec2, Vec3};
use bevy::prelude::World;
use bevy::reflect::enums::VariantInfo;
use bevy::reflect::{FromReflect, GetTypeRegistration, Reflect, TypeInfo, TypePath, Typed};
use serde_json::Value;

use crate::api::verbs::panic_message;
use crate::core::verbs::{
    MAX_NUMBERS, PlainNumbers, PureFn, VerbKind, VerbReply, VerbSignature, VerbType, VerbValue,
};
use crate::systems::SystemVerb;

/// Marks a verb argument or result that derives `Reflect`.
pub struct Reflected;
/// Marks an untyped verb argument or result: `serde_json::Value`.
pub struct Json;
/// Marks an untyped, fallible verb result: `Result<serde_json::Value, String>`.
pub struct JsonResult;

/// How a verb's argument crosses from the script. Not for use outside this crate.
#[doc(hidden)]
pub struct InputCodec<A> {
    verb_type: fn() -> VerbType,
    plain: fn() -> Option<PlainNumbers>,
    register: fn(&mut App),
    decode: fn(VerbValue) -> Result<A, String>,
}

/// How a verb's result crosses back to the script. Not for use outside this crate.
#[doc(hidden)]
pub struct OutputCodec<R> {
    /// The type the script gets, and whether the Rust type is `Result<_, String>`.
    describe: fn() -> (VerbType, bool),
    register: fn(&mut App),
    encode: fn(R) -> VerbReply,
}

/// A type a verb can take as its argument: one that derives `Reflect` (the script passes it in
/// the JSON shape of an exposed component; fields left out take the type's reflected
/// `Default`, with `#[reflect(Default)]`), `()` (no argument), or `serde_json::Value`.
pub trait VerbInput<Marker>: Sized + Send + Sync + 'static {
    #[doc(hidden)]
    fn codec() -> InputCodec<Self>;
}

/// A type a verb can return: one that derives `Reflect` (the script gets it in the JSON shape
/// of an exposed component; `()` is `undefined`; `Result<R, String>` gives `R`, and its `Err`
/// rejects the promise or throws an `Error` with that message), `serde_json::Value`, or
/// `Result<serde_json::Value, String>`.
pub trait VerbOutput<Marker>: Sized + Send + 'static {
    #[doc(hidden)]
    fn codec() -> OutputCodec<Self>;
}

/// The type the script sees for `T`.
fn reflected_type<T: Typed>() -> VerbType {
    if TypeId::of::<T>() == TypeId::of::<()>() {
        VerbType::Unit
    } else {
        VerbType::Reflected {
            type_id: TypeId::of::<T>(),
            type_path: T::type_path(),
        }
    }
}

impl<T> VerbInput<Reflected> for T
where
    T: Reflect + FromReflect + TypePath + Typed + GetTypeRegistration,
{
    fn codec() -> InputCodec<Self> {
        InputCodec {
            verb_type: reflected_type::<T>,
            plain: plain_numbers::<T>,
            register: |app| {
                app.register_type::<T>();
            },
            decode: |value| {
                let value = match value {
                    VerbValue::Reflected(value) => T::from_reflect(value.as_ref()),
                    VerbValue::Unit => T::from_reflect(&()),
                    VerbValue::Numbers(values, len) => from_numbers(&values[..usize::from(len)]),
                    VerbValue::Number(value) => from_numbers(&[value]),
                    VerbValue::Json(_) => None,
                };
                value.ok_or_else(|| format!("the argument is not a complete {}", T::type_path()))
            },
        }
    }
}

impl VerbInput<Json> for Value {
    fn codec() -> InputCodec<Self> {
        InputCodec {
            verb_type: || VerbType::Json,
            plain: || None,
            register: |_| {},
            decode: |value| match value {
                VerbValue::Json(value) => Ok(value),
                VerbValue::Unit => Ok(Value::Null),
                _ => Err("the argument is not JSON".to_owned()),
            },
        }
    }
}

impl<T> VerbOutput<Reflected> for T
where
    T: Reflect + TypePath + Typed + GetTypeRegistration,
{
    fn codec() -> OutputCodec<Self> {
        OutputCodec {
            describe: describe_output::<T>,
            register: |app| {
                app.register_type::<T>();
            },
            // The value crosses boxed; the worker serializes it (and opens a `Result`), so the
            // main thread only moves it.
            encode: |value| {
                if TypeId::of::<T>() == TypeId::of::<()>() {
                    Ok(VerbValue::Unit)
                } else {
                    Ok(to_numbers(&value).unwrap_or_else(|| VerbValue::Reflected(Box::new(value))))
                }
            },
        }
    }
}

/// The script's view of a reflected result type: a `Result<R, String>` is `R`, fallible.
fn describe_output<T: Typed>() -> (VerbType, bool) {
    if let TypeInfo::Enum(info) = T::type_info()
        && info.type_path().starts_with("core::result::Result<")
        && let (Some(VariantInfo::Tuple(ok)), Some(VariantInfo::Tuple(err))) =
            (info.variant("Ok"), info.variant("Err"))
        && let (Some(ok), Some(err)) = (ok.field_at(0), err.field_at(0))
        && err.type_id() == TypeId::of::<String>()
    {
        let output = if ok.type_id() == TypeId::of::<()>() {
            VerbType::Unit
        } else {
            VerbType::Reflected {
                type_id: ok.type_id(),
                type_path: ok.type_path(),
            }
        };
        return (output, true);
    }
    (reflected_type::<T>(), false)
}

/// How plain-number argument types are read on the fast path (see [`PlainNumbers`]); other
/// types cross as reflected values.
fn plain_numbers<T: 'static>() -> Option<PlainNumbers> {
    let id = TypeId::of::<T>();
    let shape = |array: Option<u8>, single_precision: bool| {
        Some(PlainNumbers {
            array,
            single_precision,
        })
    };
    if id == TypeId::of::<f32>() {
        shape(None, true)
    } else if id == TypeId::of::<f64>() {
        shape(None, false)
    } else if id == TypeId::of::<(f32, f32)>() || id == TypeId::of::<Vec2>() {
        shape(Some(2), true)
    } else if id == TypeId::of::<(f32, f32, f32)>() || id == TypeId::of::<Vec3>() {
        shape(Some(3), true)
    } else if id == TypeId::of::<(f64, f64)>() {
        shape(Some(2), false)
    } else {
        None
    }
}

/// `value` as `T`, when `T` is `V` (no allocation: the value moves through an `Option`).
fn cast<T: 'static, V: 'static>(value: V) -> Option<T> {
    let mut slot = Some(value);
    (&mut slot as &mut dyn Any)
        .downcast_mut::<Option<T>>()
        .and_then(Option::take)
}

/// A plain-number argument (checked on the worker) as its type.
fn from_numbers<T: 'static>(numbers: &[f64]) -> Option<T> {
    let id = TypeId::of::<T>();
    // The worker checked `f32` ranges, so the casts only round.
    #[allow(clippy::cast_possible_truncation, reason = "within f32 range, checked")]
    match *numbers {
        [x] if id == TypeId::of::<f32>() => cast(x as f32),
        [x] if id == TypeId::of::<f64>() => cast(x),
        [x, y] if id == TypeId::of::<(f32, f32)>() => cast((x as f32, y as f32)),
        [x, y] if id == TypeId::of::<Vec2>() => cast(Vec2::new(x as f32, y as f32)),
        [x, y] if id == TypeId::of::<(f64, f64)>() => cast((x, y)),
        [x, y, z] if id == TypeId::of::<(f32, f32, f32)>() => cast((x as f32, y as f32, z as f32)),
        [x, y, z] if id == TypeId::of::<Vec3>() => cast(Vec3::new(x as f32, y as f32, z as f32)),
        _ => None,
    }
}

/// A number, or a short array of numbers, crosses back as itself, not as a reflected value.
fn to_numbers<T: 'static>(value: &T) -> Option<VerbValue> {
    let any = value as &dyn Any;
    let numbers = |values: &[f32]| {
        let mut out = [0.0; MAX_NUMBERS];
        for (slot, value) in out.iter_mut().zip(values) {
            *slot = f64::from(*value);
        }
        VerbValue::Numbers(out, values.len() as u8)
    };
    if let Some(value) = any.downcast_ref::<f32>() {
        Some(VerbValue::Number(f64::from(*value)))
    } else if let Some(value) = any.downcast_ref::<f64>() {
        Some(VerbValue::Number(*value))
    } else if let Some(value) = any.downcast_ref::<i32>() {
        Some(VerbValue::Number(f64::from(*value)))
    } else if let Some(value) = any.downcast_ref::<u32>() {
        Some(VerbValue::Number(f64::from(*value)))
    } else if let Some(value) = any.downcast_ref::<Vec2>() {
        Some(numbers(&value.to_array()))
    } else if let Some(value) = any.downcast_ref::<Vec3>() {
        Some(numbers(&value.to_array()))
    } else if let Some(&(x, y)) = any.downcast_ref::<(f32, f32)>() {
        Some(numbers(&[x, y]))
    } else {
        None
    }
}

impl VerbOutput<Json> for Value {
    fn codec() -> OutputCodec<Self> {
        OutputCodec {
            describe: || (VerbType::Json, false),
            register: |_| {},
            encode: |value| Ok(VerbValue::Json(value)),
        }
    }
}

impl VerbOutput<JsonResult> for Result<Value, String> {
    fn codec() -> OutputCodec<Self> {
        OutputCodec {
            describe: || (VerbType::Json, true),
            register: |_| {},
            encode: |value| value.map(VerbValue::Json),
        }
    }
}

/// One exposed verb, as the plugin keeps it until it is built.
#[derive(Clone)]
pub(crate) struct ExposedVerb {
    pub signature: VerbSignature,
    /// The Rust name of the system or function, for the message about a name clash.
    pub rust_name: &'static str,
    /// Registers the argument and result types.
    pub register: fn(&mut App),
    pub code: VerbCode,
}

impl std::fmt::Debug for ExposedVerb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "game.{} ({})", self.signature.name, self.rust_name)
    }
}

/// What runs a verb.
#[derive(Clone)]
pub(crate) enum VerbCode {
    /// Makes a fresh runner of the system (a plugin can be built more than once).
    System(Arc<dyn Fn() -> Box<dyn SystemVerb> + Send + Sync>),
    Function(PureFn),
}

/// The verb `name` for system `system`.
pub(crate) fn system_verb<A, R, S, M, MA, MR>(name: String, system: S) -> ExposedVerb
where
    A: VerbInput<MA>,
    R: VerbOutput<MR>,
    S: IntoSystem<In<A>, R, M> + Clone + Send + Sync + 'static,
    M: 'static,
    MA: 'static,
    MR: 'static,
{
    ExposedVerb {
        signature: signature::<A, R, MA, MR>(name.clone(), VerbKind::System),
        rust_name: std::any::type_name::<S>(),
        register: register_both::<A, R, MA, MR>,
        code: VerbCode::System(Arc::new(move || {
            Box::new(OneShot::<A, R, S, M, MA, MR> {
                label: format!("game.{name}"),
                system: system.clone(),
                id: None,
                input: A::codec().decode,
                output: R::codec().encode,
                types: PhantomData,
            })
        })),
    }
}

/// What scripts and the typings know of verb `name`, from its argument and result types.
fn signature<A: VerbInput<MA>, R: VerbOutput<MR>, MA, MR>(
    name: String,
    kind: VerbKind,
) -> VerbSignature {
    let input = A::codec();
    let (output, fallible) = (R::codec().describe)();
    VerbSignature {
        name,
        kind,
        input: (input.verb_type)(),
        output,
        fallible,
        plain_input: (input.plain)(),
    }
}

/// Registers a verb's argument and result types.
fn register_both<A: VerbInput<MA>, R: VerbOutput<MR>, MA, MR>(app: &mut App) {
    (A::codec().register)(app);
    (R::codec().register)(app);
}

/// The verb `name` for the pure function `function`.
pub(crate) fn function_verb<A, R, F, MA, MR>(name: String, function: F) -> ExposedVerb
where
    A: VerbInput<MA>,
    R: VerbOutput<MR>,
    F: Fn(A) -> R + Send + Sync + 'static,
    MA: 'static,
    MR: 'static,
{
    let (decode, encode) = (A::codec().decode, R::codec().encode);
    ExposedVerb {
        signature: signature::<A, R, MA, MR>(name, VerbKind::Function),
        rust_name: std::any::type_name::<F>(),
        register: register_both::<A, R, MA, MR>,
        code: VerbCode::Function(Arc::new(move |value| encode(function(decode(value)?)))),
    }
}

/// The markers a [`OneShot`] is generic over, unused at run time.
type Markers<M, MA, MR> = PhantomData<fn() -> (M, MA, MR)>;

/// A system verb: the game's one-shot system, registered in the world on its first call.
struct OneShot<A: 'static, R, S, M, MA, MR> {
    label: String,
    system: S,
    id: Option<SystemId<In<A>, R>>,
    input: fn(VerbValue) -> Result<A, String>,
    output: fn(R) -> VerbReply,
    types: Markers<M, MA, MR>,
}

impl<A, R, S, M, MA, MR> SystemVerb for OneShot<A, R, S, M, MA, MR>
where
    A: VerbInput<MA>,
    R: VerbOutput<MR>,
    S: IntoSystem<In<A>, R, M> + Clone + Send + Sync + 'static,
    M: 'static,
    MA: 'static,
    MR: 'static,
{
    fn run(&mut self, world: &mut World, input: VerbValue) -> VerbReply {
        let input = (self.input)(input).map_err(|error| format!("{}: {error}", self.label))?;
        let id = match self.id {
            Some(id) => id,
            None => *self.id.insert(world.register_system(self.system.clone())),
        };
        match catch_unwind(AssertUnwindSafe(|| world.run_system_with(id, input))) {
            Ok(Ok(value)) => (self.output)(value),
            Ok(Err(error)) => Err(format!("{}: the system could not run: {error}", self.label)),
            Err(panic) => {
                // A panicking one-shot system is taken out of the world for good: the next
                // call registers a fresh copy.
                self.id = None;
                let _ = world.try_despawn(id.entity());
                Err(panic_message(&self.label, panic.as_ref()))
            }
        }
    }
}
