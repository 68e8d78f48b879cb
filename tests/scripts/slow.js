// Deliberately slower than the main thread: 40 ms of busy work per worker frame.
let id;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
export function update() {
  const until = Date.now() + 40;
  while (Date.now() < until) {}
  const s = entity.get(id);
  if (s) entity.update(id, { position: { x: s.position.x + 1, y: 0, z: 0 } });
}
