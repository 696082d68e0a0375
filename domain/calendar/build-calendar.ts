/**
 * Builds the Kazakhstan business calendar (the data `domain/calendar/business-calendar.ts` computes deadlines over).
 * The `getBusinessCalendar` activity (`activities/calendar/calendar-activities.ts`) serves it, so the result is
 * recorded in workflow history and replays exactly.
 *
 * Precedence, lowest to highest: statutory holidays and carry-over days (`kz-holidays.ts`) → the shipped decree and
 * correction table (`kz-decree-overrides.ts`) → the admins' overrides (loaded through an injected dependency). The
 * last word is the admins' because a decree is usually published weeks before a release could ship it.
 */
import { createHash } from 'node:crypto';
import {
  ASTANA_OFFSET_MINUTES,
  assertBusinessCalendar,
  isWeekend,
  toEpochDay,
  type BusinessCalendar,
} from './business-calendar';
import { KZ_DECREE_OVERRIDES } from './kz-decree-overrides';
import { assertSupportedYear, kzStatutoryNonWorkingDays } from './kz-holidays';

/** One admin-entered change: the shape the lead's `/api/calendar/overrides` stores. */
export interface CalendarOverride {
  date: string;
  kind: 'day-off' | 'working-day';
  reason: string;
}

export interface BuildCalendarInput {
  years: number[];
  overrides: CalendarOverride[];
  /** Defaults to the usual Kazakh office day, 09:00–18:00. */
  workdayStart?: string;
  workdayEnd?: string;
}

export const KZ_CALENDAR_ID = 'kz';
export const DEFAULT_WORKDAY_START = '09:00';
export const DEFAULT_WORKDAY_END = '18:00';

/** The request or the override data cannot make a calendar; retrying will not help. */
export class CalendarBuildError extends Error {
  override readonly name = 'CalendarBuildError';
}

export function normalizeYears(years: unknown): number[] {
  if (!Array.isArray(years) || years.length === 0) {
    throw new CalendarBuildError('years must be a non-empty array of years.');
  }
  for (const year of years) assertSupportedYear(year as number);
  return [...new Set(years as number[])].sort((a, b) => a - b);
}

function validateOverride(override: CalendarOverride, position: number): void {
  const where = `Calendar override #${position + 1}`;
  if (typeof override !== 'object' || override === null)
    throw new CalendarBuildError(`${where} is not an object.`);
  try {
    toEpochDay(override.date);
  } catch {
    throw new CalendarBuildError(`${where}: date must be YYYY-MM-DD, got ${JSON.stringify(override.date)}.`);
  }
  if (override.kind !== 'day-off' && override.kind !== 'working-day') {
    throw new CalendarBuildError(`${where} (${override.date}): kind must be 'day-off' or 'working-day'.`);
  }
  if (typeof override.reason !== 'string' || override.reason.trim() === '') {
    throw new CalendarBuildError(
      `${where} (${override.date}): a reason is required (it is the audit trail).`,
    );
  }
}

/**
 * Merges the three layers for the requested years into a `BusinessCalendar`. Overrides for other years are ignored,
 * so the content (and its hash) depends only on what was asked for. Two admin overrides for one date with different
 * kinds are refused rather than resolved by load order: a deadline must not depend on database order.
 */
export function buildBusinessCalendar(input: BuildCalendarInput): BusinessCalendar {
  const years = normalizeYears(input.years);
  const yearSet = new Set(years);
  const inYears = (date: string): boolean => yearSet.has(Number(date.slice(0, 4)));

  const status = new Map<string, CalendarOverride['kind']>();
  for (const year of years) {
    for (const day of kzStatutoryNonWorkingDays(year)) status.set(day.date, 'day-off');
  }
  for (const shipped of KZ_DECREE_OVERRIDES) {
    if (inYears(shipped.date)) status.set(shipped.date, shipped.kind);
  }

  if (!Array.isArray(input.overrides)) throw new CalendarBuildError('overrides must be an array.');
  const adminKinds = new Map<string, CalendarOverride['kind']>();
  input.overrides.forEach((override, position) => {
    validateOverride(override, position);
    const earlier = adminKinds.get(override.date);
    if (earlier !== undefined && earlier !== override.kind) {
      throw new CalendarBuildError(
        `Conflicting calendar overrides for ${override.date}: both day-off and working-day.`,
      );
    }
    adminKinds.set(override.date, override.kind);
  });
  for (const [date, kind] of adminKinds) {
    if (inYears(date)) status.set(date, kind);
  }

  // Only departures from the Saturday+Sunday week are stored: a day off on a weekend or a working weekday is the
  // default and would only make the recorded calendar bigger.
  const daysOff: string[] = [];
  const workingWeekends: string[] = [];
  for (const [date, kind] of status) {
    if (kind === 'day-off' && !isWeekend(date)) daysOff.push(date);
    if (kind === 'working-day' && isWeekend(date)) workingWeekends.push(date);
  }
  daysOff.sort();
  workingWeekends.sort();

  // Fixed key order: the hash is over this exact serialisation.
  const content = {
    id: KZ_CALENDAR_ID,
    timeZoneOffsetMinutes: ASTANA_OFFSET_MINUTES,
    years,
    daysOff,
    workingWeekends,
    workdayStart: input.workdayStart ?? DEFAULT_WORKDAY_START,
    workdayEnd: input.workdayEnd ?? DEFAULT_WORKDAY_END,
  };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  const calendar: BusinessCalendar = { ...content, version };
  assertBusinessCalendar(calendar);
  return calendar;
}
