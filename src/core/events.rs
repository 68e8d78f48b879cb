//! Messages between the game's Rust systems and the script.

use bevy::prelude::{Entity, Message};
use serde_json::Value;

/// Write this message to send an event to the script: its handlers registered with
/// `on(name, handler)` receive `payload` at the start of the next worker frame, before
/// `update`, in the order the events were written.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::JsEvent;
/// use serde_json::json;
///
/// fn hit_player(mut events: MessageWriter<JsEvent>) {
///     events.write(JsEvent::new("player_hit", json!({ "damage": 3 })));
/// }
/// ```
#[derive(Message, Debug, Clone, PartialEq)]
pub struct JsEvent {
    /// The name handlers subscribe to with `on(name, ...)`.
    pub name: String,
    /// Handed to the handlers as a JS value.
    pub payload: Value,
    /// The [`ScriptWorker`](crate::ScriptWorker) entity this event is for; `None` (the
    /// default) sends it to every worker.
    pub worker: Option<Entity>,
}

impl JsEvent {
    /// An event named `name` carrying `payload`, for every worker.
    pub fn new(name: impl Into<String>, payload: Value) -> Self {
        Self {
            name: name.into(),
            payload,
            worker: None,
        }
    }

    /// Sends this event to one worker only: the entity that holds its
    /// [`ScriptWorker`](crate::ScriptWorker).
    ///
    /// ```
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    /// use serde_json::json;
    ///
    /// fn wake_the_ai(mut events: MessageWriter<JsEvent>, workers: Query<(Entity, &ScriptWorker)>) {
    ///     for (worker, script) in &workers {
    ///         if script.script().ends_with("ai.js") {
    ///             events.write(JsEvent::new("wake", json!(null)).to(worker));
    ///         }
    ///     }
    /// }
    /// ```
    pub fn to(mut self, worker: Entity) -> Self {
        self.worker = Some(worker);
        self
    }
}

/// An event the script sent with `emit(name, payload)`. Read it with
/// `MessageReader<ScriptEvent>` in any system after
/// [`JsScriptingSystems::ApplyCommands`](crate::JsScriptingSystems::ApplyCommands) (for
/// example in `Update`); events keep the order in which the script emitted them, also relative
/// to the entities it created.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::ScriptEvent;
///
/// fn show_score(mut events: MessageReader<ScriptEvent>) {
///     for event in events.read().filter(|event| event.name == "score") {
///         info!("score: {}", event.payload["value"]);
///     }
/// }
/// ```
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ScriptEvent {
    /// The name the script passed to `emit`.
    pub name: String,
    /// The payload, as JSON. `emit(name)` without one gives `null`.
    pub payload: Value,
    /// The entity of the [`ScriptWorker`](crate::ScriptWorker) whose script emitted it.
    pub worker: Entity,
}
