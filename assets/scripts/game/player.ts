/// <reference path="../bevy_js_worker.d.ts" />
// The player: a cube moved with WASD or the arrow keys. Its position lives here, in JS; it is
// never read back with entity.get (which would lag a frame behind).

import { ARENA_HALF, COLORS, PLAYER_SIZE, PLAYER_SPEED, PLAYER_START, PLAYER_TURN_RATE } from "./config";
import { asId, asNumber, asObject } from "./json";

/** The cube stays entirely inside the arena. */
const LIMIT = ARENA_HALF - PLAYER_SIZE / 2;

let id = 0;
const position = { x: PLAYER_START.x, z: PLAYER_START.z };
/** Degrees; the cube turns to face where it goes. */
let yaw = 0;

/** A point on the ground plane. */
export interface PointXZ {
  x: number;
  z: number;
}

/** The player's id (0 before it exists). */
export function playerId(): number {
  return id;
}

/** Creates the player's cube at the start position. */
export function spawnPlayer(): void {
  position.x = PLAYER_START.x;
  position.z = PLAYER_START.z;
  yaw = 0;
  id = entity.createCube({ x: position.x, y: PLAYER_START.y, z: position.z }, COLORS.player, PLAYER_SIZE);
}

/** Puts the player back at the start position. */
export function resetPlayer(): void {
  position.x = PLAYER_START.x;
  position.z = PLAYER_START.z;
  yaw = 0;
  send();
}

/** Whether any of the keys is held. */
function anyDown(...codes: KeyCode[]): boolean {
  return codes.some((code) => input.isKeyDown(code));
}

/** Moves the player by the keys held, for `dt` seconds; where it was and where it is now. */
export function movePlayer(dt: number): { from: PointXZ; to: PointXZ } {
  const from = { x: position.x, z: position.z };
  // The camera looks down the -Z axis: up/W moves away from it, right/D moves to +X.
  let dx = Number(anyDown("KeyD", "ArrowRight")) - Number(anyDown("KeyA", "ArrowLeft"));
  let dz = Number(anyDown("KeyS", "ArrowDown")) - Number(anyDown("KeyW", "ArrowUp"));
  if (dx === 0 && dz === 0) return { from, to: from };

  const length = Math.hypot(dx, dz); // diagonals are not faster
  dx /= length;
  dz /= length;
  position.x = clamp(position.x + dx * PLAYER_SPEED * dt, -LIMIT, LIMIT);
  position.z = clamp(position.z + dz * PLAYER_SPEED * dt, -LIMIT, LIMIT);

  // Turn smoothly towards the heading, the short way round.
  const heading = (Math.atan2(dx, dz) * 180) / Math.PI;
  yaw = wrapDegrees(yaw + wrapDegrees(heading - yaw) * Math.min(1, PLAYER_TURN_RATE * dt));
  send();
  return { from, to: { x: position.x, z: position.z } };
}

function send(): void {
  entity.update(id, {
    position: { x: position.x, y: PLAYER_START.y, z: position.z },
    rotation: { yaw, pitch: 0, roll: 0 },
  });
}

/** The same angle in [-180, 180). */
function wrapDegrees(degrees: number): number {
  return degrees - 360 * Math.floor((degrees + 180) / 360);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The player's state, for `onUnload`. */
export function savePlayer() {
  return { id, x: position.x, z: position.z, yaw };
}

/** Takes over the player from the state `savePlayer` returned before a reload; whether the state was complete. */
export function restorePlayer(saved: JsonValue | undefined): boolean {
  const object = asObject(saved);
  const savedId = asId(object?.id);
  const x = asNumber(object?.x);
  const z = asNumber(object?.z);
  const savedYaw = asNumber(object?.yaw);
  if (savedId === null || x === null || z === null || savedYaw === null) return false;
  id = savedId;
  position.x = clamp(x, -LIMIT, LIMIT); // the arena may have shrunk in the new version
  position.z = clamp(z, -LIMIT, LIMIT);
  yaw = savedYaw;
  entity.update(id, { color: COLORS.player }); // show an edited color at once
  send();
  return true;
}
