// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
// The stress example's second worker: twelve spheres circling above the grid. Each update
// burns 120 ms, so the spheres move only about 8 times a second; with interpolation on (the
// example's default; I toggles it) they glide at the renderer's rate instead of stepping.

const COUNT = 12;
const RADIUS = 18;
const SLOW_MS = 120;
/** @type {number[]} */
const ids = [];
let angle = 0;

export function start() {
  for (let i = 0; i < COUNT; i++) {
    const hue = i / COUNT;
    const color = { r: 255, g: 120 + 135 * hue, b: 40 };
    ids.push(entity.createSphere(place(i), color, 1.2));
  }
}

/** @param {number} i */
function place(i) {
  const a = angle + (i / COUNT) * Math.PI * 2;
  return { x: Math.cos(a) * RADIUS, y: 8 + Math.sin(a * 3) * 2, z: Math.sin(a) * RADIUS };
}

/** @param {number} dt seconds since the previous worker frame */
export function update(dt) {
  const until = Date.now() + SLOW_MS;
  while (Date.now() < until) {}
  angle += dt * 0.6;
  for (let i = 0; i < COUNT; i++) {
    const { x, y, z } = place(i);
    entity.setPosition(ids[i], x, y, z);
  }
}
