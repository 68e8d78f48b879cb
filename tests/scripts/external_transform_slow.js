// external_transform.js with a slow script: every update burns 20 ms, so most main frames
// find the worker busy and skip the external-transform sync until its frame is done.
let id;
let seen = false;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
export function update() {
  const until = Date.now() + 20;
  while (Date.now() < until) {}
  const s = entity.get(id);
  if (!seen && s && Math.abs(s.position.x - 42) < 1e-4) {
    seen = true;
    entity.createSphere({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
  }
}
