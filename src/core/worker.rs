//! The long-lived JS worker thread, the same for every engine.
//!
//! The thread owns the script's JS context for its whole life. Each frame it waits for the
//! main thread's trigger, has the engine's [`ScriptRuntime`] deliver callbacks, run timers,
//! call `update(dt)` and run promise jobs, and marks the frame complete. A panic in native
//! code is caught, reported like a script error, and the script is restarted in a fresh
//! context.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::bridge::{Callback, CommandSender, WorkerShared};
use super::error::{ScriptError, ScriptPhase};
use super::host::{HostLimits, ScriptHost};
use super::runtime::{Outcome, ScriptRuntime, WorkerConfig};

/// What the worker thread runs: the frame loop for one engine's runtime
/// ([`run`]`::<SomeRuntime>`), chosen by the engine adapters.
pub(crate) type WorkerBody =
    fn(WorkerConfig, &Arc<WorkerShared>, CommandSender, rtrb::Consumer<Callback>);

/// The main thread's handle on the worker thread. Dropping it stops and joins the thread.
#[derive(Debug)]
pub(crate) struct WorkerHandle {
    shared: Arc<WorkerShared>,
    thread: Option<JoinHandle<()>>,
    exited: Arc<AtomicBool>,
}

impl WorkerHandle {
    /// Starts the worker thread.
    pub fn spawn(
        body: WorkerBody,
        config: WorkerConfig,
        shared: Arc<WorkerShared>,
        commands: CommandSender,
        callbacks: rtrb::Consumer<Callback>,
    ) -> std::io::Result<Self> {
        let exited = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name("js-worker".into())
            .stack_size(config.stack_size)
            .spawn({
                let shared = Arc::clone(&shared);
                let exited = Arc::clone(&exited);
                move || {
                    body(config, &shared, commands, callbacks);
                    exited.store(true, Ordering::Release);
                }
            })?;
        if let Ok(mut slot) = shared.worker_thread.lock() {
            *slot = Some(thread.thread().clone());
        }
        Ok(Self {
            shared,
            thread: Some(thread),
            exited,
        })
    }

    /// Whether the worker thread has been joined.
    pub fn is_stopped(&self) -> bool {
        self.thread.is_none()
    }

    /// Asks the worker to stop and joins it, waiting at most `timeout`. Returns whether it was
    /// joined; a worker that does not stop in time is left detached and logged.
    pub fn stop(&mut self, timeout: Duration) -> bool {
        self.stop_later()
            .is_none_or(|mut stopping| stopping.join_within(timeout))
    }

    /// Asks the worker to stop and hands its thread over, without waiting: the main thread
    /// joins it once it has exited ([`StoppingWorker::try_join`]). This handle is stopped.
    pub fn stop_later(&mut self) -> Option<StoppingWorker> {
        let thread = self.thread.take()?;
        self.shared.request_shutdown();
        Some(StoppingWorker {
            thread: Some(thread),
            exited: Arc::clone(&self.exited),
        })
    }
}

/// A worker thread asked to stop, not joined yet (a runaway script finishes its budget
/// first). Dropping it waits up to 2 s for the thread, then leaves it detached.
#[derive(Debug)]
pub(crate) struct StoppingWorker {
    thread: Option<JoinHandle<()>>,
    exited: Arc<AtomicBool>,
}

impl StoppingWorker {
    /// Joins the thread if it has exited; whether it has.
    pub fn try_join(&mut self) -> bool {
        if !self.exited.load(Ordering::Acquire) {
            return false;
        }
        // The thread has finished its work; joining only reaps it.
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            bevy::log::error!("a JS worker thread panicked while stopping");
        }
        true
    }

    /// Waits at most `timeout` for the thread to exit, and joins it; whether it did. One that
    /// does not exit in time is left detached (and logged).
    pub fn join_within(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while !self.try_join() {
            if Instant::now() >= deadline {
                bevy::log::error!(
                    "the JS worker did not stop within {timeout:?}; leaving it detached"
                );
                self.thread = None;
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        true
    }
}

impl Drop for StoppingWorker {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.join_within(Duration::from_secs(2));
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.stop(Duration::from_secs(2));
    }
}

/// A runtime, or the host kept aside when the script could not even get a context.
enum Slot<R> {
    Running(Box<R>),
    Failed(Rc<ScriptHost>),
    Empty,
}

/// The worker thread's frame loop, for runtime `R`.
pub(crate) fn run<R: ScriptRuntime>(
    config: WorkerConfig,
    shared: &Arc<WorkerShared>,
    commands: CommandSender,
    mut callbacks: rtrb::Consumer<Callback>,
) {
    let host = Rc::new(ScriptHost::new(
        Arc::clone(shared),
        commands,
        HostLimits {
            max_objects: config.max_objects,
            asset_root: config.asset_root.clone(),
        },
    ));
    // The host outlives every context the script gets; calls still owed are answered through it.
    let keeper = Rc::clone(&host);
    let mut slot = boot::<R>(&config, host, shared, true);
    shared.record_first(&shared.booted_after_ns);
    shared.booted.store(true, Ordering::Release);
    shared.complete_frame();

    let mut pending = Vec::new();
    while let Some(dt) = shared.wait_for_frame() {
        let started = Instant::now();
        if shared.restart_requested.swap(false, Ordering::AcqRel) {
            bevy::log::info!(target: "js", "restarting the script on request");
            // Callbacks for the old script's objects mean nothing to the new one.
            while let Ok(callback) = callbacks.pop() {
                keeper.drop_callback(callback, RESTARTED);
            }
            // Like the first boot, the restart (module and `start()`) is a frame of its own:
            // `update` first runs once the main thread has applied what `start()` did.
            slot = restart(&config, std::mem::replace(&mut slot, Slot::Empty), shared);
        } else if shared.reload_requested.swap(false, Ordering::AcqRel) {
            // Like a restart, a reload is a frame of its own.
            slot = reload(&config, std::mem::replace(&mut slot, Slot::Empty), shared);
        } else if let Slot::Running(runtime) = &mut slot {
            while let Ok(callback) = callbacks.pop() {
                pending.push(callback);
            }
            shared.record_first(&shared.first_update_after_ns);
            let input = shared.input.lock().map(|input| *input).unwrap_or_default();
            let outcome = catch_unwind(AssertUnwindSafe(|| runtime.frame(dt, input, &mut pending)));
            slot = match outcome {
                // An abandoned frame is not a frame: leave without counting it.
                Ok(Outcome::Shutdown) => break,
                Ok(Outcome::Continue) => slot,
                Ok(Outcome::Restart) => restart(&config, slot, shared),
                Ok(Outcome::Stop) => stop(slot),
                Err(payload) => {
                    report_panic(shared, payload.as_ref());
                    restart(&config, slot, shared)
                }
            };
        } else {
            // No script runs (it stopped or could not start): what the main thread sends is
            // for nobody, and must not pile up.
            while let Ok(callback) = callbacks.pop() {
                keeper.drop_callback(callback, NOT_RUNNING);
            }
        }
        // What a frame that ended early (a runaway, a panic) left undelivered.
        for callback in pending.drain(..) {
            keeper.drop_callback(callback, RESTARTED);
        }
        shared.flush_error_log();
        shared
            .last_worker_frame_ns
            .store(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        shared.worker_frames.fetch_add(1, Ordering::Relaxed);
        shared.complete_frame();
    }
}

/// Why a call from Rust got no value: the script restarted (a runaway, a panic, a request).
const RESTARTED: &str = "the script restarted before it answered";
/// Why a call from Rust got no value: no script runs on the worker.
const NOT_RUNNING: &str =
    "the script is not running (it stopped after an error; see its last error)";

/// Builds a runtime for `host` and boots the script in it. A panic while booting is reported;
/// with `restart_on_panic` the script is restarted once, without it the script stays down (so
/// a script that panics on every boot is not restarted in a loop).
fn boot<R: ScriptRuntime>(
    config: &WorkerConfig,
    host: Rc<ScriptHost>,
    shared: &Arc<WorkerShared>,
    restart_on_panic: bool,
) -> Slot<R> {
    let runtime = match R::new(config, host) {
        Ok(runtime) => Box::new(runtime),
        Err((error, host)) => {
            shared.report(error);
            return Slot::Failed(host);
        }
    };
    run_started(config, runtime, shared, restart_on_panic, |runtime| {
        runtime.boot(shared)
    })
}

/// Runs `start` (a boot or the second half of a reload) on a runtime that owns the host, and
/// turns its outcome into a slot. Publishes the script's module files for hot reload.
fn run_started<R: ScriptRuntime>(
    config: &WorkerConfig,
    mut runtime: Box<R>,
    shared: &Arc<WorkerShared>,
    restart_on_panic: bool,
    start: impl FnOnce(&mut R) -> Outcome,
) -> Slot<R> {
    let outcome = catch_unwind(AssertUnwindSafe(|| start(&mut runtime)));
    shared.publish_module_files(runtime.module_files());
    match outcome {
        Ok(Outcome::Continue) => Slot::Running(runtime),
        Ok(Outcome::Restart | Outcome::Stop | Outcome::Shutdown) => stop(Slot::Running(runtime)),
        Err(payload) => {
            report_panic(shared, payload.as_ref());
            if restart_on_panic {
                restart(config, Slot::Running(runtime), shared)
            } else {
                Slot::Empty
            }
        }
    }
}

/// Reloads the script from its changed source. The new source is parsed and linked in a
/// fresh context first: if that fails (a syntax error, a missing import) the error is reported
/// and the old script keeps running. Otherwise the old script's `onUnload()` runs, and:
/// - if the new module exports `onReload`, the old script's objects are kept (their ids stay
///   valid) and `onReload(state)` runs instead of `start()`, with what `onUnload` returned;
/// - if not, the old objects are destroyed and `start()` runs, as after a restart.
fn reload<R: ScriptRuntime>(
    config: &WorkerConfig,
    slot: Slot<R>,
    shared: &Arc<WorkerShared>,
) -> Slot<R> {
    let started = Instant::now();
    let prepared = catch_unwind(AssertUnwindSafe(|| {
        let mut fresh = Box::new(R::prepare(config, Arc::clone(shared))?);
        let linked = fresh.link(ScriptPhase::Reload);
        shared.publish_module_files(fresh.module_files());
        match linked {
            Ok(()) => Ok(fresh),
            Err(mut error) => {
                error
                    .message
                    .push_str(" (reload failed; the previous version of the script keeps running)");
                Err(error)
            }
        }
    }));
    let mut fresh = match prepared {
        Ok(Ok(fresh)) => fresh,
        Ok(Err(error)) => {
            shared.report(error);
            return slot;
        }
        Err(payload) => {
            report_panic(shared, payload.as_ref());
            return slot;
        }
    };
    let keep = fresh.exports_on_reload();
    let (host, state) = match slot {
        Slot::Running(mut old) => {
            let state = catch_unwind(AssertUnwindSafe(|| old.unload())).unwrap_or(None);
            (old.into_host(), state)
        }
        Slot::Failed(host) => (Some(host), None),
        Slot::Empty => (None, None),
    };
    let Some(host) = host else {
        return Slot::Empty;
    };
    // Event handlers and waiting promises belong to the old context and go with it.
    host.abandon_calls("the script was reloaded before it answered");
    if !keep {
        host.destroy_all();
    }
    fresh.attach(host);
    let slot = run_started(config, fresh, shared, false, |runtime| {
        runtime.run(keep.then_some(state))
    });
    shared.reloads.fetch_add(1, Ordering::Relaxed);
    shared
        .last_reload_ns
        .store(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    bevy::log::info!(
        target: "js",
        "reloaded {} in {:.1} ms ({})",
        config.entry.display(),
        started.elapsed().as_secs_f64() * 1000.0,
        if keep { "objects kept, onReload called" } else { "objects destroyed, start called" }
    );
    slot
}

/// Replaces a broken runtime with a fresh one running the same script. Objects the old script
/// created are destroyed, since the new script's `start()` makes its own.
fn restart<R: ScriptRuntime>(
    config: &WorkerConfig,
    slot: Slot<R>,
    shared: &Arc<WorkerShared>,
) -> Slot<R> {
    shared.worker_restarts.fetch_add(1, Ordering::Relaxed);
    let host = match slot {
        Slot::Running(runtime) => runtime.into_host(),
        Slot::Failed(host) => Some(host),
        Slot::Empty => None,
    };
    let Some(host) = host else {
        return Slot::Empty;
    };
    host.abandon_calls(RESTARTED);
    host.destroy_all();
    boot(config, host, shared, false)
}

/// Keeps the host but drops a context that must not run again; the script stays stopped until
/// a restart is requested.
fn stop<R: ScriptRuntime>(slot: Slot<R>) -> Slot<R> {
    match slot {
        Slot::Running(runtime) => match runtime.into_host() {
            Some(host) => {
                host.abandon_calls(NOT_RUNNING);
                Slot::Failed(host)
            }
            None => Slot::Empty,
        },
        other => other,
    }
}

fn report_panic(shared: &WorkerShared, payload: &(dyn std::any::Any + Send)) {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    let error = ScriptError {
        phase: ScriptPhase::WorkerPanic,
        message: format!("native code panicked on the JS worker: {detail}; restarting the script"),
        location: None,
        stack: String::new(),
    };
    shared.report(error);
}
