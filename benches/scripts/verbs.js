// Benchmark script for verbs: on "run", times `n` calls of one kind on the worker and emits
// the time; "roundtrip" reports how many worker frames a system verb's answer took.
let frame = 0;

export function update() {
  frame = time.frame;
}

on("run", ({ mode, n, seq }) => {
  if (mode === "roundtrip") {
    // Called at the start of a worker frame (events come with the callbacks); `time.frame` is
    // this frame's number until the next frame begins.
    const calledAt = time.frame;
    game.nothing().then(() => emit("done", { seq, frames: time.frame - calledAt }));
    return;
  }
  const started = __benchClock();
  if (mode === "native") {
    for (let i = 0; i < n; i++) __benchNative4(1, i, 1, 2);
  } else if (mode === "native_array") {
    // The bare native call, also given an array literal it ignores: what making the array of
    // `game.noise([x, y])` costs.
    for (let i = 0; i < n; i++) __benchNative4(1, i, 1, 2, [i, 2]);
  } else if (mode === "fn") {
    // A function verb taking two numbers, like a noise lookup: `game.noise(x, y)`.
    for (let i = 0; i < n; i++) game.noise(i, 2);
  } else if (mode === "fn_array") {
    // The same, the numbers given as one array: `game.noise([x, y])`.
    for (let i = 0; i < n; i++) game.noise([i, 2]);
  } else if (mode === "fn_scalar") {
    for (let i = 0; i < n; i++) game.double(i);
  } else if (mode === "system") {
    // Sends `n` calls; the main thread's cost of running them is what the report reads.
    for (let i = 0; i < n; i++) game.nothing();
  }
  emit("done", { seq, seconds: __benchClock() - started, frame });
});
