//! `.ts` scripts loaded directly (feature `typescript`): every TypeScript syntax with runtime
//! meaning, imports across `.ts` and `.js`, errors at TypeScript lines and columns, syntax
//! errors and decorators refused at load with their location, and hot reload of a `.ts` file.

use std::path::Path;

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::{JsScript, ScriptError, ScriptPhase};
use serde_json::{Value, json};

use crate::common::{self, collect_events, emitted, run_until, wait_for_event};

fn ts_app(name: &str) -> App {
    let mut app = common::app(&format!("ts/{name}"));
    collect_events(&mut app);
    app
}

fn every_typescript_syntax_loads_and_runs() {
    let mut app = ts_app("main.ts");
    let results = wait_for_event(&mut app, "ts");
    common::assert_no_script_errors(&app);
    assert_eq!(
        results,
        json!({
            "color": "green",
            "red": "red",
            "flags": 3,
            "doubled": 2,
            "first": "x",
            "area": "square: 9",
            "pick": "p2",
            "score": 3,
            "pair": "a",
            "label": "nine",
            "plain": "HI (via js)",
        })
    );
}

/// The last error, once there is one.
fn wait_for_error(app: &mut App) -> ScriptError {
    run_until(app, "a script error", |app| {
        common::metrics(app).last_error.is_some()
    });
    common::metrics(app).last_error.expect("an error")
}

fn errors_point_at_typescript_lines() {
    let mut app = ts_app("errors.ts");
    assert_eq!(wait_for_event(&mut app, "total"), json!({ "value": 10 }));
    app.world_mut()
        .write_message(JsEvent::new("fail", Value::Null));
    let error = wait_for_error(&mut app);
    assert!(error.message.contains("boom at level High"), "{error}");
    let location = error.location.clone().expect("a location");
    assert!(location.file.ends_with("errors.ts"), "{location}");
    // `throw new Error(...)` is on TypeScript line 41 (columns 3 to 55); the generated
    // JavaScript has it elsewhere (the types and the enum above moved it). Each engine puts
    // the error at its own point of the statement.
    assert_eq!(location.line, 41, "{error}\n{}", error.stack);
    assert!(
        (3..=55).contains(&location.column),
        "{error}\n{}",
        error.stack
    );
    assert!(error.stack.contains("errors.ts:41:"), "{}", error.stack);
    // The handler that called it, on line 45.
    assert!(error.stack.contains("errors.ts:45:"), "{}", error.stack);
}

fn a_syntax_error_is_a_load_error_at_its_typescript_position() {
    let mut app = ts_app("syntax_error.ts");
    let error = wait_for_error(&mut app);
    assert_eq!(error.phase, ScriptPhase::Load, "{error}");
    assert!(error.message.starts_with("SyntaxError"), "{error}");
    let location = error
        .location
        .clone()
        .or_else(|| {
            // Some engines keep the position in the message only.
            let (_, rest) = error.message.rsplit_once("syntax_error.ts:")?;
            let (line, column) = rest.split_once(':')?;
            Some(bevy_js_worker::SourceLocation {
                file: "syntax_error.ts".into(),
                line: line.parse().ok()?,
                column: column.trim_end_matches(')').parse().ok()?,
            })
        })
        .expect("a location");
    assert_eq!((location.line, location.column), (4, 28), "{error}");
}

fn decorators_are_refused_clearly() {
    let mut app = ts_app("decorator.ts");
    let error = wait_for_error(&mut app);
    assert_eq!(error.phase, ScriptPhase::Load, "{error}");
    assert!(
        error.message.contains("decorators are not supported"),
        "{error}"
    );
    assert!(error.message.contains("decorator.ts:5:1"), "{error}");
}

fn write(root: &Path, file: &str, source: &str) {
    std::fs::write(root.join(file), source).expect("write a script");
}

fn a_saved_typescript_file_reloads() {
    let root = std::env::temp_dir().join(format!(
        "bevy_js_worker_ts_reload_{}_{}",
        std::process::id(),
        common::engine()
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a scratch folder");
    let main = "import { VERSION } from \"./version\";\nexport function update(): void {\n  emit(\"tick\", { version: VERSION as number });\n}\n";
    write(&root, "main.ts", main);
    write(&root, "version.ts", "export const VERSION: number = 1;\n");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: root.to_string_lossy().into_owned(),
            watch_for_changes_override: Some(true),
            ..default()
        },
        JsScriptingPlugin::new("main.ts").with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    let version = |app: &App, v: u64| {
        emitted(app, "tick")
            .iter()
            .any(|tick| tick["version"] == json!(v))
    };
    run_until(&mut app, "version 1", |app| version(app, 1));
    run_until(&mut app, "the .ts files loaded as assets", |app| {
        app.world().resource::<Assets<JsScript>>().len() == 2
    });
    write(&root, "version.ts", "export const VERSION: number = 2;\n");
    run_until(&mut app, "version 2 after the save", |app| version(app, 2));
    // A syntax error on reload: the previous version keeps running, the error at TS lines.
    write(&root, "version.ts", "export const VERSION: number = ;\n");
    let error = wait_for_error(&mut app);
    assert!(error.message.starts_with("SyntaxError"), "{error}");
    assert!(error.to_string().contains("version.ts:1:"), "{error}");
    let ticks = emitted(&app, "tick").len();
    run_until(&mut app, "the old version ticking on", |app| {
        emitted(app, "tick").len() > ticks + 3
    });
    assert!(version(&app, 2));
    let _ = std::fs::remove_dir_all(&root);
}

engine_tests!(
    every_typescript_syntax_loads_and_runs,
    errors_point_at_typescript_lines,
    a_syntax_error_is_a_load_error_at_its_typescript_position,
    decorators_are_refused_clearly,
    a_saved_typescript_file_reloads,
);
