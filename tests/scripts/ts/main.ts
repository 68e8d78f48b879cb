// Every TypeScript syntax the loader must take: enums (string and const), namespaces,
// parameter properties, `satisfies`, generics, `as`, `!`, abstract classes, overloads,
// `import type`, and imports of .ts (without extension) and .js modules.
import { Color, Flag, Geometry, first } from "./util";
import type { Color as ColorType } from "./util";
import { plain } from "./plain.js";

interface Score {
  value: number;
  label?: string;
}

type Pair<A, B> = [A, B];

abstract class Shape {
  constructor(protected readonly name: string) {}
  abstract area(): number;
  describe(): string {
    return `${this.name}: ${this.area()}`;
  }
}

class Square extends Shape {
  constructor(private side: number) {
    super("square");
  }
  area(): number {
    return this.side * this.side;
  }
}

function pick(value: string): string;
function pick(value: number): number;
function pick(value: string | number): string | number {
  return value;
}

const score = { value: 3 } satisfies Score;
const pair: Pair<string, number> = ["a", 1];
let maybe: Score | undefined = { value: 9, label: "nine" };

export function start(): void {
  const color: ColorType = Color.Green;
  const results = {
    color,
    red: Color.Red,
    flags: Flag.A | Flag.B,
    doubled: Geometry.double(Geometry.unit),
    first: first<string>(["x", "y"]),
    area: new Square(3).describe(),
    pick: pick("p") + pick(2),
    score: score.value,
    pair: pair[0] as string,
    label: maybe!.label,
    plain: plain("hi"),
  };
  emit("ts", results);
}
