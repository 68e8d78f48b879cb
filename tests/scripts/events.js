// Events both ways, and payloads that are not JSON.
on("ping", (payload) => emit("pong", { n: payload.n * 2, tags: payload.tags }));
on("ping", (payload) => {
  if (payload.n === 2) throw new Error("second handler fails on 2");
});
const once = () => emit("once", null);
on("once", once);
on("once", () => off("once", once));

function attempt(label, payload) {
  try {
    emit("bad", payload);
    return `${label}: no error`;
  } catch (error) {
    return `${label}: ${error.name}: ${error.message}`;
  }
}

export function start() {
  const cyclic = { a: {} };
  cyclic.a.back = cyclic;
  let deep = {};
  for (let i = 0; i < 100; i++) deep = { deep };
  emit("not_json", [
    attempt("function", { f() {} }),
    attempt("cycle", cyclic),
    attempt("bigint", { n: 1n }),
    attempt("nan", [1, NaN]),
    attempt("symbol", Symbol("s")),
    attempt("deep", deep),
  ]);
  emit("json", { s: "text", n: -1.5, b: true, z: null, a: [1, undefined, "x"], skip: undefined });
  emit("nothing");
  // A promise reaction's return value reaches the next reaction (budgeted job calls).
  Promise.resolve(1).then((x) => x + 1).then((v) => emit("chained", v));
  try {
    on("x", 3);
  } catch (error) {
    emit("bad_on", `${error.name}: ${error.message}`);
  }
}
