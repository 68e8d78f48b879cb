// Steady-state calls for the allocation test: on "run", `n` calls of one kind, each moving one
// of the entities. No argument objects are built per call (those are Boa's allocations, not
// the bridge's): `update` gets one reused object whose fields change. "native" is the
// baseline: what Boa itself allocates for a call into Rust.
const COUNT = 5000;
const ids = new Uint32Array(COUNT);
const position = { x: 0, y: 0, z: 0 };
const changes = { position };

export function start() {
  for (let i = 0; i < COUNT; i++) ids[i] = entity.createCube(position, "#808080", 1);
  emit("ready", null);
}

on("run", ({ mode, n }) => {
  if (mode === "native") {
    // The baseline: a bare native function (a test hook) taking the same four numbers.
    for (let i = 0; i < n; i++) __benchNative4(ids[i % COUNT], i, 1, 2);
  } else if (mode === "setPosition") {
    for (let i = 0; i < n; i++) entity.setPosition(ids[i % COUNT], i, 1, 2);
  } else if (mode === "update") {
    for (let i = 0; i < n; i++) {
      position.x = i;
      entity.update(ids[i % COUNT], changes);
    }
  } else if (mode === "setTransforms") {
    // The same entity may appear more than once in a batch.
    const batch = new Uint32Array(n);
    for (let i = 0; i < n; i++) batch[i] = ids[i % COUNT];
    entity.setTransforms(batch, new Array(n * 3).fill(1));
  }
  emit("done", null);
});
