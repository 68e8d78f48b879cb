//! [`HeadlessUiPlugin`]: Bevy's UI in an app with no window and no renderer, so that script
//! UI is laid out (`ui.get(id).layout` is real) and clickable in tests and on servers.

use bevy::camera::{CameraPlugin, ComputedCameraValues, RenderTargetInfo, Viewport};
use bevy::image::{ImagePlugin, TextureAtlasPlugin};
use bevy::input::mouse::MouseButtonInput;
use bevy::input::{ButtonState, InputPlugin, InputSystems};
use bevy::mesh::MeshPlugin;
use bevy::prelude::*;
use bevy::text::TextPlugin;
use bevy::ui::UiPlugin;
use bevy::window::{CursorMoved, ExitCondition, PrimaryWindow, WindowResolution};

/// Lays out Bevy UI in a headless app (`MinimalPlugins` + `AssetPlugin`) for a fixed viewport,
/// and lets the app click it through Bevy's own input path ([`HeadlessClicks`]).
///
/// It adds what `UiPlugin` needs that a headless app lacks (input, a primary window that no
/// OS window backs, images, texture atlases, meshes and cameras for visibility, text) and a 2D
/// camera whose target size is set by hand, since without a renderer nothing measures one. A
/// click sets the window's cursor and writes the `MouseButtonInput` messages a window backend
/// would, so Bevy's UI focus turns it into `Interaction::Pressed` on the node under it.
///
/// ```no_run
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
/// use bevy_js_worker::{HeadlessClicks, HeadlessUiPlugin};
///
/// let mut app = App::new();
/// app.add_plugins((
///     MinimalPlugins,
///     bevy::asset::AssetPlugin::default(),
///     HeadlessUiPlugin::default(),
///     JsScriptingPlugin::new("scripts/menu.js"),
/// ));
/// app.update();
/// app.world_mut()
///     .resource_mut::<HeadlessClicks>()
///     .click(Vec2::new(640.0, 360.0));
/// app.update();
/// ```
#[derive(Debug, Clone, Copy)]
pub struct HeadlessUiPlugin {
    /// The viewport's size in logical pixels (the scale factor is 1).
    pub size: UVec2,
}

impl Default for HeadlessUiPlugin {
    /// 1280 × 720.
    fn default() -> Self {
        Self {
            size: UVec2::new(1280, 720),
        }
    }
}

impl Plugin for HeadlessUiPlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<InputPlugin>() {
            app.add_plugins(InputPlugin);
        }
        if !app.is_plugin_added::<WindowPlugin>() {
            app.add_plugins(WindowPlugin {
                primary_window: Some(Window {
                    resolution: WindowResolution::new(self.size.x, self.size.y),
                    ..default()
                }),
                exit_condition: ExitCondition::DontExit,
                close_when_requested: false,
                ..default()
            });
        }
        if !app.is_plugin_added::<ImagePlugin>() {
            app.add_plugins(ImagePlugin::default());
        }
        if !app.is_plugin_added::<TextureAtlasPlugin>() {
            app.add_plugins(TextureAtlasPlugin);
        }
        // UI nodes are only interactive once visibility has propagated, which the camera
        // plugin does (and its bounds systems need meshes).
        if !app.is_plugin_added::<MeshPlugin>() {
            app.add_plugins(MeshPlugin);
        }
        if !app.is_plugin_added::<CameraPlugin>() {
            app.add_plugins(CameraPlugin);
        }
        if !app.is_plugin_added::<TextPlugin>() {
            app.add_plugins(TextPlugin);
        }
        if !app.is_plugin_added::<UiPlugin>() {
            app.add_plugins(UiPlugin);
        }
        let size = self.size;
        app.init_resource::<HeadlessClicks>()
            .add_systems(Startup, move |mut commands: Commands| {
                commands.spawn((
                    Camera2d,
                    Camera {
                        viewport: Some(Viewport {
                            physical_size: size,
                            ..default()
                        }),
                        computed: ComputedCameraValues {
                            target_info: Some(RenderTargetInfo {
                                physical_size: size,
                                scale_factor: 1.0,
                            }),
                            ..default()
                        },
                        ..default()
                    },
                ));
            })
            .add_systems(PreUpdate, press_and_release.before(InputSystems));
    }
}

/// Left clicks for a [`HeadlessUiPlugin`] app to make: each is pressed at the start of the
/// next frame and released at the start of the one after.
#[derive(Resource, Debug, Default)]
pub struct HeadlessClicks {
    queued: Vec<Vec2>,
    /// A click pressed last frame, released this frame.
    held: Option<Vec2>,
    /// Clicks made so far.
    made: u64,
}

impl HeadlessClicks {
    /// Queues a left click at `position`, in logical pixels from the viewport's top-left.
    pub fn click(&mut self, position: Vec2) {
        self.queued.push(position);
    }

    /// How many clicks were pressed so far.
    pub fn made(&self) -> u64 {
        self.made
    }

    /// Whether every queued click has been pressed and released.
    pub fn is_idle(&self) -> bool {
        self.queued.is_empty() && self.held.is_none()
    }
}

/// Moves the cursor and presses or releases the left button, as a window backend would.
fn press_and_release(
    mut clicks: ResMut<HeadlessClicks>,
    mut windows: Query<(Entity, &mut Window), With<PrimaryWindow>>,
    mut buttons: MessageWriter<MouseButtonInput>,
    mut cursor: MessageWriter<CursorMoved>,
) {
    let Ok((window_entity, mut window)) = windows.single_mut() else {
        return;
    };
    if clicks.held.take().is_some() {
        buttons.write(MouseButtonInput {
            button: MouseButton::Left,
            state: ButtonState::Released,
            window: window_entity,
        });
        return;
    }
    if clicks.queued.is_empty() {
        return;
    }
    let position = clicks.queued.remove(0);
    window.set_cursor_position(Some(position));
    cursor.write(CursorMoved {
        window: window_entity,
        position,
        delta: None,
    });
    buttons.write(MouseButtonInput {
        button: MouseButton::Left,
        state: ButtonState::Pressed,
        window: window_entity,
    });
    clicks.held = Some(position);
    clicks.made += 1;
}
