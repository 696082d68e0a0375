/**
 * Kazakh IIN/BIN control digit: weights 1..11 over the first 11 digits mod 11; if that is 10, weights
 * 3..11,1,2; if still 10 the number is invalid. The 12th digit must equal the result.
 */
export function iinControlDigit(first11: string): number | undefined {
  if (!/^\d{11}$/.test(first11)) return undefined;
  const digits = [...first11].map(Number);
  const pass = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
  let control = pass([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (control === 10) control = pass([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return control === 10 ? undefined : control;
}

export function isValidIin(value: string): boolean {
  return /^\d{12}$/.test(value) && iinControlDigit(value.slice(0, 11)) === Number(value[11]);
}
