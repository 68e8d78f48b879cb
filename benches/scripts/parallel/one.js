// One script's share of the parallel benchmark: `n` iterations of work per update, once told
// `n` (the "work" event). In start it measures the `n` that takes 20 ms here.
import { calibrate, work } from "./work.js";

let n = 0;
on("work", (payload) => { n = payload.n; });

export function start() {
  emit("calibrated", { n: calibrate(20) });
}

export function update() {
  if (n > 0) work(n);
}
