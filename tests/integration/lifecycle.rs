//! Scripts create, update, read back and destroy entities, cameras and lights, and the ECS
//! holds exactly what they asked for.

use bevy::camera::{Camera, Projection};
use bevy::light::{DirectionalLight, PointLight};
use bevy::math::{EulerRot, Quat, Vec3};
use bevy::mesh::Mesh3d;
use bevy::pbr::{MeshMaterial3d, StandardMaterial};
use bevy::prelude::*;
use bevy_js_worker::prelude::*;
use bevy_js_worker::state::Rgba8;
use serde_json::json;

use crate::common::*;

fn color_of(app: &App, entity: Entity) -> [u8; 4] {
    let world = app.world();
    let handle = &world
        .get::<MeshMaterial3d<StandardMaterial>>(entity)
        .unwrap()
        .0;
    let material = world
        .resource::<Assets<StandardMaterial>>()
        .get(handle)
        .unwrap();
    Rgba8::from_color(material.base_color).0
}

fn the_ecs_holds_what_the_script_asked_for() {
    let mut app = app("lifecycle.js");
    run_worker_frames(&mut app, 4);
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    assert_no_script_errors(&app);

    // Entities: cube (updated), sphere, plane; the doomed cube is gone.
    let entities = objects(&mut app, ScriptObjectKind::Entity);
    let ids: Vec<_> = entities.iter().map(|(o, _)| o.id).collect();
    assert_eq!(
        ids,
        [1, 2, 3],
        "cube, sphere and plane; the destroyed cube is gone"
    );
    let (_, cube) = entities[0];
    let world = app.world();
    let transform = world.get::<Transform>(cube).unwrap();
    assert!(
        transform
            .translation
            .abs_diff_eq(Vec3::new(5.0, 6.0, 7.0), 1e-6)
    );
    assert!(transform.scale.abs_diff_eq(Vec3::splat(2.0), 1e-6));
    let expected = Quat::from_euler(EulerRot::YXZ, 90f32.to_radians(), 0.0, 0.0);
    assert!(transform.rotation.abs_diff_eq(expected, 1e-5));
    assert_eq!(world.get::<Visibility>(cube), Some(&Visibility::Hidden));
    assert_eq!(color_of(&app, cube), [255, 255, 0, 255]);

    let (_, sphere) = entities[1];
    assert_eq!(color_of(&app, sphere), [0, 255, 0, 255]);
    assert_eq!(
        app.world().get::<Transform>(sphere).unwrap().translation,
        Vec3::new(-1.0, 0.0, 0.0)
    );
    let (_, plane) = entities[2];
    assert_eq!(color_of(&app, plane), [0, 0, 255, 128]);
    assert_eq!(
        app.world().get::<Visibility>(plane),
        Some(&Visibility::Inherited)
    );
    for (_, entity) in &entities {
        assert!(app.world().get::<Mesh3d>(*entity).is_some());
    }

    // Cameras: two, the second active after setActive, the first with its new fov.
    let cameras = objects(&mut app, ScriptObjectKind::Camera);
    assert_eq!(cameras.len(), 2);
    let world = app.world();
    let active: Vec<bool> = cameras
        .iter()
        .map(|(_, e)| world.get::<Camera>(*e).unwrap().is_active)
        .collect();
    assert_eq!(
        active,
        [false, true],
        "exactly one camera, the second, is active"
    );
    let Some(Projection::Perspective(perspective)) = world.get::<Projection>(cameras[0].1) else {
        panic!("camera 1 has no perspective projection");
    };
    assert!((perspective.fov - 70f32.to_radians()).abs() < 1e-5);
    let cam1 = world.get::<Transform>(cameras[0].1).unwrap();
    assert!(
        cam1.translation
            .abs_diff_eq(Vec3::new(0.0, 4.0, 10.0), 1e-6)
    );
    let toward_origin = (Vec3::ZERO - cam1.translation).normalize();
    assert!(
        cam1.forward().abs_diff_eq(toward_origin, 1e-5),
        "camera 1 looks at its target"
    );

    // Lights: the sun and the lamp; the spare light was destroyed.
    let lights = objects(&mut app, ScriptObjectKind::Light);
    assert_eq!(lights.len(), 2);
    let world = app.world();
    let sun = world.get::<DirectionalLight>(lights[0].1).unwrap();
    assert_eq!(sun.illuminance, 5000.0);
    let sun_forward = world.get::<Transform>(lights[0].1).unwrap().forward();
    assert!(sun_forward.abs_diff_eq(Vec3::new(-1.0, -2.0, -1.0).normalize(), 1e-5));
    let lamp = world.get::<PointLight>(lights[1].1).unwrap();
    assert_eq!(lamp.intensity, 1234.0);
    assert_eq!(Rgba8::from_color(lamp.color).0, [255, 170, 0, 255]);

    let metrics = metrics(&app);
    assert_eq!(
        (
            metrics.live_entities,
            metrics.live_cameras,
            metrics.live_lights
        ),
        (3, 2, 2)
    );
    assert!(
        metrics.callbacks_sent >= 1,
        "whenCreated went through the callback ring"
    );
    assert!(metrics.entity_buffer.swaps >= 2);
}

fn equal_shapes_and_colors_share_assets() {
    let mut app = app("shared_assets.js");
    run_until(&mut app, "70 entities", |app| {
        metrics(app).live_entities == 70
    });
    let world = app.world_mut();
    let mut query = world.query::<(&Mesh3d, &MeshMaterial3d<StandardMaterial>)>();
    let mut meshes: Vec<_> = query.iter(world).map(|(m, _)| m.0.id()).collect();
    let mut materials: Vec<_> = query.iter(world).map(|(_, m)| m.0.id()).collect();
    meshes.sort();
    meshes.dedup();
    materials.sort();
    materials.dedup();
    assert_eq!(meshes.len(), 2, "one cube mesh of size 1, one sphere mesh");
    assert_eq!(materials.len(), 2, "one red material, one blue material");
    assert_no_script_errors(&app);
}

/// Moves script entity 1 to x = 42 from Rust, once it exists.
fn move_from_rust(mut query: Query<(&ScriptObject, &mut Transform)>, mut done: Local<bool>) {
    for (object, mut transform) in &mut query {
        if object.id == 1 && !*done {
            transform.translation.x = 42.0;
            *done = true;
        }
    }
}

fn scripts_see_transform_changes_made_by_rust_systems() {
    let mut app = app("external_transform.js");
    app.add_systems(Update, move_from_rust);
    run_until(&mut app, "the script to see the move", |app| {
        metrics(app).live_entities == 2
    });
    assert_no_script_errors(&app);
}

fn a_busy_worker_still_sees_transform_changes_made_meanwhile() {
    // The sync only runs in frames where the worker has finished; a move made while it is
    // busy must still reach it.
    let mut app = app("external_transform_slow.js");
    app.add_systems(Update, move_from_rust);
    run_until(&mut app, "the script to see the move", |app| {
        metrics(app).live_entities == 2
    });
    assert!(
        metrics(&app).frame_skips > 0,
        "the worker was busy in some main frames"
    );
    assert_no_script_errors(&app);
}

fn a_plugin_write_in_a_frame_without_sync_does_not_hide_an_earlier_rust_change() {
    let mut app = app("external_rotation.js");
    collect_events(&mut app);
    run_until(&mut app, "the cube", |app| metrics(app).live_entities == 1);
    let paced = |app: &mut App, ms: u64| {
        std::thread::sleep(std::time::Duration::from_millis(ms));
        app.update();
    };
    // Frames far apart: each finds the worker's frame done, syncs and triggers the next.
    for _ in 0..3 {
        paced(&mut app, 100);
    }
    // This frame hands "move" over and triggers the worker frame that moves the cube.
    app.world_mut()
        .write_message(JsEvent::new("move", json!(null)));
    paced(&mut app, 100);
    // A game system's change, after that frame's sync.
    let (_, cube) = objects(&mut app, ScriptObjectKind::Entity)[0];
    app.world_mut().get_mut::<Transform>(cube).unwrap().rotation =
        Quat::from_rotation_y(90f32.to_radians());
    // The worker is busy: no sync, but the move is applied (the plugin writes the cube).
    paced(&mut app, 20);
    // The worker is done: the sync runs and must not take the cube for the plugin's own.
    paced(&mut app, 150);
    let x = wait_for_event(&mut app, "seen");
    assert_eq!(x, json!(1), "the script saw the rotation with its own move");
    assert_no_script_errors(&app);
}

fn the_external_transform_sync_can_be_turned_off() {
    let mut app = app("external_transform.js");
    app.world_mut()
        .resource_mut::<JsScriptingSettings>()
        .sync_external_transforms = false;
    app.add_systems(Update, move_from_rust);
    run_until(&mut app, "the entity", |app| {
        metrics(app).live_entities == 1
    });
    run_worker_frames(&mut app, 20);
    assert_eq!(metrics(&app).live_entities, 1, "the script saw the move");
    // Turned back on, it catches up with the change made while it was off.
    app.world_mut()
        .resource_mut::<JsScriptingSettings>()
        .sync_external_transforms = true;
    run_until(&mut app, "the script to see the move", |app| {
        metrics(app).live_entities == 2
    });
    assert_no_script_errors(&app);
}

fn app_exit_stops_and_joins_the_worker() {
    let mut app = app("lifecycle.js");
    run_worker_frames(&mut app, 1);
    assert!(!metrics(&app).worker_stopped);
    app.world_mut().write_message(AppExit::Success);
    app.update();
    app.update();
    assert!(metrics(&app).worker_stopped, "AppExit joined the worker");
    // The app keeps running (and publishing state) without the worker.
    let frames = metrics(&app).main_frames;
    app.update();
    assert_eq!(metrics(&app).main_frames, frames + 1);
}

fn dropping_the_app_joins_the_worker() {
    // Many apps created and dropped: each drop must stop its worker thread, or the threads
    // (64 MiB stacks each) would pile up.
    for _ in 0..8 {
        let mut app = app("lifecycle.js");
        run_worker_frames(&mut app, 1);
        drop(app);
    }
    let workers = std::fs::read_dir("/proc/self/task")
        .map(|tasks| {
            tasks
                .flatten()
                .filter(|task| {
                    std::fs::read_to_string(task.path().join("comm"))
                        .is_ok_and(|name| name.trim() == "js-worker")
                })
                .count()
        })
        .unwrap_or(0);
    // Other tests in this binary may be running their own worker right now.
    assert!(workers <= 4, "{workers} js-worker threads still alive");
}

engine_tests!(
    the_ecs_holds_what_the_script_asked_for,
    equal_shapes_and_colors_share_assets,
    scripts_see_transform_changes_made_by_rust_systems,
    a_busy_worker_still_sees_transform_changes_made_meanwhile,
    a_plugin_write_in_a_frame_without_sync_does_not_hide_an_earlier_rust_change,
    the_external_transform_sync_can_be_turned_off,
    app_exit_stops_and_joins_the_worker,
    dropping_the_app_joins_the_worker,
);
