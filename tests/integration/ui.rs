//! Script UI on Bevy's UI, laid out headless ([`HeadlessUiPlugin`], 1280 × 720): layout read
//! back, a real click through Bevy's input path, destroy taking children, hostile props, a
//! worker's UI going with it.

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::{HeadlessClicks, HeadlessUiPlugin};
use serde_json::{Value, json};

use crate::common::{self, collect_events, emitted, run_until, wait_for_event};

fn ui_app(plugin: JsScriptingPlugin) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        HeadlessUiPlugin::default(),
        plugin.with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    app
}

fn number(value: &Value, path: &str) -> f64 {
    value
        .pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {path} in {value}"))
}

fn a_scripts_ui_is_laid_out_clicked_and_destroyed() {
    let mut app = ui_app(JsScriptingPlugin::new(common::script("ui.js")));
    let layout = wait_for_event(&mut app, "layout");
    common::assert_no_script_errors(&app);

    // The panel: at (100, 50), 200 wide; its text starts 10 px (the padding) inside it.
    assert_eq!(number(&layout, "/panel/x"), 100.0, "{layout}");
    assert_eq!(number(&layout, "/panel/y"), 50.0, "{layout}");
    assert_eq!(number(&layout, "/panel/width"), 200.0, "{layout}");
    assert_eq!(
        number(&layout, "/label/x"),
        number(&layout, "/panel/x") + 10.0,
        "{layout}"
    );
    assert_eq!(
        number(&layout, "/label/y"),
        number(&layout, "/panel/y") + 10.0,
        "{layout}"
    );
    // The text has a size (the default font measured it), and the panel wraps it.
    let text_height = number(&layout, "/label/height");
    assert!(text_height > 10.0, "{layout}");
    assert_eq!(
        number(&layout, "/panel/height"),
        text_height + 20.0,
        "{layout}"
    );
    assert_eq!(
        [
            number(&layout, "/button/x"),
            number(&layout, "/button/y"),
            number(&layout, "/button/width"),
            number(&layout, "/button/height"),
        ],
        [300.0, 300.0, 120.0, 40.0],
        "{layout}"
    );

    // A real click in the button's middle: Bevy's UI focus presses it, the script hears it.
    app.world_mut()
        .resource_mut::<HeadlessClicks>()
        .click(Vec2::new(360.0, 320.0));
    let clicked = wait_for_event(&mut app, "onClick");
    let click = wait_for_event(&mut app, "click");
    assert_eq!(clicked["id"], click["id"], "{clicked} {click}");
    assert_eq!(clicked["clicks"], json!(1));
    // A click beside the button reaches nothing.
    app.world_mut()
        .resource_mut::<HeadlessClicks>()
        .click(Vec2::new(900.0, 600.0));
    run_until(&mut app, "the second click", |app| {
        app.world().resource::<HeadlessClicks>().is_idle()
    });
    for _ in 0..10 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert_eq!(emitted(&app, "onClick").len(), 1, "a click off the button");
    // The label's text changed in the ECS.
    let texts: Vec<String> = app
        .world_mut()
        .query::<&Text>()
        .iter(app.world())
        .map(|text| text.0.clone())
        .collect();
    assert!(texts.iter().any(|t| t == "clicked 1"), "{texts:?}");

    // Destroying the panel takes its text, in the script and in the ECS.
    let before = common::objects(&mut app, ScriptObjectKind::Ui).len();
    assert_eq!(before, 3);
    app.world_mut()
        .write_message(JsEvent::new("destroyPanel", Value::Null));
    let destroyed = wait_for_event(&mut app, "destroyed");
    assert_eq!(
        destroyed,
        json!({ "destroyed": true, "again": false, "panel": true, "label": true, "ids": destroyed["ids"] }),
    );
    run_until(&mut app, "the panel's entities to go", |app| {
        common::objects(app, ScriptObjectKind::Ui).len() == 1
    });
    let ids = app.world().resource::<ScriptEntities>().clone();
    for id in destroyed["ids"].as_array().into_iter().flatten() {
        let id = id.as_u64().unwrap_or_default() as u32;
        assert!(ids.entity(id).is_none(), "{id} is still mapped");
    }
    common::assert_no_script_errors(&app);
}

fn a_workers_ui_goes_with_it() {
    let mut app = ui_app(JsScriptingPlugin::default());
    let worker = app
        .world_mut()
        .spawn(ScriptWorker::new(common::script("ui.js")).with_engine(common::engine()))
        .id();
    wait_for_event(&mut app, "layout");
    assert_eq!(common::objects(&mut app, ScriptObjectKind::Ui).len(), 3);
    let texts = app.world_mut().query::<&Text>().iter(app.world()).count();
    assert_eq!(texts, 2, "the text and the button's label");
    app.world_mut().despawn(worker);
    run_until(&mut app, "the worker's UI to go", |app| {
        common::objects(app, ScriptObjectKind::Ui).is_empty()
    });
    // The button's label went with its button.
    let texts = app.world_mut().query::<&Text>().iter(app.world()).count();
    assert_eq!(texts, 0);
}

fn ui_nodes_count_toward_the_object_limit() {
    let mut app =
        ui_app(JsScriptingPlugin::new(common::script("ui_limit.js")).with_max_script_objects(5));
    let result = wait_for_event(&mut app, "limit");
    assert_eq!(result["made"], json!(5), "{result}");
    assert!(
        result["error"]
            .as_str()
            .is_some_and(|e| e.contains("too many live script objects")),
        "{result}"
    );
    assert_eq!(result["afterDestroy"], json!(true), "{result}");
}

engine_tests!(
    a_scripts_ui_is_laid_out_clicked_and_destroyed,
    a_workers_ui_goes_with_it,
    ui_nodes_count_toward_the_object_limit,
);
