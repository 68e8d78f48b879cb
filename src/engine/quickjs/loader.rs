//! The QuickJS module resolver and loader: ES modules from the script's folder and nowhere
//! else. A module's name is its canonical path, which is also what stacks show.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Exception, Module};

use crate::engine::modules::ModuleRoot;

/// Resolves specifiers relative to the importing module (`./a.js`, `../lib/b.js`) or to the
/// root (`a.js`); anything that resolves outside the root, including through a symbolic link,
/// is refused with a `TypeError`.
pub(crate) struct ScriptResolver(pub Rc<ModuleRoot>);

impl Resolver for ScriptResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        let root = &self.0;
        let relative = name.starts_with("./") || name.starts_with("../");
        let base = Path::new(base)
            .parent()
            .filter(|parent| relative && parent.is_absolute())
            .map_or_else(|| root.path().to_path_buf(), Path::to_path_buf);
        let path = root
            .confine(&base.join(name), name)
            .map_err(|message| Exception::throw_type(ctx, &message))?;
        path.to_str()
            .map(str::to_owned)
            .ok_or_else(|| Exception::throw_type(ctx, &format!("cannot import \"{name}\": not a UTF-8 path")))
    }
}

/// Reads and declares (parses) modules the resolver confined.
pub(crate) struct ScriptLoader(pub Rc<ModuleRoot>);

impl Loader for ScriptLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js>> {
        let source = self
            .0
            .read(&PathBuf::from(name))
            .map_err(|message| Exception::throw_type(ctx, &message))?;
        Module::declare(ctx.clone(), name, source)
    }
}
