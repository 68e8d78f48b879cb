// Verbs both ways: the script calls the game's Rust code (`game.*`), and the game calls the
// script's exports. Each finding is emitted as an event the test reads.
import { check, throws } from "./lib/check.js";

let player;
let frame = 0;
let ran = false;

export async function update() {
  frame += 1;
  // The player is visible from the first swap after Rust spawned it.
  player ??= world.find("Player");
  if (player === undefined || ran) return;
  ran = true;

  // Names the game did not expose are simply absent.
  check(game.nope === undefined, "game.nope is absent");
  check(typeof game.hurt === "function" && typeof game.noise === "function", "verbs are functions");

  // A function verb runs here and now.
  check(game.noise([1, 2]) === 3, `noise([1, 2]) is ${game.noise([1, 2])}`);
  throws(Error, () => game.noise([-1, 0]), "noise is not defined below zero", "noise's Err");
  throws(TypeError, () => game.noise([1, "2"]), "(f32, f32)[1] must be a number", "noise's argument type");
  throws(RangeError, () => game.noise([1, 1e39]), "within 32-bit float range", "noise's argument range");
  throws(TypeError, () => game.noise([1]), "must be an array of 2 numbers", "noise's argument length");
  // Plain numbers may also come as separate arguments.
  check(game.noise(1, 2) === 3, `noise(1, 2) is ${game.noise(1, 2)}`);
  throws(Error, () => game.noise(-1, 0), "noise is not defined below zero", "noise's Err, separate");
  throws(TypeError, () => game.noise(1, "2"), "(f32, f32)[1] must be a number", "a separate argument's type");
  throws(RangeError, () => game.noise(1, 1e39), "within 32-bit float range", "a separate argument's range");
  throws(TypeError, () => game.noise(1, 2, 3), "takes 2 numbers (or an array of them), not 3", "too many separate numbers");
  throws(TypeError, () => game.hurt({ target: player, amount: "a lot" }), "Hurt.amount", "a field's type");
  throws(RangeError, () => game.hurt({ target: player, amont: 1 }), "amont", "an unknown field");
  throws(RangeError, () => game.hurt({ target: -1, amount: 1 }), "Hurt.target", "a field's range");
  throws(TypeError, () => game.count(1), "takes no argument", "an argument to a verb that takes none");

  // A system verb runs in order with this script's commands: it sees the write just before it.
  world.set(player, "Health", { current: 7 });
  const sent = performance.now();
  const calledAt = frame;
  const left = await game.hurt({ target: player, amount: 2 });
  emit("hurt", { left, frames: frame - calledAt, resolvedIn: performance.now() - sent });

  // An `Err` rejects with its message; a panic rejects and the verb still works afterwards.
  const rejections = [];
  for (const call of [
    () => game.hurt({ target: player, amount: -1 }),
    () => game.explode(),
  ]) {
    try {
      await call();
      rejections.push("resolved");
    } catch (e) {
      rejections.push(`${e instanceof Error}:${e.message}`);
    }
  }
  const afterPanic = await game.explode({ fuse: 0 }).catch((e) => `rejected: ${e.message}`);
  emit("rejections", { rejections, afterPanic });

  // Far more calls than one frame applies (the per-frame limit is small in this test): they
  // all resolve, in order.
  const counts = await Promise.all(Array.from({ length: 40 }, () => game.count()));
  emit("counted", { counts });

  // Untyped JSON both ways.
  emit("echo", await game.echo({ a: [1, "b", null] }));
}

/** Called from Rust. */
export function add(a, b) {
  return a + b;
}

/** Called from Rust: its promise is awaited. */
export async function later(value) {
  await null;
  return { value, frame };
}

export function fail() {
  throw new Error("the script says no");
}

export function spin() {
  for (;;) {}
}
