// CPU-bound work of a fixed size, the same in every worker: no waiting, no clocks.
export function work(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.sqrt(i) * 1.0001;
  return sum;
}

// How many iterations of `work` take about `ms` milliseconds here, alone.
export function calibrate(ms) {
  let n = 1000;
  for (;;) {
    const started = performance.now();
    work(n);
    const elapsed = performance.now() - started;
    if (elapsed >= ms / 4) return Math.max(1, Math.round((n * ms) / elapsed));
    n *= 2;
  }
}
