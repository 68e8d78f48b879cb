//! The script's module folder, the same for every engine: scripts import files inside the
//! folder of their entry script and nothing else.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::core::source_map::SourceMaps;

/// Why a module's source was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceError {
    /// The file cannot be read (a `TypeError`, as for an import that cannot be resolved).
    Unreadable(String),
    /// The source nests too deep to parse safely, or a TypeScript file does not parse (a
    /// `SyntaxError`, located).
    TooDeep(String),
}

/// The module extensions tried, in order, for a specifier without one (`import "./util"`):
/// TypeScript first, like a bundler.
pub(crate) const MODULE_EXTENSIONS: &[&str] = &["ts", "mts", "js", "mjs"];

/// A script's module folder, and every file a load was attempted for.
#[derive(Debug)]
pub(crate) struct ModuleRoot {
    root: PathBuf,
    /// Every file a load was attempted for, in order, including ones that failed to parse:
    /// the files to watch for a hot reload.
    files: RefCell<Vec<PathBuf>>,
    /// The maps of the TypeScript files loaded, shared with the worker's error reports.
    source_maps: Arc<Mutex<SourceMaps>>,
}

impl ModuleRoot {
    /// The folder `root`, which must exist.
    pub fn new(root: &Path, source_maps: Arc<Mutex<SourceMaps>>) -> std::io::Result<Self> {
        Ok(Self {
            root: root.canonicalize()?,
            files: RefCell::default(),
            source_maps,
        })
    }

    /// `path` as it names a module file: as it is if that file exists; else, without an
    /// extension, the first of [`MODULE_EXTENSIONS`] that exists (`./util` → `./util.ts`,
    /// then `./util.js`); else a `.js` path whose `.ts` twin exists (TypeScript's own
    /// convention of importing `./util.js` for `./util.ts`).
    pub fn module_file(path: &Path) -> PathBuf {
        if path.is_file() {
            return path.to_path_buf();
        }
        let extension = path.extension().and_then(|extension| extension.to_str());
        let candidates: Vec<PathBuf> = match extension {
            None => MODULE_EXTENSIONS
                .iter()
                .map(|extension| path.with_extension(extension))
                .collect(),
            Some("js") => vec![path.with_extension("ts")],
            Some("mjs") => vec![path.with_extension("mts")],
            Some(_) => Vec::new(),
        };
        candidates
            .into_iter()
            .find(|candidate| candidate.is_file())
            .unwrap_or_else(|| path.to_path_buf())
    }

    /// The folder, canonical.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// `path` as shown in messages: relative to the folder where it is inside.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// `path` made canonical, if it is inside the folder (symbolic links followed).
    ///
    /// # Errors
    /// A message naming `specifier` if the file cannot be found or is outside the folder.
    pub fn confine(&self, path: &Path, specifier: &str) -> Result<PathBuf, String> {
        let path = path
            .canonicalize()
            .map_err(|error| format!("cannot load module {specifier}: {error}"))?;
        if path.starts_with(&self.root) {
            Ok(path)
        } else {
            Err(self.outside(specifier))
        }
    }

    /// The message for an import that would leave the folder.
    pub fn outside(&self, specifier: &str) -> String {
        format!(
            "cannot import \"{specifier}\": scripts may only import files inside their folder {}",
            self.root.display()
        )
    }

    /// Reads a confined module file, remembering it for hot reload.
    ///
    /// # Errors
    /// A message if the file cannot be read.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        {
            let mut files = self.files.borrow_mut();
            if !files.iter().any(|file| file == path) {
                files.push(path.to_path_buf());
            }
        }
        std::fs::read(path)
            .map_err(|error| format!("cannot read module {}: {error}", self.display(path)))
    }

    /// Reads a confined module file (see [`read`](Self::read)) and refuses sources nested deep
    /// enough to overflow a parser's stack ([`check_nesting`]).
    ///
    /// # Errors
    /// [`SourceError`], with its message.
    pub fn source(&self, path: &Path) -> Result<Vec<u8>, SourceError> {
        let mut source = self.read(path).map_err(SourceError::Unreadable)?;
        check_nesting(&source).map_err(|problem| {
            SourceError::TooDeep(format!(
                "{problem}; the parser would overflow its stack ({})",
                path.display()
            ))
        })?;
        if is_typescript(path) {
            source = self.strip_types(path, &source)?;
        }
        // The entry module (the first file loaded) gets the console's hook after its last
        // line: no position in the script moves.
        if self.files.borrow().first().map(PathBuf::as_path) == Some(path) {
            source.extend_from_slice(crate::core::console::CONSOLE_HOOK.as_bytes());
        }
        Ok(source)
    }

    /// Every module file a load was attempted for, the first one first.
    pub fn files(&self) -> Vec<PathBuf> {
        self.files.borrow().clone()
    }

    /// The JavaScript of a TypeScript module; its map goes to the worker's error reports.
    #[cfg(feature = "typescript")]
    fn strip_types(&self, path: &Path, source: &[u8]) -> Result<Vec<u8>, SourceError> {
        let file = path.display().to_string();
        let text = std::str::from_utf8(source).map_err(|error| {
            SourceError::Unreadable(format!("{file} is not UTF-8 text: {error}"))
        })?;
        let stripped = super::typescript::strip_types(path, text);
        let Ok(mut maps) = self.source_maps.lock() else {
            return Err(SourceError::Unreadable(format!("cannot load {file}")));
        };
        match stripped {
            Ok((code, map)) => {
                maps.insert(file, map);
                Ok(code.into_bytes())
            }
            Err(message) => {
                maps.remove(&file);
                Err(SourceError::TooDeep(
                    message
                        .strip_prefix("SyntaxError: ")
                        .unwrap_or(&message)
                        .to_owned(),
                ))
            }
        }
    }

    /// Without the `typescript` feature a `.ts` module is refused, saying why.
    #[cfg(not(feature = "typescript"))]
    fn strip_types(&self, path: &Path, _source: &[u8]) -> Result<Vec<u8>, SourceError> {
        let _ = &self.source_maps;
        Err(SourceError::Unreadable(format!(
            "cannot load {}: this game was built without bevy_js_worker's \"typescript\" feature",
            path.display()
        )))
    }
}

/// Whether `path` names a TypeScript module (`.ts`, `.mts`).
pub(crate) fn is_typescript(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| matches!(extension, "ts" | "mts"))
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
