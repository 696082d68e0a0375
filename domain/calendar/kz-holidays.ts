/**
 * Kazakhstan's statutory non-working days for a year, from the `date-holidays` data plus the carry-over rule.
 *
 * What `date-holidays` (3.37, `new Holidays('KZ')`) gives: every KZ entry has type 'public' (there are no
 * observances), including Orthodox Christmas (7 January) and Kurban ait (10 Dhu al-Hijjah, computed from the Hijri
 * calendar). It also emits substitute days, but it substitutes each holiday on its own ("if saturday then next
 * monday"), which is wrong when holidays are adjacent: in 2026 Nauryz falls on Sat 21, Sun 22 and Mon 23 March, the
 * library yields 23 and 24 March and misses 25 March. So we take only the holidays themselves and compute the
 * carry-over days here, as the law states it: when a day off coincides with a holiday, the next WORKING day after the
 * holiday is a day off (Law "On holidays in the Republic of Kazakhstan", art. 5; Labour Code art. 85) — except the
 * religious holidays, Orthodox Christmas and the first day of Kurban ait, which are days off but never carried over.
 *
 * Decree transfers (a Saturday made working in exchange for a weekday off) are not rules; they are in
 * `kz-decree-overrides.ts` and in the admins' override table.
 */
import Holidays from 'date-holidays';
import dateHolidaysPackage from 'date-holidays/package.json';
import { addCalendarDays, isWeekend, yearOf } from './business-calendar';

/** The holiday data source, named in docs and audit so a changed library version is visible. */
export const KZ_HOLIDAY_SOURCE = {
  library: 'date-holidays',
  version: dateHolidaysPackage.version,
  country: 'KZ',
};

/**
 * The range we agree to compute. From 2024: Kazakhstan has been on one fixed offset (UTC+5) since 2024-03-01 and the
 * shipped decree table starts in 2024; earlier years would be silently incomplete.
 */
export const KZ_MIN_YEAR = 2024;
export const KZ_MAX_YEAR = 2100;

export interface KzHoliday {
  date: string;
  name: string;
  /** False for the religious holidays, which are not carried over when they fall on a weekend. */
  carriedOver: boolean;
}

export interface KzNonWorkingDay {
  date: string;
  kind: 'holiday' | 'carry-over';
  reason: string;
}

// The two religious holidays, by their `date-holidays` rule: Orthodox Christmas is the fixed rule "01-07", Kurban ait
// the Hijri rule "10 Dhu al-Hijjah". Matching the rule text, not the (translated) name, keeps this language-proof.
const NOT_CARRIED_OVER = [/^01-07$/, /Dhu al-Hijjah/];

export class KzHolidayDataError extends Error {
  override readonly name = 'KzHolidayDataError';
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < KZ_MIN_YEAR || year > KZ_MAX_YEAR) {
    throw new KzHolidayDataError(
      `Year ${year} is outside the supported range ${KZ_MIN_YEAR}–${KZ_MAX_YEAR}.`,
    );
  }
}

/** The public holidays themselves (no substitute days), sorted by date, names in English. */
export function kzPublicHolidays(year: number): KzHoliday[] {
  assertSupportedYear(year);
  const hd = new Holidays('KZ');
  const byDate = new Map<string, KzHoliday>();
  for (const holiday of hd.getHolidays(year, 'en')) {
    if (holiday.type !== 'public' || holiday.substitute === true) continue;
    // `date` is "YYYY-MM-DD hh:mm:ss [offset]" in the country's local time; the date part is the local date, which
    // is what we want (the `start`/`end` Date fields use the library's Asia/Almaty zone and are not needed).
    const date = holiday.date.slice(0, 10);
    if (yearOf(date) !== year) continue;
    const carriedOver = !NOT_CARRIED_OVER.some((pattern) => pattern.test(holiday.rule));
    const existing = byDate.get(date);
    // Two holidays on one day give one day off; keep it carried over if either is.
    byDate.set(date, {
      date,
      name: existing ? `${existing.name} / ${holiday.name}` : holiday.name,
      carriedOver: carriedOver || (existing?.carriedOver ?? false),
    });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Every statutory non-working day of the year: the holidays (whatever weekday they fall on) and the carry-over days.
 * Holidays are processed in date order so that adjacent weekend holidays take consecutive carry-over days.
 */
export function kzStatutoryNonWorkingDays(year: number): KzNonWorkingDay[] {
  const holidays = kzPublicHolidays(year);
  const holidayDates = new Set(holidays.map((h) => h.date));
  const result: KzNonWorkingDay[] = holidays.map((h) => ({ date: h.date, kind: 'holiday', reason: h.name }));
  const carryOvers = new Set<string>();
  for (const holiday of holidays) {
    if (!holiday.carriedOver || !isWeekend(holiday.date)) continue;
    let candidate = addCalendarDays(holiday.date, 1);
    while (isWeekend(candidate) || holidayDates.has(candidate) || carryOvers.has(candidate)) {
      candidate = addCalendarDays(candidate, 1);
    }
    carryOvers.add(candidate);
    result.push({
      date: candidate,
      kind: 'carry-over',
      reason: `${holiday.name} (${holiday.date}) fell on a weekend`,
    });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}
