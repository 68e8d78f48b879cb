// Counts its frames and says so every 5th; nothing else.
let frames = 0;
export function update() {
  frames += 1;
  if (frames % 5 === 0) emit("counted", { frames });
}
