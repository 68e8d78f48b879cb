//! The import graph of `src/`: every arrow runs one way.
//!
//! - Layers: `core/` imports nothing above it; `api/` only `core/`; `engine/` only `api/` and
//!   `core/`; `systems/` anything below it. What a game adds (`plugin.rs`, `verbs.rs`, ...)
//!   sits on top. `settings.rs` and `script_worker.rs` are plain data the systems read (a
//!   resource, system set labels, a component): they count as `core` and may import only it. A path through the crate root's re-exports (`crate::JsEngine`) counts as an
//!   import of the top.
//! - Files: no circle, counting every `crate::` and `super::` path and every use of a child
//!   module (a folder's `mod.rs` naming its files is not an import).
//!
//! The check reads the sources, so it needs no build of its own; it fails naming the offending
//! file and path, or the circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path: `["systems", "bridge"]`; the crate root is `[]`.
type Module = Vec<String>;

fn layer(module: &Module) -> (usize, &'static str) {
    match module.first().map(String::as_str) {
        Some("core" | "settings" | "script_worker") => (0, "core"),
        Some("api") => (1, "api"),
        Some("engine") => (2, "engine"),
        Some("systems") => (3, "systems"),
        _ => (4, "the top (plugin, settings, ... and the crate root)"),
    }
}

fn modules(dir: &Path, prefix: &Module, found: &mut BTreeMap<Module, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|name| name.to_str())
            .expect("file name")
            .to_owned();
        if path.is_dir() {
            let mut inner = prefix.clone();
            inner.push(name);
            modules(&path, &inner, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let mut module = prefix.clone();
            if name != "mod" && name != "lib" {
                module.push(name);
            }
            let source = std::fs::read_to_string(&path).expect("read source");
            found.insert(module, code_of(&source));
        }
    }
}

/// The code without comments, string contents and the unit tests at the end.
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]\nmod tests") {
        Some(tests) => &source[..tests],
        None => source,
    };
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(comment) => &line[..comment],
            None => line,
        })
        .map(|line| {
            // Drop what is inside string literals (error messages name paths too).
            let mut out = String::new();
            let mut in_string = false;
            let mut escaped = false;
            for c in line.chars() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        in_string = false;
                    }
                } else if c == '"' {
                    in_string = true;
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path in `code` that starts with `start` (`crate::`, `super::`), as its segments;
/// a `{a, b::c}` group gives one path per member.
fn paths_after(code: &str, start: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(start) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + start.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let mut segments = Vec::new();
        let mut tail = rest;
        loop {
            let ident: String = tail.chars().take_while(|&c| is_ident(c)).collect();
            if ident.is_empty() {
                break;
            }
            tail = &tail[ident.len()..];
            segments.push(ident);
            match tail.strip_prefix("::") {
                Some(next) => tail = next,
                None => break,
            }
        }
        if let Some(group) = tail.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for member in inner.split(',') {
                let mut path = segments.clone();
                path.extend(
                    member
                        .split("::")
                        .map(|part| part.trim().to_owned())
                        .filter(|part| !part.is_empty()),
                );
                paths.push(path);
            }
        } else {
            paths.push(segments);
        }
    }
    paths
}

/// The longest module of `files` that `path` starts with.
fn resolve(files: &BTreeMap<Module, String>, path: &[String]) -> Module {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|module| files.contains_key(module))
        .unwrap_or_default()
}

fn imports(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, code) in files {
        let mut targets = BTreeSet::new();
        for path in paths_after(code, "crate::") {
            targets.insert(resolve(files, &path));
        }
        let mut supers = code.as_str();
        while let Some(at) = supers.find("super::") {
            // `super::super::x`: count the hops.
            let mut hops = 0;
            let mut tail = &supers[at..];
            while let Some(next) = tail.strip_prefix("super::") {
                hops += 1;
                tail = next;
            }
            let base = &module[..module.len().saturating_sub(hops)];
            for path in paths_after(&format!("super::{tail}"), "super::") {
                let mut full = base.to_vec();
                full.extend(path);
                targets.insert(resolve(files, &full));
            }
            supers = &supers[at + "super::".len() * hops..];
        }
        for child in files
            .keys()
            .filter(|child| child.len() == module.len() + 1 && child.starts_with(module.as_slice()))
        {
            let name = child.last().map_or("", String::as_str);
            let used = code.match_indices(&format!("{name}::")).any(|(at, _)| {
                !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_ident(c) || c == ':')
            });
            if used {
                targets.insert(child.clone());
            }
        }
        targets.remove(module);
        graph.insert(module.clone(), targets);
    }
    graph
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.join("/")
    }
}

#[test]
fn every_import_runs_down_the_layers_and_no_file_graph_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    modules(&src, &Vec::new(), &mut files);
    assert!(files.len() > 40, "found only {} files", files.len());
    let graph = imports(&files);

    let mut upward = Vec::new();
    for (from, targets) in &graph {
        for to in targets {
            let ((from_layer, from_name), (to_layer, to_name)) = (layer(from), layer(to));
            if to_layer > from_layer {
                upward.push(format!(
                    "{} ({from_name}) imports {} ({to_name})",
                    name(from),
                    name(to)
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a layer above:\n{}",
        upward.join("\n")
    );

    // Depth-first search for a back edge; the circle is the stack from its target.
    fn visit(
        node: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|open| open == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, done, stack) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, &graph, &mut done, &mut Vec::new()) {
            let names: Vec<String> = circle.iter().map(name).collect();
            panic!(
                "the file graph has a circle: {} -> (back)",
                names.join(" -> ")
            );
        }
    }
    println!(
        "{} files, {} imports between them: every import runs down the layers, no circle",
        graph.len(),
        graph.values().map(BTreeSet::len).sum::<usize>()
    );
}

#[test]
fn the_check_sees_an_upward_import_and_a_circle() {
    let mut files = BTreeMap::new();
    let module = |path: &str| path.split('/').map(str::to_owned).collect::<Module>();
    files.insert(Vec::new(), "mod core; mod api;".to_owned());
    files.insert(module("core"), "mod a;".to_owned());
    files.insert(
        module("core/a"),
        "use crate::api::x::{One, two::Three};".to_owned(),
    );
    files.insert(module("api"), "mod x;".to_owned());
    files.insert(
        module("api/x"),
        "use super::super::core::a::Thing;".to_owned(),
    );
    let graph = imports(&files);
    assert!(graph[&module("core/a")].contains(&module("api/x")));
    assert!(graph[&module("api/x")].contains(&module("core/a")));
    assert_eq!(layer(&module("core/a")).0, 0);
    assert_eq!(layer(&module("api/x")).0, 1);
}
