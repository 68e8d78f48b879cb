//! Positions in TypeScript files: the map from the JavaScript the loader made of a `.ts` file
//! back to the TypeScript, and the rewriting of reported errors through it, so that every
//! location a user sees (the last error, stack traces, the overlay, `headless` output) names
//! the TypeScript line and column.

use bevy::platform::collections::HashMap;

use super::error::{ScriptError, SourceLocation};

/// One file's map: for each mapped position of the generated JavaScript (0-based line and
/// column), the TypeScript position it came from. Sorted by generated position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    tokens: Vec<[u32; 4]>,
}

impl LineMap {
    /// A map from `(generated line, generated column, source line, source column)` tokens, all
    /// 0-based.
    pub fn new(mut tokens: Vec<[u32; 4]>) -> Self {
        tokens.sort_unstable();
        Self { tokens }
    }

    /// The TypeScript position (1-based line and column) of generated position `line`:`column`
    /// (1-based): the nearest mapped position at or before it on its line, or the line's first
    /// mapped position.
    pub fn original(&self, line: u32, column: u32) -> Option<(u32, u32)> {
        let (line, column) = (line.checked_sub(1)?, column.saturating_sub(1));
        let after = self
            .tokens
            .partition_point(|token| (token[0], token[1]) <= (line, column));
        let token = match after.checked_sub(1).map(|at| self.tokens[at]) {
            Some(token) if token[0] == line => token,
            _ => *self.tokens.get(after).filter(|token| token[0] == line)?,
        };
        let moved_by = column.saturating_sub(token[1]);
        Some((token[2] + 1, token[3] + moved_by + 1))
    }
}

/// The maps of every TypeScript file a worker loaded, by the path its errors name.
#[derive(Debug, Default)]
pub struct SourceMaps {
    files: HashMap<String, LineMap>,
}

impl SourceMaps {
    /// Keeps (or replaces, after a reload) the map of `file`.
    pub fn insert(&mut self, file: String, map: LineMap) {
        self.files.insert(file, map);
    }

    /// Forgets the map of `file` (its new version did not load: its errors are at TypeScript
    /// positions already).
    pub fn remove(&mut self, file: &str) {
        self.files.remove(file);
    }

    /// `location` moved to its TypeScript position, if its file is a TypeScript file.
    pub fn locate(&self, location: &SourceLocation) -> Option<SourceLocation> {
        let map = self.files.get(&location.file)?;
        let (line, column) = map.original(location.line, location.column)?;
        Some(SourceLocation {
            file: location.file.clone(),
            line,
            column,
        })
    }

    /// Rewrites `error`'s location and every `file:line:column` in its stack and message that
    /// names a TypeScript file.
    pub fn map_error(&self, error: &mut ScriptError) {
        if self.files.is_empty() {
            return;
        }
        if let Some(location) = error.location.as_ref().and_then(|l| self.locate(l)) {
            error.location = Some(location);
        }
        error.stack = self.map_text(&error.stack);
        error.message = self.map_text(&error.message);
    }

    /// `text` with each `FILE:LINE:COLUMN` of a TypeScript file replaced by its TypeScript
    /// position.
    pub fn map_text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (file, map) in &self.files {
            let mut searched = 0;
            while let Some(found) = out[searched..].find(file.as_str()) {
                let start = searched + found;
                let after = start + file.len();
                let rest = &out[after..];
                let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
                let position = rest.strip_prefix(':').and_then(|rest| {
                    let line_len = digits(rest);
                    let column_rest = rest[line_len..].strip_prefix(':')?;
                    let column_len = digits(column_rest);
                    let line: u32 = rest[..line_len].parse().ok()?;
                    let column: u32 = column_rest[..column_len].parse().ok()?;
                    Some((line, column, 1 + line_len + 1 + column_len))
                });
                match position.and_then(|(line, column, len)| {
                    map.original(line, column).map(|mapped| (mapped, len))
                }) {
                    Some(((line, column), len)) => {
                        let replacement = format!(":{line}:{column}");
                        out.replace_range(after..after + len, &replacement);
                        searched = after + replacement.len();
                    }
                    None => searched = after,
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LineMap {
        // Generated line 0 ← TS line 2; generated line 1 ← TS line 5, two tokens.
        LineMap::new(vec![[0, 0, 2, 0], [1, 0, 5, 2], [1, 10, 5, 20]])
    }

    #[test]
    fn positions_map_to_the_nearest_token_on_their_line() {
        let map = map();
        assert_eq!(map.original(1, 1), Some((3, 1)));
        assert_eq!(map.original(2, 1), Some((6, 3)));
        assert_eq!(map.original(2, 5), Some((6, 7)));
        assert_eq!(map.original(2, 11), Some((6, 21)));
        assert_eq!(map.original(2, 13), Some((6, 23)));
        assert_eq!(map.original(3, 1), None);
    }

    #[test]
    fn errors_are_rewritten() {
        let mut maps = SourceMaps::default();
        maps.insert("/s/a.ts".into(), map());
        let mut error = ScriptError {
            phase: crate::core::error::ScriptPhase::Update,
            message: "Error: boom (/s/a.ts:2:11)".into(),
            location: Some(SourceLocation {
                file: "/s/a.ts".into(),
                line: 2,
                column: 11,
            }),
            stack: "    at f (/s/a.ts:2:11)\n    at g (/s/b.js:2:11)\n    at h (/s/a.ts:1:1)"
                .into(),
        };
        maps.map_error(&mut error);
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((6, 21)));
        assert_eq!(
            error.stack,
            "    at f (/s/a.ts:6:21)\n    at g (/s/b.js:2:11)\n    at h (/s/a.ts:3:1)"
        );
        assert_eq!(error.message, "Error: boom (/s/a.ts:6:21)");
    }
}
