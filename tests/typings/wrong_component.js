// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
/// <reference path="./game.d.ts" />
// Exactly one mistake, on the line marked as an error, for the test app of correct.js: tsc must
// reject it there and nowhere else.

export function start() {
  const player = world.spawn({ Health: { current: 10, max: 10 } });
  const health = world.get(player, "Helth"); // error: no component is named Helth
  console.log(health);
}
