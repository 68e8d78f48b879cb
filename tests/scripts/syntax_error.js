export function update() {
  let x = ;
}
