let frame = 0;
export function update() {
  frame += 1;
  throw new Error(`failure number ${frame}`);
}
