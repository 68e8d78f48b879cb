// Deep data and deep recursion are errors the script can catch, never an abort.
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
  const recursion = caught(function down() {
    return down() + 1;
  });
  deep = null;
  emit("deep", { stringify, recursion });
}

export function update() {}
