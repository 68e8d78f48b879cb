import { check } from "./lib/check.js";
// Scripts reach only the plugin's API.
let escaped = "pending";
export function start() {
  for (const name of ["require", "process", "fetch", "XMLHttpRequest", "WebSocket", "Deno", "Bun", "module", "exports", "__dirname", "std", "os", "print", "scriptArgs"]) {
    check(typeof globalThis[name] === "undefined", `${name} is not available`);
  }
  import("../../Cargo.toml").then(
    () => { escaped = "yes"; },
    (e) => { escaped = e instanceof TypeError && String(e.message).includes("inside their folder") ? "no" : String(e); },
  );
}
export function update() {
  if (escaped === "no") {
    escaped = "reported";
    entity.createCube({ x: 0, y: 0, z: 0 }, "#010203", 1);
  } else {
    check(escaped === "pending" || escaped === "reported", `dynamic import outcome: ${escaped}`);
  }
}
