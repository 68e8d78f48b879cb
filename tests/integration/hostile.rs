//! Hostile arguments to every API function: errors in JS, never a panic, never a non-finite
//! value in the ECS.

use bevy::camera::Projection;
use bevy::light::{DirectionalLight, PointLight};
use bevy::prelude::*;

use crate::common::*;

/// A resource the hostile script may patch.
#[derive(Resource, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Resource, Default)]
struct HostileScore {
    points: u32,
    combo: u8,
}

fn hostile_arguments_never_reach_the_ecs() {
    // Thousands of calls are far more than one frame's default budget.
    let mut app = app_with(
        bevy_js_worker::JsScriptingPlugin::new(script("hostile.js"))
            .with_frame_time_budget(std::time::Duration::from_secs(60))
            // `entity.update` reads (and checks) `teleport` only while interpolating.
            .with_interpolation(true)
            .expose_resource::<HostileScore>(),
    );
    app.init_resource::<HostileScore>();
    run_until(&mut app, "the marker entity", |app| {
        let world = app.world_mut();
        world
            .query::<&Transform>()
            .iter(world)
            .any(|t| t.translation.y == -1000.0)
    });
    assert!(bevy_js_worker::stop_and_flush(app.world_mut()));
    assert_no_script_errors(&app);
    assert_eq!(metrics(&app).worker_restarts, 0, "no panic on the worker");

    let world = app.world_mut();
    let mut transforms = 0;
    for transform in world.query::<&Transform>().iter(world) {
        transforms += 1;
        assert!(
            transform.translation.is_finite()
                && transform.rotation.is_finite()
                && transform.scale.is_finite(),
            "{transform:?}"
        );
    }
    assert!(transforms > 100, "only {transforms} transforms");
    for projection in world.query::<&Projection>().iter(world) {
        if let Projection::Perspective(perspective) = projection {
            assert!(perspective.fov.is_finite() && perspective.fov > 0.0);
        }
    }
    for light in world.query::<&PointLight>().iter(world) {
        assert!(light.intensity.is_finite() && light.intensity >= 0.0);
    }
    for light in world.query::<&DirectionalLight>().iter(world) {
        assert!(light.illuminance.is_finite() && light.illuminance >= 0.0);
    }
}

engine_tests!(hostile_arguments_never_reach_the_ecs,);
