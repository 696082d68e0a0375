/**
 * Valid-looking IINs for demo and test people: birth date, century-and-sex digit, a serial, and the control
 * digit of the national algorithm (the signatures engine's implementation, so both sides agree).
 */
import { iinControlDigit } from '../../signing/policy/iin';

export type Sex = 'male' | 'female';

/** The 7th digit: 1/2 for the 19th century, 3/4 for the 20th, 5/6 for the 21st (odd = male). */
function centuryDigit(year: number, sex: Sex): number {
  const base = year < 1900 ? 1 : year < 2000 ? 3 : 5;
  return sex === 'male' ? base : base + 1;
}

/**
 * The IIN of a person born on `birthDate` (YYYY-MM-DD) with the first serial at or after `serial` whose
 * control digit exists (about one serial in eleven has none and is never issued).
 */
export function makeIin(birthDate: string, sex: Sex, serial: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new Error(`makeIin: "${birthDate}" is not YYYY-MM-DD`);
  const [, year, month, day] = match;
  for (let s = serial; s < serial + 20; s++) {
    const first11 = `${year.slice(2)}${month}${day}${centuryDigit(Number(year), sex)}${String(s % 10_000).padStart(4, '0')}`;
    const control = iinControlDigit(first11);
    if (control !== undefined) return `${first11}${control}`;
  }
  throw new Error('makeIin: no serial with a control digit found'); // unreachable: 10 in a row never fail
}
