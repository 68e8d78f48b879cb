export function start() {
  for (;;) {}
}
export function update() {}
