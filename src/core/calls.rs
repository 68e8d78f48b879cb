//! Rust calling a script: [`CallScript`] asks for a call of a function the script exports, and
//! [`ScriptCallResult`] brings its answer back.
//!
//! The call crosses in the callback ring with the worker's next trigger; the worker calls the
//! export under its frame's time budget, awaits it if it returns a promise, and sends the
//! answer back in order with the script's commands.

use std::sync::atomic::{AtomicU64, Ordering};

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use serde_json::Value;

/// Names one [`CallScript`]; its [`ScriptCallResult`]s carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub u64);

impl CallId {
    /// A call id no other call in this process has.
    pub fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl std::fmt::Display for CallId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "call {}", self.0)
    }
}

/// Calls the function `function` that a script exports, with `args` (a JSON array is spread
/// into the arguments, any other value is the one argument), on the worker `worker` or, with
/// `None`, on every worker. Each worker called answers with a [`ScriptCallResult`] of the same
/// `id`.
///
/// Write it with [`ScriptCalls::call`], which returns the [`CallId`], or make one with
/// [`CallScript::new`] and write it as a message.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn ask_for_score(mut calls: ScriptCalls) {
///     let id = calls.call(None, "score", serde_json::json!(["player"]));
///     info!("asked the scripts for the score ({id})");
/// }
///
/// fn read_answers(mut results: MessageReader<ScriptCallResult>) {
///     for answer in results.read() {
///         match &answer.result {
///             Ok(value) => info!("{} answered {value}", answer.worker),
///             Err(error) => warn!("{} failed: {error}", answer.worker),
///         }
///     }
/// }
/// ```
#[derive(Message, Debug, Clone, PartialEq)]
pub struct CallScript {
    /// The call's id, repeated in its answers.
    pub id: CallId,
    /// The [`ScriptWorker`](crate::ScriptWorker) entity to call, or `None` for every worker.
    pub worker: Option<Entity>,
    /// The name of the exported function.
    pub function: String,
    /// Its arguments: an array is spread, anything else is passed as the one argument.
    pub args: Value,
}

impl CallScript {
    /// A call of `function` with `args` on every worker, with a fresh id.
    pub fn new(function: impl Into<String>, args: Value) -> Self {
        Self {
            id: CallId::fresh(),
            worker: None,
            function: function.into(),
            args,
        }
    }

    /// The call, for worker `worker` only.
    pub fn to(mut self, worker: Entity) -> Self {
        self.worker = Some(worker);
        self
    }
}

/// The answer of one worker to a [`CallScript`]: what the function returned (awaited if it was
/// a promise), as JSON, or why there is no value: the function threw (its message), the
/// script exports no such function, the script was stopped by its time budget or restarted
/// before it answered, or the worker is not running.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ScriptCallResult {
    /// The id of the [`CallScript`] this answers.
    pub id: CallId,
    /// The worker that answered.
    pub worker: Entity,
    /// The returned value, or the error's message.
    pub result: Result<Value, String>,
}

/// Writes [`CallScript`] messages and returns their ids.
#[derive(SystemParam)]
pub struct ScriptCalls<'w> {
    calls: MessageWriter<'w, CallScript>,
}

impl ScriptCalls<'_> {
    /// Calls the exported function `function` with `args` on `worker` (`None`: every worker);
    /// the answers come as [`ScriptCallResult`]s with the returned id.
    pub fn call(
        &mut self,
        worker: Option<Entity>,
        function: impl Into<String>,
        args: Value,
    ) -> CallId {
        let mut call = CallScript::new(function, args);
        call.worker = worker;
        let id = call.id;
        self.calls.write(call);
        id
    }
}

/// The answer to a call of a function the script does not export.
pub(crate) fn no_export(function: &str) -> String {
    format!("the script exports no function `{function}`")
}
