// Runs every workload in `lib.js` on the worker, and cannon-es (20 boxes falling on a plane,
// 300 steps) if it is installed in benches/scripts/node_modules; emits the median times.
import { WORKLOADS, time } from "./workloads/lib.js";

const REPS = 3;

async function cannon() {
  try {
    const CANNON = await import("./node_modules/cannon-es/dist/cannon-es.js");
    return () => {
      const world = new CANNON.World({ gravity: new CANNON.Vec3(0, -9.82, 0) });
      const ground = new CANNON.Body({ mass: 0, shape: new CANNON.Plane() });
      ground.quaternion.setFromEuler(-Math.PI / 2, 0, 0);
      world.addBody(ground);
      for (let i = 0; i < 20; i++) {
        const shape = new CANNON.Box(new CANNON.Vec3(0.5, 0.5, 0.5));
        world.addBody(new CANNON.Body({ mass: 1, shape, position: new CANNON.Vec3(i % 5, 2 + i, 0) }));
      }
      for (let step = 0; step < 300; step++) world.step(1 / 60);
      return world.bodies.length;
    };
  } catch {
    return null;
  }
}

export async function start() {
  const results = {};
  for (const [name, [f, expected]] of Object.entries(WORKLOADS)) {
    const { ms, result } = time(f, REPS, () => performance.now());
    results[name] = { ms, ok: result === expected };
  }
  const physics = await cannon();
  if (physics) {
    const { ms, result } = time(physics, REPS, () => performance.now());
    results["cannon-es (20 boxes, 300 steps)"] = { ms, ok: result === 21 };
  }
  emit("workloads", results);
}

export function update() {}
