// Imported as "./util" (no extension): the loader finds util.ts first.
export enum Color {
  Red = "red",
  Green = "green",
}

export const enum Flag {
  A = 1,
  B = A << 1,
}

export namespace Geometry {
  export const unit: number = 1;
  export function double(n: number): number {
    return n * 2;
  }
}

export function first<T>(items: readonly T[]): T | undefined {
  return items[0];
}
