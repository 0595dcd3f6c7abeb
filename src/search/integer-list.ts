/**
 * Comma-separated integers as SQLite's group_concat and PostgreSQL's array_to_string hand them over
 * (ids, times), read digit by digit: a search reads several thousand at a time, and
 * split(',').map(Number) was slower.
 */
export function forEachInteger(list: string | null, each: (n: number) => void): void {
  if (!list) return;
  let n = 0;
  let sign = 1;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      each(sign * n);
      n = 0;
      sign = 1;
    } else if (c === 45) sign = -1;
    else n = n * 10 + c - 48;
  }
  each(sign * n);
}

export function splitIntegers(list: string | null): number[] {
  const out: number[] = [];
  forEachInteger(list, (n) => out.push(n));
  return out;
}
