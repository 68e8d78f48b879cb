//! Boa, a JavaScript engine written in Rust: the default engine.
//!
//! [`Js`] is implemented for Boa's `Context` itself, so an API function runs with the context
//! it was called in. What belongs to one context (event handlers, waiting promises, timers)
//! is kept in its host-defined data as [`ContextCallbacks`].

mod js;
mod loader;
pub(crate) mod runtime;
mod stack_guard;

pub(crate) use runtime::BoaRuntime;
