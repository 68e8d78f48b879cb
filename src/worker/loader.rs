//! The module loader: ES modules from the script's folder and nowhere else.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use bevy::platform::collections::HashMap;
use boa_engine::module::{ModuleLoader, Referrer, resolve_module_specifier};
use boa_engine::{Context, JsError, JsNativeError, JsResult, Module, Source};

/// Loads modules from files under `root`. Specifiers resolve relative to the importing module
/// (`./a.js`, `../lib/b.js`) or to `root` (`a.js`); anything that resolves outside `root`,
/// including through a symbolic link, is refused. Each file is parsed once and cached.
#[derive(Debug)]
pub(crate) struct ScriptLoader {
    root: PathBuf,
    modules: RefCell<HashMap<PathBuf, Module>>,
    /// Every file a load was attempted for, in order, including ones that failed to parse:
    /// the files to watch for a hot reload.
    files: RefCell<Vec<PathBuf>>,
}

impl ScriptLoader {
    /// A loader confined to `root`, which must be an existing folder.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
            modules: RefCell::default(),
            files: RefCell::default(),
        })
    }

    /// Loads (or returns the cached) module at `path`, which must be inside the root.
    pub fn load(&self, path: &Path, context: &mut Context) -> JsResult<Module> {
        let shown = self.display(path);
        let path = path.canonicalize().map_err(|error| {
            JsNativeError::typ().with_message(format!("cannot load module {shown}: {error}"))
        })?;
        if !path.starts_with(&self.root) {
            return Err(outside_root(&shown, &self.root));
        }
        if let Some(module) = self.modules.borrow().get(&path) {
            return Ok(module.clone());
        }
        {
            let mut files = self.files.borrow_mut();
            if !files.contains(&path) {
                files.push(path.clone());
            }
        }
        let source = std::fs::read(&path).map_err(|error| {
            JsNativeError::typ().with_message(format!("cannot read module {shown}: {error}"))
        })?;
        check_nesting(&source).map_err(|problem| {
            JsError::from(JsNativeError::syntax().with_message(format!(
                "{problem}; the parser would overflow its stack ({})",
                path.display()
            )))
        })?;
        let module = Module::parse(Source::from_bytes(&source).with_path(&path), None, context)
            .map_err(|error| with_file(error, &path))?;
        self.modules.borrow_mut().insert(path, module.clone());
        Ok(module)
    }

    /// Every module file a load was attempted for, the first one first.
    pub fn files(&self) -> Vec<PathBuf> {
        self.files.borrow().clone()
    }

    fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
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

fn outside_root(specifier: &str, root: &Path) -> JsError {
    JsNativeError::typ()
        .with_message(format!(
            "cannot import \"{specifier}\": scripts may only import files inside their folder {}",
            root.display()
        ))
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
            Some(&self.root),
            request.specifier(),
            referrer.path(),
            &mut context.borrow_mut(),
        );
        let result = match resolved {
            Ok(path) => self.load(&path, &mut context.borrow_mut()),
            Err(_) => Err(outside_root(&specifier, &self.root)),
        };
        std::future::ready(result)
    }
}

/// Deepest bracket nesting (`(`, `[`, `{`, `${`) a module may have. Boa's parser recurses
/// for each level, about 27 KiB of stack a level: 256 levels stay far inside the worker's
/// 64 MiB stack, and real code rarely passes 20.
pub(crate) const MAX_NESTING: usize = 256;
/// Longest run of tokens between separators (`,` `;` `}` or a line break): long unary or
/// binary chains (`!!!!…`, `1+1+…`) recurse in the parser and compiler too.
pub(crate) const MAX_TOKEN_RUN: usize = 4_000;

/// A cheap pass over the source that rejects nesting deep enough to overflow the parser's
/// stack, which would abort the whole process. Strings and comments are skipped; regular
/// expression literals are not recognized, which can only make the check more lenient.
pub(crate) fn check_nesting(source: &[u8]) -> Result<(), String> {
    #[derive(PartialEq)]
    enum Open {
        Bracket,
        Interpolation,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut run = 0usize;
    let mut i = 0;
    let mut in_template = false;
    while i < source.len() {
        let byte = source[i];
        if in_template {
            match byte {
                b'\\' => i += 1,
                b'`' => in_template = false,
                b'$' if source.get(i + 1) == Some(&b'{') => {
                    stack.push(Open::Interpolation);
                    in_template = false;
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match byte {
            b'"' | b'\'' => {
                i += 1;
                while i < source.len() && source[i] != byte && source[i] != b'\n' {
                    if source[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                run += 1;
            }
            b'`' => {
                in_template = true;
                run += 1;
            }
            b'/' if source.get(i + 1) == Some(&b'/') => {
                while i < source.len() && source[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if source.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < source.len() && !(source[i] == b'*' && source[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                stack.push(Open::Bracket);
                run += 1;
            }
            b')' | b']' | b'}' => {
                if stack.pop() == Some(Open::Interpolation) {
                    in_template = true;
                }
                if byte == b'}' {
                    run = 0;
                } else {
                    run += 1;
                }
            }
            b',' | b';' | b'\n' => run = 0,
            b' ' | b'\t' | b'\r' => {}
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' => {
                while i + 1 < source.len()
                    && matches!(source[i + 1], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'$' | b'.')
                {
                    i += 1;
                }
                run += 1;
            }
            _ => run += 1,
        }
        if stack.len() > MAX_NESTING {
            return Err(format!("brackets nest deeper than {MAX_NESTING} levels"));
        }
        if run > MAX_TOKEN_RUN {
            return Err(format!(
                "an expression runs longer than {MAX_TOKEN_RUN} tokens without a separator"
            ));
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_passes() {
        let source = br#"
            // a comment with ((((( and [[[[[
            /* and a block comment {{{{{ */
            const s = "((((" + '[[[[' + `${ [1, [2, [3]] ] } ((((`;
            export function update(dt) {
              for (let i = 0; i < 10; i++) { if (i % 2) { f([{ a: (1 + 2) * 3 }]); } }
            }
        "#;
        assert_eq!(check_nesting(source), Ok(()));
    }

    #[test]
    fn bombs_are_refused() {
        for bomb in [
            format!(
                "export const x = {}{};",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
            format!(
                "export const x = {}1{};",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
            format!("export const x = {}1;", "!".repeat(10_000)),
            format!("export const x = {}1;", "1+".repeat(10_000)),
            format!(
                "export const x = {}1{};",
                "`${".repeat(1_000),
                "}`".repeat(1_000)
            ),
        ] {
            assert!(check_nesting(bomb.as_bytes()).is_err(), "{}", &bomb[..40]);
        }
    }

    #[test]
    fn the_limits_are_inclusive() {
        let ok = format!(
            "x = {}{};",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert_eq!(check_nesting(ok.as_bytes()), Ok(()));
        let deep = format!(
            "x = {}{};",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert!(check_nesting(deep.as_bytes()).is_err());
    }
}
