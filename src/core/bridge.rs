//! What crosses between the JS worker and Bevy's main thread.
//!
//! - [`Command`]s flow worker → main through an `rtrb` SPSC ring ([`CommandSender`] /
//!   `rtrb::Consumer`).
//! - [`Callback`]s flow main → worker through a second ring.
//! - [`WorkerShared`] holds the frame handshake (atomics and `Thread::unpark`, so the main thread
//!   never blocks) and the counters the worker reports.
//!
//! Commands and callbacks are small enums of plain values, so pushing one never allocates;
//! only events (`emit`, [`JsEvent`]) box their name and JSON payload.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::Thread;
use std::time::{Duration, Instant};

use bevy::math::Vec3;

use crate::core::audio::{SoundPlay, SoundState, SoundUpdate};
use crate::core::calls::CallId;
use crate::core::error::ScriptError;
use crate::core::error_log::{ErrorLogLimiter, LogLine, log_in_full, log_summary};
use crate::core::events::{JsEvent, ScriptEvent};
use crate::core::input::InputSnapshot;
use crate::core::reflect::{Patch, TypeIndex};
use crate::core::state::{CameraState, EntityState, LightState, Rgba8, ScriptId, YawPitchRoll};
use crate::core::state_buffer::StateReader;
use crate::core::ui::{UiLayout, UiProps, UiSpawn};
use crate::core::verbs::{VerbIndex, VerbReply, VerbTable, VerbValue};
use crate::core::world::WorldView;

/// A partial update of a script entity; `None` fields are left as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct EntityUpdate {
    pub position: Option<Vec3>,
    pub rotation: Option<YawPitchRoll>,
    pub scale: Option<Vec3>,
    pub color: Option<Rgba8>,
    pub visible: Option<bool>,
    /// Lands exactly this frame, without interpolation (`teleport: true`).
    pub teleport: bool,
}

/// A partial update of a script camera.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct CameraUpdate {
    pub position: Option<Vec3>,
    pub look_at: Option<Vec3>,
    pub fov: Option<f32>,
    /// Lands exactly this frame, without interpolation (`teleport: true`).
    pub teleport: bool,
}

/// A partial update of a script light.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LightUpdate {
    pub position: Option<Vec3>,
    pub direction: Option<Vec3>,
    pub color: Option<Rgba8>,
    pub intensity: Option<f32>,
    pub shadows: Option<bool>,
}

/// One entity's new transform, from `entity.setTransforms`. Batches cross in their own ring of
/// these small records (28 bytes, against 64 for a [`Command`]), announced by one
/// [`Command::SetTransforms`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct TransformRecord {
    pub id: ScriptId,
    pub position: Vec3,
    pub rotation: YawPitchRoll,
}

/// One thing a script asked for, in the order it asked. Every value in a command has been
/// validated on the worker (finite, in range), so the main thread applies it as is.
#[derive(Debug)]
pub(crate) enum Command {
    SpawnEntity {
        id: ScriptId,
        state: EntityState,
    },
    UpdateEntity {
        id: ScriptId,
        update: EntityUpdate,
    },
    SpawnCamera {
        id: ScriptId,
        state: CameraState,
    },
    UpdateCamera {
        id: ScriptId,
        update: CameraUpdate,
    },
    SetActiveCamera {
        id: ScriptId,
    },
    SpawnLight {
        id: ScriptId,
        state: LightState,
    },
    UpdateLight {
        id: ScriptId,
        update: LightUpdate,
    },
    /// The next `count` records of the transform ring are new transforms of live entities
    /// (their rotation too if `rotations`). The worker pushes the records before this command,
    /// so they are there when the main thread reads it.
    SetTransforms {
        count: u32,
        rotations: bool,
        /// The batch lands exactly this frame, without interpolation.
        teleport: bool,
    },
    /// Despawns any kind of script object.
    Destroy {
        id: ScriptId,
    },
    /// Asks for a [`Callback::Created`] once `id` exists in the ECS (`whenCreated`).
    NotifyCreated {
        id: ScriptId,
    },
    /// `emit(name, payload)`: written as a [`ScriptEvent`] message. Boxed so the rare event
    /// does not widen every ring slot.
    Emit(Box<ScriptEvent>),
    /// `world.set`: patches exposed component `component` of `id`.
    PatchComponent {
        id: ScriptId,
        component: TypeIndex,
        patch: Box<Patch>,
    },
    /// `world.insert`: adds or replaces a whole component.
    InsertComponent {
        id: ScriptId,
        component: TypeIndex,
        value: Box<ReflectBox>,
    },
    /// `world.remove`.
    RemoveComponent {
        id: ScriptId,
        component: TypeIndex,
    },
    /// `world.spawn`: a new visible entity with these components.
    SpawnVisible {
        id: ScriptId,
        components: Vec<(TypeIndex, ReflectBox)>,
    },
    /// `world.setResource`.
    PatchResource {
        resource: TypeIndex,
        patch: Box<Patch>,
    },
    /// `scene.spawn`: a glTF scene under a new visible root entity.
    SpawnScene {
        id: ScriptId,
        scene: Box<SceneSpawn>,
    },
    /// `scene.whenReady`: asks for a [`Callback::SceneReady`] once the scene's entities exist.
    NotifySceneReady {
        id: ScriptId,
    },
    /// `game.name(args)` of a system verb: run it, in order with the commands before it, and
    /// answer with a [`Callback::VerbReply`].
    CallSystem(Box<SystemCall>),
    /// A script's answer to a [`CallScript`](crate::core::calls::CallScript).
    CallAnswer(Box<CallAnswer>),
    /// `ui.create`.
    SpawnUi(Box<(ScriptId, UiSpawn)>),
    /// `ui.update` (and `ui.onClick`, which makes a node interactive).
    UpdateUi(Box<(ScriptId, UiProps)>),
    /// `audio.play`.
    #[cfg_attr(
        not(feature = "audio"),
        allow(
            dead_code,
            reason = "without the feature the worker refuses audio calls"
        )
    )]
    PlaySound(Box<(ScriptId, SoundPlay)>),
    /// `audio.update`.
    #[cfg_attr(
        not(feature = "audio"),
        allow(
            dead_code,
            reason = "without the feature the worker refuses audio calls"
        )
    )]
    UpdateSound {
        id: ScriptId,
        update: SoundUpdate,
    },
    /// `ui.setParent`: `None` makes the node a root.
    SetUiParent {
        id: ScriptId,
        parent: Option<ScriptId>,
    },
    /// `entity.setParent`.
    SetParent {
        child: ScriptId,
        parent: Option<ScriptId>,
    },
}

/// A system verb's call, with its argument checked on the worker.
#[derive(Debug)]
pub(crate) struct SystemCall {
    /// The worker's number for the call, which its promise waits on.
    pub call: u32,
    pub verb: VerbIndex,
    pub input: VerbValue,
}

/// What a script's exported function gave a call from Rust.
#[derive(Debug)]
pub(crate) struct CallAnswer {
    pub id: CallId,
    pub result: Result<serde_json::Value, String>,
}

/// A system verb's answer, for the promise of call `call`.
#[derive(Debug)]
pub(crate) struct VerbAnswer {
    pub call: u32,
    pub verb: VerbIndex,
    pub reply: VerbReply,
}

/// Rust's call of the exported function `function`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScriptCall {
    pub id: CallId,
    pub function: String,
    pub args: serde_json::Value,
}

/// A complete reflected value a script made, checked on the worker.
pub(crate) struct ReflectBox(pub Box<dyn bevy::reflect::PartialReflect>);

impl std::fmt::Debug for ReflectBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.debug(f)
    }
}

/// What `scene.spawn` asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SceneSpawn {
    /// The asset path with its label (`models/ship.glb#Scene0`).
    pub path: String,
    /// Where the scene's root goes.
    pub state: EntityState,
}

/// What a promise from `whenCreated` or `scene.whenReady` waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Waiting {
    /// [`Callback::Created`].
    Created,
    /// [`Callback::SceneReady`].
    SceneReady,
}

/// Something the main thread tells the worker.
#[derive(Debug)]
pub(crate) enum Callback {
    /// The Bevy entity for `id` exists.
    Created { id: ScriptId },
    /// The entities of scene `id` exist and are visible.
    SceneReady { id: ScriptId },
    /// An object the script created is gone: Rust despawned it.
    Gone { id: ScriptId },
    /// A [`JsEvent`] for the script's `on` handlers.
    Event(Box<JsEvent>),
    /// A system verb answered: settle the script's promise.
    VerbReply(Box<VerbAnswer>),
    /// Rust calls an exported function of the script.
    Call(Box<ScriptCall>),
}

/// The frame handshake and the counters the worker publishes.
///
/// The handshake is three flags. The main thread triggers a frame with `frame_requested` and
/// `Thread::unpark`; the worker runs it and sets `frame_complete` with `Release`, after pushing
/// all of that frame's commands, so a main thread that reads it with `Acquire` and then drains
/// the ring sees the whole frame.
#[derive(Debug)]
pub(crate) struct WorkerShared {
    pub shutdown: AtomicBool,
    pub frame_requested: AtomicBool,
    pub frame_complete: AtomicBool,
    /// Asks the worker to restart the script in a fresh context before its next frame.
    pub restart_requested: AtomicBool,
    /// Whether the game interpolates script motion (`JsScriptingSettings::interpolation`), as
    /// of the last trigger: `entity.update` reads `teleport` only then, since with
    /// interpolation off every move lands at once and the read (an absent property, probed up
    /// the prototype chain) is a tenth of the call's cost.
    pub interpolation: AtomicBool,
    /// Asks the worker to reload the script from its (changed) source before its next frame.
    pub reload_requested: AtomicBool,
    /// Reloads done, and how long the last one took on the worker, in nanoseconds.
    pub reloads: AtomicU64,
    pub last_reload_ns: AtomicU64,
    /// The module files the script loaded (entry first), for the main thread to watch, and
    /// a generation that changes with them. Only the worker writes it, after a (re)load.
    pub module_files: Mutex<Vec<std::path::PathBuf>>,
    pub module_files_generation: AtomicU64,
    /// Set once the worker has loaded the script and run `start` (or failed to).
    pub booted: AtomicBool,
    /// `dt` of the requested frame, as `f64` bits.
    pub frame_dt: AtomicU64,
    pub worker_thread: Mutex<Option<Thread>>,
    /// When the plugin started the worker; the origin of the two times below.
    pub created: Instant,
    /// Nanoseconds from `created` to the script's `start()` having returned (0: not yet).
    pub booted_after_ns: AtomicU64,
    /// Nanoseconds from `created` to the first `update` call beginning (0: not yet).
    pub first_update_after_ns: AtomicU64,

    pub worker_frames: AtomicU64,
    pub last_worker_frame_ns: AtomicU64,
    pub js_errors: AtomicU64,
    pub worker_restarts: AtomicU64,
    /// Times the worker found the command ring full and had to wait for the main thread.
    pub ring_full_waits: AtomicU64,
    /// Heap bytes of the worker's id registry (from its capacity).
    pub registry_bytes: AtomicUsize,
    /// The script's JS heap after it last started, in bytes, where the engine can tell
    /// (QuickJS); 0 when unknown.
    pub script_heap_bytes: AtomicUsize,

    pub last_error: Mutex<Option<ScriptError>>,
    /// The input the next worker frame sees. Written by the main thread only while the worker
    /// is parked between frames, read by the worker at the start of a frame: never contended.
    pub input: Mutex<InputSnapshot>,
    /// Only the worker thread logs, so this lock is never contended.
    error_log: Mutex<ErrorLogLimiter>,

    pub entities: StateReader<ScriptId, EntityState>,
    pub cameras: StateReader<ScriptId, CameraState>,
    /// Where the script's UI nodes are on screen, as of the last swap.
    pub ui: StateReader<ScriptId, UiLayout>,
    /// Which of the script's sounds are heard, as of the last swap.
    pub sounds: StateReader<ScriptId, SoundState>,
    /// The game's visible entities, exposed components and resources.
    pub world: WorldView,
    /// The app's verbs (`game.*`).
    pub verbs: Arc<VerbTable>,
    /// Verb calls made (both kinds), rejected or thrown by the Rust side, and system verb
    /// calls whose answer has not reached the script yet.
    pub verb_calls: AtomicU64,
    pub verb_rejections: AtomicU64,
    pub verbs_pending: AtomicU64,
    /// Calls from Rust answered (with a value or an error).
    pub script_calls_answered: AtomicU64,
    /// What the script logged with `console.*` (the last lines), for the console. The worker
    /// appends; the main thread only reads, with `try_lock`.
    pub console: Mutex<crate::core::console::ConsoleLog>,
    /// The maps of the TypeScript files the script loaded: reported errors are moved to their
    /// TypeScript positions.
    pub source_maps: Arc<Mutex<crate::core::source_map::SourceMaps>>,
    /// The next script id, shared by every worker and the main thread: the worker takes ids
    /// for what its script creates, the main thread for the visible entities Rust spawns, so
    /// every id is unique across workers.
    next_id: Arc<AtomicU32>,
}

/// The one id space of an app's scripts: hand a clone to every [`WorkerShared`].
pub(crate) fn id_space() -> Arc<AtomicU32> {
    Arc::new(AtomicU32::new(1))
}

impl WorkerShared {
    pub fn new(
        entities: StateReader<ScriptId, EntityState>,
        cameras: StateReader<ScriptId, CameraState>,
        ui: StateReader<ScriptId, UiLayout>,
        sounds: StateReader<ScriptId, SoundState>,
        world: WorldView,
        verbs: Arc<VerbTable>,
        ids: Arc<AtomicU32>,
    ) -> Self {
        Self {
            shutdown: AtomicBool::new(false),
            frame_requested: AtomicBool::new(false),
            frame_complete: AtomicBool::new(false),
            restart_requested: AtomicBool::new(false),
            interpolation: AtomicBool::new(false),
            reload_requested: AtomicBool::new(false),
            reloads: AtomicU64::new(0),
            last_reload_ns: AtomicU64::new(0),
            module_files: Mutex::default(),
            module_files_generation: AtomicU64::new(0),
            booted: AtomicBool::new(false),
            frame_dt: AtomicU64::new(0),
            worker_thread: Mutex::new(None),
            created: Instant::now(),
            booted_after_ns: AtomicU64::new(0),
            first_update_after_ns: AtomicU64::new(0),
            worker_frames: AtomicU64::new(0),
            last_worker_frame_ns: AtomicU64::new(0),
            js_errors: AtomicU64::new(0),
            worker_restarts: AtomicU64::new(0),
            ring_full_waits: AtomicU64::new(0),
            registry_bytes: AtomicUsize::new(0),
            script_heap_bytes: AtomicUsize::new(0),
            last_error: Mutex::new(None),
            input: Mutex::default(),
            error_log: Mutex::new(ErrorLogLimiter::new(Instant::now())),
            entities,
            cameras,
            ui,
            sounds,
            world,
            verbs,
            verb_calls: AtomicU64::new(0),
            verb_rejections: AtomicU64::new(0),
            verbs_pending: AtomicU64::new(0),
            script_calls_answered: AtomicU64::new(0),
            console: Mutex::default(),
            source_maps: Arc::default(),
            next_id: ids,
        }
    }

    /// A new script id, never handed out before; `None` once all are used.
    pub fn allocate_id(&self) -> Option<ScriptId> {
        self.next_id
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |id| id.checked_add(1))
            .ok()
    }

    /// Whether `id` was ever handed out.
    pub fn was_allocated(&self, id: ScriptId) -> bool {
        id > 0 && id < self.next_id.load(Ordering::Relaxed)
    }

    /// Records the first time `at` happens: nanoseconds since `created`, at least 1.
    pub fn record_first(&self, at: &AtomicU64) {
        if at.load(Ordering::Relaxed) == 0 {
            let ns = self
                .created
                .elapsed()
                .as_nanos()
                .clamp(1, u128::from(u64::MAX)) as u64;
            at.store(ns, Ordering::Relaxed);
        }
    }

    pub fn is_shutting_down(&self) -> bool {
        self.shutdown.load(Ordering::Acquire)
    }

    /// Wakes the worker if it is parked. Never blocks for longer than an uncontended lock.
    pub fn wake_worker(&self) {
        if let Ok(guard) = self.worker_thread.try_lock()
            && let Some(thread) = guard.as_ref()
        {
            thread.unpark();
        }
    }

    /// Main thread: start the next worker frame. Only call after seeing `frame_complete`.
    pub fn request_frame(&self, dt: f64) {
        self.frame_dt.store(dt.to_bits(), Ordering::Relaxed);
        self.frame_complete.store(false, Ordering::Relaxed);
        self.frame_requested.store(true, Ordering::Release);
        self.wake_worker();
    }

    /// Main thread: ask the worker to stop after its current frame.
    pub fn request_shutdown(&self) {
        self.shutdown.store(true, Ordering::Release);
        self.wake_worker();
    }

    /// Worker: park until a frame is requested. Returns its `dt`, or `None` on shutdown.
    pub fn wait_for_frame(&self) -> Option<f64> {
        loop {
            if self.is_shutting_down() {
                return None;
            }
            if self.frame_requested.swap(false, Ordering::Acquire) {
                return Some(f64::from_bits(self.frame_dt.load(Ordering::Relaxed)));
            }
            // A timeout as well as unpark: a wake-up that raced with `park` is never lost
            // for longer than this.
            std::thread::park_timeout(Duration::from_millis(50));
        }
    }

    /// Worker: publish the module files of the script just (re)loaded.
    pub fn publish_module_files(&self, files: Vec<std::path::PathBuf>) {
        if let Ok(mut current) = self.module_files.lock() {
            *current = files;
            self.module_files_generation.fetch_add(1, Ordering::Release);
        }
    }

    /// Worker: publish that the frame's commands are all pushed.
    pub fn complete_frame(&self) {
        self.frame_complete.store(true, Ordering::Release);
    }

    /// Worker: count, remember and log (rate-limited) a script error.
    pub fn report(&self, mut error: ScriptError) {
        if let Ok(maps) = self.source_maps.lock() {
            maps.map_error(&mut error);
        }
        let line = match self.error_log.lock() {
            Ok(mut limiter) => limiter.on_error(Instant::now()),
            Err(_) => LogLine::Full,
        };
        match line {
            LogLine::Full => log_in_full(&error),
            LogLine::Summary { count } => log_summary(count, Some(&error)),
            LogLine::Nothing => {}
        }
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(error);
        }
        // Counted once the error is stored: the main thread, seeing the count go up, then
        // finds this error (not the previous one, or none).
        self.js_errors.fetch_add(1, Ordering::Release);
    }

    /// The message of the last error reported (what a call from Rust that failed answers).
    pub fn last_error_message(&self) -> String {
        self.last_error
            .lock()
            .ok()
            .and_then(|last| last.as_ref().map(|error| error.message.clone()))
            .unwrap_or_else(|| "the call failed".to_owned())
    }

    /// Worker: log a due summary of rate-limited errors.
    pub fn flush_error_log(&self) {
        let line = match self.error_log.lock() {
            Ok(mut limiter) => limiter.tick(Instant::now()),
            Err(_) => LogLine::Nothing,
        };
        if let LogLine::Summary { count } = line {
            let latest = self.last_error.lock().ok().and_then(|last| last.clone());
            log_summary(count, latest.as_ref());
        }
    }
}

/// The worker's end of the command ring (and of the transform ring beside it). Pushing waits
/// (on the worker, never on the main thread) while a ring is full, so nothing is ever dropped.
pub(crate) struct CommandSender {
    producer: rtrb::Producer<Command>,
    transforms: rtrb::Producer<TransformRecord>,
}

/// Why a command could not be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShuttingDown;

impl CommandSender {
    pub fn new(
        producer: rtrb::Producer<Command>,
        transforms: rtrb::Producer<TransformRecord>,
    ) -> Self {
        Self {
            producer,
            transforms,
        }
    }

    /// Pushes `command`, waiting for the main thread to make room if the ring is full.
    ///
    /// # Errors
    /// [`ShuttingDown`] if the app is stopping and the command will never be applied.
    pub fn push(&mut self, command: Command, shared: &WorkerShared) -> Result<(), ShuttingDown> {
        let mut command = command;
        let mut waiter = RingWaiter::default();
        loop {
            match self.producer.push(command) {
                Ok(()) => return Ok(()),
                Err(rtrb::PushError::Full(rejected)) => {
                    command = rejected;
                    waiter.wait(shared, self.producer.is_abandoned())?;
                }
            }
        }
    }

    /// Sends a batch of transforms: the records go into the transform ring in chunks as large
    /// as it has room for, each announced by one [`Command::SetTransforms`]. Waits for room
    /// like [`push`](Self::push).
    ///
    /// # Errors
    /// [`ShuttingDown`] if the app is stopping.
    pub fn push_transforms(
        &mut self,
        records: &[TransformRecord],
        rotations: bool,
        teleport: bool,
        shared: &WorkerShared,
    ) -> Result<(), ShuttingDown> {
        let mut rest = records;
        let mut waiter = RingWaiter::default();
        while !rest.is_empty() {
            let room = self.transforms.slots();
            if room == 0 {
                waiter.wait(shared, self.transforms.is_abandoned())?;
                continue;
            }
            let (chunk, after) = rest.split_at(room.min(rest.len()));
            let Ok(slots) = self.transforms.write_chunk_uninit(chunk.len()) else {
                continue;
            };
            slots.fill_from_iter(chunk.iter().copied());
            let count = u32::try_from(chunk.len()).unwrap_or(u32::MAX);
            self.push(
                Command::SetTransforms {
                    count,
                    rotations,
                    teleport,
                },
                shared,
            )?;
            rest = after;
        }
        Ok(())
    }
}

/// Waiting for room in a ring, on the worker: counted once per push in
/// [`WorkerShared::ring_full_waits`], given up on at shutdown.
#[derive(Default)]
struct RingWaiter {
    waited: bool,
}

impl RingWaiter {
    fn wait(&mut self, shared: &WorkerShared, abandoned: bool) -> Result<(), ShuttingDown> {
        if shared.is_shutting_down() || abandoned {
            return Err(ShuttingDown);
        }
        if !self.waited {
            self.waited = true;
            shared.ring_full_waits.fetch_add(1, Ordering::Relaxed);
        }
        std::thread::park_timeout(Duration::from_micros(200));
        Ok(())
    }
}

/// The main thread's end of the callback ring. It never waits: callbacks queue here and go
/// into the ring, in order, when the worker is parked and about to start a frame (so that the
/// worker sees them together with the state swap that reflects them); what does not fit waits
/// for the next frame.
pub(crate) struct CallbackSender {
    producer: rtrb::Producer<Callback>,
    overflow: VecDeque<Callback>,
    sent: u64,
}

impl CallbackSender {
    pub fn new(producer: rtrb::Producer<Callback>) -> Self {
        Self {
            producer,
            overflow: VecDeque::new(),
            sent: 0,
        }
    }

    /// Queues `callback` behind any older ones, for the next [`flush`](Self::flush).
    pub fn send(&mut self, callback: Callback) {
        self.overflow.push_back(callback);
    }

    /// Pushes queued callbacks while the ring has room.
    pub fn flush(&mut self) {
        while let Some(callback) = self.overflow.pop_front() {
            match self.producer.push(callback) {
                Ok(()) => self.sent += 1,
                Err(rtrb::PushError::Full(callback)) => {
                    self.overflow.push_front(callback);
                    break;
                }
            }
        }
    }

    /// Callbacks pushed into the ring so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Callbacks in the ring, not yet taken by the worker.
    pub fn in_ring(&self) -> usize {
        self.capacity() - self.producer.slots()
    }

    /// Callbacks queued (for the next frame, or for room).
    pub fn backlog(&self) -> usize {
        self.overflow.len()
    }

    /// Slots in the ring.
    pub fn capacity(&self) -> usize {
        self.producer.buffer().capacity()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::thread;

    use super::*;
    use crate::core::state_buffer::StateBuffer;

    fn shared() -> Arc<WorkerShared> {
        Arc::new(WorkerShared::new(
            StateBuffer::default().reader(),
            StateBuffer::default().reader(),
            StateBuffer::default().reader(),
            StateBuffer::default().reader(),
            WorldView::default(),
            Arc::default(),
            id_space(),
        ))
    }

    #[test]
    fn a_million_commands_cross_threads_in_order() {
        const COUNT: u32 = 1_000_000;
        let shared = shared();
        let (producer, mut consumer) = rtrb::RingBuffer::new(1024);
        let worker = thread::spawn({
            let shared = Arc::clone(&shared);
            move || {
                let mut sender = CommandSender::new(producer, rtrb::RingBuffer::new(1).0);
                for id in 0..COUNT {
                    sender.push(Command::NotifyCreated { id }, &shared).unwrap();
                }
            }
        });
        // Let the worker fill the ring and find it full before draining, so that the wait on a
        // full ring is exercised whatever the scheduling (a fast consumer could keep up).
        let started = std::time::Instant::now();
        while shared.ring_full_waits.load(Ordering::Relaxed) == 0 {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "the worker never found the 1,024-slot ring full"
            );
            thread::yield_now();
        }
        assert_eq!(consumer.slots(), 1024, "the ring is full");
        let mut expected = 0;
        while expected < COUNT {
            match consumer.pop() {
                Ok(Command::NotifyCreated { id }) => {
                    assert_eq!(id, expected, "FIFO order");
                    expected += 1;
                }
                Ok(other) => panic!("unexpected {other:?}"),
                Err(_) => thread::yield_now(),
            }
        }
        worker.join().unwrap();
        assert!(consumer.pop().is_err(), "nothing beyond what was sent");
    }

    #[test]
    fn a_full_ring_gives_up_on_shutdown() {
        let shared = shared();
        let (producer, _consumer) = rtrb::RingBuffer::new(1);
        let mut sender = CommandSender::new(producer, rtrb::RingBuffer::new(1).0);
        sender
            .push(Command::NotifyCreated { id: 1 }, &shared)
            .unwrap();
        shared.request_shutdown();
        assert_eq!(
            sender.push(Command::NotifyCreated { id: 2 }, &shared),
            Err(ShuttingDown)
        );
    }

    #[test]
    fn a_hundred_thousand_callbacks_cross_threads_in_order() {
        const COUNT: u32 = 100_000;
        let (producer, mut consumer) = rtrb::RingBuffer::new(64);
        let receiver = thread::spawn(move || {
            let mut expected = 0;
            while expected < COUNT {
                match consumer.pop() {
                    Ok(Callback::Created { id }) => {
                        assert_eq!(id, expected, "FIFO order");
                        expected += 1;
                    }
                    Ok(other) => panic!("unexpected {other:?}"),
                    Err(_) => thread::yield_now(),
                }
            }
            assert!(consumer.pop().is_err());
        });
        let mut sender = CallbackSender::new(producer);
        let mut max_backlog = 0;
        for id in 0..COUNT {
            sender.send(Callback::Created { id });
            max_backlog = max_backlog.max(sender.backlog());
        }
        while sender.backlog() > 0 {
            sender.flush();
            thread::yield_now();
        }
        receiver.join().unwrap();
        assert_eq!(sender.sent(), u64::from(COUNT));
        assert!(
            max_backlog > 0,
            "a 64-slot ring must have overflowed into the queue"
        );
    }

    #[test]
    fn the_frame_handshake_round_trips() {
        let shared = shared();
        let worker = thread::spawn({
            let shared = Arc::clone(&shared);
            move || {
                *shared.worker_thread.lock().unwrap() = Some(thread::current());
                let mut frames = Vec::new();
                while let Some(dt) = shared.wait_for_frame() {
                    frames.push(dt);
                    shared.complete_frame();
                }
                frames
            }
        });
        for i in 0..100 {
            shared.request_frame(f64::from(i));
            while !shared.frame_complete.load(Ordering::Acquire) {
                thread::yield_now();
            }
        }
        shared.request_shutdown();
        let frames = worker.join().unwrap();
        assert_eq!(frames, (0..100).map(f64::from).collect::<Vec<_>>());
    }
}
