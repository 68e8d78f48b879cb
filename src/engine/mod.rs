//! The JavaScript engines. Each is an adapter in its own folder: it implements the API's
//! [`Js`](crate::api::Js) seam for its native functions and the core's
//! [`ScriptRuntime`](crate::core::runtime::ScriptRuntime) for the worker (module loading
//! inside the script's folder, the time budget, promise jobs, timers and error reports).
//! Nothing outside this folder names an engine's types.

pub(crate) mod boa;
mod modules;
#[cfg(feature = "quickjs")]
pub(crate) mod quickjs;
#[cfg(feature = "typescript")]
mod typescript;

pub use crate::core::runtime::JsEngine;

/// Console input as the console evaluates it: with the `typescript` feature, TypeScript that is
/// not also JavaScript has its types removed.
pub(crate) fn console_input(source: &str) -> String {
    #[cfg(feature = "typescript")]
    return typescript::console_input(source);
    #[cfg(not(feature = "typescript"))]
    source.to_owned()
}
use crate::core::worker::WorkerBody;

/// The worker thread's body for `engine`: the core's frame loop driving that engine's runtime.
pub(crate) fn worker_body(engine: JsEngine) -> WorkerBody {
    match engine {
        JsEngine::Boa => crate::core::worker::run::<boa::BoaRuntime>,
        #[cfg(feature = "quickjs")]
        JsEngine::QuickJs => crate::core::worker::run::<quickjs::QuickJsRuntime>,
    }
}
