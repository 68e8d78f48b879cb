// A syntax error on line 4, column 17.
const ok: number = 1;

const broken = (ok: number => ok;
