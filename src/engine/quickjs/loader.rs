//! The QuickJS module resolver and loader: ES modules from the script's folder and nowhere
//! else. A module's name is its canonical path, which is also what stacks show.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Exception, Module};

use crate::engine::modules::{ModuleRoot, SourceError};

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
            .confine(&ModuleRoot::module_file(&base.join(name)), name)
            .map_err(|message| Exception::throw_type(ctx, &message))?;
        path.to_str().map(str::to_owned).ok_or_else(|| {
            Exception::throw_type(ctx, &format!("cannot import \"{name}\": not a UTF-8 path"))
        })
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
            .source(&PathBuf::from(name))
            .map_err(|error| match error {
                SourceError::Unreadable(message) => Exception::throw_type(ctx, &message),
                SourceError::TooDeep(message) => Exception::throw_syntax(ctx, &message),
            })?;
        Module::declare(ctx.clone(), name, source)
    }
}

/// Whether a module's source exports `name`, read from its `export` declarations
/// (`export function name`, `export const name`, `export { a as name }`, ...).
///
/// QuickJS gives a module's namespace only once the module is evaluated, but a reload must
/// know whether the new module exports `onReload` before it runs any of it. Comments are
/// skipped; an `export` inside a string literal could mislead it.
pub(crate) fn exports_name(source: &str, name: &str) -> bool {
    let code = without_comments(source);
    let mut rest = code.as_str();
    while let Some(at) = rest.find("export") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "export".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let after = rest.trim_start();
        if let Some(list) = after.strip_prefix('{') {
            let list = list.split('}').next().unwrap_or_default();
            if list
                .split(',')
                .any(|item| item.split_whitespace().last() == Some(name))
            {
                return true;
            }
            continue;
        }
        let mut words = after
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .filter(|word| !word.is_empty());
        let declared = loop {
            match words.next() {
                Some("async" | "function" | "const" | "let" | "var" | "class") => {}
                other => break other,
            }
        };
        if declared == Some(name) {
            return true;
        }
    }
    false
}

/// `source` with `//` and `/* */` comments blanked out (string literals kept as they are).
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::exports_name;

    #[test]
    fn finds_exported_names_in_every_form() {
        for source in [
            "export function onReload(state) {}",
            "export async function onReload() {}",
            "export const onReload = () => {};",
            "let a; function onReload() {}\nexport { a, onReload };",
            "function reload() {}\nexport { reload as onReload };",
            "export { onReload } from \"./lib.js\";",
        ] {
            assert!(exports_name(source, "onReload"), "{source}");
        }
    }

    #[test]
    fn ignores_names_that_are_not_exported() {
        for source in [
            "function onReload() {}\nexport function update() {}",
            "// export function onReload() {}\nexport function start() {}",
            "/* export const onReload = 1; */",
            "export function onReloaded() {}",
            "exports.onReload = 1;",
        ] {
            assert!(!exports_name(source, "onReload"), "{source}");
        }
    }
}
