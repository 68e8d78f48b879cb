// Runs away in a plain promise job on its third frame.
let frame = 0;
export function update() {
  frame += 1;
  if (frame === 3) Promise.resolve().then(() => { let i = 0; for (;;) { i++; } });
}
