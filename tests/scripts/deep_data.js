// Deep data is an error the script can catch, never an abort: builtins that walk a
// 200,000-deep array throw a RangeError.
function caught(f) {
  try {
    f();
    return "no error";
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}

export function start() {
  let deep = [];
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const stringify = caught(() => JSON.stringify(deep));
  const string = caught(() => String(deep));
  const replacer = caught(() => JSON.stringify(deep, (key, value) => value));
  // Shallow data is untouched by the guards.
  const shallow = JSON.stringify({ a: [1, { b: 2 }] }, (key, value) => (key === "b" ? 3 : value));
  deep = null;
  emit("deep", { stringify, string, replacer, shallow, joined: String([[1, 2], [3]]) });
}

export function update() {}
