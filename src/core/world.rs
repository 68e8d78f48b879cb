//! The game's own entities, components and resources as scripts see them: which entities are
//! visible, what the exposed components and resources hold, and the hierarchy between them.
//!
//! The main thread publishes into [`WorldState`] (back buffers) from typed systems that only
//! look at what changed (`Changed<T>`, `RemovedComponents<T>`), so an unchanged component
//! costs nothing per frame; [`WorldState::swap`] publishes with the entity state at the swap.
//! The worker reads the front buffers through [`WorldView`].

use bevy::platform::collections::HashMap;
use bevy::prelude::*;

use super::reflect::{ReflectValue, Reflection, TypeIndex};
use super::state::ScriptId;
use super::state_buffer::{StateBuffer, StateReader};

/// Marks a Rust-spawned entity as visible to scripts.
///
/// A visible entity gets a script id (in the same id space as the objects scripts create; see
/// its [`ScriptObject`] component, or [`ScriptEntities`]), appears in `world.query` and
/// `world.find`, and works with `entity.get`, `entity.update`, `entity.setPosition`,
/// `entity.setTransforms`, `entity.destroy` and `entity.whenCreated`. Its exposed components
/// are readable with `world.get`. When the entity is the root of a glTF scene
/// (`WorldAssetRoot`), the scene's entities become visible too once it is ready. Entities
/// without it are invisible to scripts. Removing it
/// (or despawning the entity) makes the id dead after the next swap, and the script receives a
/// `"despawned"` event.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn spawn_player(mut commands: Commands) {
///     commands.spawn((Name::new("Player"), Transform::default(), ScriptVisible));
/// }
/// ```
#[derive(Component, Debug, Clone, Copy, Default, PartialEq, Eq, Reflect)]
#[reflect(Component, Default)]
pub struct ScriptVisible;

/// Maps script ids to Bevy entities and back, for every object a script can address (the
/// objects it created, visible entities and the entities of scenes it spawned). Updated in
/// [`JsScriptingSystems::ApplyCommands`](crate::JsScriptingSystems::ApplyCommands) and
/// [`JsScriptingSystems::SyncExternal`](crate::JsScriptingSystems::SyncExternal).
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn log_ids(ids: Res<ScriptEntities>, players: Query<Entity, With<Name>>) {
///     for entity in &players {
///         if let Some(id) = ids.id(entity) {
///             info!("{entity} is script id {id}");
///         }
///     }
/// }
/// ```
#[derive(Resource, Debug, Default, Clone)]
pub struct ScriptEntities {
    by_id: HashMap<ScriptId, Entity>,
    by_entity: HashMap<Entity, ScriptId>,
}

impl ScriptEntities {
    /// The entity a script id names.
    pub fn entity(&self, id: ScriptId) -> Option<Entity> {
        self.by_id.get(&id).copied()
    }

    /// The script id of an entity.
    pub fn id(&self, entity: Entity) -> Option<ScriptId> {
        self.by_entity.get(&entity).copied()
    }

    /// How many entities scripts can address.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether scripts can address no entity.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every (id, entity) pair, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (ScriptId, Entity)> + '_ {
        self.by_id.iter().map(|(id, entity)| (*id, *entity))
    }

    pub(crate) fn get(&self, id: &ScriptId) -> Option<&Entity> {
        self.by_id.get(id)
    }

    pub(crate) fn insert(&mut self, id: ScriptId, entity: Entity) {
        if let Some(old) = self.by_id.insert(id, entity) {
            self.by_entity.remove(&old);
        }
        self.by_entity.insert(entity, id);
    }

    pub(crate) fn remove(&mut self, id: &ScriptId) -> Option<Entity> {
        let entity = self.by_id.remove(id)?;
        self.by_entity.remove(&entity);
        Some(entity)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        super::state_buffer::map_bytes(&self.by_id)
            + super::state_buffer::map_bytes(&self.by_entity)
    }
}

/// What scripts know about one visible entity besides its component values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct VisibleMeta {
    /// Bit `i`: the entity has exposed component `i`.
    pub components: u64,
    /// Its parent, if the parent is visible too.
    pub parent: Option<ScriptId>,
}

impl VisibleMeta {
    pub fn has(&self, component: TypeIndex) -> bool {
        self.components & bit(component) != 0
    }
}

pub(crate) fn bit(component: TypeIndex) -> u64 {
    1u64.checked_shl(u32::from(component)).unwrap_or(0)
}

/// How far a scene a script spawned has come.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SceneStatus {
    /// Its entities exist and are visible.
    pub ready: bool,
    /// A `scene.whenReady` is waiting.
    pub waiting: bool,
}

/// The main thread's side of the world scripts see: back buffers and counters. Kept in the
/// bridge resource.
pub(crate) struct WorldState {
    pub reflection: Reflection,
    pub values: StateBuffer<(ScriptId, TypeIndex), ReflectValue>,
    pub meta: StateBuffer<ScriptId, VisibleMeta>,
    pub resources: StateBuffer<TypeIndex, ReflectValue>,
    pub scenes: HashMap<ScriptId, SceneStatus>,
    /// Scene roots whose instance became ready since the last registration pass.
    pub ready_scenes: Vec<Entity>,
    /// Main-thread time spent publishing changed components and resources, and how many.
    pub publish_time: std::time::Duration,
    pub published: u64,
}

impl WorldState {
    pub fn new(reflection: Reflection) -> Self {
        Self {
            reflection,
            values: StateBuffer::default(),
            meta: StateBuffer::default(),
            resources: StateBuffer::default(),
            scenes: HashMap::default(),
            ready_scenes: Vec::new(),
            publish_time: std::time::Duration::ZERO,
            published: 0,
        }
    }

    /// What the worker reads.
    pub fn view(&self, scenes: bool) -> WorldView {
        WorldView {
            reflection: self.reflection.clone(),
            values: self.values.reader(),
            meta: self.meta.reader(),
            resources: self.resources.reader(),
            scenes,
        }
    }

    /// Publishes the back buffers to the worker.
    pub fn swap(&mut self) {
        self.values.swap();
        self.meta.swap();
        self.resources.swap();
    }

    /// Sets (or replaces) the published value of component `index` of `id`.
    pub fn set_value(&mut self, id: ScriptId, index: TypeIndex, value: ReflectValue) {
        self.values.insert((id, index), value);
        self.set_bit(id, index, true);
    }

    /// Marks that `id` has (or lacks) component `index`.
    pub fn set_bit(&mut self, id: ScriptId, index: TypeIndex, has: bool) {
        let Some(meta) = self.meta.get(&id) else {
            return;
        };
        if meta.has(index) == has {
            return;
        }
        if let Some(meta) = self.meta.get_mut(&id) {
            if has {
                meta.components |= bit(index);
            } else {
                meta.components &= !bit(index);
            }
        }
    }

    /// Forgets component `index` of `id`.
    pub fn remove_value(&mut self, id: ScriptId, index: TypeIndex) {
        self.values.remove(&(id, index));
        self.set_bit(id, index, false);
    }

    /// Forgets everything about `id`.
    pub fn forget(&mut self, id: ScriptId) {
        if let Some(meta) = self.meta.remove(&id) {
            for index in 0..64 {
                if meta.has(index) {
                    self.values.remove(&(id, index));
                }
            }
        }
        self.scenes.remove(&id);
    }

    pub fn heap_bytes(&self) -> usize {
        self.values.heap_bytes() + self.meta.heap_bytes() + self.resources.heap_bytes()
    }
}

/// The worker's side: the front buffers, as of the last swap, and the reflection data to read
/// and check values.
#[derive(Clone, Default)]
pub(crate) struct WorldView {
    pub reflection: Reflection,
    pub values: StateReader<(ScriptId, TypeIndex), ReflectValue>,
    pub meta: StateReader<ScriptId, VisibleMeta>,
    pub resources: StateReader<TypeIndex, ReflectValue>,
    /// Whether the app can spawn glTF scenes.
    pub scenes: bool,
}

impl WorldView {
    /// Whether `id` had exposed component `index` at the last swap.
    pub fn has(&self, id: ScriptId, index: TypeIndex) -> bool {
        self.meta.get(&id).is_some_and(|meta| meta.has(index))
    }
}

impl std::fmt::Debug for WorldView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorldView")
            .field("types", &self.reflection.types)
            .field("visible", &self.meta.len())
            .field("scenes", &self.scenes)
            .finish_non_exhaustive()
    }
}

pub(crate) fn set_parent(state: &mut WorldState, id: ScriptId, parent: Option<ScriptId>) {
    if state
        .meta
        .get(&id)
        .is_some_and(|meta| meta.parent != parent)
        && let Some(meta) = state.meta.get_mut(&id)
    {
        meta.parent = parent;
    }
}
