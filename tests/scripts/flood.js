// One frame creates COUNT entities (x = index) through a small ring, and waits for all of them
// with whenCreated; a marker entity appears once every promise has resolved, in order.
const COUNT = 1000000;
const WAITED = 20000;
let resolved = 0;
let inOrder = true;
export function start() {
  const ids = [];
  for (let i = 0; i < COUNT; i++) ids.push(entity.createCube({ x: i, y: 0, z: 0 }, "#ffffff", 1));
  const promises = [];
  for (let i = 0; i < WAITED; i++) {
    promises.push(entity.whenCreated(ids[i]).then((id) => {
      if (id !== ids[resolved]) inOrder = false;
      resolved += 1;
    }));
  }
  Promise.all(promises).then(() => {
    if (inOrder && resolved === WAITED) entity.createSphere({ x: -1, y: -1, z: -1 }, "#010203", 1);
  });
}
