//! The TypeScript typings, `assets/scripts/bevy_js_worker.d.ts`, against the scripts and the
//! runtime:
//!
//! - tsc type-checks every script under `assets/scripts/` with them, and rejects a snippet of
//!   known mistakes, so the typings are strict enough to catch something;
//! - the globals and members they declare are exactly [`bevy_js_worker::JS_API`], and their
//!   `KeyCode` and `MouseButton` unions are exactly `bevy_js_worker::input::KEY_NAMES` and
//!   `MOUSE_BUTTON_NAMES` (no tsc needed);
//! - `JS_API` is exactly what a live script finds on `globalThis`.
//!
//! The tsc tests need TypeScript: `BEVY_JS_WORKER_TSC`, else `.ci/node/node_modules/.bin/tsc`
//! (which `.ci/run` installs), else `tsc` on the PATH. Without one they are skipped with a
//! note, unless `BEVY_JS_WORKER_REQUIRE_TSC=1` (set by `.ci/run`), in which case they fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const TYPINGS: &str = "assets/scripts/bevy_js_worker.d.ts";
const SCRIPTS: &str = "assets/scripts";

/// The options `assets/scripts/tsconfig.json` gives editors, as tsc flags. (`"types": []`
/// has no flag form; an empty `--typeRoots` does the same: no ambient `@types` packages.)
const TSC_FLAGS: &[&str] = &[
    "--noEmit",
    "--allowJs",
    "--checkJs",
    "--strict",
    "--target",
    "es2022",
    "--module",
    "es2022",
    "--moduleResolution",
    "bundler",
    "--moduleDetection",
    "force",
    "--allowImportingTsExtensions",
    "--isolatedModules",
    "--lib",
    "es2022",
    "--skipLibCheck",
    "false",
    "--forceConsistentCasingInFileNames",
    "--pretty",
    "false",
];

const TSC: &str = if cfg!(windows) { "tsc.cmd" } else { "tsc" };

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The tsc to run, or `None` (after a note) when the tsc tests are skipped.
fn find_tsc() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("BEVY_JS_WORKER_TSC").filter(|v| !v.is_empty()) {
        let explicit = PathBuf::from(explicit);
        assert!(
            runs(&explicit),
            "BEVY_JS_WORKER_TSC={} does not run (`--version` failed)",
            explicit.display()
        );
        return Some(explicit);
    }
    let installed = repo().join(".ci/node/node_modules/.bin").join(TSC);
    if let Some(tsc) = [installed, PathBuf::from(TSC)]
        .into_iter()
        .find(|tsc| runs(tsc))
    {
        return Some(tsc);
    }
    let required = std::env::var("BEVY_JS_WORKER_REQUIRE_TSC").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "BEVY_JS_WORKER_REQUIRE_TSC=1, but no tsc runs: set BEVY_JS_WORKER_TSC, or run \
         `npm install --prefix .ci/node typescript@5` (needs Node.js)"
    );
    eprintln!(
        "skipping the tsc check of the typings: no tsc in BEVY_JS_WORKER_TSC, \
         .ci/node/node_modules/.bin or PATH (`npm install --prefix .ci/node typescript@5` adds one)"
    );
    None
}

fn runs(tsc: &Path) -> bool {
    Command::new(tsc)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// A folder under the system's temp dir, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "bevy_js_worker-typings-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("no-types")).expect("create a scratch folder");
        Self(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs tsc from the repository's root over `files`; returns whether it passed, and its
/// output.
fn run_tsc(tsc: &Path, scratch: &Scratch, files: &[PathBuf]) -> (bool, String) {
    let output = Command::new(tsc)
        .current_dir(repo())
        .args(TSC_FLAGS)
        .arg("--typeRoots")
        .arg(scratch.0.join("no-types"))
        .args(files)
        .output()
        .expect("run tsc");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Every `.js` file under `dir`, as paths relative to the repository.
fn scripts_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(repo().join(dir)).expect("read the scripts folder") {
        let path = entry.expect("read the scripts folder").path();
        let relative = path
            .strip_prefix(repo())
            .expect("under the repository")
            .to_path_buf();
        if path.is_dir() {
            scripts_under(&relative, found);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "js" || ext == "ts" || ext == "mts")
            && !path.to_string_lossy().ends_with(".d.ts")
        {
            found.push(relative);
        }
    }
}

#[test]
fn tsc_accepts_every_script_with_the_typings() {
    let Some(tsc) = find_tsc() else { return };
    let mut scripts = Vec::new();
    scripts_under(Path::new(SCRIPTS), &mut scripts);
    scripts.sort();
    assert!(
        scripts.contains(&PathBuf::from("assets/scripts/cubes.js")),
        "the scripts were not found: {scripts:?}"
    );
    let scratch = Scratch::new("scripts");
    let mut files = vec![PathBuf::from(TYPINGS)];
    files.extend(scripts.iter().cloned());
    let (passed, output) = run_tsc(&tsc, &scratch, &files);
    assert!(
        passed,
        "tsc found errors in the typings or the scripts ({} {} --typeRoots <empty> {}):\n{output}",
        tsc.display(),
        TSC_FLAGS.join(" "),
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    eprintln!(
        "tsc checked the typings and {} scripts: no errors",
        scripts.len()
    );
}

/// Each line marked `// error` must fail to type-check, and no other line may.
const MISTAKES: &str = r##"// @ts-check
export function start() {
  const cube = entity.createCube({ x: 0, y: 0.5, z: 0 }, "#ff0000", 1);
  entity.update(cube, { position: { x: 1, y: 0.5, z: 0 }, scale: 2, color: { r: 0, g: 128, b: 255 } });
  if (input.isKeyDown("KeyW") && input.wasMousePressed("Left")) emit("jump", { at: time.elapsed });
  entity.setTransforms(new Uint32Array([cube]), new Float32Array(3), null);
  entity.setTransforms([cube], [1, 2, 3], [0, 90, 0]);
  entity.setPosition(cube, 1, 2, 3);
  entity.setPosition(cube, 1, 2, 3, true);
  entity.update(cube, { position: { x: 0, y: 0, z: 0 }, teleport: true });
  entity.setTransforms([cube], [1, 2, 3], null, true);
  entity.createCube("x"); // error: wrong types and too few arguments
  input.isKeyDown("KeyWW"); // error: not a KeyCode
  entity.createSphere({ x: 0, y: 0, z: 0 }, "red", 1); // error: not a color
  entity.update(cube, { colour: "#ffffff" }); // error: no such field
  camera.create({ lookAt: { x: 0, y: 0, z: 0 } }); // error: position is required
  light.create({ type: "spot" }); // error: not a light type
  input.isMouseDown("left"); // error: button names are capitalized
  time.elapsed = 0; // error: read-only
  time.frame(); // error: a property, not a function
  entity.setTransforms([cube], new Float64Array(3)); // error: a Float32Array or number[]
  entity.setTransforms(["1"], [1, 2, 3]); // error: ids are numbers
  entity.setPosition(cube, { x: 1, y: 2, z: 3 }); // error: three numbers, not a Vec3
  entity.update(cube, { teleport: "yes" }); // error: teleport is a boolean
  emit("score", { value: () => 1 }); // error: not JSON
  on("reset", 42); // error: not a handler
  entity.spawn(); // error: no such function
  const hp = world.get(cube, "Health");
  world.set(cube, "Health", { current: 3 });
  const chest = world.spawn({ Name: "Chest", Loot: { coins: 12 } });
  entity.setParent(chest, cube);
  entity.setParent(chest, null);
  const ship = scene.spawn("models/ship.glb", { position: { x: 0, y: 0, z: 0 } });
  scene.whenReady(ship).then((id) => entity.children(id));
  world.set(cube, "Health"); // error: the patch is required
  world.query(1); // error: component names are strings
  scene.spawn(42); // error: the path is a string
  scene.spawn("models/ship.glb", { position: 1 }); // error: not a Vec3
  entity.setParent(chest); // error: the parent (or null) is required
  world.find("Player").x; // error: an id or undefined, not an object
  world.spawn("Chest"); // error: components are an object
  game.raycast({}); // error: no verbs without the game's generated typings
  const panel = ui.create("node", { position: "absolute", left: 16, width: "50%", padding: { left: 4 }, background: "#00000080" });
  const label = ui.create("text", { text: "coins 0", fontSize: 22, align: "center" }, panel);
  ui.onClick(ui.create("button", { text: "Resume", width: 120 }), ({ id }) => ui.destroy(id));
  const laidOut = ui.get(label)?.layout?.width;
  ui.create("panel", {}); // error: not a UI kind
  ui.create("node", { width: "50pt" }); // error: not a length
  ui.create("node", { colour: "#ffffff" }); // error: no such prop
  ui.create("text", { fontSize: "22px" }); // error: font sizes are numbers
  ui.update(label, { position: "fixed" }); // error: relative or absolute
  ui.update(label); // error: the props are required
  ui.onClick(label, "resume"); // error: not a handler
  ui.get(label).layout.x; // error: possibly undefined
  const coin = audio.play("sounds/coin.wav", { volume: 0.5, position: { x: 1, y: 0, z: 0 } });
  audio.update(coin, { paused: true, speed: 2 });
  const playing = audio.get(coin)?.playing && audio.stop(coin);
  audio.play(); // error: the path is required
  audio.play("sounds/coin.wav", { volume: "loud" }); // error: volume is a number
  audio.play("sounds/coin.wav", { looping: true }); // error: the option is loop
  audio.update(coin, { loop: true }); // error: loop is fixed once played
  audio.get(coin).playing; // error: possibly undefined
  audio.pause(coin); // error: no such function
}
"##;

#[test]
fn tsc_rejects_mistakes_with_the_typings() {
    let Some(tsc) = find_tsc() else { return };
    let scratch = Scratch::new("mistakes");
    let snippet = scratch.0.join("mistakes.js");
    std::fs::write(&snippet, MISTAKES).expect("write the snippet");
    let (passed, output) = run_tsc(&tsc, &scratch, &[PathBuf::from(TYPINGS), snippet]);
    assert!(!passed, "tsc accepted every mistake:\n{output}");

    let expected: BTreeSet<usize> = MISTAKES
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("// error"))
        .map(|(index, _)| index + 1)
        .collect();
    // `path(line,column): error TS…` with `--pretty false`.
    let reported: BTreeSet<usize> = output
        .lines()
        .filter_map(|line| line.split_once("mistakes.js("))
        .filter_map(|(_, rest)| rest.split(',').next()?.parse().ok())
        .collect();
    let missed: Vec<_> = expected.difference(&reported).collect();
    let unexpected: Vec<_> = reported.difference(&expected).collect();
    assert!(
        missed.is_empty() && unexpected.is_empty(),
        "mistakes tsc did not catch, on lines {missed:?}; errors on valid lines {unexpected:?}\n\
         (snippet lines: {expected:?})\n{output}"
    );
}

/// Each global and its members: a namespace's functions and constants, or nothing for a
/// global function.
type Api = BTreeMap<String, BTreeSet<String>>;

fn runtime_api() -> Api {
    bevy_js_worker::JS_API
        .iter()
        .map(|(name, members)| {
            (
                (*name).to_owned(),
                members.iter().map(|m| (*m).to_owned()).collect(),
            )
        })
        .collect()
}

/// The differences between two descriptions of the API, one line each.
fn api_diff(left_name: &str, left: &Api, right_name: &str, right: &Api) -> Vec<String> {
    let mut diff = Vec::new();
    for (name, members) in left {
        match right.get(name) {
            None => diff.push(format!(
                "`{name}` is in {left_name} but not in {right_name}"
            )),
            Some(other) => {
                for member in members.difference(other) {
                    diff.push(format!(
                        "`{name}.{member}` is in {left_name} but not in {right_name}"
                    ));
                }
                for member in other.difference(members) {
                    diff.push(format!(
                        "`{name}.{member}` is in {right_name} but not in {left_name}"
                    ));
                }
            }
        }
    }
    for name in right.keys().filter(|name| !left.contains_key(*name)) {
        diff.push(format!(
            "`{name}` is in {right_name} but not in {left_name}"
        ));
    }
    diff
}

/// The source without comments; strings and line breaks stay, so lines stay lines.
fn strip_comments(source: &str) -> String {
    let mut code = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        if let Some(open) = quote {
            code.push(c);
            if c == '\\' {
                code.extend(chars.next());
            } else if c == open {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                if chars.by_ref().any(|next| next == '\n') {
                    code.push('\n');
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if next == '\n' {
                        code.push('\n');
                    }
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
            }
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                code.push(c);
            }
            _ => code.push(c),
        }
    }
    code
}

/// `{` minus `}` on a line of code, outside string literals.
fn brace_balance(line: &str) -> i32 {
    let mut balance = 0;
    let mut quote = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '{' => balance += 1,
                '}' => balance -= 1,
                _ => {}
            },
        }
    }
    balance
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
        .collect()
}

/// The globals a d.ts declares: `declare namespace x { function f(…); const c: …; }`,
/// `declare function g(…)` and `declare const o: T;` (an object with no fixed members). Any
/// other top-level `declare` fails, so that nothing is missed.
fn declared_globals(typings: &str) -> Api {
    let code = strip_comments(typings);
    let mut globals = Api::new();
    let mut namespace: Option<String> = None;
    let mut depth = 0;
    for (index, line) in code.lines().enumerate() {
        let line = line.trim();
        if depth == 0 {
            if let Some(rest) = line.strip_prefix("declare namespace ") {
                let name = identifier(rest);
                globals.entry(name.clone()).or_default();
                namespace = Some(name);
            } else if let Some(rest) = line.strip_prefix("declare function ") {
                globals.entry(identifier(rest)).or_default();
            } else if let Some(rest) = line.strip_prefix("declare const ") {
                // An object whose members the game declares (`declare const game: GameVerbs;`):
                // no fixed members.
                globals.entry(identifier(rest)).or_default();
            } else {
                assert!(
                    !line.starts_with("declare "),
                    "typings.rs cannot read this declaration (line {}): {line}",
                    index + 1
                );
            }
        } else if depth == 1
            && let Some(namespace) = &namespace
        {
            let line = line.strip_prefix("export ").unwrap_or(line);
            for keyword in ["function ", "const ", "let ", "var "] {
                if let Some(rest) = line.strip_prefix(keyword) {
                    globals
                        .entry(namespace.clone())
                        .or_default()
                        .insert(identifier(rest));
                }
            }
        }
        depth += brace_balance(line);
        assert!(depth >= 0, "unbalanced braces at line {}", index + 1);
        if depth == 0 {
            namespace = None;
        }
    }
    assert_eq!(depth, 0, "unbalanced braces in the typings");
    globals
}

/// The globals a d.ts declares as `declare const o: T;`: objects, whatever members they have.
fn declared_objects(typings: &str) -> BTreeSet<String> {
    strip_comments(typings)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("declare const "))
        .map(identifier)
        .collect()
}

/// The members of `type {name} = "a" | "b" | …;`, which must be string literals only.
fn string_union(typings: &str, name: &str) -> Vec<String> {
    let code = strip_comments(typings);
    let head = format!("type {name} =");
    let start = code
        .find(&head)
        .unwrap_or_else(|| panic!("the typings declare no `{head}`"))
        + head.len();
    let end = code[start..]
        .find(';')
        .unwrap_or_else(|| panic!("`{head}` has no `;`"));
    let body = &code[start..start + end];
    let mut parts = body.split('"');
    let outside: String = parts.clone().step_by(2).collect();
    assert!(
        outside.chars().all(|c| c == '|' || c.is_whitespace()),
        "`{head}` is not a union of string literals: {}",
        outside.trim()
    );
    parts.next();
    parts.step_by(2).map(str::to_owned).collect()
}

#[test]
fn the_typings_parser_reads_what_it_must() {
    let sample = r#"
        /** `declare namespace fake {` in a comment is ignored. */
        interface Shape { x: number; nested: { y: number } }
        type Key = // a comment
            | "A" | "B"
            | "C";
        declare namespace one {
            /** A function. */
            function f(a: { b: number }): void;
            function g(
                a: number,
            ): `#${string}`;
            const c: number;
        }
        declare function h(name: string): void;
        declare function h(name: string, extra: number): void;
        declare const verbs: Verbs;
    "#;
    let expected: Api = [
        ("one", &["c", "f", "g"][..]),
        ("h", &[][..]),
        ("verbs", &[][..]),
    ]
    .into_iter()
    .map(|(name, members)| {
        (
            name.to_owned(),
            members.iter().map(|m| (*m).to_owned()).collect(),
        )
    })
    .collect();
    assert_eq!(declared_globals(sample), expected);
    assert_eq!(
        declared_objects(sample),
        BTreeSet::from(["verbs".to_owned()])
    );
    assert_eq!(string_union(sample, "Key"), ["A", "B", "C"]);
}

fn read_typings() -> String {
    std::fs::read_to_string(repo().join(TYPINGS)).expect("read the typings")
}

#[test]
fn the_typings_declare_exactly_the_runtime_api() {
    let declared = declared_globals(&read_typings());
    let diff = api_diff(TYPINGS, &declared, "JS_API", &runtime_api());
    assert!(
        diff.is_empty(),
        "the typings and the runtime's API differ:\n{}",
        diff.join("\n")
    );
}

/// The differences between the typings' union `union` and the runtime's list `list_name`.
fn union_diff(typings: &str, union: &str, list_name: &str, list: &[&str]) -> Vec<String> {
    let declared = string_union(typings, union);
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (what, names) in [(union, &declared[..]), (list_name, list)] {
        let mut seen = BTreeSet::new();
        for name in names.iter().filter(|name| !seen.insert(**name)) {
            problems.push(format!("{what} lists `{name}` twice"));
        }
    }
    let declared: BTreeSet<&str> = declared.into_iter().collect();
    let runtime: BTreeSet<&str> = list.iter().copied().collect();
    for name in declared.difference(&runtime) {
        problems.push(format!(
            "`{name}` is in the typings' {union} but not in {list_name}"
        ));
    }
    for name in runtime.difference(&declared) {
        problems.push(format!(
            "`{name}` is in {list_name} but not in the typings' {union}"
        ));
    }
    problems
}

#[test]
fn the_typings_name_every_key_and_mouse_button() {
    let typings = read_typings();
    let mut problems = union_diff(
        &typings,
        "KeyCode",
        "KEY_NAMES",
        bevy_js_worker::input::KEY_NAMES,
    );
    problems.extend(union_diff(
        &typings,
        "MouseButton",
        "MOUSE_BUTTON_NAMES",
        bevy_js_worker::input::MOUSE_BUTTON_NAMES,
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn a_live_script_sees_exactly_the_runtime_api() {
    let mut app = app("api_names.js");
    collect_events(&mut app);
    let payload = wait_for_event(&mut app, "api");
    assert_no_script_errors(&app);
    let globals = payload["globals"]
        .as_object()
        .unwrap_or_else(|| panic!("no `globals` object in {payload}"));

    let mut live = Api::new();
    for (name, global) in globals {
        let members = global["members"]
            .as_array()
            .unwrap_or_else(|| panic!("no member list for `{name}` in {payload}"))
            .iter()
            .map(|member| member.as_str().expect("member names").to_owned())
            .collect();
        live.insert(name.clone(), members);
    }
    let mut problems = api_diff("the live globals", &live, "JS_API", &runtime_api());
    // JS_API lists global functions with no members, and every other global as an object; an
    // object with no fixed members (`game`) is one the typings declare with `declare const`.
    let objects = declared_objects(&read_typings());
    for (name, members) in bevy_js_worker::JS_API {
        let expected = if members.is_empty() && !objects.contains(*name) {
            "function"
        } else {
            "object"
        };
        if let Some(found) = globals.get(*name).and_then(|g| g["type"].as_str())
            && found != expected
        {
            problems.push(format!("`{name}` is a {found}, not a {expected}"));
        }
    }
    assert!(
        problems.is_empty(),
        "the live globals and JS_API differ:\n{}",
        problems.join("\n")
    );
}

engine_tests!(a_live_script_sees_exactly_the_runtime_api);

// --- Typings generated from the app (`JsScriptingPlugin::with_typings`) -----------------------

/// The test app of `tests/typings/`: a component, a resource, a system verb and a function verb.
mod app_types {
    use bevy::prelude::*;

    #[derive(Component, Reflect, Default)]
    #[reflect(Component, Default)]
    pub struct Health {
        pub current: f32,
        pub max: f32,
    }

    #[derive(Resource, Reflect, Default)]
    #[reflect(Resource, Default)]
    pub struct Score {
        pub coins: u32,
        pub hits: u32,
    }

    #[derive(Reflect, Default)]
    #[reflect(Default)]
    pub struct Ray {
        pub origin: Vec3,
        pub direction: Vec3,
        pub max_distance: f32,
    }

    #[derive(Reflect)]
    pub struct Hit {
        pub id: u32,
        pub distance: f32,
        pub point: Vec3,
    }

    pub fn raycast(In(ray): In<Ray>) -> Result<Option<Hit>, String> {
        if ray.max_distance <= 0.0 {
            return Err("max_distance must be positive".to_owned());
        }
        Ok(None)
    }

    pub fn noise((x, y): (f32, f32)) -> f32 {
        x * y
    }
}

/// Runs the app of `tests/typings/` until its startup has written `file`.
fn write_app_typings(file: &Path) {
    use bevy::prelude::*;
    use bevy_js_worker::prelude::*;
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        bevy::asset::AssetPlugin::default(),
        JsScriptingPlugin::without_script()
            .expose_component::<app_types::Health>()
            .expose_resource::<app_types::Score>()
            .expose_system("raycast", app_types::raycast)
            .expose_fn("noise", app_types::noise)
            .with_typings(file),
    ));
    app.update();
}

/// Lines of `script` (in `dir`) that tsc reported errors on, whether it passed, and its output.
fn tsc_error_lines(tsc: &Path, dir: &Path, script: &str) -> (bool, BTreeSet<usize>, String) {
    let output = Command::new(tsc)
        .current_dir(dir)
        .args(TSC_FLAGS)
        .arg("--typeRoots")
        .arg(dir.join("no-types"))
        .arg(script)
        .output()
        .expect("run tsc");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let prefix = format!("{script}(");
    let lines = text
        .lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .filter_map(|rest| rest.split(',').next()?.parse().ok())
        .collect();
    (output.status.success(), lines, text)
}

/// The app writes its own declarations at startup, only when they change; tsc accepts a
/// correct script against them and rejects each of three mistakes on its line: a misspelled
/// field, a wrong component name, a wrong verb argument.
#[test]
fn the_apps_typings_let_tsc_catch_mistakes_in_its_own_terms() {
    let scratch = Scratch::new("generated");
    let file = scratch.0.join("game.d.ts");
    write_app_typings(&file);
    let generated = std::fs::read_to_string(&file).expect("the app wrote its typings");
    for expected in [
        "interface Health",
        "current: number",
        "interface ScriptComponents",
        "raycast(",
        "noise(",
    ] {
        assert!(
            generated.contains(expected),
            "no `{expected}` in:\n{generated}"
        );
    }
    // Unchanged declarations are not written again.
    let written = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_app_typings(&file);
    let again = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(written, again, "the same declarations were written again");

    let Some(tsc) = find_tsc() else { return };
    std::fs::copy(repo().join(TYPINGS), scratch.0.join("bevy_js_worker.d.ts"))
        .expect("copy the base typings");
    let scripts = [
        "correct.js",
        "misspelled_field.js",
        "wrong_component.js",
        "wrong_verb_argument.js",
    ];
    for script in scripts {
        std::fs::copy(
            repo().join("tests/typings").join(script),
            scratch.0.join(script),
        )
        .expect("copy a typed script");
    }
    let (passed, lines, output) = tsc_error_lines(&tsc, &scratch.0, "correct.js");
    assert!(
        passed && lines.is_empty(),
        "tsc rejected tests/typings/correct.js:\n{output}\ngame.d.ts:\n{generated}"
    );
    for script in &scripts[1..] {
        let source = std::fs::read_to_string(scratch.0.join(script)).expect("read the script");
        let expected: BTreeSet<usize> = source
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains("// error"))
            .map(|(index, _)| index + 1)
            .collect();
        assert_eq!(expected.len(), 1, "{script} must mark exactly one mistake");
        let (passed, lines, output) = tsc_error_lines(&tsc, &scratch.0, script);
        assert!(
            !passed,
            "tsc accepted the mistake in tests/typings/{script}:\n{output}"
        );
        assert_eq!(
            lines, expected,
            "tsc must report tests/typings/{script}'s mistake, and only it:\n{output}"
        );
    }
    eprintln!("tsc checked tests/typings against the typings the app wrote");
}

/// The level example's own game (types, verbs, what it exposes).
#[path = "../../examples/support/level_game.rs"]
pub(crate) mod level_game;

/// The committed `assets/scripts/game.d.ts` is what the level example writes at startup, so the
/// tsc check of every script (above) checks `level.js` against the level's own types. With
/// `BEVY_JS_WORKER_WRITE_TYPINGS=1` the test rewrites it instead.
#[test]
fn the_level_examples_typings_are_up_to_date() {
    use bevy::prelude::*;
    use bevy_js_worker::prelude::*;
    let scratch = Scratch::new("level");
    let file = scratch.0.join("game.d.ts");
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        bevy::asset::AssetPlugin::default(),
        level_game::expose(JsScriptingPlugin::without_script()).with_typings(&file),
    ));
    app.update();
    let generated = std::fs::read_to_string(&file).expect("the level app wrote its typings");
    let committed = repo().join("assets/scripts/game.d.ts");
    if std::env::var("BEVY_JS_WORKER_WRITE_TYPINGS").is_ok_and(|v| v == "1") {
        std::fs::write(&committed, &generated).expect("write assets/scripts/game.d.ts");
    }
    let committed = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        committed == generated,
        "assets/scripts/game.d.ts is not what the level example generates: run `cargo run \
         --example level` (it rewrites the file at startup), or this test with \
         BEVY_JS_WORKER_WRITE_TYPINGS=1"
    );
}
