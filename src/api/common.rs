//! What the object namespaces (`entity`, `camera`, `light`) share: building their values, and
//! the calls they all have (`destroy`, `whenCreated`, reading an id).

use super::args;
use super::js::{self, ApiError, ApiResult, Js};
use crate::core::bridge::Command;
use crate::core::host::ScriptHost;
use crate::core::state::ScriptObjectKind;

/// Builds `{x, y, z}`.
pub(crate) fn vec3_object<J: Js>(js: &mut J, v: bevy::math::Vec3) -> ApiResult<J::Value, J> {
    use js::key;
    let fields = [
        (key::X, js.number(f64::from(v.x))),
        (key::Y, js.number(f64::from(v.y))),
        (key::Z, js.number(f64::from(v.z))),
    ];
    js.object(&fields)
}

/// Builds `{r, g, b, a}`.
pub(crate) fn color_object<J: Js>(
    js: &mut J,
    color: crate::core::state::Rgba8,
) -> ApiResult<J::Value, J> {
    use js::key;
    let [r, g, b, a] = color.0;
    let fields = [
        (key::R, js.number(f64::from(r))),
        (key::G, js.number(f64::from(g))),
        (key::B, js.number(f64::from(b))),
        (key::A, js.number(f64::from(a))),
    ];
    js.object(&fields)
}

/// `whenCreated(id)`: a promise for `id` once the Bevy entity exists.
pub(super) fn when_created<J: Js>(
    js: &mut J,
    args: &[J::Value],
    kind: ScriptObjectKind,
    func: &'static str,
) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&js::arg(js, args, 0), args::Arg::new(func, "id"))?;
    let host = js.host()?;
    host.expect_live(id, kind, func)?;
    let promise = js.promise_for(id, crate::core::bridge::Waiting::Created)?;
    host.send(Command::NotifyCreated { id }, func)?;
    Ok(promise)
}

/// An id the worker handed out at some point (it may be dead since): reads of a dead id give
/// an empty answer (`undefined`, `false`, `null`, `[]`), an id that never existed is a
/// `RangeError`.
pub(super) fn known_id<J: Js>(
    host: &ScriptHost,
    value: &J::Value,
    func: &'static str,
) -> ApiResult<crate::core::state::ScriptId, J> {
    let id = args::id::<J>(value, args::Arg::new(func, "id"))?;
    if host.shared.was_allocated(id) {
        Ok(id)
    } else {
        Err(ApiError::Range(format!("{func}: no entity with id {id}")))
    }
}

/// `destroy(id)`: `false` for an unknown or already destroyed id.
pub(super) fn destroy<J: Js>(
    js: &mut J,
    args: &[J::Value],
    kind: ScriptObjectKind,
    func: &'static str,
) -> ApiResult<J::Value, J> {
    let id = args::id::<J>(&js::arg(js, args, 0), args::Arg::new(func, "id"))?;
    let host = js.host()?;
    if !host.forget(id, kind) {
        return Ok(js.boolean(false));
    }
    host.send(Command::Destroy { id }, func)?;
    Ok(js.boolean(true))
}

/// Checks that `file` is a path relative to the asset folder, inside it, to an existing file
/// with one of `extensions` (lowercase). The error says what is wrong, to follow the path in
/// a message.
pub(crate) fn asset_file(
    asset_root: &std::path::Path,
    file: &str,
    extensions: &[&str],
) -> Result<(), String> {
    use std::path::{Component, Path};
    let relative = Path::new(file);
    let inside = !file.is_empty()
        && !file.contains('\\')
        && relative
            .components()
            .all(|part| matches!(part, Component::Normal(_)));
    if !inside {
        return Err(
            "must be a path relative to the asset folder, inside it (no '..', no \
                    absolute path)"
                .to_owned(),
        );
    }
    let extension = relative
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    if !extension
        .as_deref()
        .is_some_and(|extension| extensions.contains(&extension))
    {
        return Err(format!("must be a .{} file", extensions.join(" or .")));
    }
    // A link inside the folder could still point out of it.
    let full = asset_root.join(relative);
    let escapes = match (full.canonicalize(), asset_root.canonicalize()) {
        (Ok(full), Ok(root)) => !full.starts_with(root),
        _ => return Err("is not a file in the asset folder".to_owned()),
    };
    if escapes || !full.is_file() {
        return Err("is not a file in the asset folder".to_owned());
    }
    Ok(())
}
