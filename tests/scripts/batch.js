// entity.setTransforms: one call moves every entity, from typed or plain arrays; bad batches
// throw and move nothing.
const COUNT = 100;
const ids = new Uint32Array(COUNT);
let frame = 0;

export function start() {
  for (let i = 0; i < COUNT; i++) {
    ids[i] = entity.createCube({ x: 0, y: 0, z: 0 }, "#808080", 1);
  }
}

function attempt(label, call) {
  try {
    call();
    return `${label}: no error`;
  } catch (error) {
    return `${label}: ${error.name}: ${error.message}`;
  }
}

export function update() {
  frame += 1;
  if (frame !== 2) return;
  const positions = new Float32Array(COUNT * 3);
  const rotations = new Float32Array(COUNT * 3);
  for (let i = 0; i < COUNT; i++) {
    positions[i * 3] = i;
    positions[i * 3 + 1] = 2;
    rotations[i * 3] = 90;
  }
  // Every bad batch below would move entity 0 to y = 99 if any of it got through.
  const moved = new Float32Array(COUNT * 3).fill(99);
  const badPosition = moved.slice();
  badPosition[COUNT * 3 - 1] = NaN;
  const unknown = ids.slice();
  unknown[COUNT - 1] = 999999;
  // A plain array whose element 4 is a getter: it must be refused without running.
  let getterRan = false;
  const withGetter = [...moved];
  Object.defineProperty(withGetter, 4, { get() { getterRan = true; return 1; } });
  const errors = [
    attempt("ids of strings", () => entity.setTransforms(["1"], [1, 2, 3])),
    attempt("fractional id", () => entity.setTransforms([ids[0] + 0.5], [1, 2, 3])),
    attempt("hole", () => entity.setTransforms([...ids], new Array(COUNT * 3))),
    attempt("string number", () => entity.setTransforms([...ids], [...moved].fill("1", 5))),
    attempt("getter", () => entity.setTransforms([...ids], withGetter)),
    attempt("array-like", () => entity.setTransforms({ length: 1, 0: ids[0] }, [1, 2, 3])),
    attempt("short positions", () => entity.setTransforms(ids, moved.subarray(3))),
    attempt("NaN", () => entity.setTransforms(ids, badPosition)),
    attempt("unknown id", () => entity.setTransforms(unknown, moved)),
    attempt("Float64Array", () => entity.setTransforms(ids, new Float64Array(COUNT * 3))),
    attempt("bad rotations", () => entity.setTransforms(ids, moved, new Float32Array(3))),
  ];
  entity.setTransforms(ids, positions, rotations);
  // A view into a larger buffer, with null rotations: moves only the last entity.
  const buffer = new ArrayBuffer(64);
  const lastId = new Uint32Array(buffer, 4, 1);
  lastId[0] = ids[COUNT - 1];
  const lastPosition = new Float32Array(buffer, 16, 3);
  lastPosition.set([7, 8, 9]);
  entity.setTransforms(lastId, lastPosition, null);
  // Plain arrays work too: entity 98 moves again, keeping its rotation.
  entity.setTransforms([ids[COUNT - 2]], [4, 5, 6], [90, 0, 0]);
  if (getterRan) errors.push("the getter ran");
  emit("errors", errors);
}
