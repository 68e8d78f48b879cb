// Every frame: an exception from update and a promise rejection nobody handles.
let frame = 0;
export function update() {
  frame += 1;
  Promise.reject(new Error(`unhandled rejection ${frame}`));
  throw new Error(`storm ${frame}`);
}
