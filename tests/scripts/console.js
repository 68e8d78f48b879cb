// The live console's target: module bindings to read and change, a function to call, and a
// frame counter that shows the script keeps running after a runaway evaluation is stopped.
export let health = 7;
const player = { name: "robot", position: { x: 1, y: 2, z: 3 }, tags: ["a", "b"] };
let frames = 0;

export function hurt(amount) {
  if (typeof amount !== "number") throw new TypeError("hurt: amount must be a number");
  health -= amount;
  return health;
}

export function update() {
  frames += 1;
  if (frames === 1) console.log("console.js is running");
}

on("report", () => emit("report", { health, frames, name: player.name }));
