//! Script errors as the plugin reports them.

use std::fmt;

/// Where in the worker's frame an error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptPhase {
    /// Reading, parsing, linking or evaluating the script and its imports.
    Load,
    /// The script's exported `start()`.
    Start,
    /// The script's exported `update(dt)`.
    Update,
    /// A callback from the main thread (for example a `whenCreated` resolution).
    Callback,
    /// An `on(name, handler)` handler receiving a [`JsEvent`](crate::JsEvent).
    Event,
    /// An exported function Rust called ([`CallScript`](crate::CallScript)).
    Call,
    /// Reloading the script after its source changed (the old script keeps running if the
    /// new one fails to load).
    Reload,
    /// A promise job: a `.then` / `await` continuation, run after `start` or `update`.
    PromiseJob,
    /// A promise that was rejected and never handled.
    UnhandledRejection,
    /// A `setTimeout` / `setInterval` callback.
    Timer,
    /// A panic in native code on the worker thread; the worker restarts the script.
    WorkerPanic,
}

impl fmt::Display for ScriptPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Load => "loading the script",
            Self::Start => "start()",
            Self::Update => "update()",
            Self::Callback => "a callback",
            Self::Event => "an event handler",
            Self::Call => "a call from Rust",
            Self::Reload => "reloading the script",
            Self::PromiseJob => "a promise job",
            Self::UnhandledRejection => "an unhandled promise rejection",
            Self::Timer => "a timer callback",
            Self::WorkerPanic => "a worker panic",
        })
    }
}

/// A source position in a script file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// The script file, as the module loader resolved it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A JavaScript error caught on the worker thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// When it happened.
    pub phase: ScriptPhase,
    /// The error's `name: message` (for example `TypeError: x is not a function`).
    pub message: String,
    /// The innermost script position of the error, when the engine knows it.
    pub location: Option<SourceLocation>,
    /// The JS stack, one `at function (file:line:column)` frame a line; empty if unknown.
    pub stack: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(location) = &self.location {
            write!(f, " at {location}")?;
        }
        write!(f, " (in {})", self.phase)
    }
}

impl std::error::Error for ScriptError {}

/// Finds the innermost script frame in a stack string, whose frames read
/// `    at name (file:line:column)` (Boa, QuickJS) or `    at file:line:column` (QuickJS, a
/// module's top level); native frames (`(native)`, `(native at ...)`) are skipped.
pub(crate) fn first_script_location(stack: &str) -> Option<SourceLocation> {
    stack.lines().find_map(parse_frame)
}

fn parse_frame(line: &str) -> Option<SourceLocation> {
    // `at name (file:line:column)`, or `at file:line:column` for a module's top level.
    let inner = match line.rfind('(') {
        Some(open) => line[open + 1..].trim_end().strip_suffix(')')?,
        None => line.trim().strip_prefix("at ")?,
    };
    if inner.starts_with("native") {
        return None;
    }
    let (rest, column) = inner.rsplit_once(':')?;
    let (file, line_number) = rest.rsplit_once(':')?;
    Some(SourceLocation {
        file: file.to_owned(),
        line: line_number.parse().ok()?,
        column: column.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_innermost_script_frame() {
        let stack =
            "    at update (native)\n    at inner (/s/a.js:2:9)\n    at update (/s/a.js:5:3)\n";
        let location = first_script_location(stack).unwrap();
        assert_eq!(location.file, "/s/a.js");
        assert_eq!((location.line, location.column), (2, 9));
    }

    #[test]
    fn top_level_frames_have_no_parentheses() {
        let location = first_script_location("    at /s/bad.js:3:12\n").unwrap();
        assert_eq!(location.file, "/s/bad.js");
        assert_eq!((location.line, location.column), (3, 12));
    }

    #[test]
    fn unknown_positions_are_skipped() {
        assert_eq!(first_script_location("    at f (/s/a.js:?:?)"), None);
        assert_eq!(first_script_location(""), None);
        assert_eq!(
            first_script_location("    at f (native at src/x.rs:1:2)"),
            None
        );
    }

    #[test]
    fn display_names_message_location_and_phase() {
        let error = ScriptError {
            phase: ScriptPhase::Update,
            message: "Error: boom".into(),
            location: Some(SourceLocation {
                file: "main.js".into(),
                line: 3,
                column: 7,
            }),
            stack: String::new(),
        };
        assert_eq!(
            error.to_string(),
            "Error: boom at main.js:3:7 (in update())"
        );
    }
}
