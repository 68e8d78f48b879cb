//! The in-game egui overlay: the bridge's health at a glance (feature `overlay`).
//!
//! It reads the same [`JsWorkerMetrics`] and `js/` diagnostics that tools see. While hidden its
//! systems do not run. Its Console panel ([`console`]) evaluates code inside a running script;
//! only while its text field has focus does it read the keyboard (input absorption stays off,
//! so the game still sees the keys typed there).

mod console;

use bevy::diagnostic::{DiagnosticPath, DiagnosticsStore};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use crate::core::metrics::JsWorkerMetrics;
use crate::core::state_buffer::StateBufferMetrics;
use crate::diagnostics::{JsDiagnostics, latest};
use crate::script_worker::{ScriptWorker, ScriptWorkerMetrics};
use crate::settings::{JsScriptingSettings, RestartScript};

/// Shows the JS worker overlay. Add it next to [`JsScriptingPlugin`](crate::JsScriptingPlugin);
/// it adds `EguiPlugin` if the app does not have it yet.
#[derive(Debug, Clone)]
pub struct JsOverlayPlugin {
    /// The key that shows and hides the overlay. Default: F1.
    pub toggle_key: KeyCode,
    /// Whether the overlay is shown when the app starts. Default: `true`.
    pub visible: bool,
}

impl Default for JsOverlayPlugin {
    fn default() -> Self {
        Self {
            toggle_key: KeyCode::F1,
            visible: true,
        }
    }
}

impl JsOverlayPlugin {
    /// Uses `key` to show and hide the overlay.
    pub fn with_toggle_key(mut self, key: KeyCode) -> Self {
        self.toggle_key = key;
        self
    }

    /// Starts hidden (or shown).
    pub fn with_visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
}

/// The overlay's run-time settings.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct JsOverlaySettings {
    /// The key that shows and hides the overlay.
    pub toggle_key: KeyCode,
    /// Whether the overlay is shown.
    pub visible: bool,
}

impl Plugin for JsOverlayPlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<EguiPlugin>() {
            app.add_plugins(EguiPlugin::default());
        }
        app.insert_resource(JsOverlaySettings {
            toggle_key: self.toggle_key,
            visible: self.visible,
        })
        .init_resource::<console::ConsolePanel>()
        .add_systems(Update, (toggle_overlay, console::record_evaluations))
        .add_systems(
            EguiPrimaryContextPass,
            (draw_overlay, console::draw_console)
                .run_if(|settings: Res<JsOverlaySettings>| settings.visible),
        );
    }
}

fn toggle_overlay(keys: Res<ButtonInput<KeyCode>>, mut settings: ResMut<JsOverlaySettings>) {
    if keys.just_pressed(settings.toggle_key) {
        settings.visible = !settings.visible;
    }
}

/// Frame times from a diagnostic's history as plot points `[seconds ago, ms]`.
fn history(store: &DiagnosticsStore, path: &DiagnosticPath) -> Vec<[f64; 2]> {
    let Some(diagnostic) = store.get(path) else {
        return Vec::new();
    };
    let Some(last) = diagnostic.measurements().last().map(|m| m.time) else {
        return Vec::new();
    };
    diagnostic
        .measurements()
        .map(|m| [-(last - m.time).as_secs_f64(), m.value])
        .collect()
}

fn grid_row(ui: &mut egui::Ui, label: &str, value: String) {
    ui.label(label);
    ui.monospace(value);
    ui.end_row();
}

fn buffer_rows(ui: &mut egui::Ui, metrics: &StateBufferMetrics) {
    grid_row(ui, "swaps", metrics.swaps.to_string());
    grid_row(ui, "skipped swaps", metrics.skipped_swaps.to_string());
    grid_row(ui, "swap errors", metrics.swap_errors.to_string());
    grid_row(ui, "lock contention", metrics.lock_contention.to_string());
    grid_row(
        ui,
        "dirty (last swap)",
        metrics.last_dirty_count.to_string(),
    );
    grid_row(
        ui,
        "avg dirty ratio",
        format!("{:.1} %", metrics.average_dirty_ratio * 100.0),
    );
    grid_row(ui, "copies", metrics.copy_operations.to_string());
}

/// One row per worker: its script, engine, FPS, frames, skips, errors, restarts, objects.
fn worker_rows(
    ui: &mut egui::Ui,
    workers: &Query<(Entity, &ScriptWorker, &ScriptWorkerMetrics)>,
    store: &DiagnosticsStore,
) {
    let mut rows: Vec<_> = workers.iter().collect();
    rows.sort_by_key(|(entity, _, _)| *entity);
    egui::Grid::new("workers")
        .num_columns(7)
        .striped(true)
        .show(ui, |ui| {
            for header in [
                "script", "engine", "FPS", "frames", "skips", "errors", "objects",
            ] {
                ui.strong(header);
            }
            ui.end_row();
            for (entity, worker, metrics) in rows {
                let name = worker.script().file_name().map_or_else(
                    || worker.script().display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let fps = latest(store, &JsDiagnostics::of_worker(entity, "fps")).unwrap_or(0.0);
                ui.label(name);
                ui.label(metrics.engine.name());
                ui.monospace(format!("{fps:.1}"));
                ui.monospace(metrics.worker_frames.to_string());
                ui.monospace(metrics.frame_skips.to_string());
                let errors = format!(
                    "{} ({} restarts)",
                    metrics.js_errors, metrics.worker_restarts
                );
                if metrics.js_errors > 0 {
                    ui.colored_label(egui::Color32::from_rgb(255, 110, 110), errors);
                } else {
                    ui.monospace(errors);
                }
                ui.monospace(metrics.owned_objects.to_string());
                ui.end_row();
            }
        });
}

fn draw_overlay(
    mut contexts: EguiContexts,
    metrics: Res<JsWorkerMetrics>,
    workers: Query<(Entity, &ScriptWorker, &ScriptWorkerMetrics)>,
    store: Res<DiagnosticsStore>,
    mut settings: ResMut<JsScriptingSettings>,
    mut restart: MessageWriter<RestartScript>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let value = |path: &DiagnosticPath| latest(&store, path).unwrap_or(0.0);
    egui::Window::new("JS worker")
        .default_pos([8.0, 8.0])
        .default_width(300.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = if settings.paused { "Resume" } else { "Pause" };
                if ui.button(label).clicked() {
                    settings.paused = !settings.paused;
                }
                if ui.button("Restart script").clicked() {
                    restart.write(RestartScript);
                }
            });

            let title = if metrics.workers > 1 {
                format!("All {} workers", metrics.workers)
            } else {
                "Worker".to_owned()
            };
            egui::CollapsingHeader::new(title)
                .default_open(true)
                .show(ui, |ui| {
                    egui::Grid::new("worker").num_columns(2).show(ui, |ui| {
                        grid_row(ui, "engine", metrics.engine.name().to_owned());
                        grid_row(
                            ui,
                            "main frame",
                            format!("{:.2} ms", value(&JsDiagnostics::MAIN_FRAME_TIME)),
                        );
                        grid_row(
                            ui,
                            "worker frame",
                            format!("{:.2} ms", value(&JsDiagnostics::WORKER_FRAME_TIME)),
                        );
                        grid_row(
                            ui,
                            "worker FPS",
                            format!("{:.1}", value(&JsDiagnostics::WORKER_FPS)),
                        );
                        grid_row(
                            ui,
                            "frames main / worker",
                            format!("{} / {}", metrics.main_frames, metrics.worker_frames),
                        );
                        grid_row(
                            ui,
                            "frame skips",
                            format!(
                                "{} ({:.0} % last s)",
                                metrics.frame_skips,
                                value(&JsDiagnostics::FRAME_SKIP_SHARE) * 100.0
                            ),
                        );
                        grid_row(ui, "restarts", metrics.worker_restarts.to_string());
                        if settings.interpolation {
                            grid_row(ui, "interpolating", metrics.interpolating.to_string());
                        }
                        grid_row(
                            ui,
                            "objects",
                            format!(
                                "{} entities, {} cameras, {} lights",
                                metrics.live_entities, metrics.live_cameras, metrics.live_lights
                            ),
                        );
                        grid_row(
                            ui,
                            "UI, sound",
                            format!(
                                "{} UI nodes, {} sounds ({} playing)",
                                metrics.live_ui_nodes, metrics.live_sounds, metrics.sounds_playing
                            ),
                        );
                        grid_row(
                            ui,
                            "world",
                            format!(
                                "{} visible, {} patches, {} published, {} stale",
                                metrics.visible_entities,
                                metrics.patches_applied,
                                metrics.components_published,
                                metrics.stale_commands
                            ),
                        );
                        grid_row(
                            ui,
                            "verbs",
                            format!(
                                "{} calls, {} rejections, {} pending; {} calls from Rust answered",
                                metrics.verb_calls,
                                metrics.verb_rejections,
                                metrics.verbs_pending,
                                metrics.script_calls_answered
                            ),
                        );
                    });
                    let main = history(&store, &JsDiagnostics::MAIN_FRAME_TIME);
                    let worker = history(&store, &JsDiagnostics::WORKER_FRAME_TIME);
                    Plot::new("frame times")
                        .height(110.0)
                        .legend(Legend::default())
                        .include_y(0.0)
                        .allow_drag(false)
                        .allow_zoom(false)
                        .allow_scroll(false)
                        .show(ui, |plot| {
                            plot.line(Line::new("main ms", PlotPoints::from(main)));
                            plot.line(Line::new("worker ms", PlotPoints::from(worker)));
                        });
                });

            if !workers.is_empty() {
                egui::CollapsingHeader::new(format!("Workers ({})", workers.iter().len()))
                    .default_open(true)
                    .show(ui, |ui| worker_rows(ui, &workers, &store));
            }

            egui::CollapsingHeader::new("State buffers")
                .default_open(true)
                .show(ui, |ui| {
                    ui.columns(2, |columns| {
                        columns[0].strong("entities");
                        egui::Grid::new("entity buffer").show(&mut columns[0], |ui| {
                            buffer_rows(ui, &metrics.entity_buffer);
                        });
                        columns[1].strong("cameras");
                        egui::Grid::new("camera buffer").show(&mut columns[1], |ui| {
                            buffer_rows(ui, &metrics.camera_buffer);
                        });
                    });
                });

            egui::CollapsingHeader::new("Rings")
                .default_open(true)
                .show(ui, |ui| {
                    egui::Grid::new("rings").num_columns(2).show(ui, |ui| {
                        grid_row(
                            ui,
                            "commands applied",
                            format!(
                                "{} (last frame {})",
                                metrics.commands_applied, metrics.commands_applied_last_frame
                            ),
                        );
                        grid_row(
                            ui,
                            "command ring",
                            format!(
                                "{} / {} ({:.0} %)",
                                metrics.command_backlog,
                                metrics.command_ring_capacity,
                                value(&JsDiagnostics::COMMAND_RING_FILL) * 100.0
                            ),
                        );
                        grid_row(
                            ui,
                            "ring full waits",
                            metrics.command_ring_full_waits.to_string(),
                        );
                        grid_row(
                            ui,
                            "callbacks",
                            format!(
                                "{} sent, {} in ring, {} queued",
                                metrics.callbacks_sent,
                                metrics.callbacks_in_ring,
                                metrics.callback_backlog
                            ),
                        );
                    });
                });

            egui::CollapsingHeader::new(format!("Errors ({})", metrics.js_errors))
                .default_open(true)
                .show(ui, |ui| match &metrics.last_error {
                    None => {
                        ui.label("no errors");
                    }
                    Some(error) => {
                        ui.colored_label(egui::Color32::from_rgb(255, 110, 110), &error.message);
                        if let Some(location) = &error.location {
                            ui.monospace(location.to_string());
                        }
                        ui.label(format!("in {}", error.phase));
                        if !error.stack.is_empty() {
                            egui::CollapsingHeader::new("stack").show(ui, |ui| {
                                ui.monospace(&error.stack);
                            });
                        }
                    }
                });
        });
    Ok(())
}
