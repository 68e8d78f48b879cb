// Reports what each worker frame sees of the input. The update is slow (30 ms), so taps that
// start and end between two worker frames must still be seen.
export function update(dt) {
  const busyUntil = Date.now() + 30;
  while (Date.now() < busyUntil) {}
  const seen = {
    frame: time.frame,
    elapsed: time.elapsed,
    delta: time.delta,
    dt,
    spaceDown: input.isKeyDown("Space"),
    spacePressed: input.wasKeyPressed("Space"),
    spaceReleased: input.wasKeyReleased("Space"),
    wDown: input.isKeyDown("KeyW"),
    leftPressed: input.wasMousePressed("Left"),
    wheel: input.mouseWheel(),
    mouse: input.mousePosition(),
    window: input.windowSize(),
  };
  emit("frame", seen);
  if (time.frame === 1) {
    const errors = [];
    for (const call of [() => input.isKeyDown("keyw"), () => input.isMouseDown("Up"), () => input.isKeyDown()]) {
      try {
        call();
      } catch (error) {
        errors.push(`${error.name}: ${error.message}`);
      }
    }
    emit("input_errors", errors);
  }
}
