// Moves a cube along x by 1 per update at constant speed while spending ~100 ms per update,
// and reads its position back every update. On the "teleport" event it jumps to x = 1000; on
// "hold" it stops moving.
let id;
let x = 0;
let jump = false;
let hold = false;
let held = false;
on("teleport", () => { jump = true; });
on("hold", () => { hold = true; });

export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
  emit("made", { id });
}

export function update() {
  // Holding, it does no busy work: the last move is still being drawn when Rust sees "held".
  const until = performance.now() + (hold ? 0 : 100);
  while (performance.now() < until) {}
  // What the script reads is exactly what it last wrote (published at the last swap).
  const position = entity.get(id).position;
  emit("read", { read: position.x, wrote: x, y: position.y });
  if (hold) {
    if (!held) emit("held", {});
    held = true;
    return;
  }
  if (jump) {
    jump = false;
    x = 1000;
    entity.update(id, { position: { x, y: 0, z: 0 }, teleport: true });
    emit("jumped", { x });
    return;
  }
  x += 1;
  entity.setPosition(id, x, 0, 0);
}
