//! Script sounds (`audio.*`): what a script asked a sound to do, the worker's book of its
//! sounds, and what the main thread publishes back about them.
//!
//! The worker keeps each sound's path and settings, so `audio.get` needs no round trip; only
//! whether it is playing comes back, through a state buffer. A sound that ends (or that Rust
//! despawns) is reported with [`AUDIO_END_EVENT`] and is gone from the book.

use bevy::math::Vec3;
use bevy::platform::collections::HashMap;

use super::state::ScriptId;

/// The event a worker gets when one of its sounds ends: `{ id }`. A looping sound never ends;
/// a machine with no audio device plays nothing, so nothing ends there either.
#[cfg_attr(
    not(feature = "audio"),
    allow(dead_code, reason = "only the main thread's audio systems send it")
)]
pub const AUDIO_END_EVENT: &str = "audio:end";

/// The sound formats the `audio` feature loads.
pub const AUDIO_EXTENSIONS: &[&str] = &["ogg", "oga", "wav"];

/// The largest volume a script may ask for (linear: 1 is the file's own loudness).
pub const MAX_VOLUME: f32 = 16.0;

/// The speed range a script may ask for (1 is normal speed, 2 an octave up).
pub const SPEED_RANGE: std::ops::RangeInclusive<f32> = 0.01..=16.0;

/// How a sound plays: `audio.play`'s options, then what `audio.update` changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoundSettings {
    /// Linear volume, 0 to [`MAX_VOLUME`].
    pub volume: f32,
    /// Starts over when it ends (and so never ends).
    pub looped: bool,
    /// Playback speed (which also shifts the pitch).
    pub speed: f32,
    /// Paused: it keeps its place.
    pub paused: bool,
    /// Where a spatial sound is in the world; `None` for a sound heard the same everywhere.
    /// Fixed at `audio.play`: a sound cannot become spatial later.
    pub position: Option<Vec3>,
}

impl Default for SoundSettings {
    fn default() -> Self {
        Self {
            volume: 1.0,
            looped: false,
            speed: 1.0,
            paused: false,
            position: None,
        }
    }
}

/// What `audio.update` changes; `None` leaves a setting as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SoundUpdate {
    /// The new volume.
    pub volume: Option<f32>,
    /// The new speed.
    pub speed: Option<f32>,
    /// Pauses or resumes it.
    pub paused: Option<bool>,
    /// Moves a spatial sound.
    pub position: Option<Vec3>,
}

impl SoundUpdate {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Applies it to `settings`.
    pub fn apply(&self, settings: &mut SoundSettings) {
        if let Some(volume) = self.volume {
            settings.volume = volume;
        }
        if let Some(speed) = self.speed {
            settings.speed = speed;
        }
        if let Some(paused) = self.paused {
            settings.paused = paused;
        }
        if let Some(position) = self.position {
            settings.position = Some(position);
        }
    }
}

/// `audio.play`: which file (a path inside the asset folder) and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundPlay {
    /// The sound file, relative to the asset folder.
    pub path: String,
    /// How it plays.
    pub settings: SoundSettings,
}

/// What the main thread publishes about a sound each time it changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SoundState {
    /// Whether it is being heard: its file is loaded, an audio device plays it, and it is not
    /// paused or finished.
    pub playing: bool,
}

/// The worker's sounds: what each was asked to play, and how, as of the script's last call.
#[derive(Debug, Default)]
pub struct SoundBook {
    sounds: HashMap<ScriptId, SoundPlay>,
}

impl SoundBook {
    /// Records a sound `audio.play` started.
    pub fn add(&mut self, id: ScriptId, play: SoundPlay) {
        self.sounds.insert(id, play);
    }

    /// The sound `id`, if the script's book has it.
    pub fn get(&self, id: ScriptId) -> Option<&SoundPlay> {
        self.sounds.get(&id)
    }

    /// Applies an `audio.update`.
    pub fn update(&mut self, id: ScriptId, update: &SoundUpdate) {
        if let Some(play) = self.sounds.get_mut(&id) {
            update.apply(&mut play.settings);
        }
    }

    /// Forgets sound `id` (stopped, ended, or despawned); whether it was there.
    pub fn remove(&mut self, id: ScriptId) -> bool {
        self.sounds.remove(&id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_changes_only_what_it_names() {
        let mut book = SoundBook::default();
        book.add(
            7,
            SoundPlay {
                path: "sounds/coin.ogg".into(),
                settings: SoundSettings {
                    volume: 0.5,
                    looped: true,
                    ..SoundSettings::default()
                },
            },
        );
        book.update(
            7,
            &SoundUpdate {
                speed: Some(2.0),
                paused: Some(true),
                ..SoundUpdate::default()
            },
        );
        let settings = book.get(7).map(|play| play.settings);
        assert_eq!(
            settings,
            Some(SoundSettings {
                volume: 0.5,
                looped: true,
                speed: 2.0,
                paused: true,
                position: None,
            })
        );
        assert!(SoundUpdate::default().is_empty());
        assert!(book.remove(7));
        assert!(!book.remove(7));
        assert_eq!(book.get(7), None);
    }
}
