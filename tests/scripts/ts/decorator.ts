function sealed(target: unknown): unknown {
  return target;
}

@sealed
export class Box {}
