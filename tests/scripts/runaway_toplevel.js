// The module's top level never finishes.
let spins = 0;
for (;;) {
  spins += 1;
}
export function update() {}
