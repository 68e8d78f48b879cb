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

mod api;
mod apply;
mod bridge;
pub mod diagnostics;
mod engine;
pub mod error;
mod error_log;
mod events;
mod hot_reload;
pub mod input;
pub mod metrics;
#[cfg(feature = "overlay")]
pub mod overlay;
mod plugin;
mod settings;
pub mod state;
pub mod state_buffer;
mod worker;

pub use apply::stop_and_flush;
pub use diagnostics::JsDiagnostics;
pub use engine::JsEngine;
pub use error::{ScriptError, ScriptPhase, SourceLocation};
pub use events::{JsEvent, ScriptEvent};
pub use hot_reload::{JsScript, JsScriptLoadError, JsScriptLoader};
pub use metrics::JsWorkerMetrics;
pub use plugin::JsScriptingPlugin;
pub use settings::{JsScriptingSettings, JsScriptingSystems, RestartScript};
pub use state::{ScriptId, ScriptObject, ScriptObjectKind};

/// The names of the JS API's global objects and their functions, as the runtime defines them.
pub use api::API as JS_API;

/// Everything a game needs in one `use`.
pub mod prelude {
    pub use crate::diagnostics::JsDiagnostics;
    pub use crate::engine::JsEngine;
    pub use crate::events::{JsEvent, ScriptEvent};
    pub use crate::metrics::JsWorkerMetrics;
    #[cfg(feature = "overlay")]
    pub use crate::overlay::{JsOverlayPlugin, JsOverlaySettings};
    pub use crate::plugin::JsScriptingPlugin;
    pub use crate::settings::{JsScriptingSettings, JsScriptingSystems, RestartScript};
    pub use crate::state::{ScriptId, ScriptObject, ScriptObjectKind};
}
