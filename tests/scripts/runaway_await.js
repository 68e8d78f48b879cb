// The second update loops forever in an `await` continuation, a promise job.
let frames = 0;
export async function update() {
  frames += 1;
  if (frames === 2) {
    await null;
    for (;;) {}
  }
}
