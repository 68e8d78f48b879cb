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
use std::time::{Duration, Instant};

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
use cpu_time::ThreadTime;

use super::WorkerConfig;
use super::loader::ScriptLoader;
use crate::bridge::{Callback, WorkerShared};
use crate::error::{ScriptError, ScriptPhase, SourceLocation, first_script_location};
use crate::events::JsEvent;
use crate::input::InputSnapshot;
use crate::js_api::{self, ScriptHost, json};

/// VM "clock cycles" between deadline checks: about 80 µs of JS on this crate's reference
/// machine, so a runaway stops within a fraction of a millisecond of its deadline.
const SLICE: u32 = 10_000;

/// Iterations one loop may run within one call frame before it is stopped: the backstop for
/// code the time budget cannot reach (builtin callbacks, module top level). An empty loop gets
/// there in about 0.3 s.
pub(crate) const LOOP_ITERATION_LIMIT: u64 = 20_000_000;

/// What the worker should do after a boot or a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Carry on.
    Continue,
    /// The context is unusable (a runaway was abandoned mid-call): restart the script.
    Restart,
    /// Do not run this script again until a restart is requested (it ran away while
    /// starting, so restarting it would only run away again).
    Stop,
    /// The app is shutting down; the frame was abandoned and does not count.
    Shutdown,
}

/// The end of a time budget, in the worker thread's CPU time: a worker the OS did not
/// schedule, or one parked waiting for room in the command ring, is not using its budget.
/// Falls back to wall time where the OS cannot measure thread CPU time.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    cpu: Option<Duration>,
    wall: Instant,
}

impl Deadline {
    fn after(budget: Duration) -> Self {
        Self {
            cpu: ThreadTime::try_now()
                .ok()
                .map(|now| now.as_duration() + budget),
            wall: Instant::now() + budget,
        }
    }

    fn passed(&self) -> bool {
        match (self.cpu, ThreadTime::try_now()) {
            (Some(cpu), Ok(now)) => now.as_duration() >= cpu,
            _ => Instant::now() >= self.wall,
        }
    }
}

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

/// A runaway while starting would only run away again after a restart: stop instead.
fn stopped(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Restart => Outcome::Stop,
        other => other,
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
pub(crate) struct ScriptRuntime {
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

impl ScriptRuntime {
    /// Builds a fresh context with the API installed and `host` in it. Does not run any
    /// script code. On failure the host is handed back so that a later attempt can use it.
    pub fn new(
        config: &WorkerConfig,
        host: ScriptHost,
    ) -> Result<Box<Self>, Box<(ScriptError, ScriptHost)>> {
        match Self::prepare(config, Arc::clone(&host.shared)) {
            Ok(mut runtime) => {
                runtime.attach(host);
                Ok(runtime)
            }
            Err(error) => Err(Box::new((error, host))),
        }
    }

    /// Builds a fresh context with the API installed but no host yet (see
    /// [`attach`](Self::attach)): enough to parse and link a script while another runtime
    /// still owns the host.
    pub fn prepare(
        config: &WorkerConfig,
        shared: Arc<WorkerShared>,
    ) -> Result<Box<Self>, ScriptError> {
        let entry = &config.entry;
        let load_error = |message: String| ScriptError {
            phase: ScriptPhase::Load,
            message,
            location: None,
            stack: String::new(),
        };
        let root = entry.parent().unwrap_or(Path::new("."));
        let loader = match ScriptLoader::new(root) {
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
            job_script: RefCell::new(None),
            shared: Arc::clone(&shared),
        });
        let context = ContextBuilder::new()
            .module_loader(Rc::clone(&loader))
            .host_hooks(Rc::clone(&hooks))
            .build()
            .and_then(|mut context| {
                js_api::register(&mut context, config.test_hooks).map(|()| context)
            });
        let mut context = match context {
            Ok(context) => context,
            Err(error) => return Err(load_error(format!("cannot create the JS context: {error}"))),
        };
        context
            .runtime_limits_mut()
            .set_loop_iteration_limit(LOOP_ITERATION_LIMIT);
        Ok(Box::new(Self {
            context,
            loader,
            hooks,
            entry: entry.to_path_buf(),
            budget: config.frame_budget,
            module: None,
            start: None,
            update: None,
            shared,
        }))
    }

    /// Puts the host (the API's worker-side state) into this runtime's context.
    pub fn attach(&mut self, host: ScriptHost) {
        self.context.insert_data(host);
    }

    /// Takes the host back out of the context (to hand it to a fresh runtime).
    pub fn into_host(mut self: Box<Self>) -> Option<ScriptHost> {
        self.context.remove_data::<ScriptHost>().map(|host| *host)
    }

    /// Every module file this runtime tried to load, the entry first.
    pub fn module_files(&self) -> Vec<PathBuf> {
        self.loader.files()
    }

    /// Loads, links and evaluates the entry module, then calls its `start()`. Errors are
    /// reported.
    pub fn boot(&mut self) -> Outcome {
        if let Err(error) = self.link() {
            return self.report(ScriptPhase::Load, error);
        }
        self.run(None)
    }

    /// Parses the entry module and everything it imports, and links them. Runs no script
    /// code, so a failure here leaves nothing behind.
    pub fn link(&mut self) -> JsResult<()> {
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

    /// A reload whose new source did not link: the error, saying that the old script runs on.
    pub fn describe_reload_failure(&mut self, error: JsError) -> ScriptError {
        let mut error = describe(ScriptPhase::Reload, error, &mut self.context);
        error
            .message
            .push_str(" (reload failed; the previous version of the script keeps running)");
        error
    }

    /// Whether the linked module exports `onReload` (and so keeps the old script's objects).
    pub fn exports_on_reload(&mut self) -> bool {
        let Some(module) = self.module.clone() else {
            return false;
        };
        let namespace = module.namespace(&mut self.context);
        namespace
            .has_property(js_string!("onReload"), &mut self.context)
            .unwrap_or(false)
    }

    /// Evaluates the linked module, then calls `start()`, or with `reloaded` its
    /// `onReload(state)` instead.
    pub fn run(&mut self, reloaded: Option<Option<serde_json::Value>>) -> Outcome {
        let deadline = Deadline::after(self.budget);
        if let Err(error) = self.evaluate() {
            return self.report(ScriptPhase::Load, error);
        }
        let mut outcome = self.settle(deadline);
        if outcome != Outcome::Continue {
            return stopped(outcome);
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
        stopped(outcome)
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
                    Some(state) => json::from_json(state, &mut self.context)?,
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
    pub fn unload(&mut self) -> Option<serde_json::Value> {
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
        match json::to_json(&value, "onUnload", &mut self.context) {
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

    /// One worker frame: deliver callbacks, call `update(dt)`, run promise jobs, all within
    /// the frame's time budget.
    pub fn frame(
        &mut self,
        dt: f64,
        input: InputSnapshot,
        callbacks: impl IntoIterator<Item = Callback>,
    ) -> Outcome {
        let deadline = Deadline::after(self.budget);
        if let Ok(host) = ScriptHost::get(&self.context) {
            host.frame_input.set(input);
            host.frame_number.set(host.frame_number.get() + 1);
            host.frame_delta.set(dt);
        }
        for callback in callbacks {
            let result = match callback {
                Callback::Created { id } => js_api::resolve_created(id, &mut self.context),
                Callback::Event(event) => {
                    let outcome = self.dispatch(&event, deadline);
                    if outcome != Outcome::Continue {
                        return outcome;
                    }
                    Ok(())
                }
            };
            if let Err(error) = result {
                let outcome = self.report(ScriptPhase::Callback, error);
                if outcome != Outcome::Continue {
                    return outcome;
                }
            }
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

    /// Calls the `on` handlers of `event`, each within the frame's budget. A handler that
    /// throws is reported and the others still run.
    fn dispatch(&mut self, event: &JsEvent, deadline: Deadline) -> Outcome {
        let handlers = match ScriptHost::get(&self.context) {
            Ok(host) => host.handlers_of(&event.name),
            Err(_) => return Outcome::Continue,
        };
        if handlers.is_empty() {
            return Outcome::Continue;
        }
        let payload = match json::from_json(&event.payload, &mut self.context) {
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
        if let Err(error) = result {
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
            message: format!(
                "script exceeded its time budget of {} ms and was stopped",
                self.budget.as_millis()
            ),
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

/// Frames of a JS stack kept in a [`ScriptError`]; deep recursion would otherwise log hundreds.
const MAX_STACK_FRAMES: usize = 16;

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
        stack: truncate_stack(&stack),
    }
}

fn truncate_stack(stack: &str) -> String {
    // The budgeted wrapper scripts have no file: `at <main> (unknown at :1:21)`.
    let frames: Vec<&str> = stack
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("(unknown at"))
        .collect();
    if frames.len() <= MAX_STACK_FRAMES {
        return frames.join("\n");
    }
    let mut kept = frames[..MAX_STACK_FRAMES].join("\n");
    kept.push_str(&format!(
        "\n    ... {} more frames",
        frames.len() - MAX_STACK_FRAMES
    ));
    kept
}
