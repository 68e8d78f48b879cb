// The second update loops forever in an `await` continuation, a promise job. The loop does
// some work, as real runaways do: Boa cannot interrupt an `await` continuation, and it drops
// the error its loop-iteration limit raises there, so only a job that overran the budget
// can be reported on Boa.
let frames = 0;
let value = 1;
export async function update() {
  frames += 1;
  if (frames === 2) {
    await null;
    for (;;) {
      value = (value * 31 + 7) % 1_000_003;
    }
  }
}
