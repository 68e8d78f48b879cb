//! Verbs: scripts call the game's Rust code (`game.*`: one-shot systems as promises, pure
//! functions on the worker), and Rust calls a script's exports ([`CallScript`]).

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::json;

use crate::common::{self, collect_events, wait_for_event};

#[derive(Component, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Component, Default)]
struct Health {
    current: f32,
    max: f32,
}

/// `game.hurt`'s argument.
#[derive(Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Default)]
struct Hurt {
    target: u32,
    amount: f32,
}

/// How many times `game.count` ran.
#[derive(Resource, Default)]
struct Counter(u32);

/// `game.explode`'s argument: the first call panics.
#[derive(Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Default)]
struct Fuse {
    fuse: u32,
}

/// Takes `amount` from the target's health; returns what is left.
fn hurt(
    In(hurt): In<Hurt>,
    ids: Res<ScriptEntities>,
    mut healths: Query<&mut Health>,
) -> Result<f32, String> {
    if hurt.amount <= 0.0 {
        return Err(format!("amount must be positive, not {}", hurt.amount));
    }
    let entity = ids
        .entity(hurt.target)
        .ok_or_else(|| format!("no entity {}", hurt.target))?;
    let mut health = healths.get_mut(entity).map_err(|error| error.to_string())?;
    health.current -= hurt.amount;
    Ok(health.current)
}

fn count(In(()): In<()>, mut counter: ResMut<Counter>) -> u32 {
    counter.0 += 1;
    counter.0
}

#[allow(clippy::panic, reason = "the test's point: a verb that panics")]
fn explode(In(fuse): In<Option<Fuse>>, mut calls: Local<u32>) -> String {
    *calls += 1;
    if fuse.is_none() {
        panic!("boom");
    }
    format!("call {} of this copy", *calls)
}

fn noise((x, y): (f32, f32)) -> Result<f32, String> {
    if x < 0.0 {
        return Err("noise is not defined below zero".to_owned());
    }
    Ok(x + y)
}

fn plugin(script: &str) -> JsScriptingPlugin {
    JsScriptingPlugin::new(common::script(script))
        .expose_component::<Health>()
        .expose_system("hurt", hurt)
        .expose_system("count", count)
        .expose_system("explode", explode)
        .expose_system("echo", |In(value): In<serde_json::Value>| {
            Ok::<_, String>(json!({ "echoed": value }))
        })
        .expose_fn("noise", noise)
        // Forty calls need several frames.
        .with_max_commands_per_frame(8)
}

fn scripts_call_systems_and_functions() {
    let mut app = common::app_with(plugin("verbs.js"));
    collect_events(&mut app);
    app.init_resource::<Counter>();
    app.world_mut().spawn((
        Name::new("Player"),
        Health {
            current: 10.0,
            max: 10.0,
        },
        ScriptVisible,
    ));

    let hurt = wait_for_event(&mut app, "hurt");
    // 7 (the script's own write, the same frame) - 2.
    assert_eq!(hurt["left"].as_f64(), Some(5.0), "{hurt}");
    assert_eq!(
        hurt["frames"],
        json!(1),
        "resolved at the next worker frame: {hurt}"
    );

    let rejections = wait_for_event(&mut app, "rejections");
    assert_eq!(
        rejections["rejections"],
        json!([
            "true:amount must be positive, not -1",
            "true:game.explode panicked: boom"
        ]),
        "{rejections}"
    );
    // The panicked copy is gone; a fresh one (its `Local` starts over) answers.
    assert_eq!(rejections["afterPanic"], json!("call 1 of this copy"));

    let counted = wait_for_event(&mut app, "counted");
    let expected: Vec<u32> = (1..=40).collect();
    assert_eq!(
        counted["counts"],
        json!(expected),
        "every call ran, in order"
    );
    assert_eq!(app.world().resource::<Counter>().0, 40);

    let echo = wait_for_event(&mut app, "echo");
    assert_eq!(echo, json!({ "echoed": { "a": [1, "b", null] } }));

    common::assert_no_script_errors(&app);
    let metrics = common::metrics(&app);
    // noise ×6 (three with an array, three with separate numbers), hurt ×2, explode ×2,
    // count ×40, echo: the calls that got past their checks.
    assert_eq!(metrics.verb_calls, 51, "{metrics:#?}");
    // noise's Err ×2, hurt's Err, explode's panic.
    assert_eq!(metrics.verb_rejections, 4, "{metrics:#?}");
    assert_eq!(metrics.verbs_pending, 0, "{metrics:#?}");
    let world = app.world_mut();
    let health = world.query::<&Health>().single(world).expect("one player");
    assert_eq!(health.current, 5.0);
}

/// Every [`ScriptCallResult`], in order.
#[derive(Resource, Default)]
struct Answers(Vec<ScriptCallResult>);

fn keep_answers(mut results: MessageReader<ScriptCallResult>, mut answers: ResMut<Answers>) {
    answers.0.extend(results.read().cloned());
}

fn answer(app: &mut App, id: CallId) -> ScriptCallResult {
    common::run_until(app, &format!("the answer to {id}"), |app| {
        app.world()
            .resource::<Answers>()
            .0
            .iter()
            .any(|a| a.id == id)
    });
    let answers = &app.world().resource::<Answers>().0;
    let mine: Vec<_> = answers.iter().filter(|a| a.id == id).cloned().collect();
    assert_eq!(mine.len(), 1, "one answer per worker: {mine:?}");
    mine[0].clone()
}

fn call(app: &mut App, function: &str, args: serde_json::Value) -> CallId {
    let call = CallScript::new(function, args);
    let id = call.id;
    app.world_mut().write_message(call);
    id
}

fn rust_calls_a_scripts_exports() {
    let mut app = common::app_with(
        plugin("verbs.js").with_frame_time_budget(std::time::Duration::from_millis(200)),
    );
    app.init_resource::<Answers>()
        .add_systems(Update, keep_answers);
    app.world_mut()
        .spawn((Name::new("Player"), Health::default(), ScriptVisible));
    common::run_worker_frames(&mut app, 1);
    let worker = {
        let world = app.world_mut();
        world
            .query_filtered::<Entity, With<ScriptWorker>>()
            .single(world)
            .expect("one worker")
    };

    let sum = call(&mut app, "add", json!([2, 3]));
    let answered = answer(&mut app, sum);
    assert_eq!(answered.result, Ok(json!(5)));
    assert_eq!(answered.worker, worker);

    // A promise is awaited; a single value is the one argument.
    let later = call(&mut app, "later", json!("hello"));
    let answered = answer(&mut app, later).result.expect("later answers");
    assert_eq!(answered["value"], json!("hello"));

    let missing = call(&mut app, "nothing", json!(null));
    assert_eq!(
        answer(&mut app, missing).result,
        Err("the script exports no function `nothing`".to_owned())
    );
    let thrown = call(&mut app, "fail", json!(null));
    let error = answer(&mut app, thrown).result.expect_err("fail throws");
    assert!(error.contains("the script says no"), "{error}");

    // A runaway is stopped by the budget and answers an error; the script restarts and
    // answers the next call.
    let restarts = common::metrics(&app).worker_restarts;
    let spin = call(&mut app, "spin", json!(null));
    let error = answer(&mut app, spin).result.expect_err("spin is stopped");
    assert!(error.contains("time budget"), "{error}");
    common::run_until(&mut app, "the restart", |app| {
        common::metrics(app).worker_restarts > restarts
    });
    let again = call(&mut app, "add", json!([1, 1]));
    assert_eq!(answer(&mut app, again).result, Ok(json!(2)));

    // A call to an entity that runs no worker is answered at once.
    let nobody = app.world_mut().spawn_empty().id();
    let call_nobody = CallScript::new("add", json!([1, 2])).to(nobody);
    let id = call_nobody.id;
    app.world_mut().write_message(call_nobody);
    let answered = answer(&mut app, id);
    assert_eq!(answered.worker, nobody);
    assert!(answered.result.is_err());
    assert!(common::metrics(&app).script_calls_answered >= 6);
}

fn every_worker_answers_a_call_to_all() {
    let mut app = common::app_with(plugin("verbs.js"));
    app.init_resource::<Answers>()
        .add_systems(Update, keep_answers);
    app.world_mut()
        .spawn((Name::new("Player"), Health::default(), ScriptVisible));
    let second = app
        .world_mut()
        .spawn(ScriptWorker::new(common::script("verbs.js")).with_engine(common::engine()))
        .id();
    common::run_worker_frames(&mut app, 2);
    let id = app
        .world_mut()
        .run_system_once(|mut calls: ScriptCalls| calls.call(None, "add", json!([20, 22])))
        .expect("the helper runs");
    common::run_until(&mut app, "both answers", |app| {
        app.world()
            .resource::<Answers>()
            .0
            .iter()
            .filter(|a| a.id == id)
            .count()
            == 2
    });
    let answers = &app.world().resource::<Answers>().0;
    assert!(
        answers.iter().all(|a| a.result == Ok(json!(42))),
        "{answers:?}"
    );
    assert!(answers.iter().any(|a| a.worker == second));
}

/// A verb name that clashes panics when the plugin is built, naming both.
#[test]
fn a_verb_name_clash_names_both() {
    let result = std::panic::catch_unwind(|| {
        let mut app = App::new();
        app.add_plugins((
            MinimalPlugins,
            bevy::asset::AssetPlugin::default(),
            JsScriptingPlugin::without_script()
                .expose_fn("noise", noise)
                .expose_system("noise", count),
        ));
    });
    let message = result
        .expect_err("the clash panics")
        .downcast::<String>()
        .map(|message| *message)
        .unwrap_or_default();
    assert!(
        message.contains("two verbs are named `noise`")
            && message.contains("noise")
            && message.contains("count"),
        "{message}"
    );
}

engine_tests!(
    scripts_call_systems_and_functions,
    rust_calls_a_scripts_exports,
    every_worker_answers_a_call_to_all,
);
