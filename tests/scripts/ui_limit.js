// UI nodes count toward `max_script_objects` (5 here).
export function start() {
  const made = [];
  let error = null;
  try {
    for (let i = 0; i < 10; i++) made.push(ui.create("node", { width: 10 }));
  } catch (e) {
    error = String(e);
  }
  // Destroying one makes room for one.
  ui.destroy(made[0]);
  let afterDestroy = false;
  try {
    ui.create("text", { text: "again" });
    afterDestroy = true;
  } catch (e) {
    afterDestroy = String(e);
  }
  emit("limit", { made: made.length, error, afterDestroy });
}
