//! Script sounds on Bevy's audio: the calls and their checks, the ECS side, `audio:end`, and a
//! worker's sounds going with it. This machine (like CI) has no sound card, so the tests run
//! twice: as they are (no device: Bevy warns once, nothing plays, every call works), and in a
//! process of their own whose ALSA default device is ALSA's `null` plugin, a real output that
//! plays in real time and discards the samples, so sounds are heard by Bevy and end.

use bevy::asset::AssetPlugin;
use bevy::audio::{AudioPlayer, AudioPlugin, PlaybackSettings, SpatialListener, Volume};
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use serde_json::{Value, json};

use crate::common::{self, collect_events, emitted, run_until, wait_for_event};

/// Set (to an engine's name) in the process that has ALSA's null device.
const WITH_DEVICE: &str = "BEVY_JS_WORKER_AUDIO_DEVICE_TEST";

fn audio_app(plugin: JsScriptingPlugin) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: "tests".into(),
            ..default()
        },
        bevy::transform::TransformPlugin,
        AudioPlugin::default(),
        plugin.with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    app
}

/// The sound entity of script id `id`.
fn sound_entity(app: &mut App, id: &Value) -> Option<Entity> {
    let id = id.as_u64()? as u32;
    app.world().resource::<ScriptEntities>().entity(id)
}

/// The script's sounds as it reads them now (each call waits for a fresh answer).
fn report(app: &mut App) -> Value {
    let before = emitted(app, "report").len();
    app.world_mut()
        .write_message(JsEvent::new("report", Value::Null));
    run_until(app, "a fresh report", |app| {
        emitted(app, "report").len() > before
    });
    emitted(app, "report").remove(before)
}

/// Every call on a machine with no audio device: the settings reach Bevy's components, nothing
/// plays, nothing ends, stop and Rust's despawn are heard.
fn sounds_without_a_device() {
    let mut app = audio_app(JsScriptingPlugin::new(common::script("audio.js")));
    let started = wait_for_event(&mut app, "started");
    common::assert_no_script_errors(&app);
    let once = started["once"].clone();
    let looped = started["looped"].clone();
    run_until(&mut app, "both sounds to exist", |app| {
        common::objects(app, ScriptObjectKind::Sound).len() == 2
    });
    for _ in 0..20 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // Bevy's own components carry the script's settings.
    let entity = sound_entity(&mut app, &once).expect("the sound's entity");
    let settings = *app
        .world()
        .get::<PlaybackSettings>(entity)
        .expect("PlaybackSettings");
    assert_eq!(settings.volume, Volume::Linear(0.25));
    assert!(settings.paused);
    assert!(!settings.spatial);
    assert!(app.world().get::<AudioPlayer>(entity).is_some());
    let spatial = sound_entity(&mut app, &looped).expect("the looped sound's entity");
    let settings = *app
        .world()
        .get::<PlaybackSettings>(spatial)
        .expect("PlaybackSettings");
    assert!(settings.spatial);
    assert_eq!(settings.speed, 1.5);
    assert_eq!(
        app.world().get::<Transform>(spatial).map(|t| t.translation),
        Some(Vec3::new(3.0, 0.0, 0.0))
    );

    // No device: nothing is heard, nothing ends.
    let seen = report(&mut app);
    assert_eq!(seen["once"]["playing"], json!(false), "{seen}");
    assert_eq!(seen["looped"]["playing"], json!(false), "{seen}");
    app.world_mut()
        .write_message(JsEvent::new("resume", Value::Null));
    wait_for_event(&mut app, "resumed");
    for _ in 0..100 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(common::emitted(&app, "ended").is_empty());
    let metrics = common::metrics(&app);
    assert_eq!((metrics.live_sounds, metrics.sounds_playing), (2, 0));

    // The script stops one: gone in the script and in the ECS, and not an `audio:end`.
    app.world_mut()
        .write_message(JsEvent::new("stop", Value::Null));
    let stopped = wait_for_event(&mut app, "stopped");
    assert_eq!(
        stopped,
        json!({ "stopped": true, "after": null, "again": false })
    );
    run_until(&mut app, "the stopped sound's entity to go", |app| {
        !app.world().entities().contains(entity)
    });

    // Rust despawns the other: the script hears `audio:end` and has forgotten it.
    app.world_mut().despawn(spatial);
    let ended = wait_for_event(&mut app, "ended");
    assert_eq!(
        ended["ended"],
        json!([{ "id": looped, "gone": true, "stopAgain": false }])
    );
    assert!(common::objects(&mut app, ScriptObjectKind::Sound).is_empty());
    common::assert_no_script_errors(&app);
}

fn a_workers_sounds_go_with_it() {
    let mut app = audio_app(JsScriptingPlugin::default());
    // The game's camera: spatial script sounds are heard from it.
    let camera = app.world_mut().spawn(Camera::default()).id();
    let worker = app
        .world_mut()
        .spawn(ScriptWorker::new(common::script("audio.js")).with_engine(common::engine()))
        .id();
    wait_for_event(&mut app, "started");
    run_until(&mut app, "both sounds to exist", |app| {
        common::objects(app, ScriptObjectKind::Sound).len() == 2
    });
    run_until(&mut app, "a listener on the active camera", |app| {
        app.world().get::<SpatialListener>(camera).is_some()
    });
    app.world_mut().despawn(worker);
    run_until(&mut app, "the worker's sounds to go", |app| {
        common::objects(app, ScriptObjectKind::Sound).is_empty()
    });
    let players = app
        .world_mut()
        .query::<&AudioPlayer>()
        .iter(app.world())
        .count();
    assert_eq!(players, 0);
}

/// Runs [`heard_and_ended_on_a_null_device`] in a process of its own whose ALSA default device
/// is the `null` plugin (ALSA is read once per process, so this cannot share a process).
fn sounds_play_and_end_on_a_device() {
    let config = std::env::temp_dir().join(format!(
        "bevy_js_worker_alsa_null_{}.conf",
        std::process::id()
    ));
    std::fs::write(
        &config,
        "pcm.!default { type null }\nctl.!default { type hw card 0 }\n",
    )
    .expect("write the ALSA configuration");
    let output = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .env(WITH_DEVICE, common::engine().name())
        .env("ALSA_CONFIG_PATH", &config)
        .args([
            "audio::heard_and_ended_on_a_null_device",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("run the test binary");
    let _ = std::fs::remove_file(&config);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("1 passed"),
        "the device test did not run:\n{text}"
    );
}

#[test]
#[ignore = "run in a process of its own, with ALSA's null device, by sounds_play_and_end_on_a_device"]
fn heard_and_ended_on_a_null_device() {
    let Some(engine) = std::env::var(WITH_DEVICE)
        .ok()
        .and_then(|name| JsEngine::from_name(&name))
    else {
        eprintln!("skipped: only meaningful in its own process (run the test above)");
        return;
    };
    common::on_engine(engine, || {
        let mut app = audio_app(JsScriptingPlugin::new(common::script("audio.js")));
        let started = wait_for_event(&mut app, "started");
        let once = started["once"].clone();
        // The looped sound is heard once its file has loaded; the paused one is not.
        run_until(&mut app, "the looped sound to be heard", |app| {
            common::metrics(app).sounds_playing == 1
        });
        let seen = report(&mut app);
        assert_eq!(seen["looped"]["playing"], json!(true), "{seen}");
        assert_eq!(seen["once"]["playing"], json!(false), "{seen}");
        // Resumed, the 0.1 s blip plays to its end: the script hears `audio:end`.
        app.world_mut()
            .write_message(JsEvent::new("resume", Value::Null));
        let ended = wait_for_event(&mut app, "ended");
        assert_eq!(
            ended["ended"],
            json!([{ "id": once, "gone": true, "stopAgain": false }])
        );
        run_until(&mut app, "the ended sound's entity to go", |app| {
            common::objects(app, ScriptObjectKind::Sound).len() == 1
        });
        // The looped one never ends; it is still heard.
        let seen = report(&mut app);
        assert_eq!(seen["once"], Value::Null, "{seen}");
        assert_eq!(seen["looped"]["playing"], json!(true), "{seen}");
        common::assert_no_script_errors(&app);
    });
}

engine_tests!(
    sounds_without_a_device,
    a_workers_sounds_go_with_it,
    sounds_play_and_end_on_a_device,
);
