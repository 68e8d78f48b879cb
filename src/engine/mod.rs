//! The JavaScript engines. Each is an adapter in its own folder: it implements the API's
//! [`Js`](crate::api::Js) seam for its native functions and the core's
//! [`ScriptRuntime`](crate::core::runtime::ScriptRuntime) for the worker (module loading
//! inside the script's folder, the time budget, promise jobs, timers and error reports).
//! Nothing outside this folder names an engine's types.

pub(crate) mod boa;
mod modules;
#[cfg(feature = "quickjs")]
pub(crate) mod quickjs;

use crate::core::worker::WorkerBody;

/// Which JavaScript engine runs the script.
///
/// | | Boa | QuickJS |
/// |---|---|---|
/// | written in | Rust | C (QuickJS-ng, built by the system C compiler) |
/// | speed on real JS | 1× | 4–700× (5–8× on most workloads) |
/// | a runaway loop is stopped | in `start`/`update`/timers/promise reactions by the time budget; in builtin callbacks, `await` continuations and module top level by an iteration limit | anywhere, by the time budget |
/// | heap limit | none | [`with_memory_limit`](crate::JsScriptingPlugin::with_memory_limit) |
/// | deep data | a stack guard on the builtins that recurse on data | QuickJS's stack limit |
///
/// The README's engine table has the measured figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum JsEngine {
    /// [Boa](https://boajs.dev), a JavaScript engine in Rust. The default.
    #[default]
    Boa,
    /// [QuickJS-ng](https://quickjs-ng.github.io/quickjs/) through `rquickjs` (cargo feature
    /// `quickjs`, on by default): much faster, interruptible anywhere, memory-capped.
    #[cfg(feature = "quickjs")]
    QuickJs,
}

impl JsEngine {
    /// Every engine this build has.
    pub const ALL: &[JsEngine] = &[
        JsEngine::Boa,
        #[cfg(feature = "quickjs")]
        JsEngine::QuickJs,
    ];

    /// The engine's name: `"boa"` or `"quickjs"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Boa => "boa",
            #[cfg(feature = "quickjs")]
            Self::QuickJs => "quickjs",
        }
    }

    /// The engine named `name` (`"boa"`, `"quickjs"`), if this build has it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|engine| engine.name() == name)
    }
}

impl std::fmt::Display for JsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The worker thread's body for `engine`: the core's frame loop driving that engine's runtime.
pub(crate) fn worker_body(engine: JsEngine) -> WorkerBody {
    match engine {
        JsEngine::Boa => crate::core::worker::run::<boa::BoaRuntime>,
        #[cfg(feature = "quickjs")]
        JsEngine::QuickJs => crate::core::worker::run::<quickjs::QuickJsRuntime>,
    }
}
