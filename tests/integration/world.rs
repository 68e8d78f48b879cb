//! Scripts reach the game's own entities: Rust-spawned `ScriptVisible` entities with game
//! components, resources, glTF scenes and the hierarchy, through `world`, `scene` and
//! `entity`.

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

#[derive(Component, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Component, Default)]
struct Patrol {
    speed: f32,
    waypoints: Vec<Vec3>,
}

#[derive(Component, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Component, Default)]
struct Loot {
    coins: u32,
    rare: bool,
}

/// On the player, but never exposed: scripts cannot reach it.
#[derive(Component, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Component, Default)]
struct Secret {
    code: u32,
}

#[derive(Resource, Reflect, Default, Debug, Clone, PartialEq)]
#[reflect(Resource, Default)]
struct Score {
    points: u32,
    combo: u8,
}

fn plugin(script: &str) -> JsScriptingPlugin {
    JsScriptingPlugin::new(common::script(script))
        .expose_component::<Health>()
        .expose_component::<Patrol>()
        .expose_component::<Loot>()
        .expose_resource::<Score>()
}

/// JSON with every number as a float: JS hands whole numbers over as integers.
fn floats(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(floats).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), floats(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Asserts that two JSON values are equal, numbers compared as floats.
macro_rules! assert_json {
    ($left:expr, $right:expr $(, $($message:tt)*)?) => {
        assert_eq!(floats(&$left), floats(&$right) $(, $($message)*)?)
    };
}

fn scripts_find_read_damage_heal_move_reparent_and_spawn() {
    let mut app = common::app_with(plugin("world.js"));
    collect_events(&mut app);
    let world = app.world_mut();
    world.insert_resource(Score {
        points: 1,
        combo: 2,
    });
    let player = world
        .spawn((
            Name::new("Player"),
            Health {
                current: 10.0,
                max: 10.0,
            },
            Secret { code: 42 },
            Transform::from_xyz(1.0, 0.0, 0.0),
            ScriptVisible,
        ))
        .id();
    let goblin = world
        .spawn((
            Name::new("Goblin"),
            Health {
                current: 5.0,
                max: 5.0,
            },
            Patrol {
                speed: 2.0,
                waypoints: vec![Vec3::ZERO, Vec3::X],
            },
            Transform::default(),
            ScriptVisible,
        ))
        .id();
    let crate_entity = world
        .spawn((
            Name::new("Crate"),
            Health {
                current: 1.0,
                max: 1.0,
            },
            ScriptVisible,
        ))
        .id();
    let hidden = world
        .spawn((
            Name::new("Hidden"),
            Health {
                current: 7.0,
                max: 7.0,
            },
        ))
        .id();

    let read = wait_for_event(&mut app, "read");
    let (player_id, goblin_id) = (
        read["player"].as_u64().unwrap(),
        read["goblin"].as_u64().unwrap(),
    );
    let ids = app.world().resource::<ScriptEntities>();
    assert_eq!(ids.entity(player_id as u32), Some(player));
    assert_eq!(ids.id(goblin), Some(goblin_id as u32));
    assert_eq!(
        ids.id(hidden),
        None,
        "an entity without ScriptVisible has no id"
    );
    assert_eq!(
        app.world().get::<ScriptObject>(player).map(|o| o.id),
        Some(player_id as u32)
    );
    assert_json!(read["hidden"], json!(null));
    assert_json!(read["health"], json!({ "current": 10.0, "max": 10.0 }));
    assert_json!(read["name"], json!("Player"));
    assert_json!(read["transform"]["translation"], json!([1.0, 0.0, 0.0]));
    assert_json!(read["transform"]["scale"], json!([1.0, 1.0, 1.0]));
    assert_json!(
        read["patrol"],
        json!({ "speed": 2.0, "waypoints": [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]] })
    );
    assert_json!(read["goblinLoot"], json!(null));
    let crate_id = read["crate"].as_u64().expect("the crate is visible");
    let mut both = vec![player_id, goblin_id, crate_id];
    both.sort_unstable();
    assert_json!(read["withHealth"], json!(both));
    assert_json!(read["withPatrol"], json!([goblin_id]));
    assert_json!(read["hasPatrol"], json!([false, true]));
    assert_json!(read["position"], json!({ "x": 1.0, "y": 0.0, "z": 0.0 }));
    assert_json!(read["score"], json!({ "points": 1, "combo": 2 }));
    let errors: Vec<&str> = read["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let expected = [
        "RangeError: world.get: Secret is not an exposed component (exposed: Transform, Name, Visibility, Health, Patrol, Loot)".to_owned(),
        "TypeError: world.set: Health.current must be a number".to_owned(),
        "RangeError: world.set: Health.armor is not a field of Health (its fields: current, max)".to_owned(),
        "RangeError: world.set: Health.current must be a number within 32-bit float range".to_owned(),
        "RangeError: world.set: no entity with id 999999".to_owned(),
        "RangeError: world.get: no entity with id 999999".to_owned(),
        "RangeError: world.setResource: Nope is not an exposed resource (exposed: Score)".to_owned(),
        "RangeError: world.setResource: Score.points must be an integer from 0 to 4294967295".to_owned(),
        "TypeError: world.insert: Loot.coins must be a number".to_owned(),
        format!("RangeError: world.set: entity {goblin_id} has no Loot (world.insert adds one)"),
        "RangeError: world.spawn: Secret is not an exposed component (exposed: Transform, Name, Visibility, Health, Patrol, Loot)".to_owned(),
        "RangeError: world.query: Secret is not an exposed component (exposed: Transform, Name, Visibility, Health, Patrol, Loot)".to_owned(),
        "RangeError: scene.spawn: path \"../Cargo.toml\" must be a path relative to the asset folder, inside it (no '..', no absolute path)".to_owned(),
        format!("RangeError: entity.setParent: {player_id} is {player_id} or one of its ancestors; that would make a cycle"),
        "RangeError: entity.setPosition: no entity with id 999999".to_owned(),
    ];
    assert_eq!(errors, expected);

    // Checked in the main frame that applied the end of the script's writing frame, before
    // another update: the script's next frame (which detaches the chest) cannot have been
    // applied yet.
    let started = std::time::Instant::now();
    let wrote = loop {
        if let Some(wrote) = common::emitted(&app, "wrote").pop() {
            break wrote;
        }
        assert!(started.elapsed() < common::PATIENCE, "no \"wrote\" event");
        app.update();
    };
    let chest_id = wrote["chest"].as_u64().unwrap() as u32;
    // Applied with the event, in order: the chest is a real entity, a child of the player.
    let chest_entity = app.world().resource::<ScriptEntities>().entity(chest_id);
    let chest_parent = chest_entity.and_then(|chest| app.world().get::<ChildOf>(chest));
    assert_eq!(chest_parent.map(ChildOf::parent), Some(player));
    assert_json!(wrote["destroyed"], json!(true));
    assert_json!(wrote["destroyedTwice"], json!(false));
    assert_json!(
        wrote["afterDestroy"],
        json!(format!(
            "RangeError: world.set: no entity with id {}",
            read["crate"]
        ))
    );
    assert!(
        app.world().get_entity(crate_entity).is_err(),
        "the script despawned the crate"
    );
    assert_json!(
        wrote["cycle"],
        json!(format!(
            "RangeError: entity.setParent: {player_id} is {chest_id} or one of its ancestors; that would make a cycle"
        ))
    );
    let after = wait_for_event(&mut app, "after");
    assert_json!(
        after["health"],
        json!({ "current": 3.0, "max": 10.0 }),
        "damaged"
    );
    assert_json!(after["goblinHealth"], json!({ "current": 0.0, "max": 5.0 }));
    assert_json!(after["loot"], json!({ "coins": 12, "rare": false }));
    assert_json!(after["chestParent"], json!(player_id));
    assert_json!(after["children"], json!([chest_id]));
    assert_json!(after["score"], json!({ "points": 10, "combo": 2 }));
    assert_json!(after["found"], json!(chest_id));
    assert_json!(after["position"], json!({ "x": 2.0, "y": 0.0, "z": 0.0 }));
    assert_json!(
        after["goblinPosition"],
        json!({ "x": 0.0, "y": 0.0, "z": 4.0 })
    );
    assert_json!(after["crate"], json!(null));
    assert_json!(
        after["chestTransform"]["translation"],
        json!([1.0, 0.0, 0.0])
    );
    let chest = app
        .world()
        .resource::<ScriptEntities>()
        .entity(chest_id)
        .expect("the chest has an entity");
    assert_eq!(
        app.world().get::<Loot>(chest),
        Some(&Loot {
            coins: 12,
            rare: false
        })
    );
    assert!(app.world().get::<ScriptVisible>(chest).is_some());

    let last = wait_for_event(&mut app, "final");
    assert_json!(
        last["health"],
        json!({ "current": 10.0, "max": 10.0 }),
        "healed"
    );
    assert_json!(last["goblinLoot"], json!({ "coins": 3, "rare": false }));
    assert_json!(last["withPatrol"], json!([]));
    assert_json!(last["scale"], json!({ "x": 2.0, "y": 2.0, "z": 2.0 }));
    assert_json!(last["created"], json!(goblin_id), "whenCreated resolved");
    let world = app.world();
    assert_eq!(
        world.get::<Health>(player),
        Some(&Health {
            current: 10.0,
            max: 10.0
        })
    );
    assert_eq!(
        world.get::<Transform>(player).unwrap().translation,
        Vec3::new(2.0, 0.0, 0.0)
    );
    assert_eq!(
        world.get::<Transform>(player).unwrap().scale,
        Vec3::splat(2.0)
    );
    assert_eq!(world.get::<Secret>(player), Some(&Secret { code: 42 }));
    assert_eq!(world.get::<Patrol>(goblin), None, "removed");
    assert_eq!(world.get::<ChildOf>(chest), None, "detached");
    assert_eq!(
        world.get::<Health>(hidden),
        Some(&Health {
            current: 7.0,
            max: 7.0
        }),
        "the invisible entity is untouched"
    );
    assert_eq!(
        world.resource::<Score>(),
        &Score {
            points: 10,
            combo: 2
        }
    );
    common::assert_no_script_errors(&app);
}

fn invisible_entities_stay_unreachable() {
    let mut app = common::app_with(plugin("world_invisible.js"));
    collect_events(&mut app);
    let world = app.world_mut();
    let visible = world
        .spawn((
            Name::new("Seen"),
            Health {
                current: 1.0,
                max: 1.0,
            },
            ScriptVisible,
        ))
        .id();
    let hidden: Vec<Entity> = (0..50)
        .map(|_| {
            world
                .spawn((
                    Name::new("Hidden"),
                    Health {
                        current: 5.0,
                        max: 5.0,
                    },
                    Transform::default(),
                ))
                .id()
        })
        .collect();
    let seen = wait_for_event(&mut app, "seen");
    let id = app
        .world()
        .resource::<ScriptEntities>()
        .id(visible)
        .unwrap();
    assert_json!(seen["withHealth"], json!([id]));
    assert_json!(seen["all"], json!([id]));
    assert_json!(seen["hidden"], json!(null));
    // `start()` ran before any id existed: it changed nothing.
    assert_json!(wait_for_event(&mut app, "tried"), json!({ "changed": 0 }));
    let frames = common::metrics(&app).worker_frames;
    common::run_worker_frames(&mut app, frames + 3);
    for entity in hidden {
        assert_eq!(app.world().get::<Health>(entity).unwrap().current, 5.0);
    }
    common::assert_no_script_errors(&app);
}

fn despawned_entities_are_gone_and_a_recycled_entity_gets_no_stale_command() {
    let mut app = common::app_with(plugin("world_despawn.js"));
    collect_events(&mut app);
    let victim = app
        .world_mut()
        .spawn((
            Name::new("Victim"),
            Health {
                current: 5.0,
                max: 5.0,
            },
            Transform::default(),
            ScriptVisible,
        ))
        .id();
    let writing = wait_for_event(&mut app, "writing");
    let victim_id = writing["victim"].as_u64().unwrap();
    // The script writes to it every frame; commands are in flight when it goes.
    app.world_mut().despawn(victim);
    // Bevy hands the freed index out again, with a new generation, once its local list of
    // freed indices (128) is full: free 200 more.
    let world = app.world_mut();
    let fillers: Vec<Entity> = (0..200).map(|_| world.spawn_empty().id()).collect();
    for filler in fillers {
        world.despawn(filler);
    }
    let recycled = (0..10_000)
        .map(|_| world.spawn_empty().id())
        .find(|entity| entity.index() == victim.index())
        .expect("Bevy reuses the entity index");
    world.entity_mut(recycled).insert((
        Health {
            current: 5.0,
            max: 5.0,
        },
        Transform::default(),
        ScriptVisible,
    ));
    assert_ne!(recycled, victim);
    let gone = wait_for_event(&mut app, "gone");
    assert_json!(gone["victim"], json!(victim_id));
    assert_json!(
        gone["despawned"],
        json!(victim_id),
        "the despawned event names it"
    );
    assert_json!(
        gone["failure"],
        json!(format!(
            "RangeError: world.set: no entity with id {victim_id}"
        ))
    );
    assert_json!(gone["get"], json!(null));
    assert_json!(gone["entityGet"], json!(null));
    let recycled_id = app
        .world()
        .resource::<ScriptEntities>()
        .id(recycled)
        .unwrap();
    assert_ne!(
        u64::from(recycled_id),
        victim_id,
        "a new id, never the old one"
    );
    assert_json!(gone["query"], json!([recycled_id]));
    let frames = common::metrics(&app).worker_frames;
    common::run_worker_frames(&mut app, frames + 3);
    let world = app.world();
    assert_eq!(
        world.get::<Health>(recycled).unwrap().current,
        5.0,
        "no stale patch"
    );
    assert_eq!(
        world.get::<Transform>(recycled).unwrap().translation,
        Vec3::ZERO,
        "no stale move"
    );
    let metrics = common::metrics(&app);
    assert!(metrics.stale_commands >= 2, "{}", metrics.stale_commands);
    common::assert_no_script_errors(&app);
}

fn a_gltf_scene_spawns_and_its_entities_are_visible() {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: "tests".into(),
            ..default()
        },
        bevy::transform::TransformPlugin,
        bevy::mesh::MeshPlugin,
        bevy::image::ImagePlugin::default(),
        bevy::gltf::GltfPlugin::default(),
        bevy::world_serialization::WorldSerializationPlugin,
        JsScriptingPlugin::new(common::script("scene.js")).with_engine(common::engine()),
    ));
    app.finish();
    app.cleanup();
    collect_events(&mut app);
    let ready = wait_for_event(&mut app, "ready");
    assert_json!(ready["id"], ready["root"]);
    let marker = ready["marker"].as_u64().expect("Marker is visible");
    let left = ready["left"].as_u64().expect("Left is visible");
    assert_eq!(ready["markerChildren"].as_array().unwrap().len(), 2);
    assert!(
        ready["markerChildren"]
            .as_array()
            .unwrap()
            .contains(&json!(left))
    );
    assert_json!(ready["leftParent"], json!(marker));
    assert_json!(ready["leftName"], json!("Left"));
    assert_json!(
        ready["leftTransform"]["translation"],
        json!([-1.0, 0.0, 0.0])
    );
    // The marker sits below the root (through the scene's own root entity, if any).
    let ids = app.world().resource::<ScriptEntities>().clone();
    let left_entity = ids.entity(left as u32).unwrap();
    let root_entity = ids.entity(ready["root"].as_u64().unwrap() as u32).unwrap();
    let world = app.world_mut();
    let mut ancestors = world.query::<&ChildOf>();
    let mut current = left_entity;
    let mut reached_root = false;
    while let Ok(child_of) = ancestors.get(world, current) {
        current = child_of.parent();
        reached_root |= current == root_entity;
    }
    assert!(reached_root, "Left is a descendant of the scene root");
    common::run_until(&mut app, "the script moved Left", |app| {
        app.world()
            .get::<Transform>(left_entity)
            .unwrap()
            .translation
            == Vec3::new(-3.0, 0.0, 0.0)
    });
    common::assert_no_script_errors(&app);
}

engine_tests!(
    scripts_find_read_damage_heal_move_reparent_and_spawn,
    invisible_entities_stay_unreachable,
    despawned_entities_are_gone_and_a_recycled_entity_gets_no_stale_command,
    a_gltf_scene_spawns_and_its_entities_are_visible,
);

mod other {
    use bevy::prelude::*;

    #[derive(Component, Reflect, Default)]
    #[reflect(Component)]
    pub struct Health {
        pub points: u32,
    }
}

#[test]
#[should_panic(expected = "two share the name `Health`")]
fn two_exposed_types_with_one_short_name_fail_at_build() {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin::default(),
        JsScriptingPlugin::new(common::script("world.js"))
            .expose_component::<Health>()
            .expose_component::<other::Health>(),
    ));
}
