// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
// The stress example's third worker, a "mod" with a bug: it spins a red block and throws every
// two seconds. Its errors show in its own row of the overlay; the other workers never notice.

let id = 0;
let t = 0;
let spin = 0;

export function start() {
  id = entity.createCube({ x: 0, y: 14, z: 0 }, { r: 230, g: 40, b: 40 }, 3);
}

/** @param {number} dt seconds since the previous worker frame */
export function update(dt) {
  t += dt;
  spin += dt;
  entity.update(id, { rotation: { yaw: spin, pitch: spin * 0.5, roll: 0 } });
  if (t > 2) {
    t = 0;
    throw new Error("the mod failed on purpose; the other workers go on");
  }
}
