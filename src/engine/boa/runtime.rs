//! One script running in one Boa context: loading, `start`, `update`, callbacks, promise jobs
//! and the error handling around each of them.
//!
//! # Time budget
//!
//! Boa cannot be interrupted from another thread, so the worker interrupts itself: `start()`,
//! `update(dt)` and promise reaction callbacks run as a tiny budgeted [`Script`] whose future
//! the worker polls, checking the frame's deadline between slices of VM instructions. JS that
//! JS calls runs in the same VM loop, so a runaway loop anywhere below those entry points stops
//! at the deadline. The abandoned call leaves frames on the VM stack, so the script is then
//! restarted in a fresh context. Code that builtins call back into (`forEach`, getters) and
//! module top-level code are not budgeted; the loop-iteration limit is their backstop.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use boa_engine::builtins::promise::{OperationType, Promise, PromiseState};
use boa_engine::context::{ContextBuilder, HostHooks};
use boa_engine::job::JobCallback;
use boa_engine::js_string;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::{JsArray, JsPromise};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, EngineError, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, Module,
    RuntimeLimitError, Script, Source,
};

use super::js::{ContextCallbacks, throw};
use super::loader::ScriptLoader;
use crate::api::{self, Js as _, json};
use crate::core::bridge::{Callback, ScriptCall, Waiting, WorkerShared};
use crate::core::calls::no_export;
use crate::core::error::{ScriptError, ScriptPhase, SourceLocation, first_script_location};
use crate::core::events::JsEvent;
use crate::core::host::ScriptHost;
use crate::core::input::InputSnapshot;
use crate::core::runtime::{
    Deadline, Outcome, ScriptRuntime, WorkerConfig, begin_frame, budget_message, truncate_stack,
};

/// VM "clock cycles" between deadline checks: about 80 µs of JS on this crate's reference
/// machine, so a runaway stops within a fraction of a millisecond of its deadline.
const SLICE: u32 = 10_000;

/// Iterations one loop may run within one call frame before it is stopped: the backstop for
/// code the time budget cannot reach (builtin callbacks, module top level). An empty loop gets
/// there in about 0.3 s.
pub(crate) const LOOP_ITERATION_LIMIT: u64 = 20_000_000;

/// Why a budgeted run did not finish.
enum Interrupted {
    /// A runaway stopped at the deadline, with where it was.
    Deadline {
        location: Option<SourceLocation>,
        stack: String,
    },
    /// The app is shutting down.
    Shutdown,
}

/// The context's host hooks: unhandled-rejection tracking and the budgeted job callbacks.
struct Hooks {
    unhandled: RefCell<Vec<JsObject<Promise>>>,
    /// The deadline of the current frame; jobs run after it are stopped.
    deadline: Cell<Option<Deadline>>,
    /// Set when a job callback ran past the deadline or was interrupted by shutdown.
    interrupted: RefCell<Option<Interrupted>>,
    /// Engine errors (runtime limits) that ended a job callback. JS cannot catch them, and a
    /// reaction with no promise to reject (an `await` continuation) would drop them unseen.
    uncatchable: RefCell<Vec<JsError>>,
    /// [`JOB_SCRIPT`], parsed once per context.
    job_script: RefCell<Option<Script>>,
    shared: Arc<WorkerShared>,
}

impl HostHooks for Hooks {
    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<Promise>,
        operation: OperationType,
        _context: &mut Context,
    ) {
        let mut unhandled = self.unhandled.borrow_mut();
        match operation {
            OperationType::Reject => unhandled.push(promise.clone()),
            OperationType::Handle => unhandled.retain(|p| p != promise),
        }
    }

    fn call_job_callback(
        &self,
        job: &JobCallback,
        this: &JsValue,
        args: &[JsValue],
        context: &mut Context,
    ) -> JsResult<JsValue> {
        let Some(deadline) = self.deadline.get().filter(|_| this.is_undefined()) else {
            return job.callback().call(this, args, context);
        };
        if self.interrupted.borrow().is_some() {
            return Err(RuntimeLimitError::LoopIteration.into());
        }
        // Promise reactions are called with `this` undefined: run them as a budgeted script.
        match self.call_budgeted(job.callback().clone().into(), args, deadline, context) {
            Ok(Err(error)) if error.as_engine().is_some() => {
                self.uncatchable.borrow_mut().push(error.clone());
                Err(error)
            }
            // An `await` continuation resumes its function outside the budget's reach, and
            // Boa drops what ends it (the loop-iteration limit included): a job that returns
            // past the deadline is reported as a stop, though where it was is lost.
            Ok(_) if deadline.passed() => {
                *self.interrupted.borrow_mut() = Some(Interrupted::Deadline {
                    location: None,
                    stack: String::new(),
                });
                Err(RuntimeLimitError::LoopIteration.into())
            }
            Ok(result) => result,
            Err(interrupted) => {
                *self.interrupted.borrow_mut() = Some(interrupted);
                // An engine error: JS cannot catch it, and it ends `run_jobs`.
                Err(RuntimeLimitError::LoopIteration.into())
            }
        }
    }
}

impl Hooks {
    /// Calls `function(...args)` as a budgeted script (see [`run_budgeted`]).
    fn call_budgeted(
        &self,
        function: JsValue,
        args: &[JsValue],
        deadline: Deadline,
        context: &mut Context,
    ) -> Result<JsResult<JsValue>, Interrupted> {
        let script = match self.job_script(function, args, context) {
            Ok(script) => script,
            Err(error) => return Ok(Err(error)),
        };
        run_budgeted(&script, deadline, &self.shared, context).map(|result| caught(result, context))
    }

    /// Puts the call in [`JOB_GLOBAL`] and returns [`JOB_SCRIPT`], parsed once per context.
    fn job_script(
        &self,
        function: JsValue,
        args: &[JsValue],
        context: &mut Context,
    ) -> JsResult<Script> {
        let arguments = JsArray::from_iter(args.iter().cloned(), context);
        let call = ObjectInitializer::new(context)
            .property(js_string!("f"), function, Attribute::all())
            .property(js_string!("a"), arguments, Attribute::all())
            .build();
        context.register_global_property(JsString::from(JOB_GLOBAL), call, Attribute::all())?;
        let cached = self.job_script.borrow().clone();
        match cached {
            Some(script) => Ok(script),
            None => {
                let source = catching(JOB_SCRIPT);
                let script = Script::parse(Source::from_bytes(&source), None, context)?;
                *self.job_script.borrow_mut() = Some(script.clone());
                Ok(script)
            }
        }
    }
}

const JOB_GLOBAL: &str = "__bevyJsWorkerJob";
const JOB_SCRIPT: &str = "(0, __bevyJsWorkerJob.f)(...__bevyJsWorkerJob.a)";
/// The budgeted wrapper catches what the call throws and evaluates to `[1, thrown]`, or to
/// `[0, returned]`: Boa leaks VM stack slots when an exception leaves
/// `evaluate_async_with_budget`, so none may.
fn catching(call: &str) -> String {
    format!("try {{ [0, {call}] }} catch (thrown) {{ [1, thrown] }}")
}

/// Turns a [`catching`] script's completion value back into the call's result.
fn caught(result: JsResult<JsValue>, context: &mut Context) -> JsResult<JsValue> {
    let value = result?;
    let Some(pair) = value.as_object().filter(|object| object.is_array()) else {
        return Ok(JsValue::undefined());
    };
    let outcome = pair.get(1, context)?;
    if pair.get(0, context)?.as_number() == Some(1.0) {
        Err(JsError::from_opaque(outcome))
    } else {
        Ok(outcome)
    }
}

const START_GLOBAL: &str = "__bevyJsWorkerStart";
const UPDATE_GLOBAL: &str = "__bevyJsWorkerUpdate";
const DT_GLOBAL: &str = "__bevyJsWorkerDt";

/// Evaluates `script`, stopping at `deadline` (or at shutdown). On a stop the abandoned frames
/// stay on the VM stack: the caller must not run more JS in this context.
fn run_budgeted(
    script: &Script,
    deadline: Deadline,
    shared: &WorkerShared,
    context: &mut Context,
) -> Result<JsResult<JsValue>, Interrupted> {
    {
        let mut future = pin!(script.evaluate_async_with_budget(context, SLICE));
        let mut poll = std::task::Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(result) = future.as_mut().poll(&mut poll) {
                return Ok(result);
            }
            if shared.is_shutting_down() {
                return Err(Interrupted::Shutdown);
            }
            if deadline.passed() {
                break;
            }
        }
    }
    // The future is gone; its frames are still there to say where the script was.
    let frames: Vec<_> = context
        .stack_trace()
        .map(|frame| frame.position())
        .collect();
    let location = frames.iter().find_map(|frame| {
        let position = frame.position?;
        Some(SourceLocation {
            file: frame.path.to_string(),
            line: position.line_number(),
            column: position.column_number(),
        })
    });
    let stack = frames
        .iter()
        .filter(|frame| !frame.function_name.is_empty())
        .map(|frame| {
            let at = frame.position.map_or_else(String::new, |p| {
                format!(":{}:{}", p.line_number(), p.column_number())
            });
            format!(
                "    at {} ({}{at})",
                frame.function_name.to_std_string_escaped(),
                frame.path
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Err(Interrupted::Deadline { location, stack })
}

/// A loaded script and the Boa context it runs in. Lives on the worker thread only (`Context`
/// is `!Send`).
pub(crate) struct BoaRuntime {
    context: Context,
    loader: Rc<ScriptLoader>,
    hooks: Rc<Hooks>,
    entry: PathBuf,
    budget: Duration,
    /// The entry module, once linked.
    module: Option<Module>,
    start: Option<Script>,
    update: Option<Script>,
    shared: Arc<WorkerShared>,
}

impl ScriptRuntime for BoaRuntime {
    fn prepare(config: &WorkerConfig, shared: Arc<WorkerShared>) -> Result<Self, ScriptError> {
        // The first runtime is prepared near the top of the worker thread.
        super::stack_guard::record_stack(config.stack_size);
        let entry = &config.entry;
        let load_error = |message: String| ScriptError {
            phase: ScriptPhase::Load,
            message,
            location: None,
            stack: String::new(),
        };
        let root = entry.parent().unwrap_or(Path::new("."));
        let loader = match ScriptLoader::new(root, Arc::clone(&shared.source_maps)) {
            Ok(loader) => Rc::new(loader),
            Err(error) => {
                let message = format!("cannot open the script folder {}: {error}", root.display());
                return Err(load_error(message));
            }
        };
        let hooks = Rc::new(Hooks {
            unhandled: RefCell::default(),
            deadline: Cell::new(None),
            interrupted: RefCell::new(None),
            uncatchable: RefCell::default(),
            job_script: RefCell::new(None),
            shared: Arc::clone(&shared),
        });
        let context = ContextBuilder::new()
            .module_loader(Rc::clone(&loader))
            .host_hooks(Rc::clone(&hooks))
            .build()
            .and_then(|mut context| {
                let globals = api::globals::<Context>(config.test_hooks, &shared.verbs);
                super::js::register(&mut context, globals)?;
                super::stack_guard::install(&mut context)?;
                Ok(context)
            });
        let mut context = match context {
            Ok(context) => context,
            Err(error) => return Err(load_error(format!("cannot create the JS context: {error}"))),
        };
        context
            .runtime_limits_mut()
            .set_loop_iteration_limit(LOOP_ITERATION_LIMIT);
        Ok(Self {
            context,
            loader,
            hooks,
            entry: entry.to_path_buf(),
            budget: config.frame_budget,
            module: None,
            start: None,
            update: None,
            shared,
        })
    }

    fn attach(&mut self, host: Rc<ScriptHost>) {
        self.context.insert_data(host);
    }

    fn into_host(mut self) -> Option<Rc<ScriptHost>> {
        self.context
            .remove_data::<Rc<ScriptHost>>()
            .map(|host| *host)
    }

    fn module_files(&self) -> Vec<PathBuf> {
        self.loader.files()
    }

    fn boot(&mut self, _: &WorkerShared) -> Outcome {
        if let Err(error) = self.link_module() {
            return self.report(ScriptPhase::Load, error);
        }
        self.run(None)
    }

    fn link(&mut self, phase: ScriptPhase) -> Result<(), ScriptError> {
        self.link_module()
            .map_err(|error| describe(phase, error, &mut self.context))
    }

    fn exports_on_reload(&mut self) -> bool {
        let Some(module) = self.module.clone() else {
            return false;
        };
        let namespace = module.namespace(&mut self.context);
        namespace
            .has_property(js_string!("onReload"), &mut self.context)
            .unwrap_or(false)
    }

    fn run(&mut self, reloaded: Option<Option<serde_json::Value>>) -> Outcome {
        self.run_module(reloaded)
    }

    fn unload(&mut self) -> Option<serde_json::Value> {
        self.unload_module()
    }

    fn frame(&mut self, dt: f64, input: InputSnapshot, callbacks: &mut Vec<Callback>) -> Outcome {
        self.run_frame(dt, input, callbacks)
    }
}

impl BoaRuntime {
    /// Parses the entry module and everything it imports, and links them.
    fn link_module(&mut self) -> JsResult<()> {
        let module = self.loader.load(&self.entry, &mut self.context)?;
        let promise = module.load(&mut self.context);
        self.context.run_jobs()?;
        if let PromiseState::Rejected(reason) = promise.state() {
            self.hooks.unhandled.borrow_mut().clear();
            return Err(JsError::from_opaque(reason));
        }
        module.link(&mut self.context)?;
        self.module = Some(module);
        Ok(())
    }

    /// Evaluates the linked module, then calls `start()`, or with `reloaded` its
    /// `onReload(state)` instead.
    fn run_module(&mut self, reloaded: Option<Option<serde_json::Value>>) -> Outcome {
        let deadline = Deadline::after(self.budget);
        if let Err(error) = self.evaluate() {
            return self.report(ScriptPhase::Load, error);
        }
        let mut outcome = self.settle(deadline);
        if outcome != Outcome::Continue {
            return outcome.while_starting();
        }
        outcome = match reloaded {
            Some(state) => self.call_on_reload(state, deadline),
            None => match self.start.clone() {
                Some(start) => self.call_budgeted(&start, ScriptPhase::Start, deadline),
                None => Outcome::Continue,
            },
        };
        if outcome == Outcome::Continue {
            outcome = self.settle(deadline);
        }
        outcome.while_starting()
    }

    /// Calls the new module's `onReload(state)`, with the state handed in as a JS value.
    fn call_on_reload(&mut self, state: Option<serde_json::Value>, deadline: Deadline) -> Outcome {
        let Some(module) = self.module.clone() else {
            return Outcome::Continue;
        };
        let namespace = module.namespace(&mut self.context);
        let prepared = namespace
            .get(js_string!("onReload"), &mut self.context)
            .and_then(|function| {
                if !function.is_callable() {
                    return Err(JsNativeError::typ()
                        .with_message(format!(
                            "the script's export `onReload` is not a function (it is {})",
                            function.type_of()
                        ))
                        .into());
                }
                let state = match &state {
                    Some(state) => json::from_json(&mut self.context, state).map_err(throw)?,
                    None => JsValue::undefined(),
                };
                Ok((function, state))
            });
        match prepared {
            Ok((function, state)) => self
                .call_function(function, &[state], ScriptPhase::Reload, deadline)
                .err()
                .unwrap_or(Outcome::Continue),
            Err(error) => self.report(ScriptPhase::Reload, error),
        }
    }

    /// Before a reload: calls the old script's `onUnload()` and returns what it returned, as
    /// JSON. Errors are reported, and give no state.
    fn unload_module(&mut self) -> Option<serde_json::Value> {
        let module = self.module.clone()?;
        let namespace = module.namespace(&mut self.context);
        let function = match namespace.get(js_string!("onUnload"), &mut self.context) {
            Ok(function) if function.is_callable() => function,
            Ok(_) => return None,
            Err(error) => {
                self.report(ScriptPhase::Reload, error);
                return None;
            }
        };
        let deadline = Deadline::after(self.budget);
        let value = self
            .call_function(function, &[], ScriptPhase::Reload, deadline)
            .ok()?;
        match json::to_json(&mut self.context, &value, "onUnload").map_err(throw) {
            Ok(state) => Some(state),
            Err(error) => {
                self.report(ScriptPhase::Reload, error);
                None
            }
        }
    }

    fn evaluate(&mut self) -> JsResult<()> {
        let Some(module) = self.module.clone() else {
            return Err(JsNativeError::error()
                .with_message("the script was not linked")
                .into());
        };
        let promise = module.evaluate(&mut self.context)?;
        self.context.run_jobs()?;
        match promise.state() {
            PromiseState::Fulfilled(_) => {}
            PromiseState::Rejected(reason) => {
                // Reported here, so not again as an unhandled rejection.
                self.hooks.unhandled.borrow_mut().clear();
                return Err(JsError::from_opaque(reason));
            }
            PromiseState::Pending => {
                return Err(JsNativeError::error()
                    .with_message("the script's top-level await never finished")
                    .into());
            }
        }
        let namespace = module.namespace(&mut self.context);
        self.start = self.export_function(&namespace, "start", START_GLOBAL, "()", false)?;
        self.update = self.export_function(
            &namespace,
            "update",
            UPDATE_GLOBAL,
            &format!("({DT_GLOBAL})"),
            true,
        )?;
        Ok(())
    }

    /// Makes an exported function callable through a budgeted script `global(args)`.
    fn export_function(
        &mut self,
        namespace: &JsObject,
        name: &str,
        global: &str,
        arguments: &str,
        expected: bool,
    ) -> JsResult<Option<Script>> {
        let value = namespace.get(JsString::from(name), &mut self.context)?;
        if value.is_undefined() {
            if expected {
                bevy::log::warn!(
                    target: "js",
                    "{} exports no `{name}` function: it will not be called",
                    self.entry.display()
                );
            }
            return Ok(None);
        }
        let Some(function) = value.as_callable() else {
            return Err(JsNativeError::typ()
                .with_message(format!(
                    "the script's export `{name}` is not a function (it is {})",
                    value.type_of()
                ))
                .into());
        };
        self.context.register_global_property(
            JsString::from(global),
            function,
            Attribute::empty(),
        )?;
        let source = catching(&format!("{global}{arguments}"));
        Script::parse(Source::from_bytes(&source), None, &mut self.context).map(Some)
    }

    /// One worker frame: deliver callbacks, run due timers, call `update(dt)`, run promise
    /// jobs, all within the frame's time budget.
    fn run_frame(
        &mut self,
        dt: f64,
        input: InputSnapshot,
        callbacks: &mut Vec<Callback>,
    ) -> Outcome {
        let deadline = Deadline::after(self.budget);
        if let Some(host) = self.context.get_data::<Rc<ScriptHost>>() {
            begin_frame(host, dt, input);
        }
        let mut queue = std::mem::take(callbacks).into_iter();
        while let Some(callback) = queue.next() {
            let result = match callback {
                Callback::Created { id } => self.resolve_waiting(id, Waiting::Created),
                Callback::SceneReady { id } => self.resolve_waiting(id, Waiting::SceneReady),
                Callback::Gone { id } => {
                    if let Some(host) = self.context.get_data::<Rc<ScriptHost>>() {
                        host.gone(id);
                    }
                    Ok(())
                }
                Callback::Event(event) => {
                    let outcome = self.dispatch(&event, deadline);
                    if outcome != Outcome::Continue {
                        // The worker settles what this frame did not deliver.
                        callbacks.extend(queue);
                        return outcome;
                    }
                    Ok(())
                }
                Callback::VerbReply(answer) => {
                    crate::api::verbs::settle(&mut self.context, &answer).map_err(throw)
                }
                Callback::Call(call) => {
                    let outcome = self.call_export(&call, deadline);
                    if outcome != Outcome::Continue {
                        callbacks.extend(queue);
                        return outcome;
                    }
                    Ok(())
                }
            };
            if let Err(error) = result {
                let outcome = self.report(ScriptPhase::Callback, error);
                if outcome != Outcome::Continue {
                    callbacks.extend(queue);
                    return outcome;
                }
            }
        }
        let outcome = self.run_timers(deadline);
        if outcome != Outcome::Continue {
            return outcome;
        }
        if let Some(update) = self.update.clone() {
            let global = self.context.global_object();
            if let Err(error) = global.set(JsString::from(DT_GLOBAL), dt, false, &mut self.context)
            {
                return self.report(ScriptPhase::Update, error);
            }
            let outcome = self.call_budgeted(&update, ScriptPhase::Update, deadline);
            if outcome != Outcome::Continue {
                return outcome;
            }
        }
        self.settle(deadline)
    }

    fn callbacks(&self) -> Option<Rc<ContextCallbacks>> {
        self.context.get_data::<Rc<ContextCallbacks>>().cloned()
    }

    /// Resolves the `whenCreated` or `scene.whenReady` promises of `id`.
    fn resolve_waiting(&mut self, id: crate::core::state::ScriptId, what: Waiting) -> JsResult<()> {
        let Some(callbacks) = self.callbacks() else {
            return Ok(());
        };
        for resolvers in callbacks.take_waiting(id, what) {
            resolvers.resolve.call(
                &JsValue::undefined(),
                &[JsValue::from(id)],
                &mut self.context,
            )?;
        }
        Ok(())
    }

    /// Runs the timers due in this frame, in order, each followed by its promise jobs.
    fn run_timers(&mut self, deadline: Deadline) -> Outcome {
        let Some(callbacks) = self.callbacks() else {
            return Outcome::Continue;
        };
        let phase = match callbacks.timers.try_borrow() {
            Ok(timers) => timers.phase(),
            Err(_) => return Outcome::Continue,
        };
        loop {
            let due = match callbacks.timers.try_borrow_mut() {
                Ok(mut timers) => timers.next_due(phase),
                Err(_) => None,
            };
            let Some((_, callback, args)) = due else {
                return Outcome::Continue;
            };
            if let Err(outcome) = self.call_function(callback, &args, ScriptPhase::Timer, deadline)
                && outcome != Outcome::Continue
            {
                return outcome;
            }
            let outcome = self.settle(deadline);
            if outcome != Outcome::Continue {
                return outcome;
            }
        }
    }

    /// Calls the `on` handlers of `event`, each within the frame's budget. A handler that
    /// throws is reported and the others still run.
    /// Rust's call of an exported function: calls it under the frame's budget and answers with
    /// what it returned, once its promise settles if it returned one.
    fn call_export(&mut self, call: &ScriptCall, deadline: Deadline) -> Outcome {
        let Some(host) = self.context.get_data::<Rc<ScriptHost>>().cloned() else {
            return Outcome::Continue;
        };
        host.open_call(call.id);
        let function = self.module.clone().and_then(|module| {
            let namespace = module.namespace(&mut self.context);
            namespace
                .get(JsString::from(call.function.as_str()), &mut self.context)
                .ok()
                .filter(JsValue::is_callable)
        });
        let Some(function) = function else {
            host.answer(call.id, Err(no_export(&call.function)));
            return Outcome::Continue;
        };
        let args = match crate::api::calls::arguments(&mut self.context, &call.args) {
            Ok(args) => args,
            Err(error) => {
                host.answer(call.id, Err(crate::api::js::message_of::<Context>(error)));
                return Outcome::Continue;
            }
        };
        match self.call_function(function, &args, ScriptPhase::Call, deadline) {
            Ok(value) => {
                match self.context.answer_when_settled(&value, call.id) {
                    Ok(true) => {}
                    Ok(false) => crate::api::calls::answer(&mut self.context, call.id, &value),
                    Err(error) => {
                        host.answer(call.id, Err(crate::api::js::message_of::<Context>(error)))
                    }
                }
                Outcome::Continue
            }
            Err(outcome) => {
                host.answer(call.id, Err(self.shared.last_error_message()));
                outcome
            }
        }
    }

    fn dispatch(&mut self, event: &JsEvent, deadline: Deadline) -> Outcome {
        let handlers = match self.callbacks() {
            Some(callbacks) => callbacks.handlers_of(&event.name),
            None => return Outcome::Continue,
        };
        if handlers.is_empty() {
            return Outcome::Continue;
        }
        let payload = match json::from_json(&mut self.context, &event.payload).map_err(throw) {
            Ok(payload) => payload,
            Err(error) => return self.report(ScriptPhase::Event, error),
        };
        for handler in handlers {
            let payload = std::slice::from_ref(&payload);
            if let Err(outcome) =
                self.call_function(handler.into(), payload, ScriptPhase::Event, deadline)
                && outcome != Outcome::Continue
            {
                return outcome;
            }
        }
        Outcome::Continue
    }

    fn call_budgeted(
        &mut self,
        script: &Script,
        phase: ScriptPhase,
        deadline: Deadline,
    ) -> Outcome {
        let result = run_budgeted(script, deadline, &self.shared, &mut self.context)
            .map(|result| caught(result, &mut self.context));
        self.checked(phase, result)
            .err()
            .unwrap_or(Outcome::Continue)
    }

    /// Calls `function(...args)` as a budgeted script; see [`checked`](Self::checked).
    fn call_function(
        &mut self,
        function: JsValue,
        args: &[JsValue],
        phase: ScriptPhase,
        deadline: Deadline,
    ) -> Result<JsValue, Outcome> {
        let result = self
            .hooks
            .call_budgeted(function, args, deadline, &mut self.context);
        self.checked(phase, result)
    }

    /// The value a budgeted call returned, or, when it threw or was stopped, the outcome of
    /// reporting that under `phase`.
    fn checked(
        &mut self,
        phase: ScriptPhase,
        result: Result<JsResult<JsValue>, Interrupted>,
    ) -> Result<JsValue, Outcome> {
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.report(phase, error)),
            Err(interrupted) => Err(self.report_interrupted(phase, interrupted)),
        }
    }

    /// Runs promise jobs until none are left, then reports rejections nobody handled.
    fn settle(&mut self, deadline: Deadline) -> Outcome {
        self.hooks.deadline.set(Some(deadline));
        let result = self.context.run_jobs();
        self.hooks.deadline.set(None);
        let interrupted = self.hooks.interrupted.borrow_mut().take();
        if let Some(interrupted) = interrupted {
            return self.report_interrupted(ScriptPhase::PromiseJob, interrupted);
        }
        let uncatchable = std::mem::take(&mut *self.hooks.uncatchable.borrow_mut());
        // A limit that ended a job may also end `run_jobs`: report it once.
        let errors = if uncatchable.is_empty() {
            result.err().into_iter().collect()
        } else {
            uncatchable
        };
        for error in errors {
            let outcome = self.report(ScriptPhase::PromiseJob, error);
            if outcome != Outcome::Continue {
                return outcome;
            }
        }
        let unhandled = std::mem::take(&mut *self.hooks.unhandled.borrow_mut());
        for promise in unhandled {
            if let Ok(promise) = JsPromise::from_object(promise.upcast())
                && let PromiseState::Rejected(reason) = promise.state()
            {
                self.report(
                    ScriptPhase::UnhandledRejection,
                    JsError::from_opaque(reason),
                );
            }
        }
        Outcome::Continue
    }

    fn report_interrupted(&mut self, phase: ScriptPhase, interrupted: Interrupted) -> Outcome {
        let Interrupted::Deadline { location, stack } = interrupted else {
            return Outcome::Shutdown;
        };
        self.shared.report(ScriptError {
            phase,
            message: budget_message(self.budget),
            location,
            stack,
        });
        Outcome::Restart
    }

    /// Converts, counts and logs an error; says whether the context survived it.
    fn report(&mut self, phase: ScriptPhase, error: JsError) -> Outcome {
        // Boa leaves the VM stack broken after its value-stack limit (a huge spread, say).
        let outcome = match error.as_engine() {
            Some(EngineError::RuntimeLimit(RuntimeLimitError::StackSize)) => Outcome::Restart,
            _ => Outcome::Continue,
        };
        let error = describe(phase, error, &mut self.context);
        self.shared.report(error);
        outcome
    }
}

/// Turns a Boa error into a [`ScriptError`] with message, location and stack.
pub(crate) fn describe(phase: ScriptPhase, error: JsError, context: &mut Context) -> ScriptError {
    // Engine limits are not JS exceptions (scripts cannot catch them); name them like the
    // errors a browser would throw.
    let limit = match error.as_engine() {
        Some(EngineError::RuntimeLimit(
            RuntimeLimitError::Recursion | RuntimeLimitError::StackSize,
        )) => Some("RangeError: Maximum call stack size exceeded".to_owned()),
        Some(EngineError::RuntimeLimit(RuntimeLimitError::LoopIteration)) => Some(format!(
            "RangeError: a loop ran more than {LOOP_ITERATION_LIMIT} iterations and was stopped"
        )),
        _ => None,
    };
    // `Display` of a `JsError` is `Name: message (file:line:column)`, then for errors thrown
    // by the VM one `    at function (file:line:column)` line per frame, innermost first.
    let shown = error.to_string();
    let (first_line, mut stack) = match shown.split_once('\n') {
        Some((first, rest)) => (first.to_owned(), rest.to_owned()),
        None => (shown, String::new()),
    };
    let mut message = limit;
    if message.is_none()
        && let Ok(value) = error.into_opaque(context)
        && let Some(object) = value.as_object()
        && object.is::<boa_engine::builtins::error::Error>()
    {
        if let Ok(own_stack) = object.get(js_string!("stack"), context)
            && let Some(own_stack) = own_stack.as_string()
            && !own_stack.is_empty()
        {
            stack = own_stack.to_std_string_escaped();
        }
        if let Ok(text) = value.to_string(context) {
            message = Some(text.to_std_string_escaped());
        }
    }
    // Not an Error object: a thrown string, number or plain object.
    let message = message.unwrap_or_else(|| format!("Uncaught {first_line}"));
    // Syntax errors have no stack, but the loader puts `(file:line:column)` in the message.
    let location = first_script_location(&stack)
        .or_else(|| first_script_location(&message))
        .or_else(|| first_script_location(&first_line));
    ScriptError {
        phase,
        message,
        location,
        // The budgeted wrapper scripts have no file: `at <main> (unknown at :1:21)`.
        stack: truncate_stack(&stack, |frame| frame.contains("(unknown at")),
    }
}
