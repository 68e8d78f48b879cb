// Creates a cube, then panics in native code on the third frame (test hook).
let frame = 0;
export function start() {
  entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
export function update() {
  frame += 1;
  if (frame === 3) __panicInNativeCode();
}
