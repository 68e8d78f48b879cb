// Tries every id it can think of: only visible entities may change.
export function start() {
  let changed = 0;
  for (let id = 1; id <= 300; id++) {
    try {
      world.set(id, "Health", { current: 99 });
      changed += 1;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  emit("tried", { changed });
}

let reported = false;
export function update() {
  if (reported || world.query("Health").length === 0) return;
  reported = true;
  emit("seen", {
    withHealth: world.query("Health"),
    all: world.query(),
    hidden: world.find("Hidden") ?? null,
  });
}
