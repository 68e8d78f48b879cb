// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
// A deliberately heavy script for the `stress` example: thousands of entities, a tenth of
// them moved every frame, and an `update` that burns 25 ms, so that frame skips, dirty ratios
// and ring fill are all visibly non-trivial in the overlay.

const SIDE = 50;            // 50 x 50 = 2,500 cubes
const SLOW_MS = 25;         // per update: slower than a 60 FPS main thread
/** @type {number[]} */
const ids = [];
let elapsed = 0;
let cursor = 0;
// The moving tenth of the grid goes to the main thread in one `entity.setTransforms` call:
// ids in a typed array, positions in a plain array (which Boa fills faster than a
// Float32Array), both reused every frame.
const BATCH = (SIDE * SIDE) / 10;
const batchIds = new Uint32Array(BATCH);
/** @type {number[]} */
const batchPositions = new Array(BATCH * 3).fill(0);

export function start() {
  camera.create({ position: { x: 0, y: 45, z: 55 }, lookAt: { x: 0, y: 0, z: 0 }, fov: 50 });
  // No shadows: thousands of shadow casters are slow on software renderers.
  light.create({ type: "directional", direction: { x: -0.3, y: -1, z: -0.5 }, intensity: 8000, shadows: false });
  for (let z = 0; z < SIDE; z++) {
    for (let x = 0; x < SIDE; x++) {
      const hue = (x + z) / (2 * SIDE);
      const color = { r: 255 * hue, g: 255 * (1 - hue), b: 160 + 95 * Math.sin(x * 0.3) };
      ids.push(entity.createCube({ x: x - SIDE / 2, y: 0, z: z - SIDE / 2 }, color, 0.8));
    }
  }
}

/** @param {number} dt seconds since the previous worker frame */
export function update(dt) {
  elapsed += dt;
  const until = Date.now() + SLOW_MS;
  while (Date.now() < until) {}
  // Move the next tenth of the grid: a 10 % dirty ratio per swap.
  for (let i = 0; i < BATCH; i++) {
    const index = (cursor + i) % ids.length;
    const x = (index % SIDE) - SIDE / 2;
    const z = Math.floor(index / SIDE) - SIDE / 2;
    batchIds[i] = ids[index];
    batchPositions[i * 3] = x;
    batchPositions[i * 3 + 1] = Math.sin(elapsed * 2 + (x + z) * 0.2) * 2;
    batchPositions[i * 3 + 2] = z;
  }
  entity.setTransforms(batchIds, batchPositions);
  cursor = (cursor + BATCH) % ids.length;
}
