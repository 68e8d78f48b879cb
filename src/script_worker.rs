//! [`ScriptWorker`]: one script on its own worker thread, as a component.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;

use crate::core::metrics::JsWorkerMetrics;
use crate::core::runtime::JsEngine;

/// A JavaScript script running on a worker thread of its own.
///
/// Spawn it to start another script; despawn it (or remove the component) to stop and join the
/// thread and despawn every object the script created. Each worker has its own JS context,
/// rings, state buffers, time budget, restarts, hot reload and [`ScriptWorkerMetrics`]: one
/// script's errors, runaways and floods never stall or break another. Ids are unique across
/// workers, and an entity with [`ScriptVisible`](crate::ScriptVisible) has the same id for
/// every worker (script-created primitives and scenes are visible too, so other workers can
/// read and move them).
///
/// The script given to [`JsScriptingPlugin::new`](crate::JsScriptingPlugin::new) is the first
/// worker, spawned at startup; a plugin made with
/// [`JsScriptingPlugin::without_script`](crate::JsScriptingPlugin::without_script) starts
/// none. Settings left unset here come from the plugin (`with_engine`, `with_memory_limit`,
/// `with_frame_time_budget`, ring capacities, ...).
///
/// ```no_run
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn start_ai(mut commands: Commands) {
///     commands.spawn(ScriptWorker::new("scripts/ai.js").with_engine(JsEngine::QuickJs));
/// }
///
/// App::new()
///     .add_plugins((DefaultPlugins, JsScriptingPlugin::new("scripts/level.js")))
///     .add_systems(Startup, start_ai)
///     .run();
/// ```
#[derive(Component, Debug, Clone, PartialEq)]
#[require(ScriptWorkerMetrics)]
pub struct ScriptWorker {
    script: PathBuf,
    pub(crate) engine: Option<JsEngine>,
    pub(crate) frame_budget: Option<Duration>,
    pub(crate) memory_limit: Option<usize>,
}

impl ScriptWorker {
    /// Runs `script`: a path relative to the asset folder, or an absolute path; its folder is
    /// its module root, as for [`JsScriptingPlugin::new`](crate::JsScriptingPlugin::new).
    pub fn new(script: impl Into<PathBuf>) -> Self {
        Self {
            script: script.into(),
            engine: None,
            frame_budget: None,
            memory_limit: None,
        }
    }

    /// The engine of this worker, instead of the plugin's.
    pub fn with_engine(mut self, engine: JsEngine) -> Self {
        self.engine = Some(engine);
        self
    }

    /// The CPU time this worker's script may use per frame, instead of the plugin's (see
    /// [`JsScriptingPlugin::with_frame_time_budget`](crate::JsScriptingPlugin::with_frame_time_budget)).
    pub fn with_frame_time_budget(mut self, budget: Duration) -> Self {
        self.frame_budget = Some(budget);
        self
    }

    /// The heap cap of this worker's script, instead of the plugin's (QuickJS only).
    pub fn with_memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = Some(bytes);
        self
    }

    /// The script path as given to [`new`](Self::new).
    pub fn script(&self) -> &Path {
        &self.script
    }
}

/// The health counters of one [`ScriptWorker`], on its entity, refreshed every frame in
/// [`PreUpdate`]. The [`JsWorkerMetrics`] resource holds the totals over all workers.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn log_workers(workers: Query<(&ScriptWorker, &ScriptWorkerMetrics)>) {
///     for (worker, metrics) in &workers {
///         info!("{}: {} frames", worker.script().display(), metrics.worker_frames);
///     }
/// }
/// ```
#[derive(Component, Debug, Clone, Default, Deref, DerefMut)]
pub struct ScriptWorkerMetrics(pub JsWorkerMetrics);
