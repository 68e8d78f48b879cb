import { missing } from "./lib/does_not_exist.js";
export function update() { missing(); }
