export const update = 5;
