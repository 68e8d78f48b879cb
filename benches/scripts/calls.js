// Benchmark script: on "run", times `n` calls of one kind on the worker (with the
// high-resolution `__benchClock` test hook) and emits the time. Loop overhead is the same in
// every mode, so the modes compare the calls themselves.
let ids = new Uint32Array(0);
let positions = new Float32Array(0);
let plainPositions = [];

on("setup", ({ entities }) => {
  ids = new Uint32Array(entities);
  positions = new Float32Array(entities * 3);
  plainPositions = new Array(entities * 3).fill(0);
  for (let i = 0; i < entities; i++) {
    ids[i] = entity.createCube({ x: 0, y: 0, z: 0 }, "#808080", 1);
  }
  emit("ready", null);
});

on("run", ({ mode, n, seq }) => {
  const len = ids.length;
  const started = __benchClock();
  if (mode === "native") {
    for (let i = 0; i < n; i++) __benchNative4(ids[i % len], i, 1, 2);
  } else if (mode === "native_object") {
    // The bare call, plus building the same argument object `entity.update` gets: what the
    // object literal alone costs in Boa.
    for (let i = 0; i < n; i++) {
      const changes = { position: { x: i, y: 1, z: 2 } };
      __benchNative4(ids[i % len], changes.position.x, 1, 2);
    }
  } else if (mode === "read_changes") {
    // The same literal, read and checked exactly as `entity.update` reads it, nothing sent:
    // the part of the bridge that is reading the argument object.
    for (let i = 0; i < n; i++) __benchReadChanges(ids[i % len], { position: { x: i, y: 1, z: 2 } });
  } else if (mode === "set_position") {
    for (let i = 0; i < n; i++) entity.setPosition(ids[i % len], i, 1, 2);
  } else if (mode === "update") {
    for (let i = 0; i < n; i++) entity.update(ids[i % len], { position: { x: i, y: 1, z: 2 } });
  } else if (mode === "batch_prefilled") {
    // The call alone: the arrays were filled by an earlier "batch" run.
    const batch = n <= len ? ids.subarray(0, n) : ids;
    entity.setTransforms(batch, positions.subarray(0, batch.length * 3));
  } else if (mode === "fill_array") {
    // The loop of "batch_array" without the call: the JS side's own cost, the floor of any
    // batched API.
    const count = Math.min(n, len);
    const p = plainPositions;
    for (let i = 0; i < count; i++) {
      p[i * 3] = i;
      p[i * 3 + 1] = 1;
      p[i * 3 + 2] = 2;
    }
  } else if (mode === "batch_array") {
    // The same with a plain array of numbers, which Boa writes faster than a Float32Array.
    const batch = n <= len ? ids.subarray(0, n) : ids;
    const count = batch.length;
    const p = plainPositions;
    if (p.length !== count * 3) p.length = count * 3;
    for (let i = 0; i < count; i++) {
      p[i * 3] = i;
      p[i * 3 + 1] = 1;
      p[i * 3 + 2] = 2;
    }
    entity.setTransforms(batch, p);
  } else if (mode === "batch") {
    // n entities per batch, positions written into a reused Float32Array.
    const batch = n <= len ? ids.subarray(0, n) : ids;
    const count = batch.length;
    const p = positions;
    for (let i = 0; i < count; i++) {
      p[i * 3] = i;
      p[i * 3 + 1] = 1;
      p[i * 3 + 2] = 2;
    }
    entity.setTransforms(batch, p.subarray(0, count * 3));
  }
  emit("done", { seq, seconds: __benchClock() - started });
});

// Steady state: `perFrame` entities move every frame, by per-call updates or one batch.
let steady = null;
on("steady", (options) => { steady = options; });

// Main-thread stall: every update blocks for `blockMs`.
let blockMs = 0;
on("block", ({ ms }) => { blockMs = ms; });

let frame = 0;
export function update() {
  frame += 1;
  if (blockMs > 0) {
    const until = __benchClock() + blockMs / 1000;
    while (__benchClock() < until) {}
  }
  if (steady === null) return;
  const len = ids.length;
  const count = steady.perFrame;
  const first = (frame * count) % len;
  if (steady.batched) {
    const batch = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      batch[i] = ids[(first + i) % len];
      positions[i * 3] = frame;
      positions[i * 3 + 1] = i;
      positions[i * 3 + 2] = 0;
    }
    entity.setTransforms(batch, positions.subarray(0, count * 3));
  } else {
    for (let i = 0; i < count; i++) {
      entity.update(ids[(first + i) % len], { position: { x: frame, y: i, z: 0 } });
    }
  }
}
