//! The worker's side of the bridge, as the API uses it: sending commands and keeping the
//! registry of live script objects.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use bevy::platform::collections::{HashMap, HashSet};

use super::audio::SoundBook;
use super::bridge::{CallAnswer, Callback, Command, CommandSender, TransformRecord, WorkerShared};
use super::calls::CallId;
use super::input::InputSnapshot;
use super::state::{ScriptId, ScriptObjectKind};
use super::ui::UiTree;

/// Why the host refused: a `RangeError` (an unknown id, a limit) or an `Error` (re-entry,
/// shutting down), with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostError {
    Range(String),
    Plain(String),
}

/// Worker-side limits and places for script objects.
#[derive(Debug, Clone)]
pub(crate) struct HostLimits {
    pub max_objects: usize,
    /// The asset folder, which `scene.spawn` paths cannot leave.
    pub asset_root: std::path::PathBuf,
}

/// The worker-side state behind the API's native functions: the command rings' sending end
/// and the registry of live ids. Shared by every context the worker builds for its script (it
/// outlives a restart or a reload); what belongs to one JS context (event handlers, waiting
/// promises, timers) stays with that context.
pub(crate) struct ScriptHost {
    pub shared: Arc<WorkerShared>,
    commands: RefCell<CommandSender>,
    registry: RefCell<Registry>,
    /// The input the current worker frame sees.
    pub frame_input: Cell<InputSnapshot>,
    /// The current worker frame's number (1 for the first `update`) and `dt`.
    pub frame_number: Cell<u64>,
    pub frame_delta: Cell<f64>,
    /// Reused by `entity.setTransforms`, so a batch allocates nothing in steady state.
    transform_scratch: RefCell<Vec<TransformRecord>>,
    /// Reused by `entity.setTransforms` for the numbers of its three arguments.
    pub(crate) number_scratch: RefCell<[Vec<f64>; 3]>,
    limits: HostLimits,
    /// The last number given to a system verb call (its promise waits on it).
    last_verb_call: Cell<u32>,
    /// Calls from Rust that the script has not answered yet (it is awaiting a promise).
    open_calls: RefCell<HashSet<CallId>>,
    /// The script's UI nodes, their props and their tree.
    ui: RefCell<UiTree>,
    /// The script's sounds and how they play.
    sounds: RefCell<SoundBook>,
}

/// The objects the script created and has not destroyed, plus what the current frame changed
/// about visible entities it did not create (whose liveness is the published state's).
#[derive(Default)]
struct Registry {
    live: HashMap<ScriptId, ScriptObjectKind>,
    /// The scenes among `live`.
    scenes: HashSet<ScriptId>,
    /// Visible entities the script destroyed this frame (still in the published state until
    /// the next swap).
    destroyed: HashSet<ScriptId>,
    /// `entity.setParent` calls this frame, not yet in the published state: child → parent.
    parents: HashMap<ScriptId, Option<ScriptId>>,
}

impl ScriptHost {
    pub fn new(shared: Arc<WorkerShared>, commands: CommandSender, limits: HostLimits) -> Self {
        Self {
            shared,
            commands: RefCell::new(commands),
            registry: RefCell::default(),
            transform_scratch: RefCell::default(),
            number_scratch: RefCell::default(),
            frame_input: Cell::default(),
            frame_number: Cell::new(0),
            frame_delta: Cell::new(0.0),
            limits,
            last_verb_call: Cell::new(0),
            open_calls: RefCell::default(),
            ui: RefCell::default(),
            sounds: RefCell::default(),
        }
    }

    /// The asset folder, which `scene.spawn` paths cannot leave.
    pub fn asset_root(&self) -> &std::path::Path {
        &self.limits.asset_root
    }

    /// Pushes a command, waiting for room if the ring is full.
    pub fn send(&self, command: Command, func: &str) -> Result<(), HostError> {
        let mut commands = self
            .commands
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        commands
            .push(command, &self.shared)
            .map_err(|_| shutting_down(func))
    }

    /// Builds a batch of transforms with `build` (which gets the scratch buffer, cleared, and a
    /// test for live entity ids) and sends it. Nothing is sent if `build` fails.
    pub fn send_transforms<E: From<HostError>>(
        &self,
        func: &str,
        rotations: bool,
        teleport: bool,
        build: impl FnOnce(&mut Vec<TransformRecord>, &dyn Fn(ScriptId) -> bool) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut scratch = self
            .transform_scratch
            .try_borrow_mut()
            .map_err(|_| E::from(reentrant(func)))?;
        scratch.clear();
        {
            let registry = self
                .registry
                .try_borrow()
                .map_err(|_| E::from(reentrant(func)))?;
            // One lock of the published state for the whole batch; the script's own entities
            // are found in the registry first.
            self.shared.world.meta.with(|visible| {
                let is_entity = |id: ScriptId| match registry.live.get(&id) {
                    Some(kind) => *kind == ScriptObjectKind::Entity,
                    None => visible.get(&id).is_some() && !registry.destroyed.contains(&id),
                };
                build(&mut scratch, &is_entity)
            })?;
        }
        let mut commands = self
            .commands
            .try_borrow_mut()
            .map_err(|_| E::from(reentrant(func)))?;
        let sent = commands.push_transforms(&scratch, rotations, teleport, &self.shared);
        // Keep the scratch buffer for the next batch, unless one huge batch left it oversized.
        if scratch.capacity() > 1 << 18 && scratch.len() < scratch.capacity() / 4 {
            let len = scratch.len();
            scratch.shrink_to(len);
        }
        sent.map_err(|_| shutting_down(func).into())
    }

    /// Allocates an id for a new object of `kind`.
    pub fn allocate(&self, kind: ScriptObjectKind, func: &str) -> Result<ScriptId, HostError> {
        let mut registry = self
            .registry
            .try_borrow_mut()
            .map_err(|_| reentrant(func))?;
        if registry.live.len() >= self.limits.max_objects {
            return Err(HostError::Range(format!(
                "{func}: too many live script objects (the limit is {})",
                self.limits.max_objects
            )));
        }
        let id = self
            .shared
            .allocate_id()
            .ok_or_else(|| HostError::Range(format!("{func}: out of ids")))?;
        registry.live.insert(id, kind);
        self.shared.registry_bytes.store(
            crate::core::state_buffer::map_bytes(&registry.live),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(id)
    }

    /// Whether `id` names a live object of `kind`: one the script created and has not
    /// destroyed, or (for entities) a visible entity in the published state that the script
    /// has not destroyed this frame.
    pub fn is_live(&self, id: ScriptId, kind: ScriptObjectKind) -> bool {
        let Ok(registry) = self.registry.try_borrow() else {
            return false;
        };
        match registry.live.get(&id) {
            Some(live) => *live == kind,
            None => {
                kind == ScriptObjectKind::Entity
                    && !registry.destroyed.contains(&id)
                    && self.shared.world.meta.get(&id).is_some()
            }
        }
    }

    /// Whether `id` is a scene the script spawned and has not destroyed.
    pub fn is_scene(&self, id: ScriptId) -> bool {
        self.registry
            .try_borrow()
            .is_ok_and(|registry| registry.scenes.contains(&id))
    }

    /// Remembers that the live entity `id` is a scene.
    pub fn mark_scene(&self, id: ScriptId) {
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.scenes.insert(id);
        }
    }

    /// Fails with a `RangeError` unless `id` is a live entity: `func: no entity with id 7`.
    pub fn expect_entity(&self, id: ScriptId, func: &str) -> Result<(), HostError> {
        self.expect_live(id, ScriptObjectKind::Entity, func)
    }

    /// The parent of entity `id` as this frame's calls left it: this frame's
    /// `entity.setParent` calls, then the published state.
    pub fn parent_of(&self, id: ScriptId) -> Option<ScriptId> {
        if let Ok(registry) = self.registry.try_borrow()
            && let Some(parent) = registry.parents.get(&id)
        {
            return *parent;
        }
        self.shared.world.meta.get(&id).and_then(|meta| meta.parent)
    }

    /// Records this frame's `entity.setParent(child, parent)`.
    pub fn record_parent(&self, child: ScriptId, parent: Option<ScriptId>) {
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.parents.insert(child, parent);
        }
    }

    /// The main thread says an object the script created is gone (Rust despawned it).
    pub fn gone(&self, id: ScriptId) {
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.live.remove(&id);
            registry.scenes.remove(&id);
        }
        // A UI node's children went with it (Bevy despawns them too); each is told of on its own.
        self.with_ui(|tree| tree.remove_one(id));
        self.with_sounds(|book| book.remove(id));
    }

    /// Runs `f` on the script's UI tree; `None` if called re-entrantly.
    pub fn with_ui<R>(&self, f: impl FnOnce(&mut UiTree) -> R) -> Option<R> {
        self.ui.try_borrow_mut().ok().map(|mut tree| f(&mut tree))
    }

    /// Runs `f` on the script's sounds; `None` if called re-entrantly.
    pub fn with_sounds<R>(&self, f: impl FnOnce(&mut SoundBook) -> R) -> Option<R> {
        self.sounds
            .try_borrow_mut()
            .ok()
            .map(|mut book| f(&mut book))
    }

    /// A new frame sees a new swap: what this frame's calls changed is published by now.
    pub fn begin_frame(&self) {
        if let Ok(mut registry) = self.registry.try_borrow_mut() {
            registry.destroyed.clear();
            registry.parents.clear();
        }
    }

    /// Fails with a `RangeError` unless `id` names a live object of `kind`.
    pub fn expect_live(
        &self,
        id: ScriptId,
        kind: ScriptObjectKind,
        func: &str,
    ) -> Result<(), HostError> {
        if self.is_live(id, kind) {
            Ok(())
        } else {
            Err(HostError::Range(format!(
                "{func}: no {} with id {id}",
                kind_name(kind)
            )))
        }
    }

    /// Forgets `id` if it is a live object of `kind`; returns whether it was.
    pub fn forget(&self, id: ScriptId, kind: ScriptObjectKind) -> bool {
        let visible = kind == ScriptObjectKind::Entity && self.shared.world.meta.get(&id).is_some();
        let Ok(mut registry) = self.registry.try_borrow_mut() else {
            return false;
        };
        if registry.live.get(&id) == Some(&kind) {
            registry.live.remove(&id);
            registry.scenes.remove(&id);
            // Still in the published state until the next swap: not live meanwhile.
            registry.destroyed.insert(id);
            true
        } else if visible && !registry.live.contains_key(&id) {
            registry.destroyed.insert(id)
        } else {
            false
        }
    }

    /// A number for a new system verb call, unique among this worker's calls in flight.
    pub fn next_verb_call(&self) -> u32 {
        let call = self.last_verb_call.get().wrapping_add(1);
        self.last_verb_call.set(call);
        call
    }

    /// Rust's call `id` reached the script: it owes an answer.
    pub fn open_call(&self, id: CallId) {
        if let Ok(mut open) = self.open_calls.try_borrow_mut() {
            open.insert(id);
        }
    }

    /// Answers Rust's call `id`, once: a second answer (a promise settled after the call was
    /// abandoned) is dropped.
    pub fn answer(&self, id: CallId, result: Result<serde_json::Value, String>) {
        let open = self
            .open_calls
            .try_borrow_mut()
            .is_ok_and(|mut open| open.remove(&id));
        if open {
            self.send_answer(id, result);
        }
    }

    fn send_answer(&self, id: CallId, result: Result<serde_json::Value, String>) {
        self.shared
            .script_calls_answered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Only fails while the game shuts down, when nobody waits for the answer.
        let _ = self.send(
            Command::CallAnswer(Box::new(CallAnswer { id, result })),
            "answer",
        );
    }

    /// Answers every open call with `reason`: the context that would have answered is gone.
    pub fn abandon_calls(&self, reason: &str) {
        let open: Vec<CallId> = match self.open_calls.try_borrow_mut() {
            Ok(mut open) => open.drain().collect(),
            Err(_) => return,
        };
        for id in open {
            self.send_answer(id, Err(reason.to_owned()));
        }
    }

    /// A callback no script will see (none is running, or it restarts): a call from Rust is
    /// answered with `reason`, a verb's answer is counted as delivered.
    pub fn drop_callback(&self, callback: Callback, reason: &str) {
        match callback {
            Callback::Call(call) => self.send_answer(call.id, Err(reason.to_owned())),
            Callback::VerbReply(_) => {
                let _ = self.shared.verbs_pending.fetch_update(
                    std::sync::atomic::Ordering::Relaxed,
                    std::sync::atomic::Ordering::Relaxed,
                    |pending| pending.checked_sub(1),
                );
            }
            _ => {}
        }
    }

    /// Despawns every object the script created (used when the script restarts). The game's
    /// own visible entities stay.
    pub fn destroy_all(&self) {
        let live: Vec<_> = match self.registry.try_borrow_mut() {
            Ok(mut registry) => {
                registry.scenes.clear();
                registry.live.drain().collect()
            }
            Err(_) => return,
        };
        self.with_ui(UiTree::clear);
        for (id, _) in live {
            if self.send(Command::Destroy { id }, "restart").is_err() {
                return;
            }
        }
    }
}

fn shutting_down(func: &str) -> HostError {
    HostError::Plain(format!("{func}: the game is shutting down"))
}

fn reentrant(func: &str) -> HostError {
    HostError::Plain(format!("{func}: called re-entrantly"))
}

pub(crate) fn kind_name(kind: ScriptObjectKind) -> &'static str {
    match kind {
        ScriptObjectKind::Entity => "entity",
        ScriptObjectKind::Camera => "camera",
        ScriptObjectKind::Light => "light",
        ScriptObjectKind::Ui => "UI node",
        ScriptObjectKind::Sound => "sound",
    }
}
