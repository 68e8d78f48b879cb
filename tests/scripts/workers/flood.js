// Floods its command ring: 200,000 moves of one cube every update.
let id;
export function start() {
  id = entity.createCube({ x: 0, y: 0, z: 0 }, "#0000ff", 1);
}
export function update() {
  for (let i = 0; i < 200000; i++) entity.setPosition(id, i, 0, 0);
}
