// @ts-check
/// <reference path="./bevy_js_worker.d.ts" />
// The scene of the `cubes` example, built and animated entirely from JavaScript.
// Runs on the JS worker thread; every call below becomes a command for Bevy's main thread.

/** @type {{ id: number, x: number, phase: number, spin: number, sphere?: boolean }[]} */
const shapes = [];
let time = 0;

export function start() {
  // Off-center to the left, so that the scene sits right of the metrics overlay.
  camera.create({ position: { x: -2.5, y: 5, z: 11 }, lookAt: { x: -2.5, y: 0.5, z: 0 }, fov: 50 });
  light.create({ type: "directional", direction: { x: -0.4, y: -1, z: -0.6 }, intensity: 6000 });
  light.create({ type: "point", position: { x: 0, y: 4, z: 3 }, color: "#fff2d0", intensity: 800000 });

  entity.createPlane({ x: 0, y: 0, z: 0 }, "#5a5f66", 16);

  const palette = [
    { r: 230, g: 40, b: 40 },   // red
    { r: 40, g: 200, b: 60 },   // green
    { r: 40, g: 90, b: 230 },   // blue
    { r: 240, g: 210, b: 40 },  // yellow
  ];
  palette.forEach((color, i) => {
    const x = -4.5 + i * 3;
    const id = entity.createCube({ x, y: 0.75, z: 0 }, color, 1.5);
    shapes.push({ id, x, phase: i * 0.8, spin: 40 + i * 25 });
  });
  shapes.push({ id: entity.createSphere({ x: -2, y: 0.8, z: 3 }, "#e040e0", 0.8), x: -2, phase: 0, spin: 0, sphere: true });
  shapes.push({ id: entity.createSphere({ x: 2, y: 0.8, z: 3 }, "#30d8e0", 0.8), x: 2, phase: 1.5, spin: 0, sphere: true });

  entity.whenCreated(shapes[0].id).then((id) => console.log(`the first cube (id ${id}) exists in Bevy`));
}

/** @param {number} dt seconds since the previous worker frame */
export function update(dt) {
  time += dt;
  for (const shape of shapes) {
    const state = entity.get(shape.id);
    if (!state) continue; // not swapped in yet
    if (shape.sphere) {
      const y = 0.8 + Math.abs(Math.sin(time * 2 + shape.phase)) * 1.2;
      // Only the position changes: setPosition skips building argument objects.
      entity.setPosition(shape.id, shape.x, y, 3);
    } else {
      const yaw = state.rotation.yaw + shape.spin * dt;
      const y = 0.75 + Math.sin(time * 1.5 + shape.phase) * 0.25;
      entity.update(shape.id, {
        position: { x: shape.x, y, z: 0 },
        rotation: { yaw, pitch: 0, roll: 0 },
      });
    }
  }
}
