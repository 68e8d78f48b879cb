//! Keeps Boa's recursive builtins from overflowing the worker's stack.
//!
//! Some of Boa's builtins recurse on the native stack once per level of the data they walk,
//! with no depth limit of their own: `JSON.stringify` of an array nested 200,000 deep, or
//! `String()` of one nested 50,000 deep, overflows a 64 MiB stack and aborts the process. This
//! module wraps them in native functions that first check how much of the worker's stack is
//! left, and throw `RangeError: Maximum call stack size exceeded` (as QuickJS and browsers do)
//! when little is. The check runs at every level: `Array.prototype.join` and friends reach
//! each nested array through the wrapped functions again, and `JSON.stringify` is given a
//! replacer function that checks at every value (the caller's own replacer, if any, still
//! runs, inside it).
//!
//! Not covered: a `JSON.stringify` whose replacer is an array of property names, and
//! recursion that passes through no JavaScript-visible function (a chain of proxies nested
//! thousands deep).

use std::cell::Cell;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction, js_string,
};

/// Stack left below which the wrapped builtins refuse to go deeper. Boa uses a few KiB of
/// native stack per level of nesting; this leaves room for the error to be built and thrown.
const RESERVE: usize = 8 * 1024 * 1024;

thread_local! {
    /// The worker thread's stack: an address near its top, and its size.
    static STACK: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

/// An address on the current stack frame.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Records the top of this thread's stack (of `size` bytes). Call near the top of the worker
/// thread; later calls on the same thread keep the first record.
pub(crate) fn record_stack(size: usize) {
    STACK.with(|stack| {
        if stack.get().is_none() {
            stack.set(Some((stack_pointer(), size)));
        }
    });
}

/// Fails when less than [`RESERVE`] of the stack is left.
fn check() -> JsResult<()> {
    let Some((top, size)) = STACK.with(Cell::get) else {
        return Ok(());
    };
    // The stack grows down on every platform Bevy supports.
    let used = top.saturating_sub(stack_pointer());
    if used + RESERVE > size {
        return Err(JsNativeError::range()
            .with_message("Maximum call stack size exceeded")
            .into());
    }
    Ok(())
}

/// Replaces `holder[name]` (a builtin function) with one that checks the stack, then calls
/// the original with the same `this` and arguments.
fn wrap(holder: &JsObject, name: JsString, length: usize, context: &mut Context) -> JsResult<()> {
    let original = holder.get(name.clone(), context)?;
    let Some(original) = original.as_object() else {
        return Ok(());
    };
    let guarded = NativeFunction::from_copy_closure_with_captures(
        |this, args, original: &JsObject, context| {
            check()?;
            original.call(this, args, context)
        },
        original,
    );
    let function = FunctionObjectBuilder::new(context.realm(), guarded)
        .name(name.clone())
        .length(length)
        .build();
    holder.set(name, function, true, context)?;
    Ok(())
}

/// `JSON.stringify(value, replacer?, space?)`, with a replacer that checks the stack at every
/// value it serializes.
fn stringify(
    this: &JsValue,
    args: &[JsValue],
    original: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    check()?;
    let value = args.first().cloned().unwrap_or_default();
    let replacer = args.get(1).cloned().unwrap_or_default();
    let space = args.get(2).cloned().unwrap_or_default();
    let replacer = match replacer.as_callable() {
        // The caller's replacer, called from a checking one with the same `this` and
        // arguments.
        Some(user) => FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(
                |this, args, user: &JsObject, context| {
                    check()?;
                    user.call(this, args, context)
                },
                user,
            ),
        )
        .length(2)
        .build()
        .into(),
        // A property list works on its own; no replacer gets one that changes nothing.
        None if replacer.as_object().is_some_and(|list| list.is_array()) => replacer,
        None => FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_fn_ptr(|_, args, _| {
                check()?;
                Ok(args.get(1).cloned().unwrap_or_default())
            }),
        )
        .length(2)
        .build()
        .into(),
    };
    original.call(this, &[value, replacer, space], context)
}

/// Installs the guards in a fresh context, before any script runs.
pub(crate) fn install(context: &mut Context) -> JsResult<()> {
    let array_prototype = context.intrinsics().constructors().array().prototype();
    for (name, length) in [
        (js_string!("join"), 1),
        (js_string!("toString"), 0),
        (js_string!("toLocaleString"), 0),
        (js_string!("flat"), 0),
        (js_string!("flatMap"), 1),
    ] {
        wrap(&array_prototype, name, length, context)?;
    }
    let json = context.intrinsics().objects().json();
    let original = json.get(js_string!("stringify"), context)?;
    if let Some(original) = original.as_object() {
        let guarded = FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure_with_captures(stringify, original),
        )
        .name(js_string!("stringify"))
        .length(3)
        .build();
        json.define_property_or_throw(
            js_string!("stringify"),
            boa_engine::property::PropertyDescriptor::builder()
                .value(guarded)
                .writable(true)
                .enumerable(false)
                .configurable(true),
            context,
        )?;
    }
    Ok(())
}
