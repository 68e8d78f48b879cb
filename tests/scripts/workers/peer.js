// The second worker: told the first worker's cube by Rust, it reads and moves it; it makes a
// cube of its own (despawned with this worker).
let target = null;
let own;
let frames = 0;
on("target", (payload) => {
  target = payload.id;
  const seen = entity.get(target);
  entity.setPosition(target, 5, 0, 0);
  entity.update(target, { color: "#00ff00" });
  emit("moved", { seen: seen ? seen.position : null, own, crate: world.find("Crate") });
});

export function start() {
  own = entity.createSphere({ x: -1, y: 0, z: 0 }, "#00ff00", 1);
}

export function update() {
  frames += 1;
  if (frames % 10 === 0) emit("alive", { frames });
}
