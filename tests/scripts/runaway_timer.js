// A timer callback loops forever.
export function start() {
  setTimeout(function spin() {
    for (;;) {}
  }, 0);
}
export function update() {}
