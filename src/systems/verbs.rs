//! Verbs and calls on the main thread: running a system verb in order with its script's
//! commands, and carrying Rust's calls of a script's exports ([`CallScript`]) to the workers and
//! their answers ([`ScriptCallResult`]) back.

use bevy::prelude::*;

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::bridge::{CallAnswer, Callback, ScriptCall, SystemCall, VerbAnswer};
use crate::core::calls::{CallScript, ScriptCallResult};
use crate::core::verbs::{VerbReply, VerbValue};
use crate::core::world::ScriptEntities;

/// One system verb, its types erased: runs the game's one-shot system on `world` with the
/// checked argument and gives its answer. Implemented in `verbs.rs` at the top, where the
/// system's types are known.
pub(crate) trait SystemVerb: Send + Sync + 'static {
    fn run(&mut self, world: &mut World, input: VerbValue) -> VerbReply;
}

/// The app's system verbs, by verb index (`None` for a function verb, which runs on the
/// worker).
#[derive(Resource, Default)]
pub(crate) struct SystemVerbs {
    pub verbs: Vec<Option<Box<dyn SystemVerb>>>,
}

impl ScriptBridge {
    /// Runs a system verb now, between the commands before and after it, and queues its answer
    /// for the worker's next trigger.
    pub(super) fn run_system_verb(&mut self, world: &mut World, call: SystemCall) {
        let SystemCall { call, verb, input } = call;
        // The id map is lent to this bridge while it applies; the game's system reads it
        // through the `ScriptEntities` resource, so it goes back there while the system runs.
        self.swap_ids(world);
        let reply = world
            .try_resource_scope(|world, mut verbs: Mut<SystemVerbs>| {
                match verbs.verbs.get_mut(usize::from(verb)) {
                    Some(Some(system)) => system.run(world, input),
                    _ => Err(format!("no system verb number {verb}")),
                }
            })
            .unwrap_or_else(|| Err("the game's system verbs are not set up".to_owned()));
        self.swap_ids(world);
        self.verbs_run += 1;
        self.callbacks
            .get()
            .send(Callback::VerbReply(Box::new(VerbAnswer {
                call,
                verb,
                reply,
            })));
    }

    fn swap_ids(&mut self, world: &mut World) {
        if let Some(mut ids) = world.get_resource_mut::<ScriptEntities>() {
            std::mem::swap(&mut *ids, &mut self.objects);
        }
    }

    /// The script answered a call from Rust.
    pub(super) fn answered(&mut self, world: &mut World, answer: CallAnswer) {
        if let Some(result) = self.eval_answered(answer.id, &answer.result) {
            world.write_message(result);
            return;
        }
        self.calls.remove(&answer.id);
        world.write_message(ScriptCallResult {
            id: answer.id,
            worker: self.entity,
            result: answer.result,
        });
    }

    /// Sends a call from Rust to this worker's script, or answers it at once when no script
    /// can (the worker stopped).
    fn call(&mut self, call: &CallScript, results: &mut Vec<ScriptCallResult>) {
        if self.worker.is_stopped() {
            results.push(ScriptCallResult {
                id: call.id,
                worker: self.entity,
                result: Err("the worker has stopped".to_owned()),
            });
            return;
        }
        self.calls.insert(call.id);
        self.callbacks
            .get()
            .send(Callback::Call(Box::new(ScriptCall {
                id: call.id,
                function: call.function.clone(),
                args: call.args.clone(),
            })));
    }

    /// Answers every call still in flight: the worker is going away.
    pub(super) fn abandon_calls(&mut self, world: &mut World) {
        for id in self.calls.drain() {
            world.write_message(ScriptCallResult {
                id,
                worker: self.entity,
                result: Err("the worker was stopped before its script answered".to_owned()),
            });
        }
    }
}

/// Sends [`CallScript`]s through the callback rings (to every worker, or the one addressed);
/// a call to an entity that runs no worker is answered at once with an error.
pub(crate) fn forward_calls(
    mut calls: MessageReader<CallScript>,
    workers: Option<ResMut<ScriptWorkers>>,
    mut answers: MessageWriter<ScriptCallResult>,
) {
    let Some(mut workers) = workers else {
        calls.clear();
        return;
    };
    let mut results = Vec::new();
    for call in calls.read() {
        let mut reached = false;
        for bridge in &mut workers.bridges {
            if call.worker.is_none_or(|worker| worker == bridge.entity) {
                reached = true;
                bridge.call(call, &mut results);
            }
        }
        if let (Some(worker), false) = (call.worker, reached) {
            results.push(ScriptCallResult {
                id: call.id,
                worker,
                result: Err(format!("{worker} runs no script worker")),
            });
        }
    }
    answers.write_batch(results);
}
