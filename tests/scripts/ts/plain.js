// A JavaScript module imported by TypeScript, which imports TypeScript in turn.
import { shout } from "./shout.ts";

export function plain(text) {
  return shout(text) + " (via js)";
}
