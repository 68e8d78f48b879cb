// Reaches the game's own entities through `world`: finds, reads, damages, heals, moves,
// re-parents and spawns next to Rust-spawned entities, and checks every error rule.
let step = 0;
let player, goblin, chest;
let created = null;

function error(fn) {
  try {
    fn();
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
  return "no error";
}

export function update() {
  if (step === 0) {
    player = world.find("Player");
    goblin = world.find("Goblin");
    if (player === undefined || goblin === undefined) return;
    step = 1;
    emit("read", {
      player,
      goblin,
      hidden: world.find("Hidden") ?? null,
      crate: world.find("Crate"),
      health: world.get(player, "Health"),
      name: world.get(player, "Name"),
      transform: world.get(player, "Transform"),
      patrol: world.get(goblin, "Patrol"),
      goblinLoot: world.get(goblin, "Loot") ?? null,
      withHealth: world.query("Health"),
      withPatrol: world.query("Health", "Patrol"),
      hasPatrol: [world.has(player, "Patrol"), world.has(goblin, "Patrol")],
      position: entity.get(player).position,
      score: world.getResource("Score"),
      errors: [
        error(() => world.get(player, "Secret")),
        error(() => world.set(player, "Health", { current: "x" })),
        error(() => world.set(player, "Health", { armor: 1 })),
        error(() => world.set(player, "Health", { current: 1e40 })),
        error(() => world.set(999999, "Health", { current: 1 })),
        error(() => world.get(999999, "Health")),
        error(() => world.setResource("Nope", {})),
        error(() => world.setResource("Score", { points: -1 })),
        error(() => world.insert(player, "Loot", { coins: "x" })),
        error(() => world.set(goblin, "Loot", { coins: 1 })),
        error(() => world.spawn({ Secret: { code: 1 } })),
        error(() => world.query("Health", "Secret")),
        error(() => scene.spawn("../Cargo.toml")),
        error(() => entity.setParent(player, player)),
        error(() => entity.setPosition(999999, 0, 0, 0)),
      ],
    });
    // Damage the player, knock the goblin out, move the player, score, and put a chest next
    // to the player, parented to it.
    world.set(player, "Health", { current: 3 });
    world.set(goblin, "Health", { current: 0 });
    entity.setPosition(player, 2, 0, 0);
    world.setResource("Score", { points: 10 });
    chest = world.spawn({ Name: "Chest", Loot: { coins: 12 }, Transform: { translation: [1, 0, 0] } });
    entity.setParent(chest, player);
    // The other entity calls work on Rust's entities as on the script's own.
    entity.setTransforms([goblin], [0, 0, 4]);
    entity.whenCreated(goblin).then((id) => { created = id; });
    const crate = world.find("Crate");
    emit("wrote", {
      chest,
      cycle: error(() => entity.setParent(player, chest)),
      destroyed: entity.destroy(crate),
      destroyedTwice: entity.destroy(crate),
      afterDestroy: error(() => world.set(crate, "Health", { current: 1 })),
    });
    return;
  }
  if (step === 1) {
    if (world.get(chest, "Loot") === undefined || entity.parent(chest) === null) return;
    step = 2;
    emit("after", {
      health: world.get(player, "Health"),
      goblinHealth: world.get(goblin, "Health"),
      loot: world.get(chest, "Loot"),
      chestParent: entity.parent(chest),
      children: entity.children(player),
      score: world.getResource("Score"),
      found: world.find("Chest"),
      position: entity.get(player).position,
      chestTransform: world.get(chest, "Transform"),
      goblinPosition: entity.get(goblin).position,
      crate: world.find("Crate") ?? null,
    });
    // Heal, give the goblin loot (its other fields from Default), take its patrol, detach.
    world.set(player, "Health", { current: 10 });
    world.insert(goblin, "Loot", { coins: 3 });
    world.remove(goblin, "Patrol");
    entity.setParent(chest, null);
    world.set(player, "Transform", { scale: [2, 2, 2] });
    return;
  }
  if (step === 2) {
    if (world.has(goblin, "Patrol") || entity.parent(chest) !== null) return;
    step = 3;
    emit("final", {
      health: world.get(player, "Health"),
      goblinLoot: world.get(goblin, "Loot"),
      withPatrol: world.query("Patrol"),
      scale: entity.get(player).scale,
      created,
    });
  }
}
