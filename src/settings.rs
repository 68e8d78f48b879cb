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
    /// With [`JsScriptingSettings::interpolation`] on: moves every script-driven transform
    /// that is on its way to where it is drawn this frame.
    Interpolate,
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
    /// Whether script-driven transforms (entities, cameras, lights) are drawn interpolated
    /// between the last two worker frames, so that an object a script moves at 10 Hz glides
    /// at the renderer's rate. The `Transform` then trails the script by about one worker
    /// frame; `entity.get` and the other reads stay exact, and a Rust system's change to a
    /// `Transform` always stands. `entity.update`'s `teleport` is read only while this is on.
    /// See the README's "Interpolation" section.
    ///
    /// Default: `false`. Off, the ECS holds exactly what the script last said and nothing is
    /// delayed, which is what gameplay systems reading `Transform` (collisions, triggers) and
    /// scripts that keep up with the frame rate want; turn it on when a script runs slower
    /// than the renderer and its objects visibly step.
    pub interpolation: bool,
    /// With interpolation on, a move longer than this (in world units) lands at once instead
    /// of gliding, like `teleport: true`. Default: 10.
    pub teleport_distance: f32,
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
            interpolation: false,
            teleport_distance: 10.0,
        }
    }
}
