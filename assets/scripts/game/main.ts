/// <reference path="../bevy_js_worker.d.ts" />
// Coin collector: move the blue cube with WASD or the arrow keys and collect the golden coins.
//
// The entry script. Rust hears about the score through `emit("score", { value })` (a
// `ScriptEvent` message) and can restart the round by sending the "reset" event (`JsEvent`).
// Hot reload keeps the game going: `onUnload` hands the state to the new version's `onReload`,
// and the entities the old version created stay alive and keep their ids.

import { ARENA_HALF, CAMERA, COLORS, LAMP, SUN } from "./config";
import { asId, asNumber, asObject } from "./json";
import { movePlayer, playerId, resetPlayer, restorePlayer, savePlayer, spawnPlayer } from "./player";
import { animateCoin, collectCoin, restoreCoins, saveCoins, spawnFirstCoin } from "./coins";

/** Bumped when the shape of the saved state changes; another version's state is not trusted. */
const STATE_VERSION = 1;

let score = 0;
/** The ids of the scene's fixed objects. */
const scene: { camera: number; sun: number; lamp: number; ground: number; posts: number[] } = { camera: 0, sun: 0, lamp: 0, ground: 0, posts: [] };

// At module top level, so that the handler is registered again after a hot reload.
on("reset", reset);

export function start(): void {
  buildScene();
  spawnPlayer();
  spawnFirstCoin();
  score = 0;
  emitScore();
}

/** `dt`: seconds since the previous worker frame. */
export function update(dt: number): void {
  const step = movePlayer(dt);
  if (collectCoin(step.from, step.to)) {
    score += 1;
    emitScore();
  }
  animateCoin(time.elapsed);
}

/** Starts the round over: score 0, the player at the origin, the first coin again. */
function reset(): void {
  if (playerId() === 0) return; // not started yet
  score = 0;
  resetPlayer();
  spawnFirstCoin();
  emitScore();
}

function emitScore(): void {
  emit("score", { value: score });
}

function buildScene(): void {
  scene.camera = camera.create(CAMERA);
  camera.setActive(scene.camera); // also after a reload that had to start over
  scene.sun = light.create({ type: "directional", ...SUN });
  scene.lamp = light.create({ type: "point", ...LAMP });
  scene.ground = entity.createPlane({ x: 0, y: 0, z: 0 }, COLORS.ground, ARENA_HALF * 2);
  // Posts at the arena's corners.
  scene.posts = [];
  for (const x of [-ARENA_HALF, ARENA_HALF]) {
    for (const z of [-ARENA_HALF, ARENA_HALF]) {
      const post = entity.createCube({ x, y: 0.4, z }, COLORS.border, 0.8);
      entity.update(post, { scale: { x: 0.5, y: 1, z: 0.5 } });
      scene.posts.push(post);
    }
  }
}

/** Hands the game's state to the next version of the scripts. */
export function onUnload(): JsonValue {
  return {
    version: STATE_VERSION,
    score,
    scene: { ...scene, posts: [...scene.posts] },
    player: savePlayer(),
    coins: saveCoins(),
  };
}

/**
 * Continues the game where the previous version of the scripts left it. The objects it
 * created are still alive, and their ids are in `state` (what the previous version's
 * `onUnload` returned).
 */
export function onReload(state: JsonValue | undefined): void {
  const saved = asObject(state);
  let restored = false;
  try {
    restored = saved?.version === STATE_VERSION && restoreScene(saved.scene)
      && restorePlayer(saved.player) && restoreCoins(saved.coins);
  } catch (error) {
    // An id in the state that is no longer live throws a RangeError.
    console.warn(`coin collector: the previous version's state is stale: ${error}`);
  }
  if (restored && saved) {
    score = asNumber(saved.score) ?? 0;
    emitScore();
    return;
  }
  // No usable state: the previous version's objects cannot be found again, so start a fresh
  // round beside them.
  console.warn("coin collector: no usable state from the previous version; starting over");
  start();
}

/** Takes over the scene's objects and applies the (possibly edited) settings to them. */
function restoreScene(saved: JsonValue | undefined): boolean {
  const object = asObject(saved);
  const [cameraId, sunId, lampId, groundId] = [object?.camera, object?.sun, object?.lamp, object?.ground].map(asId);
  const posts = Array.isArray(object?.posts) ? object.posts.map(asId).filter((id) => id !== null) : [];
  if (cameraId == null || sunId == null || lampId == null || groundId == null || posts.length !== 4) return false;
  Object.assign(scene, { camera: cameraId, sun: sunId, lamp: lampId, ground: groundId, posts });
  camera.update(scene.camera, CAMERA);
  light.update(scene.sun, SUN);
  light.update(scene.lamp, LAMP);
  entity.update(scene.ground, { color: COLORS.ground });
  for (const post of scene.posts) entity.update(post, { color: COLORS.border });
  return true;
}
