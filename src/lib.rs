#![doc = include_str!("../README.md")]
// One measured exception, with its `// SAFETY:` line: reading a QuickJS typed array in place.
#![deny(unsafe_code)]
#![warn(missing_docs)]

//! # Data flow
//!
//! ```text
//! JS worker thread                         Bevy main thread (PreUpdate)
//! ────────────────                         ────────────────────────────
//! update(dt) ── entity.update(...) ──► command ring ──► ApplyCommands ──► ECS
//!      ▲                                                     │
//!      │   entity.get(...) ◄── front state buffer ◄── swap ◄─┘ (SwapAndTrigger)
//!      └── whenCreated / callbacks ◄── callback ring ◄──────────┘
//! ```
//!
//! Every [`ScriptWorker`] has its own worker thread, rings and state buffers; the main
//! thread's systems go through the workers in turn.
//!
//! # Layout
//!
//! Four layers, each importing only from the ones below it (a test checks this):
//!
//! - `core/`: the engine-neutral bridge: the worker thread, the rings, the state buffers,
//!   what scripts read of the world, reflection, verbs, events, input, errors and metrics.
//! - `api/`: the JS API, written once: argument rules, commands and return values, generic
//!   over the `Js` seam.
//! - `engine/boa/`, `engine/quickjs/`: one adapter per engine: value conversion, native
//!   functions, module loading, the time budget, promise jobs and error reports.
//! - `systems/`: the main thread's Bevy systems: starting workers, applying their commands,
//!   publishing the world, swapping and triggering, hot reload.
//!
//! Above them, what a game adds and reads: `plugin.rs`, `script_worker.rs`, `settings.rs`,
//! `verbs.rs`, `typings.rs`, `diagnostics.rs`, `overlay.rs`.

mod api;
mod core;
pub mod diagnostics;
mod engine;
mod headless_ui;
#[cfg(feature = "overlay")]
pub mod overlay;
mod plugin;
mod script_worker;
mod settings;
mod systems;
mod typings;
pub mod verbs;

pub use crate::core::calls::{CallId, CallScript, ScriptCallResult, ScriptCalls};
pub use crate::core::events::{JsEvent, ScriptEvent};
pub use crate::core::script_asset::{JsScript, JsScriptLoadError, JsScriptLoader};
pub use crate::core::world::{ScriptEntities, ScriptVisible};
pub use crate::core::{error, input, metrics, state, state_buffer};
pub use crate::systems::stop_and_flush;
pub use diagnostics::JsDiagnostics;
pub use engine::JsEngine;
pub use error::{ScriptError, ScriptPhase, SourceLocation};
pub use headless_ui::{HeadlessClicks, HeadlessUiPlugin};
pub use metrics::JsWorkerMetrics;
pub use plugin::JsScriptingPlugin;
pub use script_worker::{ScriptWorker, ScriptWorkerMetrics};
pub use settings::{JsScriptingSettings, JsScriptingSystems, RestartScript};
pub use state::{ScriptId, ScriptObject, ScriptObjectKind};

/// The names of the JS API's global objects and their functions, as the runtime defines them.
pub use api::API as JS_API;

/// Everything a game needs in one `use`.
pub mod prelude {
    pub use crate::core::calls::{CallId, CallScript, ScriptCallResult, ScriptCalls};
    pub use crate::core::console::{ConsoleLine, ConsoleLog, EvalScript, ScriptEvalResult};
    pub use crate::core::events::{JsEvent, ScriptEvent};
    pub use crate::core::metrics::JsWorkerMetrics;
    pub use crate::core::state::{ScriptId, ScriptObject, ScriptObjectKind};
    pub use crate::core::world::{ScriptEntities, ScriptVisible};
    pub use crate::diagnostics::JsDiagnostics;
    pub use crate::engine::JsEngine;
    #[cfg(feature = "overlay")]
    pub use crate::overlay::{JsOverlayPlugin, JsOverlaySettings};
    pub use crate::plugin::JsScriptingPlugin;
    pub use crate::script_worker::{ScriptWorker, ScriptWorkerMetrics};
    pub use crate::settings::{JsScriptingSettings, JsScriptingSystems, RestartScript};
    pub use crate::systems::ScriptConsoles;
}
