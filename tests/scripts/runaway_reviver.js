// The second update loops forever inside a builtin's callback (a JSON.parse reviver).
let frames = 0;
export function update() {
  frames += 1;
  if (frames === 2) {
    JSON.parse("[1, 2]", function spin() {
      for (;;) {}
    });
  }
}
