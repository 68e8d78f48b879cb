// A "move" event makes the script move its cube once (at the start of a worker frame), then
// every update burns 60 ms. The test rotates the cube from Rust just before that frame, so
// the plugin's write lands while the external sync is not running; the script must still
// see the rotation.
let id;
let seen = false;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
on("move", () => entity.setPosition(id, 1, 0, 0));
export function update() {
  const s = entity.get(id);
  if (!seen && s && Math.abs(s.rotation.yaw - 90) < 0.01) {
    seen = true;
    emit("seen", s.position.x);
  }
  const until = Date.now() + 60;
  while (Date.now() < until) {}
}
