//! The seam the worker drives: [`ScriptRuntime`], one script in one JS context of some
//! engine, and what every engine shares around it (the frame's deadline, outcomes, reports),
//! and [`JsEngine`], which names the engines (their adapters live in `engine/`).

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;

use super::bridge::{Callback, WorkerShared};
use super::error::ScriptError;
use super::host::ScriptHost;
use super::input::InputSnapshot;

/// What the worker thread needs to start a script.
#[derive(Debug, Clone)]
pub(crate) struct WorkerConfig {
    /// The entry script; its folder is the module root.
    pub entry: PathBuf,
    pub stack_size: usize,
    pub max_objects: usize,
    /// The most heap a QuickJS script may use, in bytes.
    #[cfg_attr(not(feature = "quickjs"), allow(dead_code))]
    pub memory_limit: usize,
    /// Installs test-only globals (`__panicInNativeCode`).
    pub test_hooks: bool,
    /// Worker CPU time one boot or frame (callbacks, `update`, promise jobs) may use.
    pub frame_budget: Duration,
    /// The asset folder: `scene.spawn` paths are relative to it and cannot leave it.
    pub asset_root: PathBuf,
}

/// What the worker should do after a boot or a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Carry on.
    Continue,
    /// The context is unusable (a runaway was abandoned mid-call, the heap is full): restart
    /// the script in a fresh one.
    Restart,
    /// Do not run this script again until a restart is requested (it ran away while
    /// starting, so restarting it would only run away again).
    Stop,
    /// The app is shutting down; the frame was abandoned and does not count.
    Shutdown,
}

impl Outcome {
    /// A runaway while starting would only run away again after a restart: stop instead.
    pub fn while_starting(self) -> Self {
        match self {
            Self::Restart => Self::Stop,
            other => other,
        }
    }
}

/// One script in one JS context of some engine, driven by the worker thread. Lives on the
/// worker thread only.
pub(crate) trait ScriptRuntime: Sized {
    /// Builds a fresh context with the API installed but no host yet (see
    /// [`attach`](Self::attach)): enough to parse and link a script while another runtime
    /// still owns the host. Runs no script code.
    fn prepare(config: &WorkerConfig, shared: Arc<WorkerShared>) -> Result<Self, ScriptError>;

    /// Puts the host (the API's worker-side state) into this runtime's context.
    fn attach(&mut self, host: Rc<ScriptHost>);

    /// Takes the host back out (to hand it to a fresh runtime); drops the context.
    fn into_host(self) -> Option<Rc<ScriptHost>>;

    /// Every module file this runtime tried to load, the entry first.
    fn module_files(&self) -> Vec<PathBuf>;

    /// Parses the entry module and everything it imports, and links them. Runs no script
    /// code, so a failure here leaves nothing behind. The error is described for `phase`.
    fn link(&mut self, phase: crate::core::error::ScriptPhase) -> Result<(), ScriptError>;

    /// Whether the linked module exports `onReload` (and so keeps the old script's objects).
    fn exports_on_reload(&mut self) -> bool;

    /// Evaluates the linked module, then calls `start()`, or with `reloaded` its
    /// `onReload(state)` instead. Errors are reported.
    fn run(&mut self, reloaded: Option<Option<serde_json::Value>>) -> Outcome;

    /// Before a reload: calls the old script's `onUnload()` and returns what it returned, as
    /// JSON. Errors are reported, and give no state.
    fn unload(&mut self) -> Option<serde_json::Value>;

    /// One worker frame: deliver callbacks, run due timers, call `update(dt)`, run promise
    /// jobs, all within the frame's time budget.
    fn frame(&mut self, dt: f64, input: InputSnapshot, callbacks: &mut Vec<Callback>) -> Outcome;

    /// Builds a fresh context with `host` in it. On failure the host is handed back so that
    /// a later attempt can use it.
    fn new(
        config: &WorkerConfig,
        host: Rc<ScriptHost>,
    ) -> Result<Self, (ScriptError, Rc<ScriptHost>)> {
        match Self::prepare(config, Arc::clone(&host.shared)) {
            Ok(mut runtime) => {
                runtime.attach(host);
                Ok(runtime)
            }
            Err(error) => Err((error, host)),
        }
    }

    /// Loads, links and evaluates the entry module, then calls its `start()`. Errors are
    /// reported.
    fn boot(&mut self, shared: &WorkerShared) -> Outcome {
        match self.link(crate::core::error::ScriptPhase::Load) {
            Ok(()) => self.run(None),
            Err(error) => {
                shared.report(error);
                Outcome::Continue
            }
        }
    }
}

/// Sets the frame's input, number and `dt` in the host, before the frame's JS runs.
pub(crate) fn begin_frame(host: &ScriptHost, dt: f64, input: InputSnapshot) {
    host.begin_frame();
    host.frame_input.set(input);
    host.frame_number.set(host.frame_number.get() + 1);
    host.frame_delta.set(dt);
}

/// The end of a time budget, in the worker thread's CPU time: a worker the OS did not
/// schedule, or one parked waiting for room in the command ring, is not using its budget.
/// Falls back to wall time where the OS cannot measure thread CPU time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    cpu: Option<Duration>,
    wall: Instant,
}

impl Deadline {
    pub fn after(budget: Duration) -> Self {
        Self {
            cpu: ThreadTime::try_now()
                .ok()
                .map(|now| now.as_duration() + budget),
            wall: Instant::now() + budget,
        }
    }

    pub fn passed(&self) -> bool {
        match (self.cpu, ThreadTime::try_now()) {
            (Some(cpu), Ok(now)) => now.as_duration() >= cpu,
            _ => Instant::now() >= self.wall,
        }
    }
}

/// The message of a script stopped at its time budget.
pub(crate) fn budget_message(budget: Duration) -> String {
    format!(
        "script exceeded its time budget of {} ms and was stopped",
        budget.as_millis()
    )
}

/// Frames of a JS stack kept in a [`ScriptError`]; deep recursion would otherwise log hundreds.
const MAX_STACK_FRAMES: usize = 16;

/// Keeps the first [`MAX_STACK_FRAMES`] frames of a stack (`    at f (file:line:col)` lines),
/// dropping blank lines and frames of the worker's own wrapper scripts.
pub(crate) fn truncate_stack(stack: &str, is_internal: impl Fn(&str) -> bool) -> String {
    let frames: Vec<&str> = stack
        .lines()
        .filter(|l| !l.trim().is_empty() && !is_internal(l))
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

/// Which JavaScript engine runs the script.
///
/// | | Boa | QuickJS |
/// |---|---|---|
/// | written in | Rust | C (QuickJS-ng, built by the system C compiler) |
/// | speed on real JS | 1× | 4–700× (5–8× on most workloads) |
/// | a runaway loop is stopped | in `start`/`update`/timers/promise reactions by the time budget; in builtin callbacks, `await` continuations and module top level by an iteration limit | anywhere, by the time budget |
/// | heap limit | none | [`with_memory_limit`](crate::JsScriptingPlugin::with_memory_limit) |
/// | deep data | a stack guard on the builtins that recurse on data | QuickJS's stack limit |
///
/// The README's engine table has the measured figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum JsEngine {
    /// [Boa](https://boajs.dev), a JavaScript engine in Rust. The default.
    #[default]
    Boa,
    /// [QuickJS-ng](https://quickjs-ng.github.io/quickjs/) through `rquickjs` (cargo feature
    /// `quickjs`, on by default): much faster, interruptible anywhere, memory-capped.
    #[cfg(feature = "quickjs")]
    QuickJs,
}

impl JsEngine {
    /// Every engine this build has.
    pub const ALL: &[JsEngine] = &[
        JsEngine::Boa,
        #[cfg(feature = "quickjs")]
        JsEngine::QuickJs,
    ];

    /// The engine's name: `"boa"` or `"quickjs"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Boa => "boa",
            #[cfg(feature = "quickjs")]
            Self::QuickJs => "quickjs",
        }
    }

    /// The engine named `name` (`"boa"`, `"quickjs"`), if this build has it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|engine| engine.name() == name)
    }
}

impl std::fmt::Display for JsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
