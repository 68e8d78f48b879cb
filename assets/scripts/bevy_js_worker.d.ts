// Type declarations for the JavaScript API of bevy_js_worker: the globals that scripts see
// (`entity`, `camera`, `light`, `ui`, `world`, `scene`, `game`, `input`, `time`, `console`,
// `performance`, `on`, `off`, `emit`, the timers and `queueMicrotask`) and the functions a
// script module may export (`ScriptModule`). A game's own types and verbs are declared by a
// file the game generates (`JsScriptingPlugin::with_typings`), which augments this one.
//
// These are for editors and the type checker only; the runtime does not read this file.
//
// Use from plain JavaScript: start every script with
//
//     // @ts-check
//     /// <reference path="./bevy_js_worker.d.ts" />
//
// (adjust the path from subfolders: `../bevy_js_worker.d.ts`). Scripts under
// `assets/scripts/` are also covered by `assets/scripts/tsconfig.json`, which editors such as
// VS Code pick up on their own. To check from the command line (TypeScript 5):
//
//     tsc -p assets/scripts/tsconfig.json
//
// `tests/integration/typings.rs` runs the same check, and fails on any error.
//
// Scripts run in Boa or QuickJS, not in a browser or Node: use the ES2022 library only. Do
// not add the DOM library or @types/node, which declare another `console` and globals that
// do not exist here (`fetch`, `require`, `document`, ...).
//
// Arguments are checked strictly at run time. A missing or mistyped argument throws a
// `TypeError`, a value out of range (NaN, ±Infinity, beyond the 32-bit float range, a size
// ≤ 0, an unknown name) a `RangeError`; the message names the function and the argument, e.g.
// `entity.update: position.x must be a finite number`. A getter of an argument object that
// throws propagates its own exception. Any call that sends a command can throw an `Error`
// while the game is shutting down.
//
// Units: positions and sizes in meters (Bevy's Y-up world), angles in degrees, times in
// seconds, screen coordinates in logical pixels.
//
// This file is compared with the runtime by `tests/integration/typings.rs`: every global and
// member declared here must exist at run time, and the other way round.

// ---------------------------------------------------------------------------------------------
// Value shapes
// ---------------------------------------------------------------------------------------------

/**
 * A point or a vector in Bevy's world: Y is up, units are meters. Every component must be a
 * finite number within the 32-bit float range, or the call throws a `RangeError`
 * (a `TypeError` if it is not a number at all).
 */
interface Vec3 {
    /** Right (+X), meters. */
    x: number;
    /** Up (+Y), meters. */
    y: number;
    /** Towards the default camera (+Z), meters. */
    z: number;
}

/** A point on the screen, in logical pixels from the window's top-left corner. */
interface Vec2 {
    /** Pixels to the right of the left edge. */
    x: number;
    /** Pixels below the top edge. */
    y: number;
}

/** A size in logical pixels. */
interface Size {
    /** Logical pixels. */
    width: number;
    /** Logical pixels. */
    height: number;
}

/**
 * An orientation as yaw, pitch and roll in degrees, applied in that order (Bevy's
 * `EulerRot::YXZ`). All three are required and must be finite.
 */
interface Rotation {
    /** Degrees about the up axis (+Y). */
    yaw: number;
    /** Degrees about the right axis (+X). */
    pitch: number;
    /** Degrees about the forward axis (+Z). */
    roll: number;
}

/** A scale: one factor for all axes, or one per axis. Finite numbers. */
type Scale = number | Vec3;

/**
 * A color as 8-bit channels. Each channel is a number from 0 to 255 (rounded to an integer);
 * out of range throws a `RangeError`.
 */
interface RgbaColor {
    /** Red, 0–255. */
    r: number;
    /** Green, 0–255. */
    g: number;
    /** Blue, 0–255. */
    b: number;
    /** Alpha (opacity), 0–255. Default 255 (opaque). */
    a?: number;
}

/**
 * A color as a CSS-style hex string: `"#rrggbb"` or `"#rrggbbaa"` (hex digits, either case).
 * Any other string throws a `TypeError` at run time.
 *
 * A string held in a variable must be typed as a color to be accepted here: write a literal,
 * or annotate the variable with the JSDoc tag `@type {Color}`.
 */
type HexColor = `#${string}`;

/** A color: `{r, g, b, a?}` with 0–255 channels, or a `"#rrggbb"` / `"#rrggbbaa"` string. */
type Color = RgbaColor | HexColor;

/** A color as the runtime reports it: all four channels, 0–255. */
interface ColorState {
    /** Red, 0–255. */
    r: number;
    /** Green, 0–255. */
    g: number;
    /** Blue, 0–255. */
    b: number;
    /** Alpha, 0–255. */
    a: number;
}

/**
 * The id of a script object: an integer from 1 to 2^32 − 1. Ids are unique across entities,
 * cameras and lights. A value that is not a number throws a `TypeError`; a number that is not
 * such an integer throws a `RangeError`.
 */
type ScriptId = number;

/** The state of an entity, as `entity.get` returns it. */
interface EntityState {
    /** Meters. */
    position: Vec3;
    /** Degrees. */
    rotation: Rotation;
    /** Per-axis scale. */
    scale: Vec3;
    /** Base color. */
    color: ColorState;
    /** Whether it renders. */
    visible: boolean;
}

/** A partial update of an entity; fields left out stay as they are. */
interface EntityChanges {
    /** New position, meters. */
    position?: Vec3;
    /** New orientation, degrees. */
    rotation?: Rotation;
    /** New scale: a number for all axes or `{x, y, z}`. */
    scale?: Scale;
    /** New base color. */
    color?: Color;
    /** Whether it renders. */
    visible?: boolean;
    /**
     * Land exactly in the next frame instead of gliding there when the game interpolates
     * script motion (`JsScriptingSettings::interpolation`). Default `false`. Read (and
     * checked) only while interpolation is on: otherwise every move lands at once.
     */
    teleport?: boolean;
}

/** Options of `camera.create`. */
interface CameraOptions {
    /** Where the camera is, meters. Required. */
    position: Vec3;
    /**
     * The point it looks at, meters. Default: straight ahead down −Z from `position`, like a
     * default Bevy camera. The camera keeps looking at this point when it moves.
     */
    lookAt?: Vec3;
    /**
     * Vertical field of view in degrees, between 0 and 180 (exclusive; anything else throws a
     * `RangeError`). Default 45.
     */
    fov?: number;
}

/** A partial update of a camera; fields left out stay as they are. */
interface CameraChanges {
    /** New position, meters. The camera keeps looking at its `lookAt`. */
    position?: Vec3;
    /** New point to look at, meters. */
    lookAt?: Vec3;
    /** New vertical field of view, degrees, between 0 and 180 (exclusive). */
    fov?: number;
    /** Land exactly instead of gliding when the game interpolates script motion. */
    teleport?: boolean;
}

/** The state of a camera, as `camera.get` returns it. */
interface CameraState {
    /** Meters. */
    position: Vec3;
    /** The point it looks at, meters. */
    lookAt: Vec3;
    /** Vertical field of view, degrees. */
    fov: number;
    /** Whether this is the camera that renders. */
    active: boolean;
}

/** The kind of a light. */
type LightType = "point" | "directional";

/** Options of `light.create`. */
interface LightOptions {
    /**
     * `"point"`: light from a position in all directions; `"directional"`: parallel light
     * like the sun, from a direction. Required; a missing or non-string type throws a
     * `TypeError`, another string a `RangeError`. It cannot be changed later.
     */
    type: LightType;
    /** Where a point light is, meters. Default the origin. Directional lights ignore it. */
    position?: Vec3;
    /**
     * The direction a directional light shines in (it need not be normalized; the zero vector
     * throws a `RangeError`). Default straight down, `{x: 0, y: -1, z: 0}`. Point lights
     * ignore it.
     */
    direction?: Vec3;
    /** Light color. Default white. */
    color?: Color;
    /**
     * Brightness, zero or greater (negative throws a `RangeError`): lumens for point lights
     * (default 1,000,000), lux for directional lights (default 10,000).
     */
    intensity?: number;
    /** Whether the light casts shadows. Default `true`. Shadows are expensive on software renderers. */
    shadows?: boolean;
}

/** A partial update of a light; fields left out stay as they are. The type cannot change. */
interface LightChanges {
    /** New position of a point light, meters. */
    position?: Vec3;
    /** New direction of a directional light; not the zero vector. */
    direction?: Vec3;
    /** New light color. */
    color?: Color;
    /** New brightness: lumens (point) or lux (directional), zero or greater. */
    intensity?: number;
    /** Whether the light casts shadows. */
    shadows?: boolean;
}

/**
 * A value that survives a trip through JSON: what `emit` sends, what event handlers receive,
 * and what `onUnload` may hand to the next version of a script.
 */
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A handler for the events that Rust sends to scripts. */
type EventHandler = (payload: JsonValue) => void;

/**
 * A physical key, by Bevy's `KeyCode` variant name, which is the web's `KeyboardEvent.code`:
 * the key's position on a US layout, whatever the user's layout prints on it (`"KeyW"` is
 * the key right of Tab on every layout). An unknown name throws a `RangeError` at run time.
 */
type KeyCode =
    // Writing system keys
    | "Backquote" | "Backslash" | "BracketLeft" | "BracketRight" | "Comma"
    | "Digit0" | "Digit1" | "Digit2" | "Digit3" | "Digit4"
    | "Digit5" | "Digit6" | "Digit7" | "Digit8" | "Digit9"
    | "Equal" | "IntlBackslash" | "IntlRo" | "IntlYen"
    | "KeyA" | "KeyB" | "KeyC" | "KeyD" | "KeyE" | "KeyF" | "KeyG" | "KeyH" | "KeyI"
    | "KeyJ" | "KeyK" | "KeyL" | "KeyM" | "KeyN" | "KeyO" | "KeyP" | "KeyQ" | "KeyR"
    | "KeyS" | "KeyT" | "KeyU" | "KeyV" | "KeyW" | "KeyX" | "KeyY" | "KeyZ"
    | "Minus" | "Period" | "Quote" | "Semicolon" | "Slash"
    // Functional keys
    | "AltLeft" | "AltRight" | "Backspace" | "CapsLock" | "ContextMenu"
    | "ControlLeft" | "ControlRight" | "Enter" | "SuperLeft" | "SuperRight"
    | "ShiftLeft" | "ShiftRight" | "Space" | "Tab"
    // Input method keys
    | "Convert" | "KanaMode" | "Lang1" | "Lang2" | "Lang3" | "Lang4" | "Lang5" | "NonConvert"
    // Control pad
    | "Delete" | "End" | "Help" | "Home" | "Insert" | "PageDown" | "PageUp"
    // Arrow pad
    | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "ArrowUp"
    // Numpad
    | "NumLock"
    | "Numpad0" | "Numpad1" | "Numpad2" | "Numpad3" | "Numpad4"
    | "Numpad5" | "Numpad6" | "Numpad7" | "Numpad8" | "Numpad9"
    | "NumpadAdd" | "NumpadBackspace" | "NumpadClear" | "NumpadClearEntry" | "NumpadComma"
    | "NumpadDecimal" | "NumpadDivide" | "NumpadEnter" | "NumpadEqual" | "NumpadHash"
    | "NumpadMemoryAdd" | "NumpadMemoryClear" | "NumpadMemoryRecall" | "NumpadMemoryStore"
    | "NumpadMemorySubtract" | "NumpadMultiply" | "NumpadParenLeft" | "NumpadParenRight"
    | "NumpadStar" | "NumpadSubtract"
    // Function section
    | "Escape" | "Fn" | "FnLock" | "PrintScreen" | "ScrollLock" | "Pause"
    // Media keys
    | "BrowserBack" | "BrowserFavorites" | "BrowserForward" | "BrowserHome"
    | "BrowserRefresh" | "BrowserSearch" | "BrowserStop" | "Eject"
    | "LaunchApp1" | "LaunchApp2" | "LaunchMail" | "MediaPlayPause" | "MediaSelect"
    | "MediaStop" | "MediaTrackNext" | "MediaTrackPrevious" | "Power" | "Sleep"
    | "AudioVolumeDown" | "AudioVolumeMute" | "AudioVolumeUp" | "WakeUp"
    // Legacy, non-standard and special keys
    | "Meta" | "Hyper" | "Turbo" | "Abort" | "Resume" | "Suspend"
    | "Again" | "Copy" | "Cut" | "Find" | "Open" | "Paste" | "Props" | "Select" | "Undo"
    | "Hiragana" | "Katakana"
    // Function keys
    | "F1" | "F2" | "F3" | "F4" | "F5" | "F6" | "F7" | "F8" | "F9" | "F10"
    | "F11" | "F12" | "F13" | "F14" | "F15" | "F16" | "F17" | "F18" | "F19" | "F20"
    | "F21" | "F22" | "F23" | "F24" | "F25" | "F26" | "F27" | "F28" | "F29" | "F30"
    | "F31" | "F32" | "F33" | "F34" | "F35";

/** A mouse button, by Bevy's `MouseButton` variant name. Another name throws a `RangeError`. */
type MouseButton = "Left" | "Right" | "Middle" | "Back" | "Forward";

// ---------------------------------------------------------------------------------------------
// The script module
// ---------------------------------------------------------------------------------------------

/**
 * The functions a script module may export (for documentation: the runtime looks them up by
 * name on the entry module's namespace). A script is an ES module; it can `import` other
 * modules from its own folder and below it.
 *
 * @example
 * let cube = 0;
 * export function start() {
 *   cube = entity.createCube({ x: 0, y: 0.5, z: 0 }, "#e04040", 1);
 * }
 * export function update(dt) {
 *   entity.update(cube, { rotation: { yaw: time.elapsed * 90, pitch: 0, roll: 0 } });
 * }
 */
interface ScriptModule {
    /**
     * Called once after the module has loaded, before the first `update`. Not called after a
     * hot reload when the module exports `onReload`.
     */
    start?(): void;
    /**
     * Called once per worker frame. An export named `update` that is not a function is an
     * error; a module without `update` only gets a warning.
     * @param dt Seconds since the previous worker frame (the same as `time.delta`).
     */
    update?(dt: number): void;
    /**
     * Called on the old version of a script before a hot reload (when the changed source has
     * parsed and linked; a broken edit leaves the old version running). What it returns is
     * converted to JSON, with the same rules as `emit`, and handed to the new version's
     * `onReload`.
     * @returns The state to carry over, or nothing.
     */
    onUnload?(): JsonValue | void;
    /**
     * Called on the new version of a script after a hot reload, instead of `start()`.
     *
     * If the module exports `onReload`, the objects the old version created (entities,
     * cameras, lights) are kept and their ids stay valid, so the state can carry them over. If
     * it does not, they are destroyed and `start()` runs as on a first load.
     * @param state What the old version's `onUnload` returned (`null` if it returned
     * nothing); `undefined` if it had no `onUnload`, or it threw or returned something that is
     * not JSON (which is reported as an error).
     */
    onReload?(state: JsonValue | undefined): void;
}

// ---------------------------------------------------------------------------------------------
// Globals
// ---------------------------------------------------------------------------------------------

/**
 * Primitive mesh entities: cubes, spheres and planes with a solid color.
 *
 * Creation returns the id at once (ids are allocated on the worker); the Bevy entity appears
 * when the main thread applies the command, and `entity.get` sees it after the next swap.
 * Equal shapes of one size share a mesh, equal colors share a material.
 */
declare namespace entity {
    /**
     * Creates a cube.
     * @param position Its center, meters.
     * @param color Its base color.
     * @param size The edge length, meters; greater than zero.
     * @returns The new entity's id.
     * @throws {TypeError} If an argument is missing or has the wrong type.
     * @throws {RangeError} If a number is not finite, `size` ≤ 0, a color channel is outside
     * 0–255, or the script already has the maximum number of live objects.
     */
    function createCube(position: Vec3, color: Color, size: number): ScriptId;

    /**
     * Creates a sphere.
     * @param position Its center, meters.
     * @param color Its base color.
     * @param radius Meters; greater than zero.
     * @returns The new entity's id.
     * @throws {TypeError} If an argument is missing or has the wrong type.
     * @throws {RangeError} If a number is not finite, `radius` ≤ 0, a color channel is
     * outside 0–255, or the script already has the maximum number of live objects.
     */
    function createSphere(position: Vec3, color: Color, radius: number): ScriptId;

    /**
     * Creates a flat square lying on the XZ plane, facing up (+Y).
     * @param position Its center, meters.
     * @param color Its base color.
     * @param size The edge length, meters; greater than zero.
     * @returns The new entity's id.
     * @throws {TypeError} If an argument is missing or has the wrong type.
     * @throws {RangeError} If a number is not finite, `size` ≤ 0, a color channel is outside
     * 0–255, or the script already has the maximum number of live objects.
     */
    function createPlane(position: Vec3, color: Color, size: number): ScriptId;

    /**
     * Changes some of an entity's properties; fields left out stay as they are. An empty
     * change set sends nothing.
     * @param id The entity.
     * @param changes The properties to change.
     * @throws {TypeError} If `changes` is not an object or a field has the wrong type.
     * @throws {RangeError} If `id` is not a live entity, or a number is not finite or a color
     * channel is outside 0–255.
     */
    function update(id: ScriptId, changes: EntityChanges): void;

    /**
     * Moves one entity: the same as `update(id, { position: { x, y, z } })`, but without
     * building the two argument objects, which are most of that call's cost in Boa (about
     * 4× cheaper; see the README's Performance section).
     * @param id The entity.
     * @param x Meters.
     * @param y Meters.
     * @param z Meters.
     * @param teleport Land exactly instead of gliding when the game interpolates script
     * motion. Default `false`.
     * @throws {TypeError} If a coordinate is not a number, or `teleport` not a boolean.
     * @throws {RangeError} If `id` is not a live entity or a coordinate is not finite.
     */
    function setPosition(id: ScriptId, x: number, y: number, z: number, teleport?: boolean): void;

    /**
     * Moves many entities in one call: much cheaper than one `update` per entity.
     *
     * Each argument is a typed array or a plain array of numbers. In Boa, a plain array is
     * about twice as fast to fill from JS as a `Float32Array`; it is read straight from its
     * element storage either way, with no call back into JS.
     *
     * Everything is validated before anything is applied: if the call throws, no entity moved.
     * @param ids The entities.
     * @param positions Three numbers per id (x, y, z, in meters), so `3 * ids.length` long.
     * @param rotations Optional: three numbers per id (yaw, pitch, roll, in degrees), so
     * `3 * ids.length` long. Left out or `null`, rotations stay as they are.
     * @param teleport Land exactly instead of gliding when the game interpolates script
     * motion. Default `false`.
     * @throws {TypeError} If `ids` is neither a `Uint32Array` nor an array, or `positions` /
     * `rotations` is neither a `Float32Array` (over an ordinary `ArrayBuffer`) nor an array.
     * @throws {RangeError} If the lengths do not match, an element is not a finite number (a
     * hole, a getter, a string, NaN or ±Infinity; the message names its index), or an id is
     * not a live entity.
     * @example
     * const positions = new Array(cubes.length * 3).fill(0);
     * for (let i = 0; i < cubes.length; i++) positions[i * 3 + 1] = Math.sin(time.elapsed + i);
     * entity.setTransforms(cubes, positions);
     */
    function setTransforms(
        ids: Uint32Array | readonly ScriptId[],
        positions: Float32Array | readonly number[],
        rotations?: Float32Array | readonly number[] | null,
        teleport?: boolean,
    ): void;

    /**
     * Despawns an entity.
     * @param id The entity.
     * @returns `true` if it was live; `false` if the id is unknown or already destroyed.
     * @throws {TypeError} If `id` is not a number.
     * @throws {RangeError} If `id` is not a positive integer below 2^32.
     */
    function destroy(id: ScriptId): boolean;

    /**
     * An entity's state as of the last completed swap (the start of this worker frame),
     * including changes that Rust systems made to its `Transform`.
     * @param id The entity.
     * @returns A fresh object, or `undefined` if the id is unknown, destroyed, or created so
     * recently that it has not been swapped in yet.
     * @throws {TypeError} If `id` is not a number.
     * @throws {RangeError} If `id` is not a positive integer below 2^32.
     */
    function get(id: ScriptId): EntityState | undefined;

    /**
     * A promise that resolves once the Bevy entity exists (the main thread applied its
     * creation).
     * @param id The entity.
     * @returns A promise of the same id.
     * @throws {RangeError} If `id` is not a live entity.
     */
    function whenCreated(id: ScriptId): Promise<ScriptId>;

    /**
     * Makes `child`'s transform relative to `parent` (Bevy's `ChildOf`); `null` detaches it.
     * The child keeps its local transform, so it moves with its new parent from then on.
     * Applied in order with the script's other commands; `parent`/`children` see it after the
     * next swap.
     * @param child A live entity.
     * @param parent A live entity, or `null`.
     * @throws {TypeError} If an id is not a number.
     * @throws {RangeError} If an id is not a live entity, or `parent` is `child` or one of
     * its descendants (a cycle).
     */
    function setParent(child: ScriptId, parent: ScriptId | null): void;

    /**
     * An entity's visible parent as of the last swap.
     * @returns The parent's id, or `null` (no parent, an invisible one, or a dead entity).
     * @throws {RangeError} If `id` was never an entity's id.
     */
    function parent(id: ScriptId): ScriptId | null;

    /**
     * An entity's visible children as of the last swap, ascending.
     * @throws {RangeError} If `id` was never an entity's id.
     */
    function children(id: ScriptId): ScriptId[];
}

/**
 * A reflected value as plain data, in the shape Bevy's reflection serializer gives it (a
 * `.scn.ron` scene's shape): structs are objects of their fields, math types arrays
 * (`Vec3` → `[x, y, z]`, `Quat` → `[x, y, z, w]`), `Name` a string, unit enum variants
 * strings (`"Hidden"`).
 */
type Reflected = JsonValue;

// ---------------------------------------------------------------------------------------------
// The game's own types, filled in by a generated declaration file
// ---------------------------------------------------------------------------------------------
//
// The interfaces below are empty here. A game that calls
// `JsScriptingPlugin::with_typings("scripts/game.d.ts")` gets a declaration file, written at
// startup from its type registry, that fills them in (TypeScript merges the declarations of one
// interface): its exposed components and resources with the shape of each (in the namespace
// `Game`, so `Game.Health`), what `world.set` and `world.insert` take for each (the namespace
// `GamePatch`), and its verbs. Reference it after this file:
//
//     /// <reference path="./bevy_js_worker.d.ts" />
//     /// <reference path="./game.d.ts" />
//
// Then `world.get(id, "Health")` is a `Game.Health | undefined`, a misspelled field in
// `world.set` or an unknown component name is a type error, and `game.*` calls are typed.
// Without it, any name is accepted and values are `Reflected`.

/**
 * The components scripts may reach: each exposed component's name (its short type path) and
 * the type of its value. Filled in by the generated file; it always names `Transform`, `Name`
 * and `Visibility`, which is how the names below tell a typed game from an untyped one.
 */
interface ScriptComponents {}

/** The resources scripts may reach: each exposed resource's name and its value's type. */
interface ScriptResources {}

/**
 * What `world.set` and `world.setResource` take for each component and resource: a struct's
 * fields, each optional, nested structs patched the same way; any other value whole.
 */
interface ScriptPatches {}

/**
 * What `world.insert` and `world.spawn` take for each component: like its patch when the type
 * has a reflected `Default` (fields left out take the default), else the whole value.
 */
interface ScriptInserts {}

/**
 * The game's verbs, the Rust code it exposes to scripts as `game.name(arg)`: a *system verb*
 * runs on the main thread and answers with a promise, a *function verb* runs on the worker and
 * answers at once. Filled in by the generated file.
 */
interface GameVerbs {}

/**
 * The name of a component the game exposed (`JsScriptingPlugin::expose_component`), by its
 * short type path: `"Transform"`, `"Name"` and `"Visibility"` always, plus the game's own
 * (`"Health"`). With the generated file, only those; without it, any string.
 */
type ComponentName = [keyof ScriptComponents] extends [never]
    ? string
    : Extract<keyof ScriptComponents, string>;

/**
 * The name of a resource the game exposed (`JsScriptingPlugin::expose_resource`). With the
 * generated file, only those; without it, any string.
 */
type ResourceName = [keyof ScriptComponents] extends [never]
    ? string
    : Extract<keyof ScriptResources, string>;

/** The value of component `K`: its generated type, or `Reflected` without the generated file. */
type ComponentValue<K extends string> = K extends keyof ScriptComponents
    ? ScriptComponents[K]
    : Reflected;

/** The value of resource `K`: its generated type, or `Reflected`. */
type ResourceValue<K extends string> = K extends keyof ScriptResources
    ? ScriptResources[K]
    : Reflected;

/** What `world.set` / `world.setResource` take for `K`: its generated patch, or `Reflected`. */
type PatchOf<K extends string> = K extends keyof ScriptPatches ? ScriptPatches[K] : Reflected;

/** What `world.insert` takes for component `K`: its generated insert type, or `Reflected`. */
type InsertOf<K extends string> = K extends keyof ScriptInserts ? ScriptInserts[K] : Reflected;

/** The components of `world.spawn`, by name, each like `world.insert`'s value. */
type SpawnComponents = { [K in ComponentName]?: InsertOf<K> };

/**
 * The game's verbs: `game.name(arg)`. Its members are the verbs the game exposed, declared by
 * the generated file; without it, none are.
 */
declare const game: GameVerbs;

/**
 * The game's own entities, reflected components and resources.
 *
 * Reads see the state as of the last swap (the start of this worker frame), like
 * `entity.get`; the main thread never waits for them. Writes are commands, applied in order
 * with the script's other commands before the next worker frame. Every write is checked here
 * against the type's reflected shape, so a wrong name, field, type or range throws in the
 * calling line: `world.set: Health.current must be a number`.
 *
 * Entities are visible when Rust gave them the `ScriptVisible` component, when a script
 * created them, or when they belong to a scene a script spawned. When Rust despawns one (or
 * removes `ScriptVisible`), it is gone after the next swap (`world.get` gives `undefined`,
 * writes throw `RangeError`), and handlers of the `"despawned"` event receive `{ id }`.
 */
declare namespace world {
    /**
     * Ids of the visible entities that have every named component, as of the last swap,
     * ascending. No names: every visible entity.
     * @throws {RangeError} If a component is not exposed.
     */
    function query(...components: ComponentName[]): ScriptId[];

    /**
     * The visible entity whose `Name` is `name` (the lowest id if several).
     */
    function find(name: string): ScriptId | undefined;

    /**
     * A component's value as of the last swap (`{ current: 10, max: 10 }`).
     * @returns `undefined` if the entity lacks it or is dead.
     * @throws {RangeError} If the component is not exposed, or `id` was never an entity's id.
     */
    function get<K extends ComponentName>(id: ScriptId, component: K): ComponentValue<K> | undefined;

    /**
     * Whether an entity has a component, as of the last swap.
     * @throws {RangeError} If the component is not exposed, or `id` was never an entity's id.
     */
    function has(id: ScriptId, component: ComponentName): boolean;

    /**
     * Changes only the fields `patch` names; nested structs patch recursively.
     * @example world.set(player, "Health", { current: 3 });
     * @throws {TypeError} If a field has the wrong type (the message names the field path).
     * @throws {RangeError} If the component is not exposed or the entity lacks it, a field is
     * unknown, a number is out of the field's range, or `id` is not a live entity.
     */
    function set<K extends ComponentName>(id: ScriptId, component: K, patch: PatchOf<K>): void;

    /**
     * Adds or replaces a whole component; fields left out take the type's reflected
     * `Default`.
     * @throws {TypeError} If a field has the wrong type.
     * @throws {RangeError} If the component is not exposed, a field is unknown or out of
     * range, or `id` is not a live entity.
     */
    function insert<K extends ComponentName>(id: ScriptId, component: K, value: InsertOf<K>): void;

    /**
     * Removes a component.
     * @returns Whether the entity had it, as of the last swap.
     * @throws {RangeError} If the component is not exposed or `id` is not a live entity.
     */
    function remove(id: ScriptId, component: ComponentName): boolean;

    /**
     * A new visible entity with these components (each like `insert`), and a `Transform`
     * (identity unless given).
     * @example const chest = world.spawn({ Name: "Chest", Loot: { coins: 12 } });
     * @returns Its id, at once.
     * @throws {TypeError} If `components` is not an object or a value has the wrong type.
     * @throws {RangeError} If a component is not exposed or a value is out of range.
     */
    function spawn(components?: SpawnComponents): ScriptId;

    /**
     * An exposed resource's value as of the last swap.
     * @returns `undefined` if the game has none.
     * @throws {RangeError} If the resource is not exposed.
     */
    function getResource<K extends ResourceName>(name: K): ResourceValue<K> | undefined;

    /**
     * Changes only the fields `patch` names in an exposed resource.
     * @throws {TypeError} If a field has the wrong type.
     * @throws {RangeError} If the resource is not exposed or does not exist, or a field is
     * unknown or out of range.
     */
    function setResource<K extends ResourceName>(name: K, patch: PatchOf<K>): void;
}

/** Where `scene.spawn` puts a scene's root. */
interface SceneOptions {
    /** Meters. Default: the origin. */
    position?: Vec3;
    /** Degrees. Default: none. */
    rotation?: Rotation;
    /** Per axis. Default: 1. */
    scale?: Vec3;
}

/**
 * glTF scenes from the asset folder. A scene's root is a visible entity (move it with
 * `entity.*`); its nodes become visible entities once the scene is ready.
 */
declare namespace scene {
    /**
     * Spawns a glTF scene: `"models/robot.gltf"` (its first scene) or
     * `"models/ship.glb#Scene1"`.
     * @param path Relative to the asset folder; it cannot leave it.
     * @returns The root entity's id, at once.
     * @throws {TypeError} If `path` is not a string or an option has the wrong type.
     * @throws {RangeError} If the path leaves the asset folder, is not a `.glb`/`.gltf` file
     * there, or an option is out of range.
     * @throws {Error} If the app cannot load glTF (no `GltfPlugin`).
     */
    function spawn(path: string, options?: SceneOptions): ScriptId;

    /**
     * A promise that resolves once the scene's entities exist and are visible (have ids,
     * readable with `world`, `entity.children`). A file that fails to load is logged by
     * Bevy's asset server, and the promise stays pending.
     * @returns A promise of the same id.
     * @throws {RangeError} If `id` is not a live scene.
     */
    function whenReady(id: ScriptId): Promise<ScriptId>;
}

/**
 * Perspective 3D cameras. Exactly one script camera is active (renders) at a time: the first
 * one created, until `setActive` picks another.
 */
declare namespace camera {
    /**
     * Creates a perspective camera. The first camera a script creates becomes active.
     * @param options Its position (required), the point it looks at and its field of view.
     * @returns The new camera's id.
     * @throws {TypeError} If `options` is not an object, `position` is missing, or a field has
     * the wrong type.
     * @throws {RangeError} If a number is not finite, `fov` is not between 0 and 180, or the
     * script already has the maximum number of live objects.
     */
    function create(options: CameraOptions): ScriptId;

    /**
     * Changes some of a camera's properties; fields left out stay as they are. A camera that
     * moves keeps looking at its `lookAt`.
     * @param id The camera.
     * @param changes The properties to change.
     * @throws {TypeError} If `changes` is not an object or a field has the wrong type.
     * @throws {RangeError} If `id` is not a live camera, a number is not finite, or `fov` is
     * not between 0 and 180.
     */
    function update(id: ScriptId, changes: CameraChanges): void;

    /**
     * Makes a camera the one that renders; the previously active one stops rendering.
     * @param id The camera.
     * @throws {RangeError} If `id` is not a live camera.
     */
    function setActive(id: ScriptId): void;

    /**
     * Despawns a camera. Destroying the active camera activates the oldest remaining one.
     * @param id The camera.
     * @returns `true` if it was live; `false` if the id is unknown or already destroyed.
     * @throws {TypeError} If `id` is not a number.
     * @throws {RangeError} If `id` is not a positive integer below 2^32.
     */
    function destroy(id: ScriptId): boolean;

    /**
     * A camera's state as of the last completed swap.
     * @param id The camera.
     * @returns A fresh object, or `undefined` if the id is unknown, destroyed, or not swapped
     * in yet.
     * @throws {TypeError} If `id` is not a number.
     * @throws {RangeError} If `id` is not a positive integer below 2^32.
     */
    function get(id: ScriptId): CameraState | undefined;

    /**
     * A promise that resolves once the Bevy camera entity exists.
     * @param id The camera.
     * @returns A promise of the same id.
     * @throws {RangeError} If `id` is not a live camera.
     */
    function whenCreated(id: ScriptId): Promise<ScriptId>;
}

/** What `ui.create` makes: a box, a text, a button or an image. */
type UiKind = "node" | "text" | "button" | "image";

/** A length: logical pixels, or `"50%"`, `"10vw"`, `"10vh"`, `"5vmin"`, `"5vmax"`, `"12px"`, `"auto"`. */
type UiLength = number | "auto" | `${number}${"px" | "%" | "vw" | "vh" | "vmin" | "vmax"}`;

/** Four sides: one length for all, or each side its own (0 where left out). */
type UiEdges = UiLength | { left?: UiLength; right?: UiLength; top?: UiLength; bottom?: UiLength };

/**
 * The props of a UI node, CSS-like, mapped onto Bevy's `Node`, `Text` and `ImageNode`. An
 * unknown prop, a wrong type or a bad value throws, naming the prop.
 */
interface UiProps {
    position?: "relative" | "absolute";
    left?: UiLength;
    top?: UiLength;
    right?: UiLength;
    bottom?: UiLength;
    width?: UiLength;
    height?: UiLength;
    minWidth?: UiLength;
    minHeight?: UiLength;
    maxWidth?: UiLength;
    maxHeight?: UiLength;
    flexDirection?: "row" | "column" | "row-reverse" | "column-reverse";
    justifyContent?: "start" | "end" | "flex-start" | "flex-end" | "center" | "space-between" | "space-around" | "space-evenly";
    alignItems?: "start" | "end" | "flex-start" | "flex-end" | "center" | "baseline" | "stretch";
    /** Zero or greater. */
    flexGrow?: number;
    /** Between children, both ways. */
    gap?: UiLength;
    padding?: UiEdges;
    margin?: UiEdges;
    border?: UiEdges;
    /** Every corner. */
    borderRadius?: UiLength;
    background?: Color;
    borderColor?: Color;
    /** `false` hides the node (it keeps its place in the layout). */
    visible?: boolean;
    /** An integer: stacking among siblings. */
    zIndex?: number;
    /** Whether the node sends `ui:click`, `ui:hover` and `ui:leave` (buttons always do). */
    interactive?: boolean;
    /** Text and buttons (a button's label): the text, at most 64 KiB. */
    text?: string;
    /** Text and buttons: logical pixels, above 0 and at most 1024. */
    fontSize?: number;
    /** Text and buttons: the text's color. */
    color?: Color;
    /** Text and buttons. */
    align?: "left" | "center" | "right" | "justify";
    /** Images: a picture inside the asset folder (`"ui/heart.png"`). */
    image?: string;
}

/** Where a node is on screen after Bevy's layout, logical pixels from the viewport's top-left. */
interface UiLayout {
    x: number;
    y: number;
    width: number;
    height: number;
}

/** A node as `ui.get` gives it: its kind, parent, props, and layout as of the last swap. */
type UiNodeState = UiProps & {
    kind: UiKind;
    parent: ScriptId | null;
    /** `null` until Bevy has laid the node out once. */
    layout: UiLayout | null;
};

/** What `ui:click`, `ui:hover` and `ui:leave` events carry. */
interface UiEvent {
    id: ScriptId;
}

/**
 * HUDs, menus and buttons on Bevy's UI, drawn by the game's UI camera. Each worker owns its
 * nodes: they go with it. Nodes count toward the live-object limit.
 */
declare namespace ui {
    /**
     * Creates a node.
     * @param kind What it is.
     * @param props Its props (all optional).
     * @param parent The node it goes in; a root when left out or `null`.
     * @returns The new node's id.
     * @throws {TypeError} If a prop has the wrong type.
     * @throws {RangeError} If `kind` or a prop is unknown, a prop's value is bad, `parent` is
     * not a UI node of this script, or the script has the maximum number of live objects.
     */
    function create(kind: UiKind, props?: UiProps, parent?: ScriptId | null): ScriptId;

    /**
     * Changes some of a node's props; props left out stay as they are.
     * @throws {TypeError} If a prop has the wrong type.
     * @throws {RangeError} If `id` is not a live UI node of this script, or a prop is
     * unknown or its value is bad.
     */
    function update(id: ScriptId, props: UiProps): void;

    /**
     * Removes a node and everything in it.
     * @returns `true` if it was live; `false` if not.
     */
    function destroy(id: ScriptId): boolean;

    /**
     * The node's kind, parent, props and layout; `undefined` if it is not live.
     * @throws {RangeError} If `id` was never handed out.
     */
    function get(id: ScriptId): UiNodeState | undefined;

    /**
     * Moves a node (with what is in it) into another, or makes it a root (`null`).
     * @throws {RangeError} If either is not a live UI node of this script, or the move would
     * make a cycle.
     */
    function setParent(id: ScriptId, parent: ScriptId | null): void;

    /** A promise that resolves once the Bevy UI entity exists. */
    function whenCreated(id: ScriptId): Promise<ScriptId>;

    /**
     * Calls `handler` on every click of the node (which becomes interactive). The same as
     * `on("ui:click#" + id, handler)`.
     */
    function onClick(id: ScriptId, handler: (event: UiEvent) => void): void;
}

/** How `audio.play` plays a sound; every field is optional. */
interface SoundOptions {
    /** Linear volume: 1 is the file's own loudness, 0 silence, at most 16. Default 1. */
    volume?: number;
    /** Starts over at its end, so it never ends. Fixed once played. Default `false`. */
    loop?: boolean;
    /** Playback speed, which shifts the pitch too: 0.01 to 16. Default 1. */
    speed?: number;
    /**
     * Where the sound is in the world: a spatial sound, heard from the active camera (louder
     * in the ear nearer to it). Left out, the sound is heard the same everywhere; a sound
     * cannot become spatial later.
     */
    position?: Vec3;
    /** Starts paused (`audio.update(id, { paused: false })` starts it). Default `false`. */
    paused?: boolean;
}

/** What `audio.update` changes; fields left out stay as they are. */
interface SoundChanges {
    volume?: number;
    speed?: number;
    paused?: boolean;
    /** Moves a spatial sound (one played with a `position`). */
    position?: Vec3;
}

/** A sound as `audio.get` gives it. */
interface SoundState {
    /** The file, relative to the asset folder. */
    path: string;
    volume: number;
    loop: boolean;
    speed: number;
    paused: boolean;
    /** Where a spatial sound is; `null` for one heard the same everywhere. */
    position: Vec3 | null;
    /**
     * Whether it is being heard, as of the last swap: its file has loaded, an audio device
     * plays it, and it is not paused. Always `false` on a machine with no audio device.
     */
    playing: boolean;
}

/** What the `audio:end` event carries. */
interface SoundEvent {
    id: ScriptId;
}

/**
 * Sound effects and music on Bevy's audio (`.ogg` and `.wav` files inside the asset folder).
 * A sound that plays to its end (or that Rust despawns) is forgotten and its worker gets the
 * `"audio:end"` event `{ id }`; a looping sound never ends. On a machine with no audio device
 * (a server, CI) nothing is heard and nothing ends, and every call still works. Each worker
 * owns its sounds: they stop with it. Sounds count toward the live-object limit.
 */
declare namespace audio {
    /**
     * Plays a sound file.
     * @param path A `.ogg` or `.wav` file inside the asset folder (`"sounds/coin.wav"`).
     * @param options Volume, looping, speed, position, paused.
     * @returns The new sound's id.
     * @throws {TypeError} If `path` is not a string, `options` not an object, or an option
     * has the wrong type.
     * @throws {RangeError} If `path` leaves the asset folder, is not an existing `.ogg`/`.wav`
     * file, an option is unknown or out of range, or the script has the maximum number of live
     * objects.
     */
    function play(path: string, options?: SoundOptions): ScriptId;

    /**
     * Changes how a sound plays.
     * @throws {TypeError} If a field has the wrong type.
     * @throws {RangeError} If `id` is not a live sound of this script, a field is unknown or
     * out of range, or `position` is given for a sound played without one.
     */
    function update(id: ScriptId, changes: SoundChanges): void;

    /**
     * Stops a sound and forgets it (no `audio:end` follows).
     * @returns `true` if it was live; `false` if not.
     */
    function stop(id: ScriptId): boolean;

    /**
     * A sound's file and settings, and whether it is heard; `undefined` if it is not live.
     * @throws {RangeError} If `id` was never handed out.
     */
    function get(id: ScriptId): SoundState | undefined;
}

/** Point and directional lights. */
declare namespace light {
    /**
     * Creates a light.
     * @param options Its type (required) and properties.
     * @returns The new light's id.
     * @throws {TypeError} If `options` is not an object, `type` is missing or not a string,
     * or a field has the wrong type.
     * @throws {RangeError} If `type` is not `"point"` or `"directional"`, a number is not
     * finite, `direction` is the zero vector, `intensity` is negative, or the script already
     * has the maximum number of live objects.
     */
    function create(options: LightOptions): ScriptId;

    /**
     * Changes some of a light's properties; fields left out stay as they are.
     * @param id The light.
     * @param changes The properties to change.
     * @throws {TypeError} If `changes` is not an object or a field has the wrong type.
     * @throws {RangeError} If `id` is not a live light, a number is not finite, `direction`
     * is the zero vector or `intensity` is negative.
     */
    function update(id: ScriptId, changes: LightChanges): void;

    /**
     * Despawns a light.
     * @param id The light.
     * @returns `true` if it was live; `false` if the id is unknown or already destroyed.
     * @throws {TypeError} If `id` is not a number.
     * @throws {RangeError} If `id` is not a positive integer below 2^32.
     */
    function destroy(id: ScriptId): boolean;

    /**
     * A promise that resolves once the Bevy light entity exists.
     * @param id The light.
     * @returns A promise of the same id.
     * @throws {RangeError} If `id` is not a live light.
     */
    function whenCreated(id: ScriptId): Promise<ScriptId>;
}

/**
 * Keyboard, mouse and window state, as of when this worker frame was triggered. The
 * `was…Pressed` / `was…Released` functions report what happened since the previous worker
 * frame, so a short press between two worker frames is not lost even when the worker skips
 * main frames.
 */
declare namespace input {
    /**
     * Whether a key is held down.
     * @param code The physical key, e.g. `"KeyW"`, `"ArrowUp"`, `"Space"`.
     * @throws {TypeError} If `code` is not a string.
     * @throws {RangeError} If `code` is not a key name.
     */
    function isKeyDown(code: KeyCode): boolean;

    /**
     * Whether a key went down since the previous worker frame (also if it went up again).
     * @param code The physical key.
     * @throws {TypeError} If `code` is not a string.
     * @throws {RangeError} If `code` is not a key name.
     */
    function wasKeyPressed(code: KeyCode): boolean;

    /**
     * Whether a key went up since the previous worker frame.
     * @param code The physical key.
     * @throws {TypeError} If `code` is not a string.
     * @throws {RangeError} If `code` is not a key name.
     */
    function wasKeyReleased(code: KeyCode): boolean;

    /**
     * Whether a mouse button is held down.
     * @param button `"Left"`, `"Right"`, `"Middle"`, `"Back"` or `"Forward"`.
     * @throws {TypeError} If `button` is not a string.
     * @throws {RangeError} If `button` is not a button name.
     */
    function isMouseDown(button: MouseButton): boolean;

    /**
     * Whether a mouse button went down since the previous worker frame.
     * @param button `"Left"`, `"Right"`, `"Middle"`, `"Back"` or `"Forward"`.
     * @throws {TypeError} If `button` is not a string.
     * @throws {RangeError} If `button` is not a button name.
     */
    function wasMousePressed(button: MouseButton): boolean;

    /**
     * Whether a mouse button went up since the previous worker frame.
     * @param button `"Left"`, `"Right"`, `"Middle"`, `"Back"` or `"Forward"`.
     * @throws {TypeError} If `button` is not a string.
     * @throws {RangeError} If `button` is not a button name.
     */
    function wasMouseReleased(button: MouseButton): boolean;

    /**
     * The cursor position in the primary window.
     * @returns Logical pixels from the window's top-left corner, or `null` when the cursor is
     * outside the window or there is no window.
     */
    function mousePosition(): Vec2 | null;

    /**
     * How far the mouse wheel scrolled since the previous worker frame, in lines (Bevy's
     * `MouseWheel` convention: positive `y` scrolls up, positive `x` right).
     * @returns `{x: 0, y: 0}` when it did not scroll.
     */
    function mouseWheel(): Vec2;

    /**
     * The size of the primary window.
     * @returns Logical pixels; `{width: 0, height: 0}` without a window.
     */
    function windowSize(): Size;
}

/** Time as the worker sees it. Read-only properties, not functions. */
declare namespace time {
    /** Seconds since the app started, as of when this worker frame was triggered. */
    const elapsed: number;
    /**
     * The worker frame number: 0 during the first `start()`, 1 during the first `update`, then
     * one more per worker frame.
     */
    const frame: number;
    /** Seconds since the previous worker frame: the `dt` passed to `update`. */
    const delta: number;
}

/**
 * Bevy's log, target `js`. Arguments are joined with spaces: strings as they are, other
 * values in their JS display form. Output is not rate-limited.
 */
declare namespace console {
    /**
     * Logs at info level.
     * @param data Values to print.
     */
    function log(...data: unknown[]): void;
    /**
     * Logs at info level.
     * @param data Values to print.
     */
    function info(...data: unknown[]): void;
    /**
     * Logs at warn level.
     * @param data Values to print.
     */
    function warn(...data: unknown[]): void;
    /**
     * Logs at error level. This does not count as a script error.
     * @param data Values to print.
     */
    function error(...data: unknown[]): void;
    /**
     * Logs at debug level (hidden by Bevy's default log filter).
     * @param data Values to print.
     */
    function debug(...data: unknown[]): void;
}

/**
 * Registers a handler for the events that Rust sends with the `JsEvent` message. Events are
 * delivered at the start of the worker frame, before `update`, in the order they were sent;
 * the handlers of one name run in the order they were registered. A handler that throws is
 * reported like any other script error, and the other handlers still run.
 *
 * A hot reload starts the new version with no handlers: register them at module top level so
 * that they are registered again.
 * @param name The event name.
 * @param handler Called with the event's payload.
 * @throws {TypeError} If `name` is not a string or `handler` is not a function.
 * @throws {RangeError} If `name` is empty or longer than 256 bytes.
 * @example
 * on("reset", () => { score = 0; });
 */
declare function on(name: "ui:click" | "ui:hover" | "ui:leave", handler: (event: UiEvent) => void): void;
/** A sound of this script ended (or Rust despawned it); it is forgotten already. */
declare function on(name: "audio:end", handler: (event: SoundEvent) => void): void;
declare function on(name: string, handler: EventHandler): void;

/**
 * Removes a handler registered with `on`, or all handlers of an event.
 * @param name The event name.
 * @param handler The handler to remove (every time it was registered); left out, every
 * handler of `name` is removed.
 * @returns Whether anything was removed.
 * @throws {TypeError} If `name` is not a string, or `handler` is given and not a function.
 * @throws {RangeError} If `name` is empty or longer than 256 bytes.
 */
declare function off(name: string, handler?: EventHandler): boolean;

/**
 * Sends an event to Rust, where it arrives as a `ScriptEvent { name, payload }` message.
 * @param name The event name.
 * @param payload A JSON-compatible value; left out (or `undefined`), Rust receives `null`.
 * As in `JSON.stringify`, properties that are `undefined` are left out and `undefined` array
 * elements become `null`.
 * @throws {TypeError} If `name` is not a string, or the payload is not JSON: it contains a
 * function, a cycle, a BigInt, a symbol, NaN or ±Infinity, or nests deeper than 64 levels (the
 * message names where, e.g. `emit: payload.player.onHit is a function, which is not JSON`).
 * @throws {RangeError} If `name` is empty or longer than 256 bytes.
 * @example
 * emit("score", { value: 3 });
 */
declare function emit(name: string, payload?: JsonValue): void;

/** A monotonic clock, as in browsers. */
declare namespace performance {
    /**
     * Milliseconds on a monotonic clock, with sub-millisecond resolution. Only differences are
     * meaningful; the origin is when the first script asked.
     */
    function now(): number;
}

/**
 * Calls `callback(...args)` once, in the first worker frame at or after `delay` milliseconds
 * from now, before `update` and inside the frame's time budget. Due timers run in the order of
 * their due time, then in the order they were set, each followed by the promise jobs it
 * queued. A timer set from a timer callback runs in a later frame at the earliest. Timers
 * belong to the script's context: a restart or reload drops them.
 * @param callback The function to call.
 * @param delay Milliseconds; missing, `NaN` or negative is 0.
 * @param args Passed to `callback`.
 * @returns The timer's id, for `clearTimeout`.
 * @throws {TypeError} If `callback` is not a function or `delay` is not a number.
 * @throws {RangeError} If the script has 100,000 timers pending.
 */
declare function setTimeout<A extends unknown[]>(
    callback: (...args: A) => void,
    delay?: number,
    ...args: A
): number;

/**
 * Calls `callback(...args)` every `delay` milliseconds (at most once per worker frame), like
 * `setTimeout` repeated, until `clearInterval`.
 * @param callback The function to call.
 * @param delay Milliseconds between calls; missing, `NaN` or negative is 0 (every frame).
 * @param args Passed to `callback`.
 * @returns The timer's id, for `clearInterval`.
 * @throws {TypeError} If `callback` is not a function or `delay` is not a number.
 * @throws {RangeError} If the script has 100,000 timers pending.
 */
declare function setInterval<A extends unknown[]>(
    callback: (...args: A) => void,
    delay?: number,
    ...args: A
): number;

/**
 * Cancels a timer set with `setTimeout`. Anything that is not a pending timer's id is ignored.
 * @param id The id `setTimeout` returned.
 */
declare function clearTimeout(id?: number): void;

/**
 * Cancels a timer set with `setInterval`. Anything that is not a pending timer's id is
 * ignored.
 * @param id The id `setInterval` returned.
 */
declare function clearInterval(id?: number): void;

/**
 * Queues `callback` as a microtask: it runs after the current script code, before the next
 * timer or frame, in order with promise reactions. If it throws, the error is reported as an
 * unhandled promise rejection.
 * @param callback The function to call.
 * @throws {TypeError} If `callback` is not a function.
 */
declare function queueMicrotask(callback: () => void): void;
