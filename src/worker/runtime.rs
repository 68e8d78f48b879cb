//! One script running in one Boa context: loading, `start`, `update`, callbacks, promise jobs
//! and the error handling around each of them.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use boa_engine::builtins::promise::{OperationType, Promise, PromiseState};
use boa_engine::context::{ContextBuilder, HostHooks};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsError, JsObject, JsResult, JsString, JsValue};

use super::WorkerConfig;
use super::loader::ScriptLoader;
use crate::bridge::{Callback, WorkerShared};
use crate::error::{ScriptError, ScriptPhase, first_script_location};
use crate::js_api::{self, ScriptHost};

/// Remembers promises rejected with no handler, so they can be reported once the job queue is
/// empty (a handler attached later in the same turn un-reports them).
#[derive(Default)]
struct RejectionTracker {
    unhandled: RefCell<Vec<JsObject<Promise>>>,
}

impl HostHooks for RejectionTracker {
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
}

/// A loaded script and the Boa context it runs in. Lives on the worker thread only (`Context`
/// is `!Send`).
pub(crate) struct ScriptRuntime {
    context: Context,
    loader: Rc<ScriptLoader>,
    rejections: Rc<RejectionTracker>,
    entry: PathBuf,
    start: Option<JsObject>,
    update: Option<JsObject>,
    shared: Arc<WorkerShared>,
}

impl ScriptRuntime {
    /// Builds a fresh context with the API installed. Does not run any script code. On failure
    /// the host is handed back so that a later attempt can use it.
    pub fn new(
        config: &WorkerConfig,
        host: ScriptHost,
    ) -> Result<Box<Self>, Box<(ScriptError, ScriptHost)>> {
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
                return Err(Box::new((load_error(message), host)));
            }
        };
        let rejections = Rc::new(RejectionTracker::default());
        let context = ContextBuilder::new()
            .module_loader(Rc::clone(&loader))
            .host_hooks(Rc::clone(&rejections))
            .build()
            .and_then(|mut context| {
                js_api::register(&mut context, config.test_hooks).map(|()| context)
            });
        let mut context = match context {
            Ok(context) => context,
            Err(error) => {
                let message = format!("cannot create the JS context: {error}");
                return Err(Box::new((load_error(message), host)));
            }
        };
        let shared = Arc::clone(&host.shared);
        context.insert_data(host);
        Ok(Box::new(Self {
            context,
            loader,
            rejections,
            entry: entry.to_path_buf(),
            start: None,
            update: None,
            shared,
        }))
    }

    /// Takes the host back out of the context (to hand it to a fresh runtime).
    pub fn into_host(mut self: Box<Self>) -> Option<ScriptHost> {
        self.context.remove_data::<ScriptHost>().map(|host| *host)
    }

    /// Loads and evaluates the entry module, then calls its `start()`. Errors are reported.
    pub fn boot(&mut self) {
        if let Err(error) = self.load() {
            self.report(ScriptPhase::Load, error);
            return;
        }
        self.settle();
        if let Some(start) = self.start.clone()
            && let Err(error) = start.call(&JsValue::undefined(), &[], &mut self.context)
        {
            self.report(ScriptPhase::Start, error);
        }
        self.settle();
    }

    fn load(&mut self) -> JsResult<()> {
        let module = self.loader.load(&self.entry, &mut self.context)?;
        let promise = module.load_link_evaluate(&mut self.context);
        self.context.run_jobs()?;
        match promise.state() {
            PromiseState::Fulfilled(_) => {}
            PromiseState::Rejected(reason) => {
                // Reported here, so not again as an unhandled rejection.
                self.rejections.unhandled.borrow_mut().clear();
                return Err(JsError::from_opaque(reason));
            }
            PromiseState::Pending => {
                return Err(boa_engine::JsNativeError::error()
                    .with_message("the script's top-level await never finished")
                    .into());
            }
        }
        let namespace = module.namespace(&mut self.context);
        self.start = self.export_function(&namespace, "start", false)?;
        self.update = self.export_function(&namespace, "update", true)?;
        Ok(())
    }

    fn export_function(
        &mut self,
        namespace: &JsObject,
        name: &str,
        expected: bool,
    ) -> JsResult<Option<JsObject>> {
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
        match value.as_callable() {
            Some(function) => Ok(Some(function)),
            None => Err(boa_engine::JsNativeError::typ()
                .with_message(format!(
                    "the script's export `{name}` is not a function (it is {})",
                    value.type_of()
                ))
                .into()),
        }
    }

    /// One worker frame: deliver callbacks, call `update(dt)`, run promise jobs.
    pub fn frame(&mut self, dt: f64, callbacks: impl IntoIterator<Item = Callback>) {
        for callback in callbacks {
            let result = match callback {
                Callback::Created { id } => js_api::resolve_created(id, &mut self.context),
            };
            if let Err(error) = result {
                self.report(ScriptPhase::Callback, error);
            }
        }
        if let Some(update) = self.update.clone()
            && let Err(error) = update.call(
                &JsValue::undefined(),
                &[JsValue::from(dt)],
                &mut self.context,
            )
        {
            self.report(ScriptPhase::Update, error);
        }
        self.settle();
    }

    /// Runs promise jobs until none are left, then reports rejections nobody handled.
    fn settle(&mut self) {
        if let Err(error) = self.context.run_jobs() {
            self.report(ScriptPhase::UnhandledRejection, error);
        }
        let unhandled = std::mem::take(&mut *self.rejections.unhandled.borrow_mut());
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
    }

    /// Converts, counts and logs an error.
    fn report(&mut self, phase: ScriptPhase, error: JsError) {
        let error = describe(phase, error, &mut self.context);
        self.shared.report(error);
    }
}

/// Frames of a JS stack kept in a [`ScriptError`]; deep recursion would otherwise log hundreds.
const MAX_STACK_FRAMES: usize = 16;

/// Turns a Boa error into a [`ScriptError`] with message, location and stack.
pub(crate) fn describe(phase: ScriptPhase, error: JsError, context: &mut Context) -> ScriptError {
    // `Display` of a `JsError` is `Name: message (file:line:column)`, then for errors thrown
    // by the VM one `    at function (file:line:column)` line per frame, innermost first.
    let shown = error.to_string();
    let (first_line, mut stack) = match shown.split_once('\n') {
        Some((first, rest)) => (first.to_owned(), rest.to_owned()),
        None => (shown, String::new()),
    };
    let mut message = None;
    if let Ok(value) = error.into_opaque(context)
        && let Some(object) = value.as_object()
        && object.is::<boa_engine::builtins::error::Error>()
    {
        if let Ok(own_stack) = object.get(JsString::from("stack"), context)
            && let Some(own_stack) = own_stack.as_string()
            && !own_stack.is_empty()
        {
            stack = own_stack.to_std_string_escaped();
        }
        if let Ok(text) = value.to_string(context) {
            message = Some(text.to_std_string_escaped());
        }
    }
    // Not an Error object: a thrown string, number, plain object, or an engine limit.
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
    let frames: Vec<&str> = stack.lines().filter(|l| !l.trim().is_empty()).collect();
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
