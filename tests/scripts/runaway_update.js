// Runs away in its second update: an endless loop two calls deep.
let frame = 0;
function spin() {
  let n = 0;
  while (true) { n += 1; }
}
export function start() {
  entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
export function update() {
  frame += 1;
  if (frame === 2) spin();
}
