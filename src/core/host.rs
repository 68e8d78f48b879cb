//! The worker's side of the bridge, as the API uses it: sending commands and keeping the
//! registry of live script objects.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use bevy::platform::collections::HashMap;

use super::bridge::{Command, CommandSender, TransformRecord, WorkerShared};
use super::input::InputSnapshot;
use super::state::{ScriptId, ScriptObjectKind};

/// Why the host refused: a `RangeError` (an unknown id, a limit) or an `Error` (re-entry,
/// shutting down), with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostError {
    Range(String),
    Plain(String),
}

/// Worker-side limits for script objects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostLimits {
    pub max_objects: usize,
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
}

#[derive(Default)]
struct Registry {
    next_id: ScriptId,
    live: HashMap<ScriptId, ScriptObjectKind>,
}

impl ScriptHost {
    pub fn new(shared: Arc<WorkerShared>, commands: CommandSender, limits: HostLimits) -> Self {
        Self {
            shared,
            commands: RefCell::new(commands),
            registry: RefCell::new(Registry {
                next_id: 1,
                ..Registry::default()
            }),
            transform_scratch: RefCell::default(),
            number_scratch: RefCell::default(),
            frame_input: Cell::default(),
            frame_number: Cell::new(0),
            frame_delta: Cell::new(0.0),
            limits,
        }
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
            let is_entity =
                |id: ScriptId| registry.live.get(&id) == Some(&ScriptObjectKind::Entity);
            build(&mut scratch, &is_entity)?;
        }
        let mut commands = self
            .commands
            .try_borrow_mut()
            .map_err(|_| E::from(reentrant(func)))?;
        let sent = commands.push_transforms(&scratch, rotations, &self.shared);
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
        let id = registry.next_id;
        registry.next_id = id
            .checked_add(1)
            .ok_or_else(|| HostError::Range(format!("{func}: out of ids")))?;
        registry.live.insert(id, kind);
        self.shared.registry_bytes.store(
            crate::core::state_buffer::map_bytes(&registry.live),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(id)
    }

    /// Whether `id` names a live object of `kind`.
    pub fn is_live(&self, id: ScriptId, kind: ScriptObjectKind) -> bool {
        self.registry
            .try_borrow()
            .is_ok_and(|registry| registry.live.get(&id) == Some(&kind))
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
        let Ok(mut registry) = self.registry.try_borrow_mut() else {
            return false;
        };
        if registry.live.get(&id) == Some(&kind) {
            registry.live.remove(&id);
            true
        } else {
            false
        }
    }

    /// Despawns every live object (used when the script restarts).
    pub fn destroy_all(&self) {
        let live: Vec<_> = match self.registry.try_borrow_mut() {
            Ok(mut registry) => registry.live.drain().collect(),
            Err(_) => return,
        };
        for (id, kind) in live {
            if self.send(Command::Destroy { id, kind }, "restart").is_err() {
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
    }
}
