// The third update allocates without bound; the script keeps everything it allocates.
const kept = [];
let frames = 0;
export function start() {
  entity.createCube({ x: 0, y: 0, z: 0 }, "#808080", 1);
}
export function update() {
  frames += 1;
  if (frames === 3) {
    for (;;) kept.push(new Array(10_000).fill(frames));
  }
}
