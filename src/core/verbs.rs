//! Verbs: the game's own Rust code that scripts call as `game.name(args)`, and what crosses the
//! rings for them.
//!
//! A *system verb* ([`VerbKind::System`]) is a Bevy one-shot system: the worker checks its
//! argument, sends it as a command, and the main thread runs the system in order with the
//! script's other commands; the answer comes back with the next callbacks and settles the
//! script's promise. A *function verb* ([`VerbKind::Function`]) is a pure Rust function that runs
//! on the worker and answers at once.
//!
//! Values cross in the shape of exposed components: a reflected type as Bevy's reflection
//! serializer gives it, or untyped JSON.

use std::any::TypeId;
use std::sync::Arc;

use bevy::reflect::{PartialReflect, ReflectRef};
use serde_json::Value;

use super::reflect::Reflection;

/// How a verb's argument or result crosses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbType {
    /// `()`: no argument, or `undefined` as the result.
    Unit,
    /// A reflected type, in the JSON shape of an exposed component.
    Reflected {
        type_id: TypeId,
        type_path: &'static str,
    },
    /// `serde_json::Value`, untyped.
    Json,
}

/// Where a verb runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbKind {
    /// A one-shot system on the main thread; the script gets a promise.
    System,
    /// A pure function on the worker; the script gets the value.
    Function,
}

/// An argument that is plain numbers (`f32`, `(f32, f32)`, `Vec3`, ...): the worker reads it
/// straight from the JS values, with no JSON and no reflection in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainNumbers {
    /// `None`: one number; `Some(n)`: an array of `n` (at most [`MAX_NUMBERS`]).
    pub array: Option<u8>,
    /// Whether the numbers are `f32` (so must be within its range).
    pub single_precision: bool,
}

/// The most numbers a [`VerbValue::Numbers`] holds.
pub(crate) const MAX_NUMBERS: usize = 4;

/// What scripts and the typings know of a verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbSignature {
    /// The name scripts call it by: `game.<name>`.
    pub name: String,
    pub kind: VerbKind,
    pub input: VerbType,
    /// The value it answers with (`R` of a `Result<R, String>`).
    pub output: VerbType,
    /// Whether the Rust code returns `Result<R, String>` (an `Err` rejects or throws).
    pub fallible: bool,
    /// How the argument is read when it is plain numbers (the fast path).
    pub plain_input: Option<PlainNumbers>,
}

/// A verb's argument or result on its way.
pub(crate) enum VerbValue {
    Unit,
    Reflected(Box<dyn PartialReflect>),
    Json(Value),
    /// One number.
    Number(f64),
    /// An array of up to [`MAX_NUMBERS`] numbers (the first `len`).
    Numbers([f64; MAX_NUMBERS], u8),
}

impl std::fmt::Debug for VerbValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unit => f.write_str("()"),
            Self::Reflected(value) => value.debug(f),
            Self::Json(value) => write!(f, "{value}"),
            Self::Number(value) => write!(f, "{value}"),
            Self::Numbers(values, len) => write!(f, "{:?}", &values[..usize::from(*len)]),
        }
    }
}

/// What a verb answered: its value, or the message of its `Err` (or of its panic).
pub(crate) type VerbReply = Result<VerbValue, String>;

/// A pure function verb, with its argument and result types erased.
pub(crate) type PureFn = Arc<dyn Fn(VerbValue) -> VerbReply + Send + Sync>;

/// Every verb of an app, as a worker sees them: signatures (indexed as `game.*` calls name
/// them) and the function verbs' code.
#[derive(Default)]
pub(crate) struct VerbTable {
    pub signatures: Vec<VerbSignature>,
    /// `game.<name>`, for messages.
    pub labels: Vec<String>,
    /// One per signature: the code of a function verb, `None` for a system verb.
    pub functions: Vec<Option<PureFn>>,
}

impl VerbTable {
    /// Adds a verb; `function` is the code of a function verb.
    pub fn push(&mut self, signature: VerbSignature, function: Option<PureFn>) {
        self.labels.push(format!("game.{}", signature.name));
        self.signatures.push(signature);
        self.functions.push(function);
    }
}

impl std::fmt::Debug for VerbTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.signatures.iter().map(|signature| &signature.name))
            .finish()
    }
}

/// A verb's index in its [`VerbTable`].
pub(crate) type VerbIndex = u16;

/// The most verbs an app can expose (indices are `u16`).
pub(crate) const MAX_VERBS: usize = u16::MAX as usize;

/// An answered value as JSON, for the script: `None` for `undefined`. A fallible typed verb's
/// value is its whole `Result`, opened here, on the worker, so that the main thread only boxes
/// it.
///
/// # Errors
/// The message of an `Err`, or why the value cannot be serialized.
pub(crate) fn reply_json(
    reflection: &Reflection,
    signature: &VerbSignature,
    value: &VerbValue,
) -> Result<Option<Value>, String> {
    match value {
        VerbValue::Unit => Ok(None),
        VerbValue::Json(value) => Ok(Some(value.clone())),
        VerbValue::Number(value) => Ok(Some(Value::from(*value))),
        VerbValue::Numbers(values, len) => Ok(Some(Value::from(&values[..usize::from(*len)]))),
        VerbValue::Reflected(value) if signature.fallible => {
            let ReflectRef::Enum(result) = value.reflect_ref() else {
                return Err(format!(
                    "game.{}: the answer is not a Result",
                    signature.name
                ));
            };
            let field = result.field_at(0);
            match (result.variant_name(), field) {
                ("Ok", Some(_)) if signature.output == VerbType::Unit => Ok(None),
                ("Ok", Some(ok)) => reflection.to_json(ok).map(Some),
                ("Err", Some(error)) => Err(error
                    .try_downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| format!("{error:?}"))),
                _ => Err(format!(
                    "game.{}: the answer is not a Result",
                    signature.name
                )),
            }
        }
        VerbValue::Reflected(value) => reflection.to_json(value.as_ref()).map(Some),
    }
}
