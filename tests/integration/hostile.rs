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

/// `game.hostileHurt`'s argument; every one that got through is kept.
#[derive(Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Default)]
struct HostileHurt {
    target: u32,
    amount: f32,
    at: Vec3,
}

#[derive(Resource, Default)]
struct HurtsSeen(Vec<HostileHurt>);

fn hostile_hurt(In(hurt): In<HostileHurt>, mut seen: ResMut<HurtsSeen>) {
    seen.0.push(hurt);
}

fn hostile_arguments_never_reach_the_ecs() {
    // Thousands of calls are far more than one frame's default budget.
    let mut app = app_with(
        bevy_js_worker::JsScriptingPlugin::new(script("hostile.js"))
            .with_frame_time_budget(std::time::Duration::from_secs(60))
            // `entity.update` reads (and checks) `teleport` only while interpolating.
            .with_interpolation(true)
            .expose_resource::<HostileScore>()
            // Every exposed verb is called with hostile values too.
            .expose_system("hostileHurt", hostile_hurt)
            .expose_system("hostileEcho", |In(value): In<serde_json::Value>| value)
            .expose_fn("hostileNoise", |(x, y): (f32, f32)| x * y)
            // The same shape, called with its numbers as separate arguments.
            .expose_fn("hostileNoiseSpread", |(x, y): (f32, f32)| x * y),
    );
    app.init_resource::<HostileScore>()
        .init_resource::<HurtsSeen>();
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

    let seen = &app.world().resource::<HurtsSeen>().0;
    assert!(!seen.is_empty(), "valid calls of game.hostileHurt ran");
    for hurt in seen {
        assert!(hurt.amount.is_finite() && hurt.at.is_finite(), "{hurt:?}");
    }

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
