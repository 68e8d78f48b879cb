// A Rust system moves this entity; the script must see the move through entity.get.
let id;
let seen = false;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
export function update() {
  const s = entity.get(id);
  if (!seen && s && Math.abs(s.position.x - 42) < 1e-4) {
    seen = true;
    // Tell the test: a second entity appears once the script has seen the move.
    entity.createSphere({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
  }
}
