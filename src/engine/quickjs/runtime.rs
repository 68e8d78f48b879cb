//! One script running in one QuickJS runtime and context: loading, `start`, `update`,
//! callbacks, timers, promise jobs and the error handling around each of them.
//!
//! # Time budget and memory
//!
//! QuickJS asks an interrupt handler every few thousand bytecode operations whether to go on;
//! ours says no once the frame's [`Deadline`] (worker CPU time) has passed, or the app is
//! shutting down. That stops JS anywhere: `update`, a promise job, an `await` continuation, a
//! builtin's callback (`forEach`, a `JSON.parse` reviver), a regular expression, a module's
//! top level. The interrupt is not catchable by the script. Each runtime has a heap limit
//! ([`WorkerConfig::memory_limit`]) and a stack limit, so a heap bomb or deep recursion is a
//! caught error. After a stop or an out-of-memory error the script restarts in a fresh
//! runtime, which gives all of its memory back.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rquickjs::{Coerced, Context, Ctx, FromJs, Function, Module, Object, Runtime, Value};

use super::js::{ContextData, Kept, Qjs, keep, register};
use super::loader::{ScriptLoader, ScriptResolver, exports_name};
use crate::api::Js as _;
use crate::api::{self, json};
use crate::core::bridge::{Callback, ScriptCall, Waiting, WorkerShared};
use crate::core::calls::no_export;
use crate::core::error::{ScriptError, ScriptPhase, first_script_location};
use crate::core::host::ScriptHost;
use crate::core::input::InputSnapshot;
use crate::core::runtime::{
    Deadline, Outcome, ScriptRuntime, WorkerConfig, begin_frame, budget_message, truncate_stack,
};
use crate::engine::modules::{ModuleRoot, SourceError};

/// The C stack QuickJS may use. QuickJS ignores limits above 16 MiB; deep data (a 200,000-deep
/// array given to `JSON.stringify`) is refused faster with a smaller one. 4 MiB allows about
/// 6,500 nested JS calls.
const MAX_STACK: usize = 4 * 1024 * 1024;

/// Why the interrupt handler stopped the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Deadline,
    Shutdown,
}

/// What the interrupt handler reads and writes.
struct Control {
    deadline: Cell<Option<Deadline>>,
    stopped: Cell<Option<Stop>>,
    shared: Arc<WorkerShared>,
}

impl Control {
    fn interrupt(&self) -> bool {
        if self.shared.is_shutting_down() {
            self.stopped.set(Some(Stop::Shutdown));
            return true;
        }
        match self.deadline.get() {
            Some(deadline) if deadline.passed() => {
                self.stopped.set(Some(Stop::Deadline));
                true
            }
            _ => false,
        }
    }
}

/// A failed call: the script error, as described in the context it was thrown in.
struct Failure(ScriptError);

/// A loaded script and the QuickJS runtime it runs in. Lives on the worker thread only.
///
/// Field order is drop order: the JS values it keeps go before the context, and the context
/// before the runtime ([`Drop`] clears the rest first).
pub(crate) struct QuickJsRuntime {
    /// The entry module's `start` and `update`, and its namespace.
    start: Option<Kept>,
    update: Option<Kept>,
    namespace: Option<Kept>,
    /// The linked entry module's name (its canonical path), once `link` succeeded.
    linked: Option<String>,
    /// Whether the linked entry module exports `onReload`.
    exports_on_reload: bool,
    data: Rc<ContextData>,
    context: Context,
    runtime: Runtime,
    control: Rc<Control>,
    root: Rc<ModuleRoot>,
    entry: PathBuf,
    budget: Duration,
    shared: Arc<WorkerShared>,
}

impl Drop for QuickJsRuntime {
    fn drop(&mut self) {
        // QuickJS aborts the process if a value outlives its runtime.
        self.start = None;
        self.update = None;
        self.namespace = None;
        self.data.clear();
    }
}

impl ScriptRuntime for QuickJsRuntime {
    fn prepare(config: &WorkerConfig, shared: Arc<WorkerShared>) -> Result<Self, ScriptError> {
        let load_error = |message: String| ScriptError {
            phase: ScriptPhase::Load,
            message,
            location: None,
            stack: String::new(),
        };
        let folder = config.entry.parent().unwrap_or(std::path::Path::new("."));
        let root = match ModuleRoot::new(folder, Arc::clone(&shared.source_maps)) {
            Ok(root) => Rc::new(root),
            Err(error) => {
                let message = format!(
                    "cannot open the script folder {}: {error}",
                    folder.display()
                );
                return Err(load_error(message));
            }
        };
        let runtime = Runtime::new()
            .map_err(|error| load_error(format!("cannot create the JS runtime: {error}")))?;
        runtime.set_memory_limit(config.memory_limit);
        runtime.set_max_stack_size(MAX_STACK);
        let control = Rc::new(Control {
            deadline: Cell::new(None),
            stopped: Cell::new(None),
            shared: Arc::clone(&shared),
        });
        let interrupt = Rc::clone(&control);
        runtime.set_interrupt_handler(Some(Box::new(move || interrupt.interrupt())));
        runtime.set_loader(
            ScriptResolver(Rc::clone(&root)),
            ScriptLoader(Rc::clone(&root)),
        );
        let data = Rc::new(ContextData::default());
        let tracker = Rc::clone(&data);
        runtime.set_host_promise_rejection_tracker(Some(Box::new(
            move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
                let Ok(mut rejections) = tracker.rejections.try_borrow_mut() else {
                    return;
                };
                if handled {
                    rejections.retain(|(kept, _)| {
                        kept.clone().restore(&ctx).ok().as_ref() != Some(&promise)
                    });
                } else {
                    rejections.push((keep(&ctx, &promise), keep(&ctx, &reason)));
                }
            },
        )));
        let context = Context::full(&runtime)
            .map_err(|error| load_error(format!("cannot create the JS context: {error}")))?;
        let registered = context.with(|ctx| {
            let globals = api::globals::<Qjs<'_>>(config.test_hooks, &shared.verbs);
            register(&ctx, &data, globals)
                .map_err(|error| describe_error(ScriptPhase::Load, &ctx, error))
        });
        let runtime = Self {
            start: None,
            update: None,
            namespace: None,
            linked: None,
            exports_on_reload: false,
            data,
            context,
            runtime,
            control,
            root,
            entry: config.entry.clone(),
            budget: config.frame_budget,
            shared,
        };
        registered.map(|()| runtime)
    }

    fn attach(&mut self, host: Rc<ScriptHost>) {
        *self.data.host.borrow_mut() = Some(host);
    }

    fn into_host(self) -> Option<Rc<ScriptHost>> {
        self.data.host.borrow_mut().take()
    }

    fn module_files(&self) -> Vec<PathBuf> {
        self.root.files()
    }

    fn link(&mut self, phase: ScriptPhase) -> Result<(), ScriptError> {
        let entry = self.entry_name(phase)?;
        let source = self.root.source(Path::new(&entry)).map_err(|error| {
            plain_error(
                phase,
                match error {
                    SourceError::Unreadable(message) => format!("TypeError: {message}"),
                    SourceError::TooDeep(message) => format!("SyntaxError: {message}"),
                },
            )
        })?;
        self.exports_on_reload = exports_name(&String::from_utf8_lossy(&source), "onReload");
        // Declaring parses the module and loads (parses) everything it imports; nothing runs.
        self.context.with(|ctx| {
            Module::declare(ctx.clone(), entry.as_str(), source)
                .map(drop)
                .map_err(|error| describe_error(phase, &ctx, error))
        })?;
        self.linked = Some(entry);
        Ok(())
    }

    fn exports_on_reload(&mut self) -> bool {
        self.exports_on_reload
    }

    fn run(&mut self, reloaded: Option<Option<serde_json::Value>>) -> Outcome {
        let deadline = Deadline::after(self.budget);
        let outcome = self.evaluate(deadline);
        if outcome != Outcome::Continue {
            return outcome.while_starting();
        }
        let mut outcome = self.settle(deadline);
        if outcome != Outcome::Continue {
            return outcome.while_starting();
        }
        outcome = match reloaded {
            Some(state) => self.call_on_reload(state, deadline),
            None => match self.start.clone() {
                Some(start) => self
                    .call(ScriptPhase::Start, deadline, |ctx| {
                        call_kept(ctx, start, |_| Ok(Vec::new()))
                    })
                    .err()
                    .unwrap_or(Outcome::Continue),
                None => Outcome::Continue,
            },
        };
        if outcome == Outcome::Continue {
            outcome = self.settle(deadline);
        }
        let heap = self.runtime.memory_usage().malloc_size;
        self.shared.script_heap_bytes.store(
            usize::try_from(heap).unwrap_or(0),
            std::sync::atomic::Ordering::Relaxed,
        );
        outcome.while_starting()
    }

    fn unload(&mut self) -> Option<serde_json::Value> {
        let namespace = self.namespace.clone()?;
        let deadline = Deadline::after(self.budget);
        let data = Rc::clone(&self.data);
        self.call(ScriptPhase::Reload, deadline, move |ctx| {
            let namespace: Object = restore(ctx, namespace)?;
            let function: Value = namespace.get("onUnload")?;
            let Some(function) = function.as_function() else {
                return Ok(None);
            };
            let value: Value = function.call(())?;
            let mut js = Qjs {
                ctx: ctx.clone(),
                data,
            };
            let state = json::to_json(&mut js, &value, "onUnload");
            state.map(Some).map_err(|error| js.thrown(error))
        })
        .ok()
        .flatten()
    }

    fn frame(&mut self, dt: f64, input: InputSnapshot, callbacks: &mut Vec<Callback>) -> Outcome {
        let deadline = Deadline::after(self.budget);
        if let Some(host) = self.data.host.borrow().as_deref() {
            begin_frame(host, dt, input);
        }
        let mut queue = std::mem::take(callbacks).into_iter();
        while let Some(callback) = queue.next() {
            let outcome = match callback {
                Callback::Gone { id } => {
                    if let Some(host) = self.data.host.borrow().as_deref() {
                        host.gone(id);
                    }
                    Outcome::Continue
                }
                Callback::Created { id } | Callback::SceneReady { id } => {
                    let what = match callback {
                        Callback::SceneReady { .. } => Waiting::SceneReady,
                        _ => Waiting::Created,
                    };
                    let waiting = self
                        .data
                        .waiting
                        .try_borrow_mut()
                        .ok()
                        .and_then(|mut waiting| waiting.remove(&(id, what)))
                        .unwrap_or_default();
                    self.call(ScriptPhase::Callback, deadline, move |ctx| {
                        for resolve in waiting {
                            let resolve: Function = restore(ctx, resolve)?;
                            resolve.call::<_, ()>((id,))?;
                        }
                        Ok(())
                    })
                    .err()
                    .unwrap_or(Outcome::Continue)
                }
                Callback::Event(event) => self.dispatch(&event, deadline),
                Callback::VerbReply(answer) => {
                    let data = Rc::clone(&self.data);
                    self.call(ScriptPhase::Callback, deadline, move |ctx| {
                        let mut js = Qjs {
                            ctx: ctx.clone(),
                            data,
                        };
                        crate::api::verbs::settle(&mut js, &answer)
                            .map_err(|error| js.thrown(error))
                    })
                    .err()
                    .unwrap_or(Outcome::Continue)
                }
                Callback::Call(call) => self.call_export(&call, deadline),
            };
            if outcome != Outcome::Continue {
                // The worker settles what this frame did not deliver.
                callbacks.extend(queue);
                return outcome;
            }
        }
        let outcome = self.run_timers(deadline);
        if outcome != Outcome::Continue {
            return outcome;
        }
        if let Some(update) = self.update.clone() {
            let outcome = self
                .call(ScriptPhase::Update, deadline, move |ctx| {
                    call_kept(ctx, update, |ctx| {
                        Ok(vec![Value::new_number(ctx.clone(), dt)])
                    })
                })
                .err()
                .unwrap_or(Outcome::Continue);
            if outcome != Outcome::Continue {
                return outcome;
            }
        }
        self.settle(deadline)
    }
}

impl QuickJsRuntime {
    /// The entry module's name: its canonical path.
    fn entry_name(&self, phase: ScriptPhase) -> Result<String, ScriptError> {
        let shown = self.root.display(&self.entry);
        let path = self
            .root
            .confine(&self.entry, &shown)
            .map_err(|message| plain_error(phase, message))?;
        path.to_str()
            .map(str::to_owned)
            .ok_or_else(|| plain_error(phase, format!("{shown} is not a UTF-8 path")))
    }

    /// Evaluates the linked entry module and keeps its exports.
    fn evaluate(&mut self, deadline: Deadline) -> Outcome {
        // `run` follows a successful `link`; without one there is nothing to evaluate.
        let Some(entry) = self.linked.clone() else {
            return Outcome::Continue;
        };
        let promise = match self.call(ScriptPhase::Load, deadline, |ctx| {
            let promise = Module::import(ctx, entry)?;
            Ok(keep(ctx, promise.as_value()))
        }) {
            Ok(promise) => promise,
            Err(outcome) => return outcome,
        };
        let outcome = self.run_jobs(deadline);
        if outcome != Outcome::Continue {
            return outcome;
        }
        let exports = self.context.with(|ctx| -> Result<Exports, ScriptError> {
            let promise: rquickjs::Promise = restore(&ctx, promise)
                .map_err(|error| describe_error(ScriptPhase::Load, &ctx, error))?;
            match promise.state() {
                rquickjs::promise::PromiseState::Pending => Err(plain_error(
                    ScriptPhase::Load,
                    "Error: the script's top-level await never finished".to_owned(),
                )),
                _ => {
                    let namespace: Object = promise
                        .result::<Object>()
                        .unwrap_or(Err(rquickjs::Error::Unknown))
                        .map_err(|error| describe_error(ScriptPhase::Load, &ctx, error))?;
                    exports(&ctx, &namespace)
                }
            }
        });
        match exports {
            Ok(exports) => {
                self.namespace = Some(exports.namespace);
                self.start = exports.start;
                self.update = exports.update;
                if self.update.is_none() {
                    bevy::log::warn!(
                        target: "js",
                        "{} exports no `update` function: it will not be called",
                        self.entry.display()
                    );
                }
                Outcome::Continue
            }
            Err(error) => {
                // Reported here, so not again as an unhandled rejection.
                self.data.rejections.borrow_mut().clear();
                self.report(error)
            }
        }
    }

    /// Calls the new module's `onReload(state)`, with the state handed in as a JS value.
    fn call_on_reload(&mut self, state: Option<serde_json::Value>, deadline: Deadline) -> Outcome {
        let Some(namespace) = self.namespace.clone() else {
            return Outcome::Continue;
        };
        let data = Rc::clone(&self.data);
        self.call(ScriptPhase::Reload, deadline, move |ctx| {
            let namespace: Object = restore(ctx, namespace)?;
            let function: Value = namespace.get("onReload")?;
            let Some(function) = function.as_function() else {
                return Err(rquickjs::Exception::throw_type(
                    ctx,
                    &format!(
                        "the script's export `onReload` is not a function (it is {})",
                        function.type_name()
                    ),
                ));
            };
            let state = match &state {
                Some(state) => {
                    let mut js = Qjs {
                        ctx: ctx.clone(),
                        data,
                    };
                    let state = json::from_json(&mut js, state);
                    state.map_err(|error| js.thrown(error))?
                }
                None => Value::new_undefined(ctx.clone()),
            };
            function.call::<_, ()>((state,))
        })
        .err()
        .unwrap_or(Outcome::Continue)
    }

    /// Rust's call of an exported function: calls it under the frame's budget and answers with
    /// what it returned, once its promise settles if it returned one.
    fn call_export(&mut self, call: &ScriptCall, deadline: Deadline) -> Outcome {
        let Some(host) = self.data.host.borrow().clone() else {
            return Outcome::Continue;
        };
        host.open_call(call.id);
        let Some(namespace) = self.namespace.clone() else {
            host.answer(call.id, Err(no_export(&call.function)));
            return Outcome::Continue;
        };
        let data = Rc::clone(&self.data);
        let answered = self.call(ScriptPhase::Call, deadline, |ctx| {
            let namespace: Object = restore(ctx, namespace)?;
            let function: Value = namespace.get(call.function.as_str())?;
            let Some(function) = function.as_function() else {
                host.answer(call.id, Err(no_export(&call.function)));
                return Ok(());
            };
            let mut js = Qjs {
                ctx: ctx.clone(),
                data,
            };
            let args = match crate::api::calls::arguments(&mut js, &call.args) {
                Ok(args) => args,
                Err(error) => {
                    host.answer(call.id, Err(crate::api::js::message_of::<Qjs>(error)));
                    return Ok(());
                }
            };
            let value: Value = function.call((rquickjs::function::Rest(args),))?;
            match js.answer_when_settled(&value, call.id) {
                Ok(true) => {}
                Ok(false) => crate::api::calls::answer(&mut js, call.id, &value),
                Err(error) => host.answer(call.id, Err(crate::api::js::message_of::<Qjs>(error))),
            }
            Ok(())
        });
        match answered {
            Ok(()) => Outcome::Continue,
            Err(outcome) => {
                host.answer(call.id, Err(self.shared.last_error_message()));
                outcome
            }
        }
    }

    /// Calls the `on` handlers of `event`, each within the frame's budget. A handler that
    /// throws is reported and the others still run.
    fn dispatch(&mut self, event: &crate::core::events::JsEvent, deadline: Deadline) -> Outcome {
        let handlers = self
            .data
            .handlers
            .try_borrow()
            .ok()
            .map(|handlers| handlers.of(&event.name))
            .unwrap_or_default();
        for handler in handlers {
            let data = Rc::clone(&self.data);
            let payload = &event.payload;
            if let Err(outcome) = self.call(ScriptPhase::Event, deadline, move |ctx| {
                call_kept(ctx, handler, |ctx| {
                    let mut js = Qjs {
                        ctx: ctx.clone(),
                        data,
                    };
                    let payload = json::from_json(&mut js, payload);
                    let payload = payload.map_err(|error| js.thrown(error))?;
                    Ok(vec![payload])
                })
            }) && outcome != Outcome::Continue
            {
                return outcome;
            }
        }
        Outcome::Continue
    }

    /// Runs the timers due in this frame, in order, each followed by its promise jobs.
    fn run_timers(&mut self, deadline: Deadline) -> Outcome {
        let Ok(phase) = self.data.timers.try_borrow().map(|timers| timers.phase()) else {
            return Outcome::Continue;
        };
        loop {
            let due = match self.data.timers.try_borrow_mut() {
                Ok(mut timers) => timers.next_due(phase),
                Err(_) => None,
            };
            let Some((_, callback, args)) = due else {
                return Outcome::Continue;
            };
            if let Err(outcome) = self.call(ScriptPhase::Timer, deadline, move |ctx| {
                call_kept(ctx, callback, |ctx| {
                    args.into_iter().map(|arg| restore(ctx, arg)).collect()
                })
            }) && outcome != Outcome::Continue
            {
                return outcome;
            }
            let outcome = self.settle(deadline);
            if outcome != Outcome::Continue {
                return outcome;
            }
        }
    }

    /// Runs `f` in the context under `deadline`. A thrown exception, a stop or an
    /// out-of-memory error is reported; the `Err` says what the worker does next.
    fn call<R>(
        &mut self,
        phase: ScriptPhase,
        deadline: Deadline,
        f: impl for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<R>,
    ) -> Result<R, Outcome> {
        self.control.deadline.set(Some(deadline));
        let result = self
            .context
            .with(|ctx| f(&ctx).map_err(|error| Failure(describe_error(phase, &ctx, error))));
        self.control.deadline.set(None);
        result.map_err(|Failure(error)| self.report(error))
    }

    /// Runs promise jobs until none are left; a job that throws is reported and the others
    /// still run.
    fn run_jobs(&mut self, deadline: Deadline) -> Outcome {
        self.control.deadline.set(Some(deadline));
        let outcome = loop {
            match self.runtime.execute_pending_job() {
                Ok(true) => {}
                Ok(false) => break Outcome::Continue,
                Err(job) => {
                    let error = job
                        .0
                        .with(|ctx| describe_value(ScriptPhase::PromiseJob, &ctx, ctx.catch()));
                    let outcome = self.report(error);
                    if outcome != Outcome::Continue {
                        break outcome;
                    }
                }
            }
        };
        self.control.deadline.set(None);
        outcome
    }

    /// Runs promise jobs, then reports rejections nobody handled.
    fn settle(&mut self, deadline: Deadline) -> Outcome {
        let outcome = self.run_jobs(deadline);
        if outcome != Outcome::Continue {
            return outcome;
        }
        let rejections = std::mem::take(&mut *self.data.rejections.borrow_mut());
        for (_, reason) in rejections {
            let error = self
                .context
                .with(|ctx| match restore::<Value>(&ctx, reason) {
                    Ok(reason) => describe_value(ScriptPhase::UnhandledRejection, &ctx, reason),
                    Err(error) => describe_error(ScriptPhase::UnhandledRejection, &ctx, error),
                });
            self.report(error);
        }
        Outcome::Continue
    }

    /// Counts and logs an error, turning a stop into its report; says whether the context
    /// survived it.
    fn report(&mut self, mut error: ScriptError) -> Outcome {
        match self.control.stopped.take() {
            Some(Stop::Shutdown) => return Outcome::Shutdown,
            Some(Stop::Deadline) => {
                error.message = budget_message(self.budget);
                self.shared.report(error);
                return Outcome::Restart;
            }
            None => {}
        }
        // The heap is full: only a fresh runtime gives the memory back.
        let out_of_memory = error.message.contains("out of memory");
        self.shared.report(error);
        if out_of_memory {
            Outcome::Restart
        } else {
            Outcome::Continue
        }
    }
}

/// What the entry module exports for the worker.
struct Exports {
    namespace: Kept,
    start: Option<Kept>,
    update: Option<Kept>,
}

fn exports<'js>(ctx: &Ctx<'js>, namespace: &Object<'js>) -> Result<Exports, ScriptError> {
    let export = |name: &str| -> Result<Option<Kept>, ScriptError> {
        let value: Value = namespace
            .get(name)
            .map_err(|error| describe_error(ScriptPhase::Load, ctx, error))?;
        if value.is_undefined() {
            return Ok(None);
        }
        if !value.is_function() {
            return Err(plain_error(
                ScriptPhase::Load,
                format!(
                    "TypeError: the script's export `{name}` is not a function (it is {})",
                    type_of(&value)
                ),
            ));
        }
        Ok(Some(keep(ctx, &value)))
    };
    Ok(Exports {
        start: export("start")?,
        update: export("update")?,
        namespace: keep(ctx, namespace.as_value()),
    })
}

/// JavaScript's `typeof`.
fn type_of(value: &Value<'_>) -> &'static str {
    if value.is_function() {
        "function"
    } else if value.is_object() || value.is_null() {
        "object"
    } else if value.is_string() {
        "string"
    } else if value.is_number() {
        "number"
    } else if value.is_bool() {
        "boolean"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_big_int() {
        "bigint"
    } else {
        "undefined"
    }
}

fn restore<'js, T: FromJs<'js>>(ctx: &Ctx<'js>, kept: Kept) -> rquickjs::Result<T> {
    T::from_js(ctx, kept.restore(ctx)?)
}

/// Calls the kept function with the arguments `args` builds.
fn call_kept<'js>(
    ctx: &Ctx<'js>,
    function: Kept,
    args: impl FnOnce(&Ctx<'js>) -> rquickjs::Result<Vec<Value<'js>>>,
) -> rquickjs::Result<()> {
    let function: Function = restore(ctx, function)?;
    let args = args(ctx)?;
    let mut call = rquickjs::function::Args::new(ctx.clone(), args.len());
    call.push_args(args)?;
    function.call_arg::<()>(call)
}

fn plain_error(phase: ScriptPhase, message: String) -> ScriptError {
    ScriptError {
        phase,
        location: first_script_location(&message),
        message,
        stack: String::new(),
    }
}

/// Describes an `rquickjs` error: the pending exception, or a Rust-side failure.
fn describe_error(phase: ScriptPhase, ctx: &Ctx<'_>, error: rquickjs::Error) -> ScriptError {
    match error {
        rquickjs::Error::Exception => describe_value(phase, ctx, ctx.catch()),
        other => plain_error(phase, format!("Error: {other}")),
    }
}

/// Turns a thrown value into a [`ScriptError`] with message, location and stack.
fn describe_value<'js>(phase: ScriptPhase, ctx: &Ctx<'js>, thrown: Value<'js>) -> ScriptError {
    let Some(error) = thrown.as_exception() else {
        // Not an Error object: a thrown string, number or plain object.
        let shown = Coerced::<String>::from_js(ctx, thrown.clone())
            .map(|text| text.0)
            .unwrap_or_else(|_| type_of(&thrown).to_owned());
        return plain_error(phase, format!("Uncaught {shown}"));
    };
    let name: String = error
        .get::<_, Option<Coerced<String>>>("name")
        .ok()
        .flatten()
        .map_or_else(|| "Error".to_owned(), |name| name.0);
    let text = error.message().unwrap_or_default();
    let stack = error.stack().unwrap_or_default();
    let message = if text.is_empty() {
        name
    } else {
        format!("{name}: {text}")
    };
    let location = first_script_location(&stack).or_else(|| first_script_location(&message));
    ScriptError {
        phase,
        message,
        location,
        stack: truncate_stack(&stack, |frame| frame.trim_end().ends_with("(native)")),
    }
}
