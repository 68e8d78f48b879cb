//! Hot reload: scripts are Bevy assets, and a change to one reloads the script.
//!
//! The worker reports the module files the script loaded (the entry and everything it
//! imports); the main thread loads each of them as a [`JsScript`] asset. With Bevy's
//! `file_watcher` feature (this crate's `file_watcher` feature turns it on), the asset server
//! reloads a file when it is saved and sends [`AssetEvent::Modified`]; the plugin then asks the
//! worker to reload the script before its next frame. See the README's "Hot reload" section
//! for what happens to the script's state and objects.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use bevy::asset::{AssetEvent, AssetServer, Handle};
use bevy::platform::collections::{HashMap, HashSet};
use bevy::prelude::*;

use super::workers::ScriptWorkers;
use crate::core::bridge::WorkerShared;
use crate::core::script_asset::JsScript;

/// The script files the plugin watches, per worker.
#[derive(Resource, Debug)]
pub(crate) struct ScriptWatches {
    /// The asset folder.
    asset_root: PathBuf,
    by_worker: HashMap<Entity, ScriptWatch>,
}

impl ScriptWatches {
    pub fn new(asset_root: &Path) -> Self {
        Self {
            asset_root: asset_root.to_path_buf(),
            by_worker: HashMap::default(),
        }
    }
}

/// The files one worker's script loaded.
#[derive(Debug)]
struct ScriptWatch {
    /// The asset folder, canonical; only files inside it can be watched.
    root: Option<PathBuf>,
    /// The entry script, for the message about scripts outside the asset folder.
    entry: PathBuf,
    handles: HashMap<AssetId<JsScript>, Handle<JsScript>>,
    paths: HashSet<PathBuf>,
    generation: u64,
    warned_outside: bool,
}

impl ScriptWatch {
    pub fn new(asset_root: &Path, entry: &Path) -> Self {
        Self {
            root: asset_root.canonicalize().ok(),
            entry: entry.to_path_buf(),
            handles: HashMap::default(),
            paths: HashSet::default(),
            generation: 0,
            warned_outside: false,
        }
    }

    /// The asset path of `file`, if it is inside the asset folder.
    fn asset_path(&self, file: &Path) -> Option<String> {
        let relative = file.strip_prefix(self.root.as_ref()?).ok()?;
        let parts: Vec<_> = relative
            .components()
            .map(|part| part.as_os_str().to_str())
            .collect::<Option<_>>()?;
        Some(parts.join("/"))
    }
}

/// Loads each worker's module files as assets, so that the asset server watches them.
pub(crate) fn watch_module_files(
    watches: Option<ResMut<ScriptWatches>>,
    workers: Option<Res<ScriptWorkers>>,
    server: Option<Res<AssetServer>>,
) {
    let (Some(mut watches), Some(workers), Some(server)) = (watches, workers, server) else {
        return;
    };
    let watches = &mut *watches;
    watches
        .by_worker
        .retain(|&worker, _| workers.bridges.iter().any(|b| b.entity == worker));
    for bridge in &workers.bridges {
        let watch = watches
            .by_worker
            .entry(bridge.entity)
            .or_insert_with(|| ScriptWatch::new(&watches.asset_root, &bridge.entry));
        watch_files(watch, &bridge.shared, &server);
    }
}

fn watch_files(watch: &mut ScriptWatch, shared: &WorkerShared, server: &AssetServer) {
    let generation = shared.module_files_generation.load(Ordering::Acquire);
    if generation == watch.generation {
        return;
    }
    let Ok(files) = shared.module_files.try_lock().map(|files| files.clone()) else {
        return;
    };
    watch.generation = generation;
    for file in files {
        if watch.paths.contains(&file) {
            continue;
        }
        match watch.asset_path(&file) {
            Some(path) => {
                let handle: Handle<JsScript> = server.load(path);
                watch.handles.insert(handle.id(), handle);
                watch.paths.insert(file);
            }
            None if !watch.warned_outside => {
                watch.warned_outside = true;
                info!(
                    "{} is outside the asset folder, so it is not hot-reloaded; give \
                     JsScriptingPlugin a path relative to the asset folder to reload on save",
                    watch.entry.display()
                );
            }
            None => {}
        }
    }
}

/// Asks a worker to reload its script when one of its files changed (a file two scripts
/// import reloads both).
pub(crate) fn reload_on_change(
    mut events: MessageReader<AssetEvent<JsScript>>,
    watches: Option<Res<ScriptWatches>>,
    workers: Option<Res<ScriptWorkers>>,
) {
    let (Some(watches), Some(workers)) = (watches, workers) else {
        events.clear();
        return;
    };
    let modified: Vec<AssetId<JsScript>> = events
        .read()
        .filter_map(|event| match event {
            AssetEvent::Modified { id } => Some(*id),
            _ => None,
        })
        .collect();
    if modified.is_empty() {
        return;
    }
    for bridge in &workers.bridges {
        let Some(watch) = watches.by_worker.get(&bridge.entity) else {
            continue;
        };
        if modified.iter().any(|id| watch.handles.contains_key(id)) {
            info!(target: "js", "a script file changed: reloading {}", bridge.spec.script().display());
            bridge
                .shared
                .reload_requested
                .store(true, Ordering::Release);
        }
    }
}
