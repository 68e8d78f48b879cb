//! Script sounds on the main thread: playing a file on Bevy's audio, changing how it plays,
//! publishing whether it is heard, and telling the script when it ends.
//!
//! A sound is an entity with Bevy's `AudioPlayer` and `PlaybackSettings`; Bevy gives it a sink
//! once its file has loaded, if the machine has an audio device. With no device there is never
//! a sink: the sound stays "not playing" and never ends, and every call still works.

use bevy::audio::{
    AudioPlayer, AudioSink, AudioSinkPlayback, AudioSource, PlaybackMode, PlaybackSettings,
    SpatialAudioSink, SpatialListener, Volume,
};
use bevy::prelude::*;

use super::bridge::ScriptBridge;
use super::workers::ScriptWorkers;
use crate::core::audio::{AUDIO_END_EVENT, SoundPlay, SoundSettings, SoundState, SoundUpdate};
use crate::core::bridge::Callback;
use crate::core::events::JsEvent;
use crate::core::state::{ScriptId, ScriptObject, ScriptObjectKind};

/// A script's sound: the worker that played it (which hears of its end) and whether it loops.
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct ScriptSound {
    worker: Entity,
    looped: bool,
    spatial: bool,
}

/// Marks the [`SpatialListener`] the plugin put on the active camera for spatial script
/// sounds (a listener the game placed itself is left alone).
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct ScriptListener;

/// Script sounds whose entity went away (they ended, or Rust despawned them) since the last
/// [`track_sounds`], for their workers to hear of.
#[derive(Resource, Debug, Default)]
pub(crate) struct EndedSounds(Vec<(Entity, ScriptId)>);

impl ScriptBridge {
    pub(super) fn play_sound(&mut self, world: &mut World, id: ScriptId, play: SoundPlay) {
        let SoundPlay { path, settings } = play;
        let mut entity = world.spawn((
            playback_settings(&settings),
            Transform::from_translation(settings.position.unwrap_or_default()),
            ScriptObject {
                id,
                kind: ScriptObjectKind::Sound,
            },
            ScriptSound {
                worker: self.entity,
                looped: settings.looped,
                spatial: settings.position.is_some(),
            },
        ));
        // Without Bevy's `AudioPlugin` there is nothing to load the file with: the sound is
        // kept (so the script's calls work) but never plays.
        let handle = entity
            .world()
            .get_resource::<AssetServer>()
            .filter(|_| entity.world().contains_resource::<Assets<AudioSource>>())
            .map(|assets| assets.load::<AudioSource>(path));
        match handle {
            Some(handle) => {
                entity.insert(AudioPlayer::new(handle));
            }
            None => warn_once!(
                "audio.play: the app has no AudioPlugin (DefaultPlugins has it), so script \
                 sounds are silent"
            ),
        }
        let entity = entity.id();
        self.owned.insert(id);
        self.objects.insert(id, entity);
        self.sounds.insert(id, SoundState::default());
    }

    pub(super) fn update_sound(&mut self, world: &mut World, id: ScriptId, update: SoundUpdate) {
        let Some(entity) = self.live_entity(world, id) else {
            return;
        };
        let Ok(mut entity) = world.get_entity_mut(entity) else {
            return;
        };
        // For a sink Bevy has not made yet (the file is loading).
        if let Some(mut settings) = entity.get_mut::<PlaybackSettings>() {
            if let Some(volume) = update.volume {
                settings.volume = Volume::Linear(volume);
            }
            if let Some(speed) = update.speed {
                settings.speed = speed;
            }
            if let Some(paused) = update.paused {
                settings.paused = paused;
            }
        }
        if let Some(mut sink) = entity.get_mut::<AudioSink>() {
            apply_to_sink(&mut *sink, &update);
        }
        if let Some(mut sink) = entity.get_mut::<SpatialAudioSink>() {
            apply_to_sink(&mut *sink, &update);
        }
        if let Some(position) = update.position
            && let Some(mut transform) = entity.get_mut::<Transform>()
        {
            transform.translation = position;
        }
    }

    /// A sound of this worker ended or was despawned by Rust: the script forgets it and hears
    /// `audio:end`. One the script stopped itself is forgotten already.
    fn sound_ended(&mut self, world: &mut World, id: ScriptId) {
        if !self.owned.contains(&id) {
            return;
        }
        if let Some(entity) = self.forget_object(world, id) {
            let _ = world.try_despawn(entity);
        }
        let callbacks = self.callbacks.get();
        callbacks.send(Callback::Gone { id });
        callbacks.send(Callback::Event(Box::new(JsEvent::new(
            AUDIO_END_EVENT,
            serde_json::json!({ "id": id }),
        ))));
    }
}

fn playback_settings(settings: &SoundSettings) -> PlaybackSettings {
    PlaybackSettings {
        // `Once` keeps the entity when the sound ends: `track_sounds` sees the empty sink,
        // tells the script and despawns it.
        mode: if settings.looped {
            PlaybackMode::Loop
        } else {
            PlaybackMode::Once
        },
        volume: Volume::Linear(settings.volume),
        speed: settings.speed,
        paused: settings.paused,
        spatial: settings.position.is_some(),
        ..PlaybackSettings::ONCE
    }
}

fn apply_to_sink(sink: &mut impl AudioSinkPlayback, update: &SoundUpdate) {
    if let Some(volume) = update.volume {
        sink.set_volume(Volume::Linear(volume));
    }
    if let Some(speed) = update.speed {
        sink.set_speed(speed);
    }
    match update.paused {
        Some(true) => sink.pause(),
        Some(false) => sink.play(),
        None => {}
    }
}

/// Whether a sound is heard, and whether it has finished (played to its end, not looping).
fn sound_status(sink: Option<&dyn AudioSinkPlayback>, looped: bool) -> (bool, bool) {
    match sink {
        Some(sink) => {
            let empty = sink.empty();
            (!empty && !sink.is_paused(), empty && !looped)
        }
        None => (false, false),
    }
}

/// Remembers a script sound whose entity is going away, for [`track_sounds`].
pub(crate) fn on_sound_removed(
    remove: On<Remove, ScriptSound>,
    sounds: Query<(&ScriptObject, &ScriptSound)>,
    mut ended: ResMut<EndedSounds>,
) {
    if let Ok((object, sound)) = sounds.get(remove.entity) {
        ended.0.push((sound.worker, object.id));
    }
}

/// Script sounds as Bevy's audio left them last frame.
type Sounds = (
    Entity,
    &'static ScriptObject,
    &'static ScriptSound,
    Option<&'static AudioSink>,
    Option<&'static SpatialAudioSink>,
);

/// `PreUpdate`, before the swap: publishes which script sounds are heard, despawns the ones
/// that finished, tells each worker of its sounds that are gone, and keeps a listener on the
/// active camera while spatial sounds play.
pub(crate) fn track_sounds(world: &mut World, sounds: &mut QueryState<Sounds>) {
    if !world.contains_resource::<ScriptWorkers>() {
        return;
    }
    let mut states = Vec::new();
    let mut finished = Vec::new();
    let mut spatial = false;
    for (entity, object, sound, sink, spatial_sink) in sounds.iter(world) {
        let sink = sink
            .map(|sink| sink as &dyn AudioSinkPlayback)
            .or(spatial_sink.map(|sink| sink as &dyn AudioSinkPlayback));
        let (playing, done) = sound_status(sink, sound.looped);
        states.push((sound.worker, object.id, playing));
        if done {
            finished.push(entity);
        }
        spatial |= sound.spatial;
    }
    world.resource_scope(|_, mut workers: Mut<ScriptWorkers>| {
        for (worker, id, playing) in states {
            let Some(bridge) = workers
                .bridges
                .iter_mut()
                .find(|bridge| bridge.entity == worker)
            else {
                continue;
            };
            let state = SoundState { playing };
            if bridge.owned.contains(&id) && bridge.sounds.get(&id) != Some(&state) {
                bridge.sounds.insert(id, state);
            }
        }
    });
    for entity in finished {
        // The observer queues it with the ones Rust despawned.
        let _ = world.try_despawn(entity);
    }
    let ended = world
        .get_resource_mut::<EndedSounds>()
        .map(|mut ended| std::mem::take(&mut ended.0))
        .unwrap_or_default();
    for (worker, id) in ended {
        ScriptWorkers::some(world, Some(worker), |world, bridge| {
            bridge.sound_ended(world, id);
        });
    }
    if spatial {
        follow_active_camera(world);
    }
}

/// Puts the plugin's [`SpatialListener`] on the active camera (the one drawn last), unless the
/// game placed a listener of its own.
fn follow_active_camera(world: &mut World) {
    let mut listeners =
        world.query_filtered::<(Entity, Has<ScriptListener>), With<SpatialListener>>();
    let mut ours = None;
    for (entity, is_ours) in listeners.iter(world) {
        if !is_ours {
            return;
        }
        ours = Some(entity);
    }
    let mut cameras = world.query::<(Entity, &Camera)>();
    let active = cameras
        .iter(world)
        .filter(|(_, camera)| camera.is_active)
        .max_by_key(|(_, camera)| camera.order)
        .map(|(entity, _)| entity);
    if active == ours {
        return;
    }
    if let Some(old) = ours
        && let Ok(mut old) = world.get_entity_mut(old)
    {
        old.remove::<(SpatialListener, ScriptListener)>();
    }
    if let Some(active) = active
        && let Ok(mut camera) = world.get_entity_mut(active)
    {
        camera.insert((SpatialListener::default(), ScriptListener));
    }
}
