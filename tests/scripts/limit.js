import { check, throws } from "./lib/check.js";
// Run with a limit of 10 live objects.
export function start() {
  const ids = [];
  for (let i = 0; i < 9; i++) ids.push(entity.createCube({ x: i, y: 0, z: 0 }, "#ffffff", 1));
  ids.push(light.create({ type: "point" }));
  throws(RangeError, () => entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1), "too many live script objects", "the 11th object");
  throws(RangeError, () => camera.create({ position: { x: 0, y: 0, z: 0 } }), "the limit is 10", "cameras count too");
  // Destroying one makes room for one.
  check(entity.destroy(ids[0]), "destroy");
  entity.createSphere({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
}
