//! QuickJS-ng through `rquickjs`: the fast engine, interruptible anywhere and memory-capped.
//!
//! [`Js`] is implemented for [`Qjs`], a call's `Ctx` plus the context's [`ContextData`]. Native
//! closures capture only Rust state (an `Rc<ContextData>`); the JS values a context keeps
//! (handlers, waiting promises, timers) are `Persistent`s in that data, cleared before the
//! runtime is freed (QuickJS aborts on a value that outlives its runtime).

mod js;
mod loader;
pub(crate) mod runtime;

pub(crate) use runtime::QuickJsRuntime;
