// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
/// <reference path="./game.d.ts" />
// The level's behavior: everything here goes through `world` to entities that Rust spawned
// (see examples/level.rs). Reads see the state as of the last swap; writes apply in order
// before the next frame. `game.raycast` and `game.bob` are the level's own Rust code
// (examples/support/level_game.rs), and game.d.ts, which the level writes at startup, types
// its components, score and verbs.

const PLAYER_SPEED = 3.2;
const TOUCH = 1.1;
const HEAL_PER_SECOND = 0.4;

/** @type {number | undefined} */
let player;
/** @type {number | undefined} */
let head;
/** @type {number | undefined} */
let companion;
let hurtCooldown = 0;
let walk = 0;
/** @type {number | undefined} */
let visor;
let lookCooldown = 0;
let looking = false;
let slimeAhead = false;

/** @param {number[]} v */
const vec = (v) => ({ x: v[0], y: v[1], z: v[2] });

/**
 * The first descendant of `root` whose `Name` is `name`, walking the visible hierarchy.
 * @param {number} root
 * @param {string} name
 * @returns {number | undefined}
 */
function descendant(root, name) {
  for (const child of entity.children(root)) {
    if (world.get(child, "Name") === name) return child;
    const found = descendant(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function start() {
  // A small companion robot from the same model, which follows the player once parented.
  companion = scene.spawn("models/robot.gltf", {
    position: { x: 1.1, y: 0, z: 0.4 },
    scale: { x: 0.45, y: 0.45, z: 0.45 },
  });
  scene.whenReady(companion).then((id) => {
    visor = descendant(id, "Visor");
    if (visor !== undefined) entity.update(visor, { color: "#40ff60" });
  });
}

/** @param {number} dt */
export function update(dt) {
  if (player === undefined) {
    player = world.find("Player");
    if (player === undefined) return;
    if (companion !== undefined) entity.setParent(companion, player);
  }
  if (head === undefined) head = descendant(player, "Head");

  const me = entity.get(player);
  if (me === undefined) return;
  const position = me.position;

  // Walk: the keys, or a figure eight when nobody plays.
  let dx = 0;
  let dz = 0;
  if (input.isKeyDown("KeyA") || input.isKeyDown("ArrowLeft")) dx -= 1;
  if (input.isKeyDown("KeyD") || input.isKeyDown("ArrowRight")) dx += 1;
  if (input.isKeyDown("KeyW") || input.isKeyDown("ArrowUp")) dz -= 1;
  if (input.isKeyDown("KeyS") || input.isKeyDown("ArrowDown")) dz += 1;
  if (dx === 0 && dz === 0) {
    walk += dt * 0.55;
    const target = { x: Math.sin(walk) * 5, z: Math.sin(walk * 2) * 3 };
    dx = target.x - position.x;
    dz = target.z - position.z;
  }
  const length = Math.hypot(dx, dz);
  if (length > 0.01) {
    const step = Math.min(PLAYER_SPEED * dt, length);
    const yaw = (Math.atan2(dx, dz) * 180) / Math.PI;
    entity.update(player, {
      position: { x: position.x + (dx / length) * step, y: 0, z: position.z + (dz / length) * step },
      rotation: { yaw, pitch: 0, roll: 0 },
    });
  }
  // The head looks around: a node inside the glTF scene.
  if (head !== undefined) {
    entity.update(head, { rotation: { yaw: Math.sin(time.elapsed * 2) * 35, pitch: 0, roll: 0 } });
  }

  // The companion looks ahead of the player with the game's raycast (a system verb: it runs on
  // the main thread and answers at the next frame); its visor turns red while a slime is near.
  lookCooldown = Math.max(0, lookCooldown - dt);
  if (!looking && lookCooldown === 0) {
    const yaw = (me.rotation.yaw * Math.PI) / 180;
    looking = true;
    lookCooldown = 0.2;
    game
      .raycast({
        origin: [position.x, 0.5, position.z],
        direction: [Math.sin(yaw), 0, Math.cos(yaw)],
        max_distance: 3.5,
      })
      .then((hit) => {
        const ahead = hit !== null && world.has(hit.id, "Patrol");
        if (ahead !== slimeAhead && visor !== undefined) {
          entity.update(visor, { color: ahead ? "#ff3030" : "#40ff60" });
        }
        slimeAhead = ahead;
      })
      .catch((error) => console.warn(`raycast: ${error.message}`))
      .finally(() => {
        looking = false;
      });
  }

  // Slimes walk their patrol circles (their Patrol component says where and how fast).
  const health = world.get(player, "Health");
  let damage = 0;
  for (const slime of world.query("Patrol")) {
    const patrol = world.get(slime, "Patrol");
    if (patrol === undefined) continue;
    const angle = time.elapsed * patrol.speed + slime;
    const center = vec(patrol.center);
    const x = center.x + Math.cos(angle) * patrol.radius;
    const z = center.z + Math.sin(angle) * patrol.radius;
    entity.setPosition(slime, x, center.y + Math.abs(Math.sin(time.elapsed * 4 + slime)) * 0.3, z);
    if (Math.hypot(x - position.x, z - position.z) < TOUCH) damage += 1;
  }
  hurtCooldown = Math.max(0, hurtCooldown - dt);
  if (health !== undefined) {
    let current = Math.min(health.max, health.current + HEAL_PER_SECOND * dt);
    if (damage > 0 && hurtCooldown === 0) {
      current = Math.max(0, current - 2 * damage);
      hurtCooldown = 1;
      const score = world.getResource("Score");
      if (score !== undefined) world.setResource("Score", { hits: score.hits + 1 });
    }
    world.set(player, "Health", { current });
  }

  // Gems spin and float (`game.bob`, a function verb, runs here on the worker). Walking over
  // one collects its Loot into the Score; a new one appears elsewhere.
  for (const gem of world.query("Loot")) {
    const state = entity.get(gem);
    if (state === undefined) continue;
    entity.update(gem, {
      position: { x: state.position.x, y: 0.4 + game.bob(time.elapsed, gem), z: state.position.z },
      rotation: { yaw: time.elapsed * 90 + gem * 40, pitch: 0, roll: 0 },
    });
    if (Math.hypot(state.position.x - position.x, state.position.z - position.z) < TOUCH) {
      const loot = world.get(gem, "Loot");
      const score = world.getResource("Score");
      if (loot === undefined || score === undefined) continue;
      world.setResource("Score", { coins: score.coins + loot.coins });
      entity.destroy(gem);
      const x = (Math.random() - 0.5) * 12;
      const z = (Math.random() - 0.5) * 9;
      const next = entity.createCube({ x, y: 0.4, z }, "#ffcc1a", 0.45);
      world.insert(next, "Loot", { coins: loot.coins });
      world.insert(next, "Name", "Gem");
    }
  }
}
