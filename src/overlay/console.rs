//! The overlay's Console panel: pick a worker, type JavaScript, Enter evaluates it inside that
//! worker's running module scope ([`EvalScript`]); the answers come back as
//! [`ScriptEvalResult`]s, errors in red; Up and Down walk the history; the worker's
//! `console.*` lines show above.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::core::calls::CallId;
use crate::core::console::{EvalScript, ScriptEvalResult};
use crate::script_worker::ScriptWorker;
use crate::systems::ScriptConsoles;

/// How many evaluations the panel keeps.
const MAX_ENTRIES: usize = 200;

const ERROR_RED: egui::Color32 = egui::Color32::from_rgb(255, 110, 110);
const WARN_YELLOW: egui::Color32 = egui::Color32::from_rgb(240, 200, 90);

/// One evaluation: what was typed (or sent), and its answer once it came.
#[derive(Debug, Clone)]
struct Entry {
    id: CallId,
    worker: Entity,
    source: String,
    result: Option<Result<String, String>>,
}

/// The Console panel's state: the worker it talks to, the line being typed, the history and
/// the evaluations with their answers. Every [`EvalScript`] the app sends shows here, not only
/// the panel's own.
#[derive(Resource, Debug, Default)]
pub(crate) struct ConsolePanel {
    worker: Option<Entity>,
    input: String,
    history: Vec<String>,
    /// Where Up/Down is in `history` (`None`: a new line).
    browsing: Option<usize>,
    entries: Vec<Entry>,
}

/// Records every evaluation sent and every answer that came.
pub(crate) fn record_evaluations(
    mut panel: ResMut<ConsolePanel>,
    mut sent: MessageReader<EvalScript>,
    mut answers: MessageReader<ScriptEvalResult>,
) {
    for eval in sent.read() {
        panel.entries.push(Entry {
            id: eval.id,
            worker: eval.worker,
            source: eval.source.clone(),
            result: None,
        });
    }
    let excess = panel.entries.len().saturating_sub(MAX_ENTRIES);
    panel.entries.drain(..excess);
    for answer in answers.read() {
        if let Some(entry) = panel
            .entries
            .iter_mut()
            .find(|entry| entry.id == answer.id && entry.worker == answer.worker)
        {
            entry.result = Some(answer.result.clone());
        }
    }
}

/// Draws the panel.
pub(crate) fn draw_console(
    mut contexts: EguiContexts,
    mut panel: ResMut<ConsolePanel>,
    workers: Query<(Entity, &ScriptWorker)>,
    consoles: ScriptConsoles,
    mut evals: MessageWriter<EvalScript>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut choices: Vec<(Entity, String)> = workers
        .iter()
        .map(|(entity, worker)| {
            let name = worker.script().file_name().map_or_else(
                || worker.script().display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            (entity, name)
        })
        .collect();
    choices.sort_by_key(|(entity, _)| *entity);
    if panel
        .worker
        .is_none_or(|worker| !choices.iter().any(|(entity, _)| *entity == worker))
    {
        panel.worker = choices.first().map(|(entity, _)| *entity);
    }
    let panel = &mut *panel;
    // At the top right, clear of the metrics window at the top left.
    let right = ctx.content_rect().right();
    egui::Window::new("Console")
        .default_pos([(right - 480.0).max(330.0), 8.0])
        .default_width(460.0)
        .show(ctx, |ui| {
            let selected = choices
                .iter()
                .find(|(entity, _)| Some(*entity) == panel.worker)
                .map_or("no worker", |(_, name)| name.as_str());
            egui::ComboBox::from_label("worker")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for (entity, name) in &choices {
                        ui.selectable_value(&mut panel.worker, Some(*entity), name);
                    }
                });
            let Some(worker) = panel.worker else {
                ui.label("no script worker runs");
                return;
            };
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .stick_to_bottom(true)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(log) = consoles.log(worker) {
                        for line in log.lines() {
                            let text = egui::RichText::new(&line.text).monospace();
                            match line.level {
                                "error" => ui.label(text.color(ERROR_RED)),
                                "warn" => ui.label(text.color(WARN_YELLOW)),
                                _ => ui.label(text.weak()),
                            };
                        }
                    }
                    for entry in panel.entries.iter().filter(|entry| entry.worker == worker) {
                        ui.label(egui::RichText::new(format!("> {}", entry.source)).monospace());
                        match &entry.result {
                            None => ui.label(egui::RichText::new("…").monospace().weak()),
                            Some(Ok(text)) => {
                                ui.label(egui::RichText::new(format!("=> {text}")).monospace())
                            }
                            Some(Err(error)) => ui.label(
                                egui::RichText::new(format!("!! {error}"))
                                    .monospace()
                                    .color(ERROR_RED),
                            ),
                        };
                    }
                });
            let input = ui.add(
                egui::TextEdit::singleline(&mut panel.input)
                    .font(egui::TextStyle::Monospace)
                    .hint_text("JavaScript, Enter evaluates it in the script")
                    .desired_width(f32::INFINITY),
            );
            if input.has_focus() {
                let (up, down) = ui.input(|input| {
                    (
                        input.key_pressed(egui::Key::ArrowUp),
                        input.key_pressed(egui::Key::ArrowDown),
                    )
                });
                browse(panel, up, down);
            }
            if input.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter)) {
                let source = std::mem::take(&mut panel.input);
                if !source.trim().is_empty() {
                    if panel.history.last() != Some(&source) {
                        panel.history.push(source.clone());
                    }
                    evals.write(EvalScript::new(worker, source));
                }
                panel.browsing = None;
                input.request_focus();
            }
        });
    Ok(())
}

/// Up: the previous line of the history; Down: the next one, then an empty line.
fn browse(panel: &mut ConsolePanel, up: bool, down: bool) {
    if panel.history.is_empty() || up == down {
        return;
    }
    let last = panel.history.len() - 1;
    panel.browsing = match (panel.browsing, up) {
        (None, true) => Some(last),
        (Some(at), true) => Some(at.saturating_sub(1)),
        (Some(at), false) if at < last => Some(at + 1),
        _ => None,
    };
    panel.input = panel
        .browsing
        .and_then(|at| panel.history.get(at).cloned())
        .unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_walk_the_history() {
        let mut panel = ConsolePanel {
            history: vec!["a".into(), "b".into()],
            ..default()
        };
        browse(&mut panel, true, false);
        assert_eq!(panel.input, "b");
        browse(&mut panel, true, false);
        assert_eq!(panel.input, "a");
        browse(&mut panel, true, false);
        assert_eq!(panel.input, "a");
        browse(&mut panel, false, true);
        assert_eq!(panel.input, "b");
        browse(&mut panel, false, true);
        assert_eq!(panel.input, "");
        assert_eq!(panel.browsing, None);
    }
}
