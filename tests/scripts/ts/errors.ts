// An error raised 40 lines into a file with types and an enum above it: reported at its
// TypeScript line and column.
enum Level {
  Low,
  Medium,
  High,
}

interface Hit {
  level: Level;
  damage: number;
  source?: string;
}

type Handler<T> = (value: T) => void;

function apply<T>(value: T, handler: Handler<T>): void {
  handler(value);
}

const hits: Hit[] = [
  { level: Level.Low, damage: 1 },
  { level: Level.High, damage: 9, source: "boss" },
];

function total(list: readonly Hit[]): number {
  let sum: number = 0;
  for (const hit of list) {
    sum += hit.damage as number;
  }
  return sum;
}

export function start(): void {
  apply<number>(total(hits), (value: number): void => {
    emit("total", { value });
  });
}

export function fail(): never {
  throw new Error(`boom at level ${Level[Level.High]}`);
}

on("fail", (): void => {
  fail();
});
