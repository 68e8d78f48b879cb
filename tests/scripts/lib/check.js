// Assertions for test scripts: a failed check throws, and the test sees a counted JS error.
export function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
}

export function near(a, b, what) {
  check(Math.abs(a - b) < 1e-3, `${what}: ${a} is not ${b}`);
}

export function throws(kind, f, fragment, what) {
  try {
    f();
  } catch (e) {
    check(e instanceof kind, `${what}: threw ${e} instead of a ${kind.name}`);
    check(String(e.message).includes(fragment), `${what}: message "${e.message}" lacks "${fragment}"`);
    return;
  }
  check(false, `${what}: did not throw`);
}
