export function start() {
  for (let i = 0; i < 50; i++) entity.createCube({ x: i, y: 0, z: 0 }, "#ff0000", 1);
  for (let i = 0; i < 10; i++) entity.createCube({ x: i, y: 2, z: 0 }, { r: 0, g: 0, b: 255 }, 1);
  for (let i = 0; i < 10; i++) entity.createSphere({ x: i, y: 4, z: 0 }, "#ff0000", 0.5);
}
