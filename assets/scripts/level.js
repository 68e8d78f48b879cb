// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
/// <reference path="./game.d.ts" />
// The level's behavior: everything here goes through `world` to entities that Rust spawned
// (see examples/level.rs). Reads see the state as of the last swap; writes apply in order
// before the next frame. `game.raycast` and `game.bob` are the level's own Rust code
// (examples/support/level_game.rs), and game.d.ts, which the level writes at startup, types
// its components, score and verbs. The HUD (coins, hits, a health bar) and the pause menu are
// the script's own, on Bevy's UI (`ui.*`); pickups and hits play sounds (`audio.*`).

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
let paused = false;

/** The HUD's nodes, made in `start`, and what they last showed (only changes are sent). */
const hud = {
  coins: 0,
  hits: 0,
  healthText: 0,
  healthFill: 0,
  menu: 0,
  shown: { coins: -1, hits: -1, health: "", fill: -1 },
};

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

/** The HUD: a panel at the top left with the score and a health bar, a hint line, and the
 * pause menu (hidden until Escape or P). */
function buildHud() {
  const panel = ui.create("node", {
    position: "absolute",
    left: 16,
    top: 12,
    padding: { left: 14, right: 14, top: 10, bottom: 12 },
    flexDirection: "column",
    gap: 8,
    background: "#0b1020b0",
    borderRadius: 10,
  });
  const score = ui.create("node", { flexDirection: "row", gap: 24, alignItems: "center" }, panel);
  hud.coins = ui.create("text", { text: "coins 0", fontSize: 26, color: "#ffd040" }, score);
  hud.hits = ui.create("text", { text: "hits 0", fontSize: 26, color: "#ff8080" }, score);
  const bar = ui.create("node", { flexDirection: "row", gap: 12, alignItems: "center" }, panel);
  const track = ui.create(
    "node",
    { width: 220, height: 18, padding: 2, background: "#00000090", border: 1, borderColor: "#ffffff60", borderRadius: 4 },
    bar,
  );
  hud.healthFill = ui.create("node", { width: "100%", height: "100%", background: "#3ad05a", borderRadius: 3 }, track);
  hud.healthText = ui.create("text", { text: "health 10.0 / 10", fontSize: 18, color: "#f0f0f0" }, bar);
  ui.create("text", { text: "WASD / arrows: walk   Esc / P: pause   F1: metrics", fontSize: 14, color: "#c8c8c8" }, panel);

  // The pause menu: a dimmed screen with a panel and a Resume button in its middle.
  hud.menu = ui.create("node", {
    position: "absolute",
    left: 0,
    top: 0,
    width: "100%",
    height: "100%",
    justifyContent: "center",
    alignItems: "center",
    background: "#00000080",
    visible: false,
    zIndex: 10,
  });
  const box = ui.create(
    "node",
    { flexDirection: "column", alignItems: "center", gap: 18, padding: 28, background: "#141a2ef0", borderRadius: 12, border: 2, borderColor: "#ffd04080" },
    hud.menu,
  );
  ui.create("text", { text: "Paused", fontSize: 40, color: "#ffffff" }, box);
  const resume = ui.create(
    "button",
    { text: "Resume", fontSize: 24, width: 180, height: 48, justifyContent: "center", alignItems: "center", background: "#2a62d0", borderRadius: 8 },
    box,
  );
  ui.onClick(resume, () => setPaused(false));
  on("ui:hover", ({ id }) => {
    if (id === resume) ui.update(resume, { background: "#3c78f0" });
  });
  on("ui:leave", ({ id }) => {
    if (id === resume) ui.update(resume, { background: "#2a62d0" });
  });
}

/** @param {boolean} value */
function setPaused(value) {
  if (value === paused) return;
  paused = value;
  ui.update(hud.menu, { visible: paused });
  audio.play("sounds/click.wav", { volume: 0.6 });
  emit("paused", { paused });
}

/** Shows the score and the player's health, sending only what changed. */
function showHud() {
  const score = world.getResource("Score");
  if (score !== undefined) {
    if (score.coins !== hud.shown.coins) ui.update(hud.coins, { text: `coins ${score.coins}` });
    if (score.hits !== hud.shown.hits) ui.update(hud.hits, { text: `hits ${score.hits}` });
    hud.shown.coins = score.coins;
    hud.shown.hits = score.hits;
  }
  const health = player === undefined ? undefined : world.get(player, "Health");
  if (health === undefined) return;
  const text = `health ${health.current.toFixed(1)} / ${health.max.toFixed(0)}`;
  if (text !== hud.shown.health) {
    ui.update(hud.healthText, { text });
    hud.shown.health = text;
  }
  const share = health.max > 0 ? Math.max(0, Math.min(1, health.current / health.max)) : 0;
  // The track is 220 px wide with a 2 px padding.
  const fill = Math.round(share * 216);
  if (fill !== hud.shown.fill) {
    // Green when healthy, through yellow, to red.
    const red = Math.round(255 * Math.min(1, 2 * (1 - share)));
    const green = Math.round(208 * Math.min(1, 2 * share));
    ui.update(hud.healthFill, { width: fill, background: { r: red, g: green, b: 60 } });
    hud.shown.fill = fill;
  }
}

export function start() {
  buildHud();
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
  if (input.wasKeyPressed("Escape") || input.wasKeyPressed("KeyP")) setPaused(!paused);
  showHud();
  // Paused, the level stands still; the menu's Resume button (or Escape) goes on.
  if (paused) return;
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
      audio.play("sounds/hit.wav", { volume: 0.8 });
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
      // The chime comes from where the gem was.
      audio.play("sounds/coin.wav", { position: state.position });
      entity.destroy(gem);
      const x = (Math.random() - 0.5) * 12;
      const z = (Math.random() - 0.5) * 9;
      const next = entity.createCube({ x, y: 0.4, z }, "#ffcc1a", 0.45);
      world.insert(next, "Loot", { coins: loot.coins });
      world.insert(next, "Name", "Gem");
    }
  }
}
