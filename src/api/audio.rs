//! `audio.*`: sound effects and music on Bevy's audio.
//!
//! A sound is played from a file inside the asset folder, with its options checked here (an
//! unknown option, a wrong type or a bad value throws, naming the option). The worker keeps
//! each sound's path and settings in its [`SoundBook`], so `audio.get` needs no round trip;
//! whether it is heard comes back through a state buffer, and a sound that ends is reported
//! with an `audio:end` event.
//!
//! [`SoundBook`]: crate::core::audio::SoundBook

use super::args::{self, Arg};
use super::js::{ApiError, ApiResult, Js, NativeFn, Natives, arg};
use crate::core::audio::{
    AUDIO_EXTENSIONS, MAX_VOLUME, SPEED_RANGE, SoundPlay, SoundSettings, SoundUpdate,
};
use crate::core::bridge::Command;
use crate::core::host::ScriptHost;
use crate::core::state::{ScriptId, ScriptObjectKind};

pub(super) const FUNCTIONS: &[&str] = &["play", "update", "stop", "get"];

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("play", play::<J> as NativeFn<J>, 2),
        ("update", update::<J>, 2),
        ("stop", stop::<J>, 1),
        ("get", get::<J>, 1),
    ]
}

/// The options `audio.play` takes.
const PLAY_OPTIONS: &[&str] = &["volume", "loop", "speed", "position", "paused"];
/// The settings `audio.update` changes.
const UPDATE_OPTIONS: &[&str] = &["volume", "speed", "paused", "position"];

/// `audio.play(path, options?) → id`.
fn play<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "audio.play";
    let path_arg = Arg::new(FUNC, "path");
    let path = args::string(js, &arg(js, args, 0), path_arg)?;
    let host = js.host()?;
    super::common::asset_file(host.asset_root(), &path, AUDIO_EXTENSIONS)
        .map_err(|problem| ApiError::Range(format!("{FUNC}: path {path:?} {problem}")))?;
    let mut settings = SoundSettings::default();
    let options = arg(js, args, 1);
    if !J::is_undefined(&options) {
        let object = args::object::<J>(&options, Arg::new(FUNC, "options"))?;
        for name in js.own_keys(&object)? {
            let value = js.get_named(&object, &name)?;
            if J::is_undefined(&value) && PLAY_OPTIONS.contains(&name.as_str()) {
                continue;
            }
            let arg = Arg::new(FUNC, "options");
            match name.as_str() {
                "loop" => {
                    settings.looped =
                        args::field(arg, "loop", |arg| args::boolean::<J>(&value, arg))?;
                }
                _ => {
                    let mut update = SoundUpdate::default();
                    setting(js, &mut update, &name, &value, arg, PLAY_OPTIONS)?;
                    update.apply(&mut settings);
                }
            }
        }
    }
    if !cfg!(feature = "audio") {
        return Err(ApiError::Plain(format!(
            "{FUNC}: this game was built without bevy_js_worker's \"audio\" feature"
        )));
    }
    let id = host.allocate(ScriptObjectKind::Sound, FUNC)?;
    let play = SoundPlay { path, settings };
    host.with_sounds(|book| book.add(id, play.clone()));
    host.send(Command::PlaySound(Box::new((id, play))), FUNC)?;
    Ok(js.number(f64::from(id)))
}

/// `audio.update(id, { volume?, speed?, paused?, position? })`.
fn update<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "audio.update";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    let spatial = live_sound::<J>(&host, id, FUNC)?;
    let object = args::object::<J>(&arg(js, args, 1), Arg::new(FUNC, "changes"))?;
    let mut update = SoundUpdate::default();
    for name in js.own_keys(&object)? {
        let value = js.get_named(&object, &name)?;
        if J::is_undefined(&value) && UPDATE_OPTIONS.contains(&name.as_str()) {
            continue;
        }
        setting(
            js,
            &mut update,
            &name,
            &value,
            Arg::new(FUNC, "changes"),
            UPDATE_OPTIONS,
        )?;
    }
    if update.position.is_some() && !spatial {
        return Err(ApiError::Range(format!(
            "{FUNC}: sound {id} was played without a position, so it cannot be moved (give \
             audio.play a position to make a spatial sound)"
        )));
    }
    // A getter may have stopped it meanwhile.
    live_sound::<J>(&host, id, FUNC)?;
    if !update.is_empty() {
        host.with_sounds(|book| book.update(id, &update));
        host.send(Command::UpdateSound { id, update }, FUNC)?;
    }
    Ok(js.undefined())
}

/// `audio.stop(id) → boolean`: whether there was such a sound to stop.
fn stop<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "audio.stop";
    let id = args::id::<J>(&arg(js, args, 0), Arg::new(FUNC, "id"))?;
    let host = js.host()?;
    if !host.is_live(id, ScriptObjectKind::Sound) {
        return Ok(js.boolean(false));
    }
    host.with_sounds(|book| book.remove(id));
    if host.forget(id, ScriptObjectKind::Sound) {
        host.send(Command::Destroy { id }, FUNC)?;
    }
    Ok(js.boolean(true))
}

/// `audio.get(id) → { path, volume, loop, speed, paused, position, playing } | undefined`.
fn get<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    const FUNC: &str = "audio.get";
    let host = js.host()?;
    let id = super::common::known_id::<J>(&host, &arg(js, args, 0), FUNC)?;
    if !host.is_live(id, ScriptObjectKind::Sound) {
        return Ok(js.undefined());
    }
    let Some(play) = host.with_sounds(|book| book.get(id).cloned()).flatten() else {
        return Ok(js.undefined());
    };
    let playing = host
        .shared
        .sounds
        .get(&id)
        .is_some_and(|state| state.playing);
    let settings = play.settings;
    let position = settings.position.map_or(
        serde_json::Value::Null,
        |p| serde_json::json!({ "x": p.x, "y": p.y, "z": p.z }),
    );
    let value = serde_json::json!({
        "path": play.path,
        "volume": settings.volume,
        "loop": settings.looped,
        "speed": settings.speed,
        "paused": settings.paused,
        "position": position,
        "playing": playing,
    });
    super::json::from_json(js, &value)
}

/// Reads one setting (`volume`, `speed`, `paused` or `position`) into `update`; anything
/// not in `known` is a `RangeError` listing what is.
fn setting<J: Js>(
    js: &mut J,
    update: &mut SoundUpdate,
    name: &str,
    value: &J::Value,
    arg: Arg<'_>,
    known: &[&str],
) -> ApiResult<(), J> {
    if !known.contains(&name) {
        return Err(arg.range_error_detail(&format!(
            "has no option {name:?} (the options are {})",
            known.join(", ")
        )));
    }
    args::field(arg, name, |arg| {
        match name {
            "volume" => {
                let volume = args::non_negative::<J>(value, arg)?;
                if volume > MAX_VOLUME {
                    return Err(arg.range_error(&format!("at most {MAX_VOLUME}")));
                }
                update.volume = Some(volume);
            }
            "speed" => {
                let speed = args::positive::<J>(value, arg)?;
                if !SPEED_RANGE.contains(&speed) {
                    return Err(arg.range_error(&format!(
                        "between {} and {}",
                        SPEED_RANGE.start(),
                        SPEED_RANGE.end()
                    )));
                }
                update.speed = Some(speed);
            }
            "paused" => update.paused = Some(args::boolean::<J>(value, arg)?),
            "position" => update.position = Some(args::vec3(js, value, arg)?),
            _ => {}
        }
        Ok(())
    })
}

/// Whether live sound `id` is spatial; a `RangeError` naming what `id` is otherwise.
fn live_sound<J: Js>(host: &ScriptHost, id: ScriptId, func: &str) -> ApiResult<bool, J> {
    host.with_sounds(|book| book.get(id).map(|play| play.settings.position.is_some()))
        .flatten()
        .filter(|_| host.is_live(id, ScriptObjectKind::Sound))
        .ok_or_else(|| {
            ApiError::Range(format!(
                "{func}: id {id} is not a playing sound of this script"
            ))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_play_option_is_an_update_option_but_loop() {
        for option in super::PLAY_OPTIONS {
            assert_eq!(
                super::UPDATE_OPTIONS.contains(option),
                *option != "loop",
                "{option}"
            );
        }
    }
}
