// Every API function, called with no arguments and with hostile values in every argument
// position and every nested field, must throw a TypeError or RangeError (or the getter's own
// exception), never panic, never accept garbage. The functions come from the live globals, and
// a function without a baseline below fails the test: new API functions are covered
// automatically.
import { check } from "./lib/check.js";

class GetterError extends Error {}
const trap = new Proxy({}, {
  get() { throw new GetterError("a getter threw"); },
});
const EMPTY = {};
const hostile = [
  ["undefined", undefined], ["null", null], ["NaN", NaN], ["Infinity", Infinity],
  ["-Infinity", -Infinity], ["1e308", 1e308], ["-1", -1], ["a numeric string", "1"],
  ["{}", EMPTY], ["[]", []], ["a Symbol", Symbol("s")], ["a BigInt", 10n],
  ["a function", function () {}], ["an object whose getters throw", trap],
];
// Values a call may accept: an absent optional field, a negative number where negatives are
// meaningful (positions, angles, scales), an empty change set.
const mayAccept = (value) => value === undefined || value === -1 || value === EMPTY;

const v3 = () => ({ x: 1, y: 2, z: 3 });
let entityId, cameraId, lightId, panelId, nodeId, soundId;
function setup() {
  entityId = entity.createCube(v3(), "#ffffff", 1);
  cameraId = camera.create({ position: v3() });
  lightId = light.create({ type: "point" });
  panelId = ui.create("node", { width: 100 });
  nodeId = ui.create("text", { text: "x" }, panelId);
  soundId = audio.play("sounds/coin.wav", { position: v3(), paused: true });
}

// Valid arguments for every function.
const baselines = {
  "entity.createCube": () => [v3(), { r: 1, g: 2, b: 3, a: 4 }, 1],
  "entity.createSphere": () => [v3(), { r: 1, g: 2, b: 3 }, 1],
  "entity.createPlane": () => [v3(), { r: 1, g: 2, b: 3 }, 1],
  "entity.update": () => [entityId, {
    position: v3(), rotation: { yaw: 1, pitch: 2, roll: 3 }, scale: v3(),
    color: { r: 1, g: 2, b: 3, a: 4 }, visible: true, teleport: false,
  }],
  "entity.destroy": () => [entityId],
  "entity.get": () => [entityId],
  "entity.whenCreated": () => [entityId],
  "camera.create": () => [{ position: v3(), lookAt: { x: 0, y: 0, z: 0 }, fov: 60 }],
  "camera.update": () => [cameraId, { position: v3(), lookAt: { x: 0, y: 0, z: 0 }, fov: 60, teleport: false }],
  "camera.setActive": () => [cameraId],
  "camera.destroy": () => [cameraId],
  "camera.get": () => [cameraId],
  "camera.whenCreated": () => [cameraId],
  "light.create": () => [{ type: "point", position: v3(), direction: v3(), color: { r: 1, g: 2, b: 3 }, intensity: 10, shadows: false }],
  "light.update": () => [lightId, { position: v3(), direction: v3(), color: { r: 1, g: 2, b: 3 }, intensity: 10, shadows: true }],
  "light.destroy": () => [lightId],
  "light.whenCreated": () => [lightId],
  "entity.setPosition": () => [entityId, 1, 2, 3, false],
  "entity.setTransforms": () => [
    new Uint32Array([entityId]), new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6]), false,
  ],
  "input.isKeyDown": () => ["KeyW"],
  "input.wasKeyPressed": () => ["Space"],
  "input.wasKeyReleased": () => ["ArrowUp"],
  "input.isMouseDown": () => ["Left"],
  "input.wasMousePressed": () => ["Right"],
  "input.wasMouseReleased": () => ["Middle"],
  "input.mousePosition": () => [],
  "input.mouseWheel": () => [],
  "input.windowSize": () => [],
  "globals.on": () => ["hostile", () => {}],
  "globals.off": () => ["hostile", () => {}],
  "globals.emit": () => ["hostile", { a: [1, "b", null] }],
  "globals.setTimeout": () => [() => {}, 10, 1, 2],
  "globals.setInterval": () => [() => {}, 1000, 1],
  "globals.clearTimeout": () => [1],
  "globals.clearInterval": () => [1],
  "globals.queueMicrotask": () => [() => {}],
  "performance.now": () => [],
  "entity.setParent": () => [entityId, null],
  "entity.parent": () => [entityId],
  "entity.children": () => [entityId],
  "world.query": () => ["Transform", "Visibility"],
  "world.find": () => ["Player"],
  "world.get": () => [entityId, "Transform"],
  "world.has": () => [entityId, "Visibility"],
  "world.set": () => [entityId, "Transform", { translation: [1, 2, 3], scale: [1, 1, 1] }],
  "world.insert": () => [entityId, "Visibility", "Hidden"],
  "world.remove": () => [entityId, "Name"],
  "world.spawn": () => [{ Name: "Chest", Transform: { translation: [1, 2, 3] } }],
  "world.getResource": () => ["HostileScore"],
  "world.setResource": () => ["HostileScore", { points: 1, combo: 2 }],
  // A path that is checked and refused (this app has no glTF loader): the options are read
  // and checked first.
  "scene.spawn": () => ["models/none.glb", { position: v3(), rotation: { yaw: 1, pitch: 2, roll: 3 }, scale: v3() }],
  "scene.whenReady": () => [entityId],
  // The game's verbs (tests/integration/hostile.rs): a typed system, an untyped system and a
  // function (given its two numbers as an array, then as separate arguments).
  "game.hostileHurt": () => [{ target: entityId, amount: 1.5, at: [1, 2, 3] }],
  "game.hostileEcho": () => [{ a: [1, "b", null] }],
  "game.hostileNoise": () => [[1, 2]],
  "game.hostileNoiseSpread": () => [1, 2],
  "ui.create": () => ["node", {
    position: "absolute", left: 1, top: "10%", width: 200, padding: { left: 1, top: 2 },
    flexDirection: "column", background: { r: 1, g: 2, b: 3 }, zIndex: 2, visible: true,
  }, panelId],
  "ui.update": () => [nodeId, { text: "y", fontSize: 12, color: "#ffffff", align: "center" }],
  "ui.destroy": () => [nodeId],
  "ui.get": () => [nodeId],
  "ui.setParent": () => [nodeId, panelId],
  "ui.whenCreated": () => [nodeId],
  "ui.onClick": () => [nodeId, () => {}],
  "audio.play": () => ["sounds/coin.wav", { volume: 0.5, loop: false, speed: 1, position: v3(), paused: true }],
  "audio.update": () => [soundId, { volume: 0.5, speed: 2, paused: false, position: v3() }],
  "audio.stop": () => [soundId],
  "audio.get": () => [soundId],
};

// Hostile values that are valid for some arguments: (argument index, value) => accepted.
const isName = (i, v) => i === 0 && typeof v === "string";
const isCallback = (i, v) => i === 0 && typeof v === "function";
const notJson = (v) => typeof v === "function" || typeof v === "symbol" || typeof v === "bigint"
  || (typeof v === "number" && !Number.isFinite(v));
const accepts = {
  // `teleport` may be left out.
  "entity.setPosition": (i, v) => (i > 0 && i < 4 && Number.isFinite(v)) || (i === 4 && v === undefined),
  "entity.setTransforms": (i, v) => (i === 2 && (v === undefined || v === null)) || (i === 3 && v === undefined),
  "input.mousePosition": () => true,
  "input.mouseWheel": () => true,
  "input.windowSize": () => true,
  "globals.on": (i, v) => isName(i, v) || (i === 1 && typeof v === "function"),
  "globals.off": (i, v) => isName(i, v) || (i === 1 && (v === undefined || typeof v === "function")),
  "globals.emit": (i, v) => isName(i, v) || (i === 1 && !notJson(v)),
  // A delay is any number (NaN and negatives are 0, huge ones are clamped) or left out; the
  // arguments after it are the callback's, anything goes.
  "globals.setTimeout": (i, v) => isCallback(i, v) || (i === 1 && (v === undefined || typeof v === "number")) || i >= 2,
  "globals.setInterval": (i, v) => isCallback(i, v) || (i === 1 && (v === undefined || typeof v === "number")) || i >= 2,
  // Like a browser: anything that is not a pending timer's id is ignored.
  "globals.clearTimeout": () => true,
  "globals.clearInterval": () => true,
  "globals.queueMicrotask": (i, v) => isCallback(i, v),
  "performance.now": () => true,
  // `null` detaches.
  "entity.setParent": (i, v) => i === 1 && v === null,
  // Any number of names; none is every entity.
  "world.query": (i, v) => v === undefined && i === 0,
  "world.find": (i, v) => isName(i, v),
  // An empty patch changes nothing; `undefined` spawns an entity with no components.
  // (An object whose getters throw has no own keys: as JSON it is `{}`, like `JSON.stringify`
  // makes it.)
  "world.set": (i, v) => i === 2 && (v === EMPTY || v === trap),
  "world.setResource": (i, v) => i === 1 && (v === EMPTY || v === trap),
  "world.spawn": (i, v) => v === undefined || v === EMPTY || v === trap || typeof v === "string",
  // Fields left out take the type's Default (so `{}` is a whole argument).
  "game.hostileHurt": (i, v) => i === 0 && (v === EMPTY || v === trap),
  // Props may be empty (an object whose getters throw has no own keys); `null` parents make
  // a root.
  // Props and parent may be left out; `text` takes any string.
  "ui.create": (i, v) => (i === 1 && (v === EMPTY || v === trap || v === undefined))
    || (i === 2 && (v === null || v === undefined)),
  "ui.update": (i, v) => i === 1 && (v === EMPTY || v === trap || typeof v === "string"),
  "ui.setParent": (i, v) => i === 1 && (v === null || v === undefined),
  "ui.onClick": (i, v) => i === 1 && typeof v === "function",
  // Options may be left out or empty.
  "audio.play": (i, v) => i === 1 && (v === undefined || v === EMPTY || v === trap),
  "audio.update": (i, v) => i === 1 && (v === EMPTY || v === trap),
  // Any JSON at all.
  "game.hostileEcho": (i, v) => i === 0 && !notJson(v),
  // Any finite number in 32-bit float range, at either place.
  "game.hostileNoiseSpread": (i, v) => i < 2 && Number.isFinite(v) && Math.abs(v) <= 3.4e38,
};

function clone(value) {
  if (typeof value !== "object" || value === null || value === trap) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
}

// Paths to every field nested in a plain object.
function* fieldPaths(value, path = []) {
  if (typeof value !== "object" || value === null) return;
  for (const key of Object.keys(value)) {
    yield [...path, key];
    yield* fieldPaths(value[key], [...path, key]);
  }
}

function withField(root, path, replacement) {
  const copy = clone(root);
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  target[path[path.length - 1]] = replacement;
  return copy;
}

const failures = [];
let cases = 0;
let rejected = 0;

function attempt(label, fn, args, value, allowSuccess) {
  cases += 1;
  try {
    const result = fn(...args);
    // A system verb's promise: its answer is not what this test checks.
    if (result instanceof Promise) result.catch(() => {});
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError || e instanceof GetterError) {
      rejected += 1;
    } else {
      failures.push(`${label}: threw ${e}`);
    }
    return;
  }
  if (!allowSuccess) failures.push(`${label}: accepted ${String(value?.toString?.() ?? typeof value)}`);
}

export function start() {
  const namespaces = {
    entity, camera, light, ui, audio, input, performance, world, scene, game,
    globals: { on, off, emit, setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask },
  };
  let functions = 0;
  for (const [space, object] of Object.entries(namespaces)) {
    for (const name of Object.getOwnPropertyNames(object)) {
      if (typeof object[name] !== "function") continue;
      const full = `${space}.${name}`;
      const baseline = baselines[full];
      check(baseline !== undefined, `${full} has no baseline in hostile.js: add one`);
      const fn = object[name];
      functions += 1;
      setup();
      const accepted = accepts[full] ?? (() => false);
      attempt(`${full}()`, fn, [], undefined, accepted(0, undefined));
      const base = baseline();
      for (let i = 0; i < base.length; i++) {
        for (const [valueName, value] of hostile) {
          setup();
          const args = baseline();
          args[i] = value;
          // An empty change set is a valid no-op for the update functions.
          const emptyChanges = value === EMPTY && typeof base[i] === "object" && full.endsWith(".update");
          attempt(`${full} argument ${i} = ${valueName}`, fn, args, value, emptyChanges || accepted(i, value));
          for (const path of fieldPaths(base[i])) {
            setup();
            const args = baseline();
            args[i] = withField(args[i], path, value);
            attempt(`${full} ${path.join(".")} = ${valueName}`, fn, args, value, mayAccept(value) || accepted(i, value));
          }
        }
      }
    }
  }
  check(functions === Object.keys(baselines).length, `${functions} functions found`);
  // console.* takes any values and never throws.
  for (const name of ["log", "info", "debug", "warn", "error"]) {
    for (const [valueName, value] of hostile) {
      try {
        console[name]("hostile", value);
      } catch (e) {
        failures.push(`console.${name}(${valueName}) threw ${e}`);
      }
    }
  }
  check(failures.length === 0, `${failures.length} of ${cases} cases failed:\n` + failures.slice(0, 20).join("\n"));
  check(rejected > 1000, `only ${rejected} of ${cases} cases were rejected`);
  // Tell the test that everything ran: a marker plane far below the scene.
  entity.createPlane({ x: 0, y: -1000, z: 0 }, "#010203", 123);
}
