/// <reference path="../bevy_js_worker.d.ts" />
// The coins: one at a time, a spinning golden disc. The first one always sits at FIRST_COIN;
// the next ones come from a small seeded PRNG, so every game places the same coins.

import {
  ARENA_HALF, COIN_BOB, COIN_HEIGHT, COIN_MARGIN, COIN_RADIUS, COIN_SEED, COIN_SPIN,
  COIN_THICKNESS, COLORS, FIRST_COIN, MIN_COIN_DISTANCE, PICKUP_DISTANCE,
} from "./config";
import { asId, asNumber, asObject } from "./json";

import type { PointXZ } from "./player";

/** Coins keep this distance from the arena's edge. */
const LIMIT = ARENA_HALF - COIN_MARGIN;

let id = 0;
const position = { x: FIRST_COIN.x, z: FIRST_COIN.z };
/** The PRNG's whole state: a 32-bit unsigned integer, so it survives JSON. */
let seed = COIN_SEED >>> 0;

/** mulberry32: a tiny, fast, deterministic PRNG; returns [0, 1). */
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Creates the coin's entity at (x, z). */
function place(x: number, z: number): void {
  position.x = x;
  position.z = z;
  id = entity.createSphere({ x, y: COIN_HEIGHT, z }, COLORS.coin, COIN_RADIUS);
  entity.update(id, { scale: { x: 1, y: 1, z: COIN_THICKNESS } });
}

/** The live coin's id (0 if there is none). */
export function coinId(): number {
  return id;
}

/** Removes the live coin (if any), restarts the PRNG and places the first coin. */
export function spawnFirstCoin(): void {
  if (id !== 0) entity.destroy(id);
  seed = COIN_SEED >>> 0;
  place(FIRST_COIN.x, FIRST_COIN.z);
}

/** Places the next coin: inside the arena, at least MIN_COIN_DISTANCE from the player. */
function spawnNextCoin(player: PointXZ): void {
  for (let attempt = 0; attempt < 32; attempt++) {
    const x = (random() * 2 - 1) * LIMIT;
    const z = (random() * 2 - 1) * LIMIT;
    if (Math.hypot(x - player.x, z - player.z) >= MIN_COIN_DISTANCE) {
      place(x, z);
      return;
    }
  }
  // Practically unreachable: fall back to the corner farthest from the player.
  place(player.x > 0 ? -LIMIT : LIMIT, player.z > 0 ? -LIMIT : LIMIT);
}

/**
 * Collects the coin if the player passed within PICKUP_DISTANCE of it on its way from `from`
 * to `to` (the whole path counts, so a long frame cannot jump over a coin), and places the
 * next one. Whether a coin was collected.
 */
export function collectCoin(from: PointXZ, to: PointXZ): boolean {
  if (id === 0 || distanceToSegment(position, from, to) > PICKUP_DISTANCE) return false;
  entity.destroy(id);
  id = 0;
  spawnNextCoin(to);
  return true;
}

/** Bobs and spins the coin; `elapsed` in seconds since the app started. */
export function animateCoin(elapsed: number): void {
  if (id === 0) return;
  entity.update(id, {
    position: { x: position.x, y: COIN_HEIGHT + COIN_BOB * Math.sin(elapsed * 3), z: position.z },
    rotation: { yaw: (elapsed * COIN_SPIN) % 360, pitch: 0, roll: 0 },
  });
}

/** The distance from `p` to the segment from `a` to `b`, on the XZ plane. */
function distanceToSegment(p: PointXZ, a: PointXZ, b: PointXZ): number {
  const abx = b.x - a.x;
  const abz = b.z - a.z;
  const lengthSquared = abx * abx + abz * abz;
  const t = lengthSquared === 0
    ? 0
    : Math.min(1, Math.max(0, ((p.x - a.x) * abx + (p.z - a.z) * abz) / lengthSquared));
  return Math.hypot(p.x - (a.x + abx * t), p.z - (a.z + abz * t));
}

/** The coins' state, for `onUnload`. */
export function saveCoins() {
  return { id, x: position.x, z: position.z, seed };
}

/**
 * Takes over the live coin and the PRNG from the state `saveCoins` returned before a reload;
 * whether the state was complete.
 */
export function restoreCoins(saved: JsonValue | undefined): boolean {
  const object = asObject(saved);
  const savedId = object?.id === 0 ? 0 : asId(object?.id);
  const x = asNumber(object?.x);
  const z = asNumber(object?.z);
  const savedSeed = asNumber(object?.seed);
  if (savedId === null || x === null || z === null || savedSeed === null) return false;
  id = savedId;
  position.x = x;
  position.z = z;
  seed = savedSeed >>> 0;
  if (id !== 0) entity.update(id, { color: COLORS.coin }); // show an edited color at once
  return true;
}
