// Script UI: a panel with a text, a button, and the props' checks. Each finding is emitted as
// an event the test (tests/integration/ui.rs) reads.
import { check, throws } from "./lib/check.js";

let panel, label, button;
let reported = false;
let clicks = 0;

export function start() {
  // A 200 px panel with 10 px padding, at (100, 50), holding a text.
  panel = ui.create("node", {
    position: "absolute",
    left: 100,
    top: 50,
    width: 200,
    padding: 10,
    flexDirection: "column",
    background: "#20202080",
    borderRadius: 6,
  });
  label = ui.create("text", { text: "coins 0", fontSize: 24, color: "#ffd040" }, panel);
  // A button at (300, 300), 120 × 40, with a label.
  button = ui.create("button", {
    position: "absolute",
    left: 300,
    top: 300,
    width: 120,
    height: 40,
    text: "Resume",
    background: { r: 40, g: 90, b: 200 },
  });
  ui.onClick(button, ({ id }) => {
    clicks += 1;
    ui.update(label, { text: `clicked ${clicks}` });
    emit("onClick", { id, clicks });
  });
  on("ui:click", (event) => emit("click", event));
  on("ui:hover", (event) => emit("hover", event));

  check(ui.get(panel).layout === null, "no layout before the first swap");
  check(ui.get(label).parent === panel, "the text's parent is the panel");
  check(ui.get(label).text === "coins 0", "ui.get gives the props");
  check(ui.get(panel).width === 200 && ui.get(panel).padding === 10, "lengths read back as numbers");
  check(ui.get(button).kind === "button", "the kind");

  // Hostile props: each throws the right error, naming the prop.
  throws(RangeError, () => ui.create("box"), "kind must be", "an unknown kind");
  throws(TypeError, () => ui.create(1), "kind must be", "a kind that is not a string");
  throws(RangeError, () => ui.create("node", { colour: "#fff" }), 'unknown prop "colour"', "a misspelled prop");
  throws(TypeError, () => ui.create("node", { width: true }), "width must be", "a width of the wrong type");
  throws(RangeError, () => ui.create("node", { width: "12em" }), "width must be", "a width in an unknown unit");
  throws(RangeError, () => ui.create("node", { width: NaN }), "width must be", "a width that is not finite");
  throws(RangeError, () => ui.create("node", { padding: { middle: 3 } }), "no side", "an unknown side");
  throws(RangeError, () => ui.create("node", { flexDirection: "diagonal" }), "flexDirection must be one of", "an unknown keyword");
  throws(RangeError, () => ui.create("text", { fontSize: -3 }), "fontSize", "a negative font size");
  throws(RangeError, () => ui.create("text", { fontSize: 1e9 }), "fontSize must be at most", "a huge font size");
  throws(RangeError, () => ui.create("node", { zIndex: 1.5 }), "zIndex must be an integer", "a fractional z-index");
  throws(RangeError, () => ui.create("node", { text: "x" }), "no text", "text on a plain node");
  throws(RangeError, () => ui.create("image", { image: "../Cargo.toml" }), "image", "an image outside the asset folder");
  throws(RangeError, () => ui.create("image", { image: "missing.png" }), "not a file", "a missing image");
  throws(TypeError, () => ui.create("node", { background: 7 }), "background must be", "a color of the wrong type");
  const cube = entity.createCube({ x: 0, y: 0, z: 0 }, "#808080", 1);
  throws(RangeError, () => ui.create("node", {}, cube), "is an entity, not a UI node", "an entity as a parent");
  throws(RangeError, () => ui.create("node", {}, 999999), "not a UI node", "an unknown parent");
  throws(RangeError, () => ui.setParent(panel, label), "cycle", "a cycle");
  throws(RangeError, () => ui.setParent(panel, panel), "cycle", "a node as its own parent");
  throws(RangeError, () => ui.update(cube, { width: 1 }), "is an entity, not a UI node", "updating an entity");
  entity.destroy(cube);
}

export function update() {
  if (reported) return;
  const layout = ui.get(label).layout;
  if (layout !== null && layout.width > 0) {
    reported = true;
    emit("layout", {
      panel: ui.get(panel).layout,
      label: layout,
      button: ui.get(button).layout,
    });
  }
}

// The test asks for the panel to go: its text goes with it.
on("destroyPanel", () => {
  const destroyed = ui.destroy(panel);
  emit("destroyed", {
    destroyed,
    again: ui.destroy(panel),
    panel: ui.get(panel) === undefined,
    label: ui.get(label) === undefined,
    ids: [panel, label],
  });
});
