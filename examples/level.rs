//! A game level whose entities Rust spawns and whose behavior is scripted through `world`:
//! `assets/scripts/level.js`.
//!
//! ```text
//! cargo run --release --example level
//! cargo run --release --example level -- --screenshot level.png --frames 300
//! ```
//!
//! Rust spawns the level: the ground, the light, the camera, the player (the robot glTF model
//! that this repository ships, `assets/models/robot.gltf`, made by
//! `assets/models/generate.py`), slimes that patrol, gems worth coins, and the `Score`. Each
//! gameplay entity carries the game's own components (`Health`, `Patrol`, `Loot`) and
//! [`ScriptVisible`]; the plugin exposes those components and the `Score` resource to the
//! script, and nothing else.
//!
//! The script does the rest through `world`: it finds the player and the slimes, moves the
//! slimes along their `Patrol`, damages the player's `Health` when a slime touches it and heals
//! it over time, collects gems (reading their `Loot`, adding it to `Score`), spawns a small
//! companion robot from the same glTF and parents it to the player, and reaches into the
//! scene's nodes (turning the player's head, lighting the companion's visor).
//!
//! The script also calls the game's own Rust code (`examples/support/level_game.rs`):
//! `game.raycast`, a one-shot system, tells it what lies ahead of the player (the companion's
//! visor turns red when a slime does), and `game.bob`, a pure function on the worker, makes the
//! gems float. At startup the app writes `assets/scripts/game.d.ts`, which types all of it for
//! the script's editor.
//!
//! The HUD is the script's too, on Bevy's UI (`ui.*`): the coins and hits it wrote into
//! `Score`, a health bar of the player's `Health`, and a pause menu (Escape or P) whose
//! "Resume" button it listens to. Pickups and hits play sounds (`audio.*`, files from
//! `assets/sounds/`, made by `assets/sounds/generate.py`); a gem's chime comes from where
//! the gem was. Rust draws nothing on screen.
//!
//! The player walks on its own; WASD or the arrow keys take over; F1 shows the metrics.

#[path = "support/level_game.rs"]
mod level_game;
#[path = "support/screenshot.rs"]
mod screenshot;

use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;
use bevy_js_worker::prelude::*;
use level_game::{Health, Loot, Patrol, Score};

fn main() -> AppExit {
    let (screenshot, engine) = match screenshot::parse_args(300) {
        Ok(plan) => plan,
        Err(problem) => {
            eprintln!("{problem}\nusage: level {}", screenshot::USAGE);
            return AppExit::error();
        }
    };
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bevy_js_worker: a level scripted through world".into(),
            resolution: (1280, 720).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins((
        level_game::expose(JsScriptingPlugin::new("scripts/level.js"))
            .with_engine(engine)
            // The script's editor and tsc see this game's components, score and verbs.
            .with_typings("scripts/game.d.ts"),
        JsOverlayPlugin::default().with_visible(false),
    ))
    .init_resource::<Score>()
    .add_systems(Startup, spawn_level);
    if let Some(plan) = screenshot {
        app.add_plugins(plan);
    }
    app.run()
}

fn spawn_level(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.spawn((
        Camera3d::default(),
        Transform::from_xyz(0.0, 11.0, 13.0).looking_at(Vec3::new(0.0, 0.0, 0.5), Vec3::Y),
    ));
    commands.spawn((
        DirectionalLight {
            illuminance: 9_000.0,
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(4.0, 10.0, 6.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.spawn((
        Mesh3d(meshes.add(Plane3d::default().mesh().size(18.0, 14.0))),
        MeshMaterial3d(materials.add(Color::srgb(0.22, 0.42, 0.25))),
    ));
    // The player: the robot model, with the game's own Health.
    commands.spawn((
        Name::new("Player"),
        WorldAssetRoot(assets.load(GltfAssetLabel::Scene(0).from_asset("models/robot.gltf"))),
        Transform::from_xyz(0.0, 0.0, 2.0),
        Health {
            current: 10.0,
            max: 10.0,
        },
        ScriptVisible,
    ));
    let slime = meshes.add(Sphere::new(0.55).mesh().uv(24, 14));
    let slime_material = materials.add(StandardMaterial {
        base_color: Color::srgb(0.45, 0.85, 0.2),
        perceptual_roughness: 0.3,
        ..default()
    });
    for (i, (center, radius, speed)) in [
        (Vec3::new(-4.0, 0.55, -1.0), 2.5, 0.9),
        (Vec3::new(4.0, 0.55, -1.5), 2.0, -1.2),
        (Vec3::new(0.0, 0.55, -4.0), 3.0, 0.6),
    ]
    .into_iter()
    .enumerate()
    {
        commands.spawn((
            Name::new(format!("Slime {}", i + 1)),
            Mesh3d(slime.clone()),
            MeshMaterial3d(slime_material.clone()),
            Transform::from_translation(center + Vec3::X * radius),
            Patrol {
                center,
                radius,
                speed,
            },
            Health {
                current: 3.0,
                max: 3.0,
            },
            ScriptVisible,
        ));
    }
    let gem = meshes.add(Cuboid::new(0.45, 0.45, 0.45));
    let gem_material = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.8, 0.1),
        emissive: LinearRgba::rgb(0.6, 0.45, 0.0),
        ..default()
    });
    // Some on the path the player walks when nobody plays, some off it.
    for (i, position) in [
        Vec3::new(3.5, 0.4, 3.0),
        Vec3::new(-3.5, 0.4, -3.0),
        Vec3::new(5.0, 0.4, 0.0),
        Vec3::new(-6.0, 0.4, 3.5),
        Vec3::new(3.0, 0.4, -5.5),
    ]
    .into_iter()
    .enumerate()
    {
        commands.spawn((
            Name::new("Gem"),
            Mesh3d(gem.clone()),
            MeshMaterial3d(gem_material.clone()),
            Transform::from_translation(position)
                .with_rotation(Quat::from_rotation_y(i as f32 * 0.7)),
            Loot {
                coins: 5 * (i as u32 + 1),
            },
            ScriptVisible,
        ));
    }
}
