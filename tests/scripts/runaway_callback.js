// Runs away in a whenCreated continuation, i.e. in a promise job after a callback.
export function start() {
  const id = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
  entity.whenCreated(id).then(() => {
    while (true) {}
  });
}
