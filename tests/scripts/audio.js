// Script sounds: play, read back, change, stop; hostile options refused, naming the option;
// the end of a sound (or its despawn by Rust) heard as `audio:end`.
import { check, throws } from "./lib/check.js";

let once;
let looped;
let ended = [];

export function start() {
  once = audio.play("sounds/blip.wav", { volume: 0.5 });
  looped = audio.play("sounds/blip.wav", { loop: true, position: { x: 1, y: 0, z: -2 }, speed: 1.5 });
  check(typeof once === "number" && once !== looped, "ids");

  // What the script asked for, at once (no round trip).
  const got = audio.get(once);
  check(got.path === "sounds/blip.wav", "path");
  check(got.volume === 0.5 && got.loop === false && got.speed === 1, "settings");
  check(got.paused === false && got.position === null, "not spatial");
  check(got.playing === false, "nothing plays before the main thread saw it");
  const spatial = audio.get(looped);
  check(spatial.loop === true && spatial.speed === 1.5, "looped settings");
  check(spatial.position.x === 1 && spatial.position.z === -2, "position");

  // Paths stay inside the asset folder and name sound files that exist.
  throws(RangeError, () => audio.play("../Cargo.toml"), "inside it", "a path out of the folder");
  throws(RangeError, () => audio.play("/etc/passwd.wav"), "inside it", "an absolute path");
  throws(RangeError, () => audio.play("sounds/missing.wav"), "not a file", "a missing file");
  throws(RangeError, () => audio.play("scenes/marker.gltf"), ".ogg or .oga or .wav", "not a sound");
  throws(TypeError, () => audio.play(7), "path", "a number for a path");
  // Options are checked, each named.
  throws(RangeError, () => audio.play("sounds/blip.wav", { volume: -1 }), "volume", "negative volume");
  throws(RangeError, () => audio.play("sounds/blip.wav", { volume: 1e9 }), "volume", "huge volume");
  throws(TypeError, () => audio.play("sounds/blip.wav", { volume: "loud" }), "volume", "a string volume");
  throws(RangeError, () => audio.play("sounds/blip.wav", { speed: 0 }), "speed", "zero speed");
  throws(TypeError, () => audio.play("sounds/blip.wav", { loop: 1 }), "loop", "a number for loop");
  throws(TypeError, () => audio.play("sounds/blip.wav", { position: { x: 1 } }), "position", "half a position");
  throws(RangeError, () => audio.play("sounds/blip.wav", { bogus: 1 }), "bogus", "an unknown option");
  throws(TypeError, () => audio.play("sounds/blip.wav", 5), "options", "options not an object");
  // Updates too; a sound played without a position cannot be moved.
  throws(RangeError, () => audio.update(once, { position: { x: 0, y: 0, z: 0 } }), "without a position", "moving a flat sound");
  throws(RangeError, () => audio.update(once, { loop: true }), "\"loop\"", "loop is fixed");
  throws(RangeError, () => audio.update(once, { speed: -2 }), "speed", "negative speed");
  throws(RangeError, () => audio.update(123456, { volume: 1 }), "not a playing sound", "an unknown id");
  const cube = entity.createCube({ x: 0, y: 0, z: 0 }, "#ffffff", 1);
  throws(RangeError, () => audio.update(cube, { volume: 1 }), "not a playing sound", "an entity");
  check(audio.get(cube) === undefined, "an entity is not a sound");
  check(audio.stop(cube) === false, "stop does not destroy entities");

  audio.update(once, { volume: 0.25, paused: true });
  const changed = audio.get(once);
  check(changed.volume === 0.25 && changed.paused === true && changed.speed === 1, "an update");
  audio.update(looped, { position: { x: 3, y: 0, z: 0 } });
  check(audio.get(looped).position.x === 3, "moved");
  emit("started", { once, looped });
}

on("audio:end", ({ id }) => {
  // Gone from the book before the handler runs.
  ended.push({ id, gone: audio.get(id) === undefined, stopAgain: audio.stop(id) });
  emit("ended", { ended });
});

on("report", () => {
  emit("report", { once: audio.get(once) ?? null, looped: audio.get(looped) ?? null });
});

on("stop", () => {
  const stopped = audio.stop(once);
  emit("stopped", { stopped, after: audio.get(once) ?? null, again: audio.stop(once) });
});

on("resume", () => {
  audio.update(once, { paused: false });
  emit("resumed", {});
});
