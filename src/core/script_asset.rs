//! Scripts as Bevy assets: [`JsScript`] and its loader. The asset server watches them, which is
//! what hot reload (`systems/hot_reload.rs`) builds on.

use bevy::asset::io::Reader;
use bevy::asset::{Asset, AssetLoader, LoadContext};
use bevy::reflect::TypePath;

/// The source of a JavaScript module, loaded from a `.js` or `.mjs` file.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct JsScript {
    /// The module's source text.
    pub source: String,
}

/// Loads `.js` and `.mjs` files as [`JsScript`] assets.
#[derive(Debug, Default, TypePath)]
pub struct JsScriptLoader;

/// Why a script file could not be loaded as a [`JsScript`].
#[derive(Debug)]
pub enum JsScriptLoadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The file is not UTF-8 text.
    NotUtf8(std::string::FromUtf8Error),
}

impl std::fmt::Display for JsScriptLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(error) => write!(f, "cannot read the script: {error}"),
            Self::NotUtf8(error) => write!(f, "the script is not UTF-8 text: {error}"),
        }
    }
}

impl std::error::Error for JsScriptLoadError {}

impl AssetLoader for JsScriptLoader {
    type Asset = JsScript;
    type Settings = ();
    type Error = JsScriptLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        _load_context: &mut LoadContext<'_>,
    ) -> Result<JsScript, JsScriptLoadError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(JsScriptLoadError::Io)?;
        let source = String::from_utf8(bytes).map_err(JsScriptLoadError::NotUtf8)?;
        Ok(JsScript { source })
    }

    fn extensions(&self) -> &[&str] {
        &["js", "mjs", "ts", "mts"]
    }
}
