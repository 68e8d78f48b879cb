// Benchmark script for UI: on "run", changes a text node's text `n` times (one `ui.update`
// each), then says it is done. The report reads the main thread's cost of applying them.
let label;

export function start() {
  const panel = ui.create("node", { position: "absolute", left: 16, top: 12, padding: 10 });
  label = ui.create("text", { text: "coins 0", fontSize: 22 }, panel);
}

on("run", ({ n, seq }) => {
  for (let i = 0; i < n; i++) ui.update(label, { text: `coins ${i}` });
  emit("done", { seq });
});
