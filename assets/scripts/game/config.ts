/// <reference path="../bevy_js_worker.d.ts" />
// Tuning and colors of the coin collector. Distances in meters (world units), times in
// seconds. The arena is the square from -ARENA_HALF to +ARENA_HALF on X and Z; Y is up.

/** How fast the player moves, units per second (diagonals too). */
export const PLAYER_SPEED = 6;
/** Half the arena's side: the player's cube stays inside -ARENA_HALF..ARENA_HALF. */
export const ARENA_HALF = 8;
/** A coin is collected when the player's center passes this close to it (on the XZ plane). */
export const PICKUP_DISTANCE = 1.0;

/** Edge of the player's cube. */
export const PLAYER_SIZE = 1;
/** Where the player starts, and returns to on "reset": resting on the ground at the origin. */
export const PLAYER_START: Readonly<Vec3> = Object.freeze({ x: 0, y: PLAYER_SIZE / 2, z: 0 });
/** How quickly the cube turns to face where it goes (1/s). */
export const PLAYER_TURN_RATE = 12;

/** Coins are spheres squashed into discs that stand up and spin. */
export const COIN_RADIUS = 0.4;
export const COIN_THICKNESS = 0.3; // z scale of the sphere
export const COIN_HEIGHT = 0.6; // center above the ground
export const COIN_BOB = 0.15; // bobbing amplitude
export const COIN_SPIN = 180; // degrees per second
/** The first coin, 3 units right of the start: holding D or → collects it in 1/3 s. */
export const FIRST_COIN: Readonly<{ x: number; z: number }> = Object.freeze({ x: 3, z: 0 });
/** Later coins appear at least this far from the player... */
export const MIN_COIN_DISTANCE = 2;
/** ...and at least this far inside the arena's edge. */
export const COIN_MARGIN = 1;
/** Seed of the coin positions: every game (and every "reset") places the same coins. */
export const COIN_SEED = 0x5eedc011;

/** The game's colors. */
export const COLORS: { ground: Color; border: Color; player: Color; coin: Color } = {
  ground: "#2e4a3b",
  border: "#c8ccd4",
  player: "#3a86ff",
  coin: "#ffc300",
};

// The camera and the lights. `onReload` applies these to the objects it takes over, so an
// edit here shows as soon as the file is saved.

/**
 * Above and in front of the arena, looking down at it. It looks a little in front of the
 * center, so that the arena's near and far edges are equally far from the picture's edges.
 */
export const CAMERA: Readonly<CameraOptions> = Object.freeze({
  position: { x: 0, y: 14, z: 12 },
  lookAt: { x: 0, y: 0, z: 2 },
  fov: 50,
});

/** A warm sun, without shadows (cheap on any renderer). */
export const SUN: Readonly<LightChanges> = Object.freeze({
  direction: { x: -0.4, y: -1, z: -0.5 },
  color: "#fff4e0",
  intensity: 7000,
  shadows: false,
});

/** A lamp over the arena, casting the player's and the coin's shadows. */
export const LAMP: Readonly<LightChanges> = Object.freeze({
  position: { x: 0, y: 7, z: 1 },
  color: "#ffd9a0",
  intensity: 1200000,
  shadows: true,
});
