//! The live console on the main thread: [`EvalScript`] messages carried to their worker as a
//! call of the console hook, and the answers turned into [`ScriptEvalResult`]s.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::bridge::{Callback, ScriptCall};
use crate::core::calls::CallId;
use crate::core::console::{CONSOLE_EXPORT, ConsoleLog, EvalScript, ScriptEvalResult};

impl ScriptBridge {
    /// Sends an evaluation to this worker's script, or answers it at once when no script can
    /// (the worker stopped).
    fn eval(&mut self, eval: &EvalScript, results: &mut Vec<ScriptEvalResult>) {
        if self.worker.is_stopped() {
            results.push(ScriptEvalResult {
                id: eval.id,
                worker: self.entity,
                result: Err("the worker has stopped".to_owned()),
            });
            return;
        }
        self.evals.insert(eval.id);
        self.callbacks
            .get()
            .send(Callback::Call(Box::new(ScriptCall {
                id: eval.id,
                function: CONSOLE_EXPORT.to_owned(),
                args: serde_json::json!([crate::engine::console_input(&eval.source)]),
            })));
    }

    /// If `id` is an evaluation of this worker, its result; `None` for a call from Rust.
    pub(super) fn eval_answered(
        &mut self,
        id: CallId,
        answer: &Result<serde_json::Value, String>,
    ) -> Option<ScriptEvalResult> {
        if !self.evals.remove(&id) {
            return None;
        }
        // A script that failed to load has no hook: say so plainly.
        let answer = match answer {
            Err(error) if error.contains(CONSOLE_EXPORT) => {
                Err("the script is not running (it failed to load)".to_owned())
            }
            other => other.clone(),
        };
        let mut result = ScriptEvalResult::from_answer(id, self.entity, answer);
        // A frame in a TypeScript file, at its TypeScript position.
        if let Err(error) = &mut result.result
            && let Ok(maps) = self.shared.source_maps.try_lock()
        {
            *error = maps.map_text(error);
        }
        Some(result)
    }

    /// Answers every evaluation still in flight: the worker is going away.
    pub(super) fn abandon_evals(&mut self, world: &mut World) {
        for id in self.evals.drain() {
            world.write_message(ScriptEvalResult {
                id,
                worker: self.entity,
                result: Err("the worker was stopped before its script answered".to_owned()),
            });
        }
    }
}

/// `PreUpdate`, before the trigger: sends each [`EvalScript`] to its worker, with the worker's
/// next frame. One naming no worker is answered at once.
pub(crate) fn forward_evals(
    mut evals: MessageReader<EvalScript>,
    workers: Option<ResMut<ScriptWorkers>>,
    mut answers: MessageWriter<ScriptEvalResult>,
) {
    let Some(mut workers) = workers else {
        for eval in evals.read() {
            answers.write(ScriptEvalResult {
                id: eval.id,
                worker: eval.worker,
                result: Err("no script worker runs".to_owned()),
            });
        }
        return;
    };
    let mut results = Vec::new();
    for eval in evals.read() {
        match workers
            .bridges
            .iter_mut()
            .find(|bridge| bridge.entity == eval.worker)
        {
            Some(bridge) => bridge.eval(eval, &mut results),
            None => results.push(ScriptEvalResult {
                id: eval.id,
                worker: eval.worker,
                result: Err(format!("{} runs no script worker", eval.worker)),
            }),
        }
    }
    answers.write_batch(results);
}

/// Reads what each worker's script logged with `console.*`: the last
/// [`CONSOLE_LINES`](crate::core::console::CONSOLE_LINES) lines, as the overlay's Console
/// panel shows them.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn last_line(consoles: ScriptConsoles, workers: Query<Entity, With<ScriptWorker>>) {
///     for worker in &workers {
///         if let Some(line) = consoles.log(worker).and_then(|log| log.lines().last().cloned()) {
///             info!("{worker}: {}", line.text);
///         }
///     }
/// }
/// ```
#[derive(SystemParam)]
pub struct ScriptConsoles<'w> {
    workers: Option<Res<'w, ScriptWorkers>>,
}

impl ScriptConsoles<'_> {
    /// A copy of worker `worker`'s console log; `None` if it runs no script, or if its
    /// worker is writing to the log at this very moment (the main thread never waits).
    pub fn log(&self, worker: Entity) -> Option<ConsoleLog> {
        let bridge = self
            .workers
            .as_ref()?
            .bridges
            .iter()
            .find(|bridge| bridge.entity == worker)?;
        bridge.shared.console.try_lock().ok().map(|log| log.clone())
    }
}
