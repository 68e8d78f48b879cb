//! The live console: code evaluated inside a running script's module scope (`EvalScript` →
//! `ScriptEvalResult`), what the script logged, a runaway evaluation stopped, and the
//! `headless` example's `--eval` and `--console`.

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::{Value, json};

use crate::common::{self, collect_events, run_until, wait_for_event};

fn console_app() -> (App, Entity) {
    let mut app = common::app("console.js");
    collect_events(&mut app);
    run_until(&mut app, "the script to run", |app| {
        common::metrics(app).worker_frames > 1
    });
    let worker = {
        let world = app.world_mut();
        world
            .query_filtered::<Entity, With<ScriptWorker>>()
            .single(world)
            .expect("one worker")
    };
    (app, worker)
}

/// Evaluates `source` on `worker` and waits for its answer.
fn eval(app: &mut App, worker: Entity, source: &str) -> Result<String, String> {
    let request = EvalScript::new(worker, source);
    let id = request.id;
    app.world_mut().write_message(request);
    let mut answer = None;
    run_until(app, &format!("the answer to {source:?}"), |app| {
        let messages = app.world().resource::<Messages<ScriptEvalResult>>();
        let mut cursor = messages.get_cursor();
        if let Some(found) = cursor.read(messages).find(|result| result.id == id) {
            answer = Some(found.result.clone());
        }
        answer.is_some()
    });
    answer.unwrap_or_else(|| Err("no answer".into()))
}

fn code_sees_and_changes_the_modules_bindings() {
    let (mut app, worker) = console_app();
    assert_eq!(eval(&mut app, worker, "health"), Ok("7".into()));
    assert_eq!(
        eval(&mut app, worker, "player"),
        Ok(r#"{ name: "robot", position: { x: 1, y: 2, z: 3 }, tags: ["a", "b"] }"#.into())
    );
    // A module function, and an assignment the script itself then sees.
    assert_eq!(eval(&mut app, worker, "hurt(2)"), Ok("5".into()));
    assert_eq!(eval(&mut app, worker, "health = 20"), Ok("20".into()));
    app.world_mut()
        .write_message(JsEvent::new("report", Value::Null));
    let report = wait_for_event(&mut app, "report");
    assert_eq!(report["health"], json!(20), "{report}");
    // TypeScript input: its types are removed first.
    assert_eq!(
        eval(&mut app, worker, "(health as number) + 1"),
        Ok("21".into())
    );
    // Statements (the last one's value), an object literal, values JSON cannot hold.
    assert_eq!(eval(&mut app, worker, "let y = 2; y * 3"), Ok("6".into()));
    assert_eq!(
        eval(
            &mut app,
            worker,
            r#"{ a: 1, "b c": [1, 2n, undefined, () => 1] }"#
        ),
        Ok(r#"{ a: 1, "b c": [1, 2n, undefined, [Function (anonymous)]] }"#.into())
    );
    assert_eq!(
        eval(&mut app, worker, "'quote \" me'"),
        Ok(r#""quote \" me""#.into())
    );
    // A cycle, and a promise (awaited).
    assert_eq!(
        eval(&mut app, worker, "const o = { n: 1 }; o.self = o; o"),
        Ok("{ n: 1, self: [Circular] }".into())
    );
    assert_eq!(
        eval(&mut app, worker, "Promise.resolve(player.tags)"),
        Ok(r#"Promise resolved: ["a", "b"]"#.into())
    );
    // Errors: one in the console's own code, one thrown by the script's function (with where).
    let error = eval(&mut app, worker, "nope()").expect_err("an error");
    assert!(
        error.starts_with("ReferenceError") && error.contains("nope"),
        "{error}"
    );
    let error = eval(&mut app, worker, "hurt('x')").expect_err("an error");
    assert!(
        error.starts_with("TypeError: hurt: amount must be a number")
            && error.contains("console.js:8"),
        "{error}"
    );
    // A long result is cut.
    let long = eval(&mut app, worker, "'x'.repeat(5000)").expect("a string");
    assert_eq!(long.chars().count(), 2001, "{}", &long[..40]);
    // A worker that does not exist.
    let nobody = app.world_mut().spawn_empty().id();
    let error = eval(&mut app, nobody, "1").expect_err("no worker");
    assert!(error.contains("runs no script worker"), "{error}");
    // Console errors are answers, not script errors.
    assert_eq!(common::metrics(&app).js_errors, 0);

    // What the script logged.
    let lines = app
        .world_mut()
        .run_system_once(move |consoles: ScriptConsoles| {
            consoles.log(worker).map(|log| {
                log.lines()
                    .map(|line| format!("{} {}", line.level, line.text))
                    .collect::<Vec<_>>()
            })
        })
        .expect("run the system")
        .expect("the worker's log");
    assert_eq!(lines, ["log console.js is running"]);
}

fn a_runaway_evaluation_is_stopped_and_the_console_goes_on() {
    let (mut app, worker) = console_app();
    let error = eval(&mut app, worker, "while (true) {}").expect_err("stopped");
    assert!(
        error.contains("stopped") || error.contains("time budget"),
        "{error}"
    );
    // Reported like any other runaway.
    run_until(&mut app, "the runaway to be reported", |app| {
        common::metrics(app).js_errors >= 1
    });
    // The script runs on (restarted where the engine stops runaways that way) and answers.
    let mut answer = Err(String::new());
    for _ in 0..50 {
        answer = eval(&mut app, worker, "typeof hurt");
        if answer.is_ok() {
            break;
        }
    }
    assert_eq!(answer, Ok(r#""function""#.into()));
}

/// The `headless` example, built by `cargo test` beside this binary.
fn headless_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>");
    dir.join("examples")
        .join(format!("headless{}", std::env::consts::EXE_SUFFIX))
}

fn headless_takes_eval_and_console() {
    let binary = headless_binary();
    assert!(
        binary.is_file(),
        "{} is missing: `cargo test` builds the examples",
        binary.display()
    );
    let script = common::script("console.js");
    let output = std::process::Command::new(&binary)
        .arg(&script)
        .args([
            "--engine",
            common::engine().name(),
            "--frames",
            "60",
            "--fps",
            "60",
        ])
        .args(["--eval", "hurt(3)@5", "--eval", "health * 2@10"])
        .output()
        .expect("run the headless example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let answers: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("=> ") || line.starts_with("!! "))
        .collect();
    assert_eq!(answers, ["=> 4", "=> 8"], "{stdout}");

    // `--console`: lines from standard input, answered in order, until the input ends.
    let mut child = std::process::Command::new(&binary)
        .arg(&script)
        .args(["--engine", common::engine().name(), "--console"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run the headless example");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "health\nhealth = 1\nnope()\nhealth + 1").expect("write the input");
    }
    let output = child
        .wait_with_output()
        .expect("the run ends with its input");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let answers: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("=> ") || line.starts_with("!! "))
        .collect();
    assert_eq!(answers.len(), 4, "{stdout}");
    assert_eq!(answers[0], "=> 7");
    assert_eq!(answers[1], "=> 1");
    assert!(answers[2].starts_with("!! ReferenceError"), "{stdout}");
    assert_eq!(answers[3], "=> 2");
    assert!(stdout.contains("REPORT "), "{stdout}");
}

engine_tests!(
    code_sees_and_changes_the_modules_bindings,
    a_runaway_evaluation_is_stopped_and_the_console_goes_on,
    headless_takes_eval_and_console,
);
