//! [`JsScriptingPlugin`], its settings and its system sets.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bevy::asset::AssetApp;
use bevy::mesh::Mesh;
use bevy::pbr::StandardMaterial;
use bevy::prelude::*;

use crate::core::calls::{CallScript, ScriptCallResult};
use crate::core::events::{JsEvent, ScriptEvent};
use crate::core::metrics::JsWorkerMetrics;
use crate::core::reflect::{ExposedTypes, TypeIndex};
use crate::core::runtime::{JsEngine, WorkerConfig};
use crate::core::script_asset::{JsScript, JsScriptLoader};
use crate::core::verbs::{MAX_VERBS, VerbSignature, VerbTable};
use crate::core::world::{ScriptEntities, ScriptVisible};
use crate::diagnostics::JsDiagnosticsPlugin;
use crate::script_worker::ScriptWorker;
use crate::settings::{JsScriptingSettings, JsScriptingSystems, RestartScript};
use crate::systems::{
    ScriptWatches, ScriptWorkers, SystemVerbs, WorkerDefaults, apply_commands, external_sync_due,
    forward_calls, forward_events, interpolate_transforms, manage_workers, on_scene_ready, publish,
    publish_hierarchy, publish_ui_layout, reload_on_change, restart_on_request,
    send_ui_interactions, stop_on_exit, swap_and_trigger, sync_external_transforms, track_visible,
    watch_module_files,
};
use crate::verbs::{ExposedVerb, VerbCode, VerbInput, VerbOutput, function_verb, system_verb};

/// Runs a JavaScript game script on a dedicated worker thread and applies what it does to the
/// ECS in [`PreUpdate`].
///
/// ```no_run
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// App::new()
///     .add_plugins(DefaultPlugins)
///     .add_plugins(JsScriptingPlugin::new("scripts/main.js").with_ring_capacity(4096))
///     .run();
/// ```
#[derive(Debug, Clone)]
pub struct JsScriptingPlugin {
    script: Option<PathBuf>,
    engine: JsEngine,
    memory_limit: usize,
    ring_capacity: usize,
    transform_capacity: usize,
    callback_capacity: usize,
    worker_stack_size: usize,
    max_script_objects: usize,
    frame_budget: Duration,
    test_hooks: bool,
    settings: JsScriptingSettings,
    exposed: ExposedTypes,
    verbs: Vec<ExposedVerb>,
    typings: Option<PathBuf>,
}

impl Default for JsScriptingPlugin {
    fn default() -> Self {
        Self::new("scripts/main.js")
    }
}

impl JsScriptingPlugin {
    /// Runs `script`: a path relative to the asset folder (`"scripts/main.js"` is
    /// `assets/scripts/main.js`), or an absolute path. The script's folder is its module
    /// root: it can import files in it and below it, and nothing else.
    ///
    /// This script is the app's first [`ScriptWorker`], spawned at startup; spawn more
    /// `ScriptWorker`s for more scripts, each on its own thread.
    pub fn new(script: impl Into<PathBuf>) -> Self {
        Self {
            script: Some(script.into()),
            engine: JsEngine::default(),
            memory_limit: 256 * 1024 * 1024,
            ring_capacity: 16_384,
            transform_capacity: 65_536,
            callback_capacity: 4_096,
            worker_stack_size: 64 * 1024 * 1024,
            max_script_objects: 100_000,
            frame_budget: Duration::from_millis(250),
            test_hooks: false,
            settings: JsScriptingSettings::default(),
            exposed: publish::default_types(),
            verbs: Vec::new(),
            typings: None,
        }
    }

    /// The plugin with no script of its own: scripts run only where the app spawns a
    /// [`ScriptWorker`]. The `with_*` settings are the defaults of those workers.
    ///
    /// ```no_run
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// App::new()
    ///     .add_plugins((DefaultPlugins, JsScriptingPlugin::without_script()))
    ///     .add_systems(Startup, |mut commands: Commands| {
    ///         commands.spawn(ScriptWorker::new("scripts/level.js"));
    ///         commands.spawn(ScriptWorker::new("scripts/ai.js"));
    ///     })
    ///     .run();
    /// ```
    pub fn without_script() -> Self {
        Self {
            script: None,
            ..Self::new("")
        }
    }

    /// Lets scripts read and change component `T` on visible entities through `world`
    /// (`world.get(id, "Health")`, `world.set`, `world.insert`, `world.remove`,
    /// `world.query`). Scripts name it by its short type path (`"Health"`); two exposed types
    /// with the same short name make the plugin panic when it is added, with both paths in the
    /// message. `Transform`, `Name` and `Visibility` are exposed already; nothing else is
    /// reachable from scripts.
    ///
    /// ```no_run
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// #[derive(Component, Reflect, Default)]
    /// #[reflect(Component, Default)]
    /// struct Health {
    ///     current: f32,
    ///     max: f32,
    /// }
    ///
    /// App::new().add_plugins((
    ///     DefaultPlugins,
    ///     JsScriptingPlugin::new("scripts/main.js").expose_component::<Health>(),
    /// ));
    /// ```
    pub fn expose_component<T>(mut self) -> Self
    where
        T: Component<Mutability = bevy::ecs::component::Mutable>
            + Reflect
            + FromReflect
            + TypePath
            + bevy::reflect::Typed
            + bevy::reflect::GetTypeRegistration,
    {
        let ty = publish::component::<T>();
        if !self
            .exposed
            .components
            .iter()
            .any(|c| c.type_id == ty.type_id)
        {
            self.exposed.components.push(ty);
        }
        self
    }

    /// Lets scripts read and change resource `R` with `world.getResource(name)` and
    /// `world.setResource(name, patch)`, named by its short type path like components.
    ///
    /// ```no_run
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// #[derive(Resource, Reflect, Default)]
    /// #[reflect(Resource, Default)]
    /// struct Score {
    ///     points: u32,
    /// }
    ///
    /// App::new().add_plugins((
    ///     DefaultPlugins,
    ///     JsScriptingPlugin::new("scripts/main.js").expose_resource::<Score>(),
    /// ));
    /// ```
    pub fn expose_resource<R>(mut self) -> Self
    where
        R: Resource
            + Component<Mutability = bevy::ecs::component::Mutable>
            + Reflect
            + FromReflect
            + TypePath
            + bevy::reflect::Typed
            + bevy::reflect::GetTypeRegistration,
    {
        let ty = publish::resource::<R>();
        if !self
            .exposed
            .resources
            .iter()
            .any(|r| r.type_id == ty.type_id)
        {
            self.exposed.resources.push(ty);
        }
        self
    }

    /// Lets scripts call the one-shot system `system` as `game.<name>(args)`, which returns a
    /// promise. The system takes `In<A>` and returns `R` or `Result<R, String>`, where `A` and
    /// `R` derive `Reflect` (they cross in the JSON shape of exposed components; fields of `A`
    /// left out take its reflected `Default`), are `()`, or are `serde_json::Value`.
    ///
    /// The system runs on the main thread in order with the calling script's commands (it sees
    /// the script's earlier writes of the same frame), under the per-frame command limit; the
    /// promise resolves with its value at the script's next frame, or rejects with an `Error`
    /// whose message is the `Err` (or the panic: a panicking system is registered afresh for
    /// the next call, so it must be `Clone`, as every fn and closure over `Clone` captures is).
    /// The argument is checked on the worker: a wrong field throws a `TypeError` or
    /// `RangeError` naming it in the calling line, like `world.set`.
    ///
    /// The system's `Res<ScriptEntities>` maps script ids to entities.
    ///
    /// # Panics
    /// When the plugin is built, if two verbs share `name` (the message names both) or `name`
    /// is not a JavaScript identifier.
    ///
    /// ```no_run
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// #[derive(Reflect, Default)]
    /// #[reflect(Default)]
    /// struct Blast {
    ///     center: Vec3,
    ///     radius: f32,
    /// }
    ///
    /// /// `await game.blast({ center: [0, 0, 0], radius: 3 })` → how many were hit.
    /// fn blast(In(blast): In<Blast>, targets: Query<&Transform>) -> Result<u32, String> {
    ///     if blast.radius <= 0.0 {
    ///         return Err("radius must be positive".into());
    ///     }
    ///     let hit = targets
    ///         .iter()
    ///         .filter(|t| t.translation.distance(blast.center) <= blast.radius)
    ///         .count();
    ///     Ok(hit as u32)
    /// }
    ///
    /// App::new().add_plugins((
    ///     DefaultPlugins,
    ///     JsScriptingPlugin::new("scripts/main.js").expose_system("blast", blast),
    /// ));
    /// ```
    pub fn expose_system<A, R, S, M, MA, MR>(mut self, name: impl Into<String>, system: S) -> Self
    where
        A: VerbInput<MA>,
        R: VerbOutput<MR>,
        S: IntoSystem<In<A>, R, M> + Clone + Send + Sync + 'static,
        M: 'static,
        MA: 'static,
        MR: 'static,
    {
        self.verbs.push(system_verb(name.into(), system));
        self
    }

    /// Lets scripts call the pure function `function` as `game.<name>(args)`, which returns its
    /// value at once: it runs on the script's worker thread, with no access to the world. For
    /// fast helpers (noise, math, path search on data the function owns). Types as for
    /// [`expose_system`](Self::expose_system); an `Err` (or a panic) throws an `Error` with its
    /// message.
    ///
    /// # Panics
    /// As [`expose_system`](Self::expose_system).
    ///
    /// ```no_run
    /// use bevy::prelude::*;
    /// use bevy_js_worker::prelude::*;
    ///
    /// App::new().add_plugins((
    ///     DefaultPlugins,
    ///     // `game.wave([x, t])` → a number.
    ///     JsScriptingPlugin::new("scripts/main.js")
    ///         .expose_fn("wave", |(x, t): (f32, f32)| (x * 0.5 + t).sin()),
    /// ));
    /// ```
    pub fn expose_fn<A, R, F, MA, MR>(mut self, name: impl Into<String>, function: F) -> Self
    where
        A: VerbInput<MA>,
        R: VerbOutput<MR>,
        F: Fn(A) -> R + Send + Sync + 'static,
        MA: 'static,
        MR: 'static,
    {
        self.verbs.push(function_verb(name.into(), function));
        self
    }

    /// Writes TypeScript declarations for this app to `path` (relative to the asset folder,
    /// like scripts) at startup, when their content changed: the exposed components and
    /// resources as interfaces, the typed overloads of `world.get`/`set`/`insert`/... that
    /// use them, and `game`'s verbs with their argument and result types. The shipped
    /// `bevy_js_worker.d.ts` is the base; this file augments it (reference both, or let
    /// `tsconfig.json` include it). See the README's "Calling the game".
    pub fn with_typings(mut self, path: impl Into<PathBuf>) -> Self {
        self.typings = Some(path.into());
        self
    }

    /// The JavaScript engine that runs the script. Default: [`JsEngine::Boa`].
    ///
    /// ```no_run
    /// # use bevy_js_worker::prelude::*;
    /// let plugin = JsScriptingPlugin::new("scripts/main.js").with_engine(JsEngine::QuickJs);
    /// ```
    pub fn with_engine(mut self, engine: JsEngine) -> Self {
        self.engine = engine;
        self
    }

    /// The engine the script runs on.
    pub fn engine(&self) -> JsEngine {
        self.engine
    }

    /// The most heap memory the script may use, in bytes, on engines that can cap it
    /// (QuickJS; Boa has no heap limit). An allocation past it throws an out-of-memory error,
    /// reported like any script error; the script then restarts in a fresh context. Default:
    /// 256 MiB.
    pub fn with_memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// Slots in the worker → main command ring. When it is full the worker waits (nothing is
    /// dropped). Default: 16,384.
    pub fn with_ring_capacity(mut self, slots: usize) -> Self {
        self.ring_capacity = slots.max(1);
        self
    }

    /// Slots in the worker → main ring that carries `entity.setTransforms` batches (one slot
    /// per entity, 28 bytes each). A larger batch crosses in several chunks; the worker waits
    /// for room, nothing is dropped. Default: 65,536.
    pub fn with_transform_ring_capacity(mut self, slots: usize) -> Self {
        self.transform_capacity = slots.max(1);
        self
    }

    /// Slots in the main → worker callback ring. When it is full the main thread queues the
    /// rest for later frames (nothing is dropped, nothing waits). Default: 4,096.
    pub fn with_callback_capacity(mut self, slots: usize) -> Self {
        self.callback_capacity = slots.max(1);
        self
    }

    /// Stack size of the worker thread, in bytes. Deeply nested scripts need a large stack.
    /// Default: 64 MiB.
    pub fn with_worker_stack_size(mut self, bytes: usize) -> Self {
        self.worker_stack_size = bytes;
        self
    }

    /// Live script objects (entities, cameras and lights) a script may have at once; creating
    /// one more throws a `RangeError`. Default: 100,000.
    pub fn with_max_script_objects(mut self, objects: usize) -> Self {
        self.max_script_objects = objects;
        self
    }

    /// How much CPU time the script may use in one worker frame (callbacks, `update` and
    /// promise jobs) or while starting (module and `start()`). Time the worker spends waiting
    /// for the main thread, or not scheduled by the OS, does not count. A script still running
    /// at the deadline is stopped, reported with where it was, and restarted in a fresh
    /// context (a script that runs away while starting stays stopped until a
    /// [`RestartScript`]). Default: 250 ms.
    pub fn with_frame_time_budget(mut self, budget: Duration) -> Self {
        self.frame_budget = budget;
        self
    }

    /// See [`JsScriptingSettings::max_commands_per_frame`].
    pub fn with_max_commands_per_frame(mut self, commands: usize) -> Self {
        self.settings.max_commands_per_frame = commands.max(1);
        self
    }

    /// See [`JsScriptingSettings::interpolation`] (it can also be changed while the game
    /// runs).
    pub fn with_interpolation(mut self, on: bool) -> Self {
        self.settings.interpolation = on;
        self
    }

    /// See [`JsScriptingSettings::shutdown_timeout`].
    pub fn with_shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.settings.shutdown_timeout = timeout;
        self
    }

    /// Installs test and benchmark JS globals: `__panicInNativeCode()` (panics in native code on
    /// the worker), `__benchNative4(id, x, y, z)` (a bare native call), `__benchReadChanges(id,
    /// changes)` (`entity.update`'s argument reading alone) and `__benchClock()`
    /// (seconds, high resolution). For the crate's own tests and benchmarks; never enable it in
    /// a game.
    #[doc(hidden)]
    pub fn with_test_hooks(mut self) -> Self {
        self.test_hooks = true;
        self
    }

    /// The script path as given to [`new`](Self::new) (`None` from
    /// [`without_script`](Self::without_script)).
    pub fn script(&self) -> Option<&Path> {
        self.script.as_deref()
    }
}

/// The first worker's script, spawned as a [`ScriptWorker`] at startup.
#[derive(Resource)]
struct FirstScript(PathBuf);

impl Plugin for JsScriptingPlugin {
    fn build(&self, app: &mut App) {
        if let Err(message) = self.exposed.validate() {
            panic!("{message}");
        }
        if let Err(message) = check_verb_names(&self.verbs) {
            panic!("{message}");
        }
        let mut table = VerbTable::default();
        let mut system_verbs = SystemVerbs::default();
        for verb in &self.verbs {
            (verb.register)(app);
            match &verb.code {
                VerbCode::System(make) => {
                    table.push(verb.signature.clone(), None);
                    system_verbs.verbs.push(Some(make()));
                }
                VerbCode::Function(function) => {
                    table.push(verb.signature.clone(), Some(Arc::clone(function)));
                    system_verbs.verbs.push(None);
                }
            }
        }
        let table = Arc::new(table);
        app.insert_resource(system_verbs);
        if let Some(path) = &self.typings {
            app.insert_resource(TypingsFile {
                path: path.clone(),
                exposed: self.exposed.clone(),
                verbs: table.signatures.clone(),
            })
            .add_systems(Startup, write_typings);
        }
        app.register_type::<ScriptVisible>()
            .init_resource::<ScriptEntities>();
        for (index, ty) in self.exposed.components.iter().enumerate() {
            (ty.register)(app);
            (ty.fns.add_publisher)(app, index as TypeIndex);
        }
        for (index, ty) in self.exposed.resources.iter().enumerate() {
            (ty.register)(app);
            (ty.fns.add_publisher)(app, index as TypeIndex);
        }
        let assets = app
            .get_added_plugins::<AssetPlugin>()
            .first()
            .map_or_else(|| "assets".to_owned(), |plugin| plugin.file_path.clone());
        let asset_root = bevy::asset::io::file::FileAssetReader::get_base_path().join(assets);
        app.insert_resource(ScriptWatches::new(&asset_root));
        if let Some(script) = &self.script {
            app.insert_resource(FirstScript(script.clone()));
        }
        app.insert_resource(self.settings.clone())
            .insert_resource(JsWorkerMetrics {
                engine: self.engine,
                ..default()
            })
            .init_resource::<ScriptWorkers>()
            .insert_resource(WorkerDefaults {
                engine: self.engine,
                config: WorkerConfig {
                    memory_limit: self.memory_limit,
                    // An absolute script path stays as it is when joined to the asset root
                    // (joining an absolute path replaces).
                    entry: PathBuf::new(),
                    stack_size: self.worker_stack_size,
                    max_objects: self.max_script_objects,
                    test_hooks: self.test_hooks,
                    frame_budget: self.frame_budget,
                    asset_root,
                },
                ring_capacity: self.ring_capacity,
                transform_capacity: self.transform_capacity,
                callback_capacity: self.callback_capacity,
                exposed: self.exposed.clone(),
                verbs: table,
            })
            .configure_sets(
                PreUpdate,
                (
                    JsScriptingSystems::SyncExternal,
                    JsScriptingSystems::ApplyCommands,
                    JsScriptingSystems::Interpolate,
                    JsScriptingSystems::PublishWorld,
                    JsScriptingSystems::SwapAndTrigger,
                )
                    .chain(),
            )
            .add_systems(Startup, (spawn_first_worker, manage_workers).chain())
            .add_observer(on_scene_ready)
            .add_systems(
                PreUpdate,
                (
                    (
                        manage_workers,
                        track_visible,
                        sync_external_transforms.run_if(external_sync_due),
                    )
                        .chain()
                        .in_set(JsScriptingSystems::SyncExternal),
                    publish_hierarchy.in_set(JsScriptingSystems::PublishWorld),
                    interpolate_transforms.in_set(JsScriptingSystems::Interpolate),
                    apply_commands.in_set(JsScriptingSystems::ApplyCommands),
                    (
                        send_ui_interactions,
                        forward_events,
                        forward_calls,
                        crate::systems::forward_evals,
                        swap_and_trigger,
                    )
                        .chain()
                        .in_set(JsScriptingSystems::SwapAndTrigger),
                ),
            )
            // Clicks and hovers as Bevy's UI focus saw them this frame (when the app has UI).
            .configure_sets(
                PreUpdate,
                JsScriptingSystems::SwapAndTrigger.after(bevy::ui::UiSystems::Focus),
            )
            // Layouts as Bevy's UI just computed them, published at the next swap.
            .add_systems(
                PostUpdate,
                publish_ui_layout.after(bevy::ui::UiSystems::PostLayout),
            )
            // The input snapshot reads this frame's keyboard and mouse state.
            .configure_sets(
                PreUpdate,
                JsScriptingSystems::SwapAndTrigger.after(bevy::input::InputSystems),
            )
            .add_message::<JsEvent>()
            .add_message::<ScriptEvent>()
            .add_message::<RestartScript>()
            .add_message::<CallScript>()
            .add_message::<ScriptCallResult>()
            .add_message::<crate::core::console::EvalScript>()
            .add_message::<crate::core::console::ScriptEvalResult>()
            .add_systems(Update, restart_on_request)
            .add_systems(Last, stop_on_exit)
            .add_plugins(JsDiagnosticsPlugin);
        // Script sounds: whether each is heard and which ended, as Bevy's audio left them in
        // the last `PostUpdate`, published at this frame's swap.
        #[cfg(feature = "audio")]
        app.init_resource::<crate::systems::EndedSounds>()
            .add_observer(crate::systems::on_sound_removed)
            .add_systems(
                PreUpdate,
                crate::systems::track_sounds
                    .in_set(JsScriptingSystems::SwapAndTrigger)
                    .before(swap_and_trigger),
            );
    }

    fn finish(&self, app: &mut App) {
        // Headless apps (MinimalPlugins + AssetPlugin) have no render plugins to register
        // these; the plugin only needs their storage.
        if app.world().contains_resource::<AssetServer>() {
            app.init_asset::<JsScript>()
                .register_asset_loader(JsScriptLoader)
                .add_systems(
                    PreUpdate,
                    (watch_module_files, reload_on_change)
                        .chain()
                        .in_set(JsScriptingSystems::SwapAndTrigger)
                        .before(swap_and_trigger),
                );
            if !app.world().contains_resource::<Assets<Mesh>>() {
                app.init_asset::<Mesh>();
            }
            if !app.world().contains_resource::<Assets<StandardMaterial>>() {
                app.init_asset::<StandardMaterial>();
            }
        }
    }
}

/// Spawns the plugin's own script as the first [`ScriptWorker`].
fn spawn_first_worker(mut commands: Commands, first: Option<Res<FirstScript>>) {
    if let Some(first) = first {
        let name = Name::new(format!("script worker {}", first.0.display()));
        commands.spawn((ScriptWorker::new(first.0.clone()), name));
        commands.remove_resource::<FirstScript>();
    }
}

/// Names that `game` cannot take: what every object inherits from `Object.prototype`.
const RESERVED_VERB_NAMES: &[&str] = &[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// Checks that verb names are identifiers, not inherited names, unique, and not too many.
fn check_verb_names(verbs: &[ExposedVerb]) -> Result<(), String> {
    if verbs.len() > MAX_VERBS {
        return Err(format!(
            "JsScriptingPlugin: {} verbs are exposed; at most {MAX_VERBS} can be",
            verbs.len()
        ));
    }
    for (index, verb) in verbs.iter().enumerate() {
        let name = &verb.signature.name;
        let mut chars = name.chars();
        let identifier = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        if !identifier || RESERVED_VERB_NAMES.contains(&name.as_str()) {
            return Err(format!(
                "JsScriptingPlugin: the verb name `{name}` ({}) cannot be used: scripts call \
                 verbs as `game.<name>`, so a name must be a JavaScript identifier (letters, \
                 digits, `_`, `$`, not starting with a digit) that objects do not inherit",
                verb.rust_name
            ));
        }
        if let Some(other) = verbs[..index]
            .iter()
            .find(|other| &other.signature.name == name)
        {
            return Err(format!(
                "JsScriptingPlugin: two verbs are named `{name}`: `{}` and `{}`; rename one of \
                 them",
                other.rust_name, verb.rust_name
            ));
        }
    }
    Ok(())
}

/// What [`write_typings`] writes, and where.
#[derive(Resource)]
struct TypingsFile {
    path: PathBuf,
    exposed: ExposedTypes,
    verbs: Vec<VerbSignature>,
}

/// Writes the app's TypeScript declarations (`with_typings`), if they changed.
fn write_typings(
    file: Res<TypingsFile>,
    registry: Res<AppTypeRegistry>,
    defaults: Res<WorkerDefaults>,
) {
    let declarations = {
        let registry = registry.read();
        crate::typings::declarations(&registry, &file.exposed, &file.verbs)
    };
    let path = defaults.config.asset_root.join(&file.path);
    match crate::typings::write_if_changed(&path, &declarations) {
        Ok(true) => info!(
            "wrote the app's TypeScript declarations to {}",
            path.display()
        ),
        Ok(false) => {}
        Err(error) => warn!(
            "cannot write the app's TypeScript declarations to {}: {error}",
            path.display()
        ),
    }
}
