// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
/// <reference path="./game.d.ts" />
// Type-checked against a generated game.d.ts (`JsScriptingPlugin::with_typings`) for the test
// app: component `Health { current: f32, max: f32 }` (with `Default`), resource
// `Score { coins: u32, hits: u32 }`, system verb `raycast(Ray) -> Result<Option<Hit>, String>`,
// function verb `noise((f32, f32)) -> f32`. The test copies it next to both d.ts files.
// Every line here must type-check, without casts.

let player = 0;

export function start() {
  player = world.spawn({ Name: "Player", Health: { max: 10 } });
  world.insert(player, "Health", { current: 10, max: 10 });
}

export function update() {
  /** @type {Game.Health | undefined} */
  const health = world.get(player, "Health");
  if (health !== undefined && health.current < health.max) {
    world.set(player, "Health", { current: health.current + 1 });
  }
  /** @type {string | undefined} */
  const name = world.get(player, "Name");
  if (name === "Player" && world.has(player, "Health")) {
    world.set(player, "Transform", { translation: [0, 1, 0] });
  }
  /** @type {number} */
  const height = game.noise([time.elapsed, 0.5]) + game.noise(time.elapsed, 0.25);
  entity.setPosition(player, 0, height, 0);
  look().catch((error) => console.error(error));
}

async function look() {
  /** @type {Game.Hit | null} */
  const hit = await game.raycast({ origin: [0, 1, 0], direction: [0, 0, -1], max_distance: 50 });
  if (hit === null) return;
  const [x, y, z] = hit.point;
  console.log(`hit ${hit.id} at ${hit.distance} m: ${x}, ${y}, ${z}`);
  /** @type {Game.Score | undefined} */
  const score = world.getResource("Score");
  if (score !== undefined) world.setResource("Score", { hits: score.hits + 1 });
  for (const id of world.query("Health", "Transform")) world.remove(id, "Health");
}
