//! The main thread's Bevy systems: everything that runs in the app's schedules and touches the
//! ECS. This layer sits above the engines: it starts workers ([`workers`], which picks an
//! engine's worker body), applies what they send and publishes what they read back.
//!
//! ```text
//! command ring ─► bridge (dispatch) ─► objects / world / verbs ─► ECS
//!                                                                  │
//! state buffers ◄── frame (swap and trigger) ◄── publish ◄─────────┘
//! ```
//!
//! - [`bridge`]: [`ScriptBridge`], all the main thread keeps about one worker, and the dispatch
//!   of its commands.
//! - [`objects`]: script primitives, cameras and lights; [`assets`]: the meshes and materials
//!   they share.
//! - [`world`]: the game's own entities, components, resources, scenes and hierarchy;
//!   [`publish`]: what changed in them, for scripts to read.
//! - [`motion`]: interpolated script motion.
//! - [`frame`]: the `PreUpdate` systems that pace each worker (sync, apply, swap and trigger).
//! - [`metrics`]: a worker's counters.
//! - [`workers`]: [`ScriptWorkers`], one bridge per [`ScriptWorker`](crate::ScriptWorker),
//!   started and stopped.
//! - [`verbs`]: system verbs run in order with their script's commands; Rust's calls of a
//!   script's exports and their answers.
//! - [`ui`]: script UI nodes built from their props, their layout read back, clicks and hovers
//!   sent to their worker.
//! - `audio` (feature `audio`): script sounds played on Bevy's audio, whether they are heard,
//!   and their end sent to their worker.
//! - [`console`]: the live console's evaluations carried to their worker and answered.
//! - [`hot_reload`]: watching script files and reloading on change.

mod assets;
#[cfg(feature = "audio")]
mod audio;
mod bridge;
mod console;
mod frame;
mod hot_reload;
mod metrics;
mod motion;
mod objects;
pub(crate) mod publish;
mod ui;
mod verbs;
mod workers;
mod world;

#[cfg(feature = "audio")]
pub(crate) use audio::{EndedSounds, on_sound_removed, track_sounds};
pub use console::ScriptConsoles;
pub(crate) use console::forward_evals;
pub use frame::stop_and_flush;
pub(crate) use frame::{
    apply_commands, external_sync_due, forward_events, interpolate_transforms, restart_on_request,
    stop_on_exit, swap_and_trigger, sync_external_transforms,
};
pub(crate) use hot_reload::{ScriptWatches, reload_on_change, watch_module_files};
pub(crate) use publish::{on_scene_ready, publish_hierarchy};
pub(crate) use ui::{publish_ui_layout, send_ui_interactions};
pub(crate) use verbs::{SystemVerb, SystemVerbs, forward_calls};
pub(crate) use workers::{ScriptWorkers, WorkerDefaults, manage_workers};
pub(crate) use world::track_visible;
