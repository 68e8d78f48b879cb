import "../../Cargo.toml";
export function update() {}
