// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
/// <reference path="./game.d.ts" />
// Exactly one mistake, on the line marked as an error, for the test app of correct.js: tsc must
// reject it there and nowhere else.

export function start() {
  // A reflected Vec3 is [x, y, z], not the base API's { x, y, z }.
  game.raycast({ origin: { x: 0, y: 1, z: 0 }, direction: [0, 0, -1], max_distance: 50 }); // error
}
