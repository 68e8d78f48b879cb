// Writes to a visible entity every frame until Rust despawns it, then reports what it sees.
let victim;
let despawned = null;
let writes = 0;
let reported = false;
on("despawned", (payload) => { despawned = payload.id; });

export function update() {
  if (reported) return;
  if (victim === undefined) {
    victim = world.find("Victim");
    return;
  }
  let failure = null;
  try {
    world.set(victim, "Health", { current: 1 });
    entity.setPosition(victim, 9, 9, 9);
    writes += 1;
    if (writes === 3) emit("writing", { victim });
  } catch (e) {
    failure = `${e.name}: ${e.message}`;
  }
  if (failure !== null && despawned !== null) {
    emit("gone", {
      victim,
      despawned,
      failure,
      get: world.get(victim, "Health") ?? null,
      entityGet: entity.get(victim) ?? null,
      query: world.query("Health"),
    });
    reported = true;
  }
}
