// World benchmark script: reads and patches a Rust-spawned component (`Health`) on visible
// entities. On "run", times `n` reads of one kind with the `__benchClock` test hook; on
// "steady", patches `perFrame` entities' `Health` (two fields) every frame.
let ids = [];
let steady = null;

on("setup", () => {
  ids = world.query("Health");
  emit("ready", { count: ids.length });
});

on("run", ({ mode, n, seq }) => {
  const len = ids.length;
  let sink = 0;
  const started = __benchClock();
  if (mode === "world_get") {
    for (let i = 0; i < n; i++) sink += world.get(ids[i % len], "Health").current;
  } else if (mode === "entity_get") {
    for (let i = 0; i < n; i++) sink += entity.get(ids[i % len]).position.x;
  }
  emit("done", { seq, seconds: __benchClock() - started, sink });
});

on("steady", (options) => { steady = options; });

let frame = 0;
export function update() {
  frame += 1;
  if (steady === null) return;
  const len = ids.length;
  const count = steady.perFrame;
  const first = (frame * count) % len;
  for (let i = 0; i < count; i++) {
    world.set(ids[(first + i) % len], "Health", { current: frame, max: 100 });
  }
}
