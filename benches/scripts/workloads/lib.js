// Plain-JavaScript workloads, the same for every engine (and for Node as the JIT reference):
// each returns a number so that its result can be checked and is not optimized away.

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/** name → [function, expected result] */
export const WORKLOADS = {
  "fib(27)": [() => fib(27), 196418],
  "1,000,000 small objects": [
    () => {
      const items = [];
      for (let i = 0; i < 1_000_000; i++) items.push({ x: i, y: i * 2 });
      let sum = 0;
      for (const item of items) sum += item.y - item.x;
      return sum;
    },
    499999500000,
  ],
  "string building (100,000 appends, split, join)": [
    () => {
      let s = "";
      for (let i = 0; i < 100_000; i++) s += "item" + i;
      return s.split("item").join("-").length;
    },
    588890,
  ],
  "sort 200,000 numbers": [
    () => {
      const numbers = [];
      let seed = 1;
      for (let i = 0; i < 200_000; i++) {
        seed = (seed * 16807) % 2147483647;
        numbers.push(seed);
      }
      numbers.sort((a, b) => a - b);
      return numbers[100_000] > numbers[99_999] ? 1 : 0;
    },
    1,
  ],
  "JSON round trip (10,000 objects, 5 times)": [
    () => {
      const data = [];
      for (let i = 0; i < 10_000; i++) data.push({ id: i, name: `n${i}`, tags: ["a", "b"], v: i / 3 });
      let total = 0;
      for (let r = 0; r < 5; r++) total += JSON.parse(JSON.stringify(data)).length;
      return total;
    },
    50_000,
  ],
  "particles (2,000 bodies, 200 steps of vector math)": [
    () => {
      const n = 2_000;
      const px = new Float64Array(n), py = new Float64Array(n), vx = new Float64Array(n), vy = new Float64Array(n);
      for (let i = 0; i < n; i++) { px[i] = i % 50; py[i] = Math.floor(i / 50); vx[i] = 1; vy[i] = 0; }
      for (let step = 0; step < 200; step++) {
        for (let i = 0; i < n; i++) {
          const dx = 25 - px[i], dy = 20 - py[i];
          const d = Math.sqrt(dx * dx + dy * dy) + 0.1;
          vx[i] += (dx / d) * 0.01; vy[i] += (dy / d) * 0.01;
          px[i] += vx[i] * 0.016; py[i] += vy[i] * 0.016;
        }
      }
      let sum = 0;
      for (let i = 0; i < n; i++) sum += px[i] + py[i];
      return Number.isFinite(sum) ? 1 : 0;
    },
    1,
  ],
  "regular expressions (scan 200 KB of text)": [
    () => {
      const text = "the quick brown fox jumps over the lazy dog 12345 ".repeat(4_000);
      return (text.match(/\b[a-z]{5}\b/g) || []).length + (text.match(/\d+/g) || []).length;
    },
    16_000,
  ],
};

/** Runs `f` `reps` times; returns the median time in milliseconds and the last result. */
export function time(f, reps, now) {
  const times = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const started = now();
    result = f();
    times.push(now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(reps / 2)], result };
}
