// @ts-check
// setTimeout / setInterval / clearTimeout / clearInterval, queueMicrotask and
// performance.now(), in browser order.
/** @type {string[]} */
const log = [];
let origin = 0;
/** @type {number[]} */
const nows = [];
let late = 0;
let reported = false;

export function start() {
  origin = performance.now();
  setTimeout(() => log.push("timeout 0"), 0);
  setTimeout((a, b) => log.push(`timeout args ${a} ${b}`), 0, 1, 2);
  const cancelled = setTimeout(() => log.push("cancelled timeout"), 0);
  clearTimeout(cancelled);
  setTimeout(() => {
    late = performance.now() - origin;
    log.push("timeout 50");
  }, 50);
  let ticks = 0;
  const interval = setInterval(() => {
    ticks += 1;
    log.push(`interval ${ticks}`);
    if (ticks === 3) clearInterval(interval);
  }, 10);
  const stopped = setInterval(() => log.push("cancelled interval"), 0);
  clearInterval(stopped);
  setTimeout(() => {
    log.push("outer");
    setTimeout(() => log.push("nested"), 0);
    queueMicrotask(() => log.push("outer's microtask"));
  }, 0);
  queueMicrotask(() => log.push("microtask"));
  Promise.resolve().then(() => log.push("then"));
  log.push("sync");
}

export function update() {
  nows.push(performance.now());
  if (!reported && performance.now() - origin > 150) {
    reported = true;
    const monotonic = nows.every((now, i) => i === 0 || now >= nows[i - 1]);
    emit("timers", { log, late, monotonic, type: typeof performance.now() });
  }
}
