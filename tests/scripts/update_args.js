// entity.update reads its argument the way JS reads properties: own or inherited, plain,
// class instances with getters, proxies, null-prototype objects; and entity.setPosition.
// Entity k ends at x = k + 1.

const ids = [];

export function start() {
  for (let i = 0; i < 7; i++) ids.push(entity.createCube({ x: 0, y: 0, z: 0 }, "#808080", 1));
}

class Move {
  get position() {
    return { x: 3, y: 0, z: 0 };
  }
}

let frame = 0;
export function update() {
  frame += 1;
  if (frame !== 2) return;
  // A plain literal.
  entity.update(ids[0], { position: { x: 1, y: 0, z: 0 } });
  // Inherited from a prototype that is not Object.prototype.
  entity.update(ids[1], Object.create({ position: { x: 2, y: 0, z: 0 } }));
  // A getter on a class instance.
  entity.update(ids[2], new Move());
  // A proxy.
  const proxy = new Proxy({}, {
    get: (_, key) => (key === "position" ? { x: 4, y: 0, z: 0 } : undefined),
  });
  entity.update(ids[3], proxy);
  // A field inherited from Object.prototype reaches a plain literal too.
  Object.defineProperty(Object.prototype, "scale", { value: 5, configurable: true });
  try {
    entity.update(ids[4], { position: { x: 5, y: 0, z: 0 } });
  } finally {
    delete Object.prototype.scale;
  }
  // A null-prototype object whose position has an accessor.
  const changes = Object.create(null);
  changes.position = { get x() { return 6; }, y: 0, z: 0 };
  entity.update(ids[5], changes);
  // The argument-free form.
  entity.setPosition(ids[6], 7, 0, 0);
  emit("updated", null);
}
