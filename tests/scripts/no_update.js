// No update export: the app runs on, nothing is called.
export function start() { entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1); }
