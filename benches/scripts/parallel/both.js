// Both scripts' work in one worker: twice `n` iterations per update.
import { work } from "./work.js";

let n = 0;
on("work", (payload) => { n = payload.n; });

export function update() {
  if (n > 0) {
    work(n);
    work(n);
  }
}
