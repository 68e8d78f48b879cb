export function update() {
  Promise.reject(new TypeError("nobody handles this"));
  Promise.resolve().then(() => { throw new RangeError("thrown in a promise job"); });
  Promise.reject(new Error("handled")).catch(() => {});
}
