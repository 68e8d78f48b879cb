//! What a game tunes and orders against: [`JsScriptingSettings`], the plugin's system sets
//! and the [`RestartScript`] message.

use std::time::Duration;

use bevy::prelude::*;

/// The plugin's stages in [`PreUpdate`], run in this order. Order your own systems against
/// them, e.g. `.after(JsScriptingSystems::ApplyCommands)` to see this frame's script changes.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsScriptingSystems {
    /// Gives ids to new [`ScriptVisible`](crate::ScriptVisible) entities and forgets the ones
    /// that left; copies changes that Rust systems made to the `Transform` of script objects
    /// (last frame) into the state scripts read back.
    SyncExternal,
    /// Drains the command ring into the ECS: spawns, updates and despawns script objects.
    ApplyCommands,
    /// Publishes what changed in exposed components, resources and the hierarchy of visible
    /// entities, for scripts to read after the next swap.
    PublishWorld,
    /// If the worker finished its frame: swaps the state buffers and triggers the next worker
    /// frame. Otherwise counts a frame skip and goes on with the last state.
    SwapAndTrigger,
}

/// Settings that can be changed while the game runs (`ResMut<JsScriptingSettings>`).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct JsScriptingSettings {
    /// The most commands applied to the ECS in one frame, so that a flood from the script
    /// spreads over several frames instead of stalling one. Default: 50,000.
    pub max_commands_per_frame: usize,
    /// How long app exit waits for the worker thread to stop. Default: 2 seconds.
    pub shutdown_timeout: Duration,
    /// While `true` no new worker frames start: the script's `update` is not called, the
    /// game keeps running and no frame skips are counted. Default: `false`.
    pub paused: bool,
    /// Whether changes that Rust systems make to a script object's `Transform` flow back to
    /// the script (`entity.get`, `camera.get`). Finding them is Bevy's `Changed<Transform>`
    /// check, about a nanosecond per script object, run only in frames that publish a worker
    /// frame. Turn it off if nothing but the script moves script objects. Default: `true`.
    pub sync_external_transforms: bool,
}

/// Write this message to restart the script: the worker destroys the objects the script
/// created, builds a fresh JS context, and runs the script's module and `start()` again
/// before its next frame. Counted in
/// [`JsWorkerMetrics::worker_restarts`](crate::JsWorkerMetrics::worker_restarts).
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct RestartScript;

impl Default for JsScriptingSettings {
    fn default() -> Self {
        Self {
            max_commands_per_frame: 50_000,
            shutdown_timeout: Duration::from_secs(2),
            paused: false,
            sync_external_transforms: true,
        }
    }
}
