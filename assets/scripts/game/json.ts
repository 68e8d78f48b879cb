/// <reference path="../bevy_js_worker.d.ts" />
// Reading back the JSON state that `onUnload` handed to `onReload`: it comes from another
// version of the scripts, so every field is checked before it is trusted.

/** The value as a JSON object, or null. */
export function asObject(value: JsonValue | undefined): { [key: string]: JsonValue } | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
}

/** The value as a finite number, or null. */
export function asNumber(value: JsonValue | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The value as a script object id (a positive integer), or null. */
export function asId(value: JsonValue | undefined): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : null;
}
