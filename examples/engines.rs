//! Runs the same JavaScript workloads (`benches/scripts/workloads.js`: recursion, allocation,
//! strings, sorting, JSON, vector math, regular expressions, and cannon-es physics if it is
//! installed) on every engine of this build, and on Node if it is on the `PATH` (a JIT, for
//! reference), in one run. Prints a markdown table and a final `ENGINES {json}` line.
//!
//! ```text
//! npm install --prefix benches/scripts --no-save --no-package-lock cannon-es@0.20.0  # optional
//! cargo run --release --example engines
//! ```

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::{Map, Value, json};

fn workloads() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/scripts/workloads.js")
}

#[derive(Resource, Default)]
struct Report(Option<Value>);

fn keep(mut events: MessageReader<ScriptEvent>, mut report: ResMut<Report>) {
    for event in events.read() {
        if event.name == "workloads" {
            report.0 = Some(event.payload.clone());
        }
    }
}

/// The workloads' median times on `engine`, in milliseconds.
fn run_engine(engine: JsEngine) -> Result<Value, String> {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        JsScriptingPlugin::new(workloads())
            .with_engine(engine)
            .with_frame_time_budget(Duration::from_secs(600)),
    ))
    .init_resource::<Report>()
    .add_systems(Update, keep);
    app.finish();
    app.cleanup();
    let started = Instant::now();
    loop {
        app.update();
        if let Some(report) = app.world_mut().resource_mut::<Report>().0.take() {
            return Ok(report);
        }
        let metrics = app.world().resource::<JsWorkerMetrics>();
        if let Some(error) = &metrics.last_error {
            return Err(format!("{engine}: {error}"));
        }
        if started.elapsed() > Duration::from_secs(900) {
            return Err(format!("{engine}: no result after 15 minutes"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The same on Node, if it is installed.
fn run_node() -> Option<Value> {
    let runner = format!(
        "globalThis.emit = (name, value) => console.log(JSON.stringify(value)); \
         const m = await import({:?}); await m.start();",
        workloads().display().to_string()
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &runner])
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("node failed: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    serde_json::from_slice(&output.stdout).ok()
}

fn main() -> AppExit {
    let mut columns: Vec<(String, Value)> = Vec::new();
    for &engine in JsEngine::ALL {
        eprintln!("running the workloads on {engine}");
        match run_engine(engine) {
            Ok(report) => columns.push((engine.name().to_owned(), report)),
            Err(problem) => {
                eprintln!("{problem}");
                return AppExit::error();
            }
        }
    }
    if let Some(report) = run_node() {
        columns.push(("node".to_owned(), report));
    } else {
        eprintln!("node is not on the PATH: no JIT reference column");
    }
    let names: Vec<String> = columns[0]
        .1
        .as_object()
        .map(|workloads| workloads.keys().cloned().collect())
        .unwrap_or_default();
    let ms = |column: &Value, name: &str| column[name]["ms"].as_f64();
    println!(
        "| workload | {} | QuickJS speedup over Boa |",
        columns
            .iter()
            .map(|(engine, _)| format!("{engine} (ms)"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}---|", "---|".repeat(columns.len()));
    let mut summary = Map::new();
    for name in &names {
        let cells: Vec<String> = columns
            .iter()
            .map(
                |(_, column)| match (ms(column, name), column[name]["ok"].as_bool()) {
                    (Some(ms), Some(true)) => format!("{ms:.1}"),
                    (Some(ms), _) => format!("{ms:.1} (wrong result)"),
                    _ => "—".to_owned(),
                },
            )
            .collect();
        let speedup = match (
            ms(&columns[0].1, name),
            columns.get(1).and_then(|c| ms(&c.1, name)),
        ) {
            (Some(boa), Some(quickjs)) if quickjs > 0.0 => Some(boa / quickjs),
            _ => None,
        };
        println!(
            "| {name} | {} | {} |",
            cells.join(" | "),
            speedup.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}×"))
        );
        let mut row = Map::new();
        for (engine, column) in &columns {
            row.insert(engine.clone(), json!(ms(column, name)));
        }
        summary.insert(name.clone(), Value::Object(row));
    }
    println!("\nENGINES {}", Value::Object(summary));
    AppExit::Success
}
