// The first worker: makes a cube, finds the Rust-spawned crate, and watches what the other
// worker does to its cube (it moves it) and to its own (it goes with its worker).
let mine;
let crate;
let theirs = null;
let sawMove = false;
let sawTheirsGone = false;
on("target", () => emit("wrong_worker", {}));
on("theirs", (payload) => { theirs = payload.id; });
on("despawned", (payload) => {
  if (payload.id === theirs && !sawTheirsGone) {
    sawTheirsGone = true;
    emit("theirs_gone", { id: payload.id, get: entity.get(payload.id) ?? null });
  }
});

export function start() {
  mine = entity.createCube({ x: 1, y: 0, z: 0 }, "#ff0000", 1);
}

export function update() {
  if (crate === undefined) {
    // Published at the first swap after Rust spawned it.
    crate = world.find("Crate") ?? undefined;
    if (crate !== undefined) emit("made", { mine, crate });
  }
  const state = entity.get(mine);
  if (!sawMove && state && state.position.x === 5 && state.color.g === 255) {
    sawMove = true;
    emit("saw_move", { x: state.position.x, color: state.color });
  }
}
