function f() { return f() + 1; }
let frame = 0;
export function update() {
  frame += 1;
  if (frame === 2) f();
}
