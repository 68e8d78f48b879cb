//! The engine-neutral core: everything between the JS worker and the ECS that knows no
//! engine.
//!
//! - [`worker`]: the long-lived worker thread and its frame loop, driving an engine's
//!   `ScriptRuntime`.
//! - [`bridge`]: what crosses between the threads (commands, callbacks, the frame handshake).
//! - [`state`] and [`state_buffer`]: what scripts read back, double-buffered.
//! - [`host`]: the worker's side of the bridge as the API uses it (sending, live ids).
//! - [`runtime`]: the seam the worker drives, which each engine implements, and [`JsEngine`](runtime::JsEngine).
//! - [`world`] and [`reflect`]: the game's own entities, exposed components and resources as
//!   scripts see them, and the reflection work behind reading and patching them.
//! - [`calls`]: Rust calling a script's exported functions; [`console`]: evaluating code in a
//!   running script, and what it logged.
//! - [`events`], [`input`], [`script_asset`]: events both ways, the input snapshot, scripts as
//!   assets.
//! - [`audio`]: script sounds (`audio.*`): their settings, the worker's book of them.
//! - [`ui`]: script UI nodes (`ui.*`): their props, the worker's copy of the tree, layouts.
//! - [`verbs`]: the game's Rust functions scripts call (`game.*`), and what crosses for them.
//! - [`error`], [`error_log`], [`metrics`]: what is reported and counted; [`source_map`]: errors
//!   moved to their TypeScript positions.

pub mod audio;
pub(crate) mod bridge;
pub mod calls;
pub mod console;
pub mod error;
pub(crate) mod error_log;
pub(crate) mod events;
pub(crate) mod host;
pub mod input;
pub mod metrics;
pub(crate) mod reflect;
pub(crate) mod runtime;
pub(crate) mod script_asset;
pub mod source_map;
pub mod state;
pub mod state_buffer;
pub mod ui;
pub(crate) mod verbs;
pub(crate) mod worker;
pub(crate) mod world;
