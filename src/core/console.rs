//! The live console: Rust (or the overlay's Console panel, or `headless --console`) evaluates
//! code inside a running script's module scope, and reads what the script logged.
//!
//! An [`EvalScript`] crosses to the worker like a call from Rust ([`CallScript`]): the worker
//! calls a hidden function that the loader appends to the entry module ([`CONSOLE_HOOK`]),
//! whose direct `eval` sees the module's top-level bindings, under the frame's time budget
//! and memory limit. Its answer comes back as a [`ScriptEvalResult`].
//!
//! [`CallScript`]: crate::core::calls::CallScript

use std::collections::VecDeque;

use bevy::prelude::*;

use super::calls::CallId;

/// The hidden export the console calls.
pub(crate) const CONSOLE_EXPORT: &str = "__bevyJsWorkerConsole";

/// Appended to the entry module's source (after its last line, so no position moves): a
/// function whose direct `eval` runs console input in the module's scope. Input that parses
/// as an expression is evaluated as one (so `{ a: 1 }` is an object, as in a browser
/// console), anything else as statements. The result is shown as text, JSON-like and cut at
/// 2,000 characters; a promise is awaited. Errors come back with the first stack frame.
pub(crate) const CONSOLE_HOOK: &str = r#"
export function __bevyJsWorkerConsole(__bevySource) {
  const __bevyShow = (value, depth, seen) => {
    const type = typeof value;
    if (type === "string") return JSON.stringify(value);
    if (type === "number" || type === "boolean" || value === undefined || value === null) return Object.is(value, -0) ? "-0" : String(value);
    if (type === "bigint") return value + "n";
    if (type === "symbol") return value.toString();
    if (type === "function") return "[Function " + (value.name || "(anonymous)") + "]";
    if (value instanceof Error) return value.name + ": " + value.message;
    if (seen.includes(value)) return "[Circular]";
    if (depth > 4) return Array.isArray(value) ? "[Array]" : "[Object]";
    const inner = seen.concat([value]);
    const field = (get) => { try { return __bevyShow(get(), depth + 1, inner); } catch (e) { return "[getter threw]"; } };
    if (Array.isArray(value)) {
      const items = value.slice(0, 100).map((_, i) => field(() => value[i]));
      if (value.length > 100) items.push("… " + (value.length - 100) + " more");
      return "[" + items.join(", ") + "]";
    }
    if (value instanceof Map) return "Map(" + value.size + ") {" + Array.from(value).slice(0, 100).map(([k, v]) => __bevyShow(k, depth + 1, inner) + " => " + __bevyShow(v, depth + 1, inner)).join(", ") + "}";
    if (value instanceof Set) return "Set(" + value.size + ") {" + Array.from(value).slice(0, 100).map((v) => __bevyShow(v, depth + 1, inner)).join(", ") + "}";
    if (typeof value.then === "function") return "Promise";
    const keys = Object.keys(value);
    const fields = keys.slice(0, 100).map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)) + ": " + field(() => value[k]));
    if (keys.length > 100) fields.push("… " + (keys.length - 100) + " more");
    return fields.length === 0 ? "{}" : "{ " + fields.join(", ") + " }";
  };
  const __bevyText = (value) => {
    const text = __bevyShow(value, 0, []);
    return text.length > 2000 ? text.slice(0, 2000) + "…" : text;
  };
  const __bevyFailed = (error) => {
    const text = error instanceof Error ? error.name + ": " + error.message : "thrown: " + __bevyText(error);
    const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
    const frame = stack.split("\n").map((line) => line.trim()).find((line) => line.startsWith("at ") && !line.includes("__bevyJsWorkerConsole") && /\.[cm]?[jt]s:\d+/.test(line));
    return { ok: false, error: frame ? text + " (" + frame + ")" : text };
  };
  let __bevyExpression = true;
  try { globalThis.Function("return (" + __bevySource + "\n);"); } catch (e) { __bevyExpression = false; }
  let __bevyValue;
  try {
    __bevyValue = __bevyExpression ? eval("(" + __bevySource + "\n)") : eval(__bevySource);
  } catch (error) {
    return __bevyFailed(error);
  }
  if (__bevyValue !== null && (typeof __bevyValue === "object" || typeof __bevyValue === "function") && typeof __bevyValue.then === "function") {
    return Promise.resolve(__bevyValue).then((value) => ({ ok: true, text: "Promise resolved: " + __bevyText(value) }), __bevyFailed);
  }
  return { ok: true, text: __bevyText(__bevyValue) };
}
"#;

/// How many `console.*` lines each worker keeps for the console.
pub const CONSOLE_LINES: usize = 500;

/// Evaluates `source` (an expression or statements) inside the running script of worker
/// `worker`, in its entry module's scope (its top-level bindings are visible), between two
/// frames, under the frame's time budget. The answer is a [`ScriptEvalResult`] with the same
/// `id`.
///
/// ```
/// use bevy::prelude::*;
/// use bevy_js_worker::prelude::*;
///
/// fn ask(mut evals: MessageWriter<EvalScript>, workers: Query<Entity, With<ScriptWorker>>) {
///     for worker in &workers {
///         evals.write(EvalScript::new(worker, "player.health"));
///     }
/// }
///
/// fn show(mut results: MessageReader<ScriptEvalResult>) {
///     for answer in results.read() {
///         match &answer.result {
///             Ok(text) => info!("=> {text}"),
///             Err(error) => warn!("!! {error}"),
///         }
///     }
/// }
/// ```
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct EvalScript {
    /// Names this evaluation; its [`ScriptEvalResult`] carries it.
    pub id: CallId,
    /// The [`ScriptWorker`](crate::ScriptWorker) entity whose script evaluates it.
    pub worker: Entity,
    /// JavaScript: an expression, or statements (the value of the last one is the result).
    pub source: String,
}

impl EvalScript {
    /// An evaluation of `source` on `worker`, with a fresh id.
    pub fn new(worker: Entity, source: impl Into<String>) -> Self {
        Self {
            id: CallId::fresh(),
            worker,
            source: source.into(),
        }
    }
}

/// The answer to an [`EvalScript`]: the result shown as text (JSON-like, cut at
/// 2,000 characters; a promise is awaited), or the error: what the code threw, with its
/// first stack frame, or why it did not run (stopped by the time budget, the worker stopped,
/// no such worker).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct ScriptEvalResult {
    /// The id of the [`EvalScript`].
    pub id: CallId,
    /// The worker that evaluated it.
    pub worker: Entity,
    /// The result as text, or the error.
    pub result: Result<String, String>,
}

impl ScriptEvalResult {
    /// Reads the console hook's answer (`{ ok, text }` or `{ ok: false, error }`).
    pub(crate) fn from_answer(
        id: CallId,
        worker: Entity,
        answer: Result<serde_json::Value, String>,
    ) -> Self {
        let result = answer.and_then(|value| {
            let text = |key: &str| {
                value
                    .get(key)
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            if value.get("ok") == Some(&serde_json::Value::Bool(true)) {
                Ok(text("text"))
            } else {
                Err(text("error"))
            }
        });
        Self { id, worker, result }
    }
}

/// One line a script logged with `console.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLine {
    /// `"log"`, `"info"`, `"debug"`, `"warn"` or `"error"`.
    pub level: &'static str,
    /// The line as it was logged.
    pub text: String,
}

/// The last [`CONSOLE_LINES`] lines a worker's script logged, and how many it logged in all.
#[derive(Debug, Clone, Default)]
pub struct ConsoleLog {
    lines: VecDeque<ConsoleLine>,
    total: u64,
}

impl ConsoleLog {
    /// Keeps `line`, dropping the oldest beyond [`CONSOLE_LINES`].
    pub fn push(&mut self, level: &'static str, text: String) {
        if self.lines.len() == CONSOLE_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back(ConsoleLine { level, text });
        self.total += 1;
    }

    /// The kept lines, oldest first.
    pub fn lines(&self) -> impl Iterator<Item = &ConsoleLine> {
        self.lines.iter()
    }

    /// How many lines were logged in all (kept or not).
    pub fn total(&self) -> u64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_last_lines() {
        let mut log = ConsoleLog::default();
        for i in 0..CONSOLE_LINES + 10 {
            log.push("log", i.to_string());
        }
        assert_eq!(log.total(), (CONSOLE_LINES + 10) as u64);
        assert_eq!(log.lines().count(), CONSOLE_LINES);
        assert_eq!(log.lines().next().map(|l| l.text.as_str()), Some("10"));
    }

    #[test]
    fn answers_become_results() {
        let worker = Entity::PLACEHOLDER;
        let ok = ScriptEvalResult::from_answer(
            CallId(1),
            worker,
            Ok(serde_json::json!({ "ok": true, "text": "3" })),
        );
        assert_eq!(ok.result, Ok("3".to_owned()));
        let thrown = ScriptEvalResult::from_answer(
            CallId(2),
            worker,
            Ok(serde_json::json!({ "ok": false, "error": "ReferenceError: x is not defined" })),
        );
        assert_eq!(
            thrown.result,
            Err("ReferenceError: x is not defined".to_owned())
        );
        let stopped = ScriptEvalResult::from_answer(CallId(3), worker, Err("stopped".into()));
        assert_eq!(stopped.result, Err("stopped".to_owned()));
    }
}
