import { check, near, throws } from "./lib/check.js";

const ids = {};
let created = 0;
let step = 0;

export function start() {
  ids.cube = entity.createCube({ x: 1, y: 2, z: 3 }, { r: 255, g: 0, b: 0 }, 2);
  ids.sphere = entity.createSphere({ x: -1, y: 0, z: 0 }, "#00ff00", 0.5);
  ids.plane = entity.createPlane({ x: 0, y: 0, z: 0 }, "#0000ff80", 10);
  ids.doomed = entity.createCube({ x: 0, y: 5, z: 0 }, { r: 1, g: 2, b: 3, a: 4 }, 1);
  ids.cam1 = camera.create({ position: { x: 0, y: 4, z: 10 }, lookAt: { x: 0, y: 0, z: 0 }, fov: 60 });
  ids.cam2 = camera.create({ position: { x: 10, y: 4, z: 0 } });
  ids.sun = light.create({ type: "directional", direction: { x: -1, y: -2, z: -1 }, intensity: 5000 });
  ids.lamp = light.create({ type: "point", position: { x: 0, y: 3, z: 0 }, color: "#ffaa00" });
  ids.spare = light.create({ type: "point" });
  check(new Set(Object.values(ids)).size === 9, "ids are unique");
  check(entity.get(ids.cube) === undefined, "nothing is readable before the first swap");
  entity.whenCreated(ids.cube).then((id) => { created = id; });
}

export function update(dt) {
  step += 1;
  check(typeof dt === "number" && dt >= 0, "dt is a number");
  if (step === 1) {
    const cube = entity.get(ids.cube);
    check(cube !== undefined, "the cube is readable after the first swap");
    near(cube.position.x, 1, "cube x"); near(cube.position.y, 2, "cube y"); near(cube.position.z, 3, "cube z");
    near(cube.rotation.yaw, 0, "cube yaw");
    near(cube.scale.x, 1, "cube scale");
    check(cube.color.r === 255 && cube.color.g === 0 && cube.color.b === 0 && cube.color.a === 255, "cube color");
    check(cube.visible === true, "cube visible");
    const cam1 = camera.get(ids.cam1);
    check(cam1.active === true && camera.get(ids.cam2).active === false, "the first camera is active");
    near(cam1.fov, 60, "cam1 fov");
    near(cam1.lookAt.y, 0, "cam1 lookAt");

    entity.update(ids.cube, {
      position: { x: 5, y: 6, z: 7 },
      rotation: { yaw: 90, pitch: 0, roll: 0 },
      scale: 2,
      color: "#ffff00",
      visible: false,
    });
    check(entity.destroy(ids.doomed) === true, "destroy returns true");
    check(entity.destroy(ids.doomed) === false, "destroying twice returns false");
    check(entity.destroy(ids.cam1) === false, "entity.destroy ignores cameras");
    camera.update(ids.cam1, { fov: 70 });
    camera.setActive(ids.cam2);
    light.update(ids.lamp, { intensity: 1234 });
    check(light.destroy(ids.spare) === true, "light.destroy");
  } else if (step === 2) {
    check(created === ids.cube, `whenCreated resolved with ${created}`);
    const cube = entity.get(ids.cube);
    near(cube.position.x, 5, "updated x");
    near(cube.rotation.yaw, 90, "updated yaw");
    near(cube.scale.y, 2, "updated scale");
    check(cube.color.r === 255 && cube.color.g === 255 && cube.color.b === 0, "updated color");
    check(cube.visible === false, "hidden");
    check(entity.get(ids.doomed) === undefined, "destroyed entity is gone");
    check(camera.get(ids.cam2).active && !camera.get(ids.cam1).active, "setActive");
    near(camera.get(ids.cam1).fov, 70, "camera fov updated");
    throws(RangeError, () => entity.update(ids.doomed, { visible: true }), "no entity with id", "update of a destroyed id");
    throws(RangeError, () => entity.update(ids.cube, { position: { x: NaN, y: 0, z: 0 } }),
      "entity.update: position.x must be a finite number", "NaN position");
    throws(TypeError, () => entity.createCube({ x: 0, y: 0, z: 0 }, "red", 1), "entity.createCube: color", "bad color");
    throws(RangeError, () => entity.createSphere({ x: 0, y: 0, z: 0 }, "#ffffff", -1), "entity.createSphere: radius", "negative radius");
    throws(RangeError, () => light.create({ type: "spot" }), "light.create: type", "unknown light type");
  }
}
