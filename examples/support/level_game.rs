//! The level example's own game: its components, resource and verbs, and what it exposes to
//! `assets/scripts/level.js`. Shared with the test that checks the committed
//! `assets/scripts/game.d.ts` against what this app generates.

use bevy::prelude::*;
use bevy_js_worker::prelude::*;

/// Hit points.
#[derive(Component, Reflect, Default, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
#[reflect(Component, Default)]
pub struct Health {
    pub current: f32,
    pub max: f32,
}

/// A slime's walk: around `center`, `radius` meters out, `speed` radians per second.
#[derive(Component, Reflect, Default, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
#[reflect(Component, Default)]
pub struct Patrol {
    pub center: Vec3,
    pub radius: f32,
    pub speed: f32,
}

/// What picking something up is worth.
#[derive(Component, Reflect, Default, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
#[reflect(Component, Default)]
pub struct Loot {
    pub coins: u32,
}

/// The run's score.
#[derive(Resource, Reflect, Default, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
#[reflect(Resource, Default)]
pub struct Score {
    pub coins: u32,
    pub hits: u32,
}

/// `game.raycast`'s argument: a ray from `origin` along `direction`, up to `max_distance`.
#[derive(Reflect, Default, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
#[reflect(Default)]
pub struct Ray {
    pub origin: Vec3,
    pub direction: Vec3,
    pub max_distance: f32,
}

/// What a ray hit first: its script id, how far along the ray, and where.
#[derive(Reflect, Debug, Clone)]
// One path whatever crate includes this file, so the generated typings are the same.
#[type_path = "level_game"]
pub struct Hit {
    pub id: u32,
    pub distance: f32,
    pub point: Vec3,
}

/// What a ray can hit: slimes and gems, with whether each is a slime.
type Targets<'w, 's> =
    Query<'w, 's, (Entity, &'static Transform, Has<Patrol>), Or<(With<Patrol>, With<Loot>)>>;

/// `game.raycast(ray)`, a system verb: the first slime or gem the ray meets (each taken as a
/// ball around its position), or `null`. Runs on the main thread, after the script's earlier
/// commands of the same frame.
pub fn raycast(
    In(ray): In<Ray>,
    ids: Res<ScriptEntities>,
    targets: Targets,
) -> Result<Option<Hit>, String> {
    let direction = Dir3::new(ray.direction)
        .map_err(|_| format!("direction must not be zero, not {}", ray.direction))?;
    if ray.max_distance <= 0.0 {
        return Err(format!(
            "max_distance must be positive, not {}",
            ray.max_distance
        ));
    }
    let mut best: Option<Hit> = None;
    for (entity, transform, slime) in &targets {
        let radius = if slime { 0.55 } else { 0.35 };
        let to_center = transform.translation - ray.origin;
        let along = to_center.dot(*direction);
        let miss = (to_center - *direction * along).length();
        if along < 0.0 || miss > radius {
            continue;
        }
        let distance = (along - (radius * radius - miss * miss).sqrt()).max(0.0);
        if distance > ray.max_distance || best.as_ref().is_some_and(|b| b.distance <= distance) {
            continue;
        }
        if let Some(id) = ids.id(entity) {
            best = Some(Hit {
                id,
                distance,
                point: ray.origin + *direction * distance,
            });
        }
    }
    Ok(best)
}

/// `game.bob(time, seed)`, a function verb that runs on the worker: how high a gem floats
/// (0 to 0.25 m), smooth in time, each seed its own phase.
pub fn bob((time, seed): (f32, f32)) -> f32 {
    let wave = (time * 2.5 + seed * 1.7).sin() * 0.5 + 0.5;
    wave * wave * 0.25
}

/// What the level exposes to its script: its components, its score and its verbs.
pub fn expose(plugin: JsScriptingPlugin) -> JsScriptingPlugin {
    plugin
        .expose_component::<Health>()
        .expose_component::<Patrol>()
        .expose_component::<Loot>()
        .expose_resource::<Score>()
        .expose_system("raycast", raycast)
        .expose_fn("bob", bob)
}
