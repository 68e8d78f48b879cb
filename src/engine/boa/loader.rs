//! The Boa module loader: ES modules from the script's folder and nowhere else.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use bevy::platform::collections::HashMap;
use boa_engine::module::{ModuleLoader, Referrer, resolve_module_specifier};
use boa_engine::{Context, JsError, JsNativeError, JsResult, Module, Source};

use crate::engine::modules::{ModuleRoot, SourceError};

/// Loads modules from files under the root. Specifiers resolve relative to the importing
/// module (`./a.js`, `../lib/b.js`) or to the root (`a.js`); anything that resolves outside
/// the root, including through a symbolic link, is refused. Each file is parsed once and
/// cached.
#[derive(Debug)]
pub(crate) struct ScriptLoader {
    root: ModuleRoot,
    modules: RefCell<HashMap<PathBuf, Module>>,
}

impl ScriptLoader {
    /// A loader confined to `root`, which must be an existing folder.
    pub fn new(
        root: &Path,
        source_maps: std::sync::Arc<std::sync::Mutex<crate::core::source_map::SourceMaps>>,
    ) -> std::io::Result<Self> {
        Ok(Self {
            root: ModuleRoot::new(root, source_maps)?,
            modules: RefCell::default(),
        })
    }

    /// Loads (or returns the cached) module at `path`, which must be inside the root.
    pub fn load(&self, path: &Path, context: &mut Context) -> JsResult<Module> {
        let shown = self.root.display(path);
        let path = self.root.confine(path, &shown).map_err(type_error)?;
        if let Some(module) = self.modules.borrow().get(&path) {
            return Ok(module.clone());
        }
        let source = self.root.source(&path).map_err(|error| match error {
            SourceError::Unreadable(message) => type_error(message),
            SourceError::TooDeep(message) => JsNativeError::syntax().with_message(message).into(),
        })?;
        let module = Module::parse(Source::from_bytes(&source).with_path(&path), None, context)
            .map_err(|error| with_file(error, &path))?;
        self.modules.borrow_mut().insert(path, module.clone());
        Ok(module)
    }

    /// Every module file a load was attempted for, the first one first.
    pub fn files(&self) -> Vec<PathBuf> {
        self.root.files()
    }
}

fn type_error(message: String) -> JsError {
    JsNativeError::typ().with_message(message).into()
}

/// Boa's syntax errors say `at line L, col C` but not which file: add it, in the
/// `(file:line:column)` form the rest of the crate reads locations from.
fn with_file(error: JsError, path: &Path) -> JsError {
    let Some(native) = error.as_native() else {
        return error;
    };
    let message = native.message();
    let position = message.rsplit_once("at line ").and_then(|(_, rest)| {
        let (line, column) = rest.split_once(", col ")?;
        let column: String = column.chars().take_while(char::is_ascii_digit).collect();
        Some((line.parse::<u32>().ok()?, column.parse::<u32>().ok()?))
    });
    let location = match position {
        Some((line, column)) => format!("{}:{line}:{column}", path.display()),
        None => path.display().to_string(),
    };
    JsNativeError::syntax()
        .with_message(format!("{message} ({location})"))
        .into()
}

impl ModuleLoader for ScriptLoader {
    fn load_imported_module(
        self: Rc<Self>,
        referrer: Referrer,
        request: boa_engine::module::ModuleRequest,
        context: &RefCell<&mut Context>,
    ) -> impl Future<Output = JsResult<Module>> {
        let specifier = request.specifier().to_std_string_escaped();
        let resolved = resolve_module_specifier(
            Some(self.root.path()),
            request.specifier(),
            referrer.path(),
            &mut context.borrow_mut(),
        );
        let result = match resolved {
            Ok(path) => self.load(&ModuleRoot::module_file(&path), &mut context.borrow_mut()),
            Err(_) => Err(type_error(self.root.outside(&specifier))),
        };
        std::future::ready(result)
    }
}
