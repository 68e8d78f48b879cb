// Reports every global the runtime defines on top of ECMAScript's own, with the own member
// names of those that are objects, so that `typings.rs` can compare them with `JS_API` (and,
// through it, with the typings).

// The ECMAScript globals (ES2025, plus proposals the engines may enable), and what Boa and
// QuickJS add on their own.
const STANDARD = new Set([
  // Value and function properties of the global object.
  "globalThis", "Infinity", "NaN", "undefined",
  "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
  "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  // Constructors and namespaces.
  "AggregateError", "Array", "ArrayBuffer", "AsyncDisposableStack", "Atomics", "BigInt",
  "BigInt64Array", "BigUint64Array", "Boolean", "DataView", "Date", "DisposableStack", "Error",
  "EvalError", "FinalizationRegistry", "Float16Array", "Float32Array", "Float64Array",
  "Function", "Int8Array", "Int16Array", "Int32Array", "Intl", "Iterator", "JSON", "Map",
  "Math", "Number", "Object", "Promise", "Proxy", "RangeError", "ReferenceError", "Reflect",
  "RegExp", "Set", "SharedArrayBuffer", "String", "SuppressedError", "Symbol", "SyntaxError",
  "Temporal", "TypeError", "URIError", "Uint8Array", "Uint8ClampedArray", "Uint16Array",
  "Uint32Array", "WeakMap", "WeakRef", "WeakSet",
  // Boa 0.22 exposes the %TypedArray% intrinsic as a global.
  "TypedArray",
  // QuickJS-ng's own: its error class for engine limits, and the web's DOMException and
  // base64 helpers (no I/O).
  "InternalError", "DOMException", "atob", "btoa",
]);

// The worker's own plumbing (the budgeted calls into the script), not API.
const INTERNAL_PREFIX = "__bevyJsWorker";

export function start() {
  const globals = {};
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (STANDARD.has(name) || name.startsWith(INTERNAL_PREFIX)) continue;
    const value = globalThis[name];
    const type = value === null ? "null" : typeof value;
    globals[name] = {
      type,
      members: type === "object" ? Object.getOwnPropertyNames(value) : [],
    };
  }
  emit("api", { globals });
}

export function update() {}
