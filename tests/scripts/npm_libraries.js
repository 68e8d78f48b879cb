// Two npm packages, unmodified, as `.ci/run` installs them into tests/scripts/node_modules:
// cannon-es (a physics engine; World.fixedStep paces itself with performance.now()) and
// lodash-es's debounce (setTimeout / clearTimeout, Date.now).
import { Body, Plane, Sphere, Vec3, World } from "./node_modules/cannon-es/dist/cannon-es.js";
import debounce from "./node_modules/lodash-es/debounce.js";

const world = new World({ gravity: new Vec3(0, -9.82, 0) });
const ball = new Body({ mass: 1, shape: new Sphere(0.5), position: new Vec3(0, 5, 0) });
const ground = new Body({ mass: 0, shape: new Plane() });
ground.quaternion.setFromEuler(-Math.PI / 2, 0, 0);
world.addBody(ball);
world.addBody(ground);
// A second world stepped in real time, as games do.
const realTime = new World({ gravity: new Vec3(0, -9.82, 0) });

let cube;
let frames = 0;
let lowest = Infinity;
/** @type {number[]} */
const fired = [];
const settle = debounce((frame) => fired.push(frame), 40);

export function start() {
  cube = entity.createSphere({ x: 0, y: 5, z: 0 }, "#3080ff", 0.5);
}

export function update() {
  frames += 1;
  // 120 fixed steps of 1/60 s: two seconds of simulated time, whatever the frame rate.
  if (frames <= 120) {
    world.step(1 / 60);
    realTime.fixedStep();
    const { x, y, z } = ball.position;
    lowest = Math.min(lowest, y);
    entity.setPosition(cube, x, y, z);
  }
  // Called every frame for the first ten frames: it fires once, 40 ms after the last call.
  if (frames <= 10) settle(frames);
  if (frames === 120) {
    emit("npm", { y: ball.position.y, lowest, fired, time: world.time, realTime: realTime.time });
  }
}
