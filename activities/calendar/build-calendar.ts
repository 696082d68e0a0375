/**
 * Builds the Kazakhstan business calendar (the data `workflows/lib/business-calendar.ts` computes deadlines over)
 * and exposes it as the `getBusinessCalendar` activity, so the result is recorded in workflow history and replays
 * exactly.
 *
 * Precedence, lowest to highest: statutory holidays and carry-over days (`kz-holidays.ts`) → the shipped decree and
 * correction table (`kz-decree-overrides.ts`) → the admins' overrides (loaded through an injected dependency). The
 * last word is the admins' because a decree is usually published weeks before a release could ship it.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { astanaOffsetMinutes, astanaTransitions } from '../../domain/astana-zone';
import {
  assertBusinessCalendar,
  CalendarInputError,
  isWeekend,
  toEpochDay,
  type BusinessCalendar,
} from '../../workflows/lib/business-calendar';
import { KZ_DECREE_OVERRIDES, KZ_SHIPPED_YEARS } from './kz-decree-overrides';
import { assertSupportedYear, KzHolidayDataError, kzStatutoryNonWorkingDays } from './kz-holidays';

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

function normalizeYears(years: unknown): number[] {
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

  // Astana's offsets from the zone database, from a day before the first year to a day after the last, so
  // every instant a deadline in these years can touch is read with the offset then in force.
  const spanFrom = Date.UTC(years[0], 0, 1) - 86_400_000;
  const spanTo = Date.UTC(years[years.length - 1] + 1, 0, 1) + 86_400_000;
  const offsetChanges = astanaTransitions(spanFrom, spanTo);

  // Fixed key order: the hash is over this exact serialisation.
  const content = {
    id: KZ_CALENDAR_ID,
    timeZoneOffsetMinutes: astanaOffsetMinutes(spanFrom),
    ...(offsetChanges.length > 0 && { offsetChanges }),
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

export interface CalendarActivityDeps {
  /** The admin override table for the given years (the lead wires this to a mongoose model). */
  loadOverrides(years: number[]): Promise<CalendarOverride[]>;
  /** Which of these years an administrator has loaded a decree table for (shipped years need none). */
  loadedYears?(years: number[]): Promise<number[]>;
  /** Years whose table ships with the code (tests replace it). */
  shippedYears?: readonly number[];
  /** Office hours, from configuration; default 09:00–18:00. */
  workday?: { start: string; end: string };
}

export interface GetBusinessCalendarInput {
  years: number[];
  /** Years that must be loaded; default the first requested one (the year a deadline starts in). */
  required?: number[];
}

/** The failure type of a calendar year whose decree table is not loaded yet: retried until it is. */
export const CALENDAR_YEAR_NOT_LOADED = 'CalendarYearNotLoaded';

/** The years among `years` whose decree table is known: shipped with the code, or loaded by an administrator. */
export async function knownYears(years: number[], loaded: (years: number[]) => Promise<number[]>, shipped: readonly number[] = KZ_SHIPPED_YEARS): Promise<number[]> {
  const unshipped = years.filter((y) => !shipped.includes(y));
  const fromAdmins = new Set(unshipped.length > 0 ? await loaded(unshipped) : []);
  return years.filter((y) => shipped.includes(y) || fromAdmins.has(y));
}

export function createCalendarActivities(deps: CalendarActivityDeps) {
  return {
    /**
     * Read-only, so idempotent by nature; a failure to load overrides is thrown as is and retried by the activity's
     * retry policy. Bad years or bad override data fail non-retryably with the error's name as the failure type.
     */
    async getBusinessCalendar(input: GetBusinessCalendarInput): Promise<BusinessCalendar> {
      let years = asNonRetryable(() => normalizeYears(input.years));
      if (deps.loadedYears) {
        // A year without its decree table would give deadlines that ignore moved days off: the years a deadline
        // needs are waited for (a retryable failure the route shows while it waits, e.g. "calendar for 2027 not
        // loaded"); the others are left out, and the arithmetic refuses to walk into them.
        const known = await knownYears(years, deps.loadedYears, deps.shippedYears);
        const missing = (input.required ?? [input.years[0]]).filter((y) => !known.includes(y));
        if (missing.length > 0) {
          throw ApplicationFailure.retryable(`calendar for ${missing.join(', ')} not loaded: an administrator loads the year's table of holidays and moved days (PUT /api/calendar/years/${missing[0]})`, CALENDAR_YEAR_NOT_LOADED);
        }
        years = known;
      }
      const overrides = await deps.loadOverrides(years);
      return asNonRetryable(() =>
        buildBusinessCalendar({
          years,
          overrides,
          workdayStart: deps.workday?.start,
          workdayEnd: deps.workday?.end,
        }),
      );
    },
  };
}

function asNonRetryable<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (
      error instanceof CalendarBuildError ||
      error instanceof CalendarInputError ||
      error instanceof KzHolidayDataError
    ) {
      throw ApplicationFailure.nonRetryable(error.message, error.name);
    }
    throw error;
  }
}
