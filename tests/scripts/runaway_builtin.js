// An endless loop in a callback that a builtin calls: out of the time budget's reach, stopped
// by the loop-iteration limit.
let frame = 0;
export function update() {
  frame += 1;
  if (frame === 2) [1].forEach(() => { while (true) {} });
}
