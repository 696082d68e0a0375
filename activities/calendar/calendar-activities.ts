/**
 * The `getBusinessCalendar` activity: the calendar built by `domain/calendar/build-calendar.ts`, recorded in workflow
 * history so deadlines replay exactly.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarInputError, type BusinessCalendar } from '../../domain/calendar/business-calendar';
import { buildBusinessCalendar, CALENDAR_YEAR_NOT_LOADED, CalendarBuildError, knownYears, normalizeYears, type CalendarOverride } from '../../domain/calendar/build-calendar';

export { CALENDAR_YEAR_NOT_LOADED };
import { KzHolidayDataError } from '../../domain/calendar/kz-holidays';

export interface CalendarActivityDeps {
  /** The admin override table for the given years (the lead wires this to a mongoose model). */
  loadOverrides(years: number[]): Promise<CalendarOverride[]>;
  /** Which of these years an administrator has loaded a decree table for (shipped years need none). */
  loadedYears?(years: number[]): Promise<number[]>;
  /** Years whose table ships with the code (tests replace it). */
  shippedYears?: readonly number[];
  /** Office hours, from configuration; default 09:00–18:00. */
  workday?: { start: string; end: string };
  /**
   * A token that changes whenever the override table does (db/calendar-overrides-version.ts). With it, built
   * calendars are kept per set of years and rebuilt only when the token moves; without it, every call builds.
   */
  overridesVersion?(): Promise<string>;
}

/** Calendars kept per worker (sets of years asked for; a handful in practice). */
const CALENDAR_CACHE_MAX = 32;

export interface GetBusinessCalendarInput {
  years: number[];
  /** Years that must be loaded; default the first requested one (the year a deadline starts in). */
  required?: number[];
}

export function createCalendarActivities(deps: CalendarActivityDeps) {
  const cache = new Map<string, { token: string; calendar: BusinessCalendar }>();
  return {
    /**
     * Read-only, so idempotent by nature; a failure to load overrides is thrown as is and retried by the activity's
     * retry policy. Bad years or bad override data fail non-retryably with the error's name as the failure type.
     */
    async getBusinessCalendar(input: GetBusinessCalendarInput): Promise<BusinessCalendar> {
      let years = asNonRetryable(() => normalizeYears(input.years));
      // The token also moves when an administrator loads a year's table, so a kept calendar is never one built
      // while that year was missing.
      const token = deps.overridesVersion ? await deps.overridesVersion() : undefined;
      const key = `${years.join(',')}|${(input.required ?? [input.years[0]]).join(',')}`;
      const kept = cache.get(key);
      if (token !== undefined && kept?.token === token) return kept.calendar;
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
      const calendar = build(years, overrides);
      if (token !== undefined) {
        cache.delete(key);
        cache.set(key, { token, calendar });
        if (cache.size > CALENDAR_CACHE_MAX) cache.delete(cache.keys().next().value as string);
      }
      return calendar;
    },
  };

  function build(years: number[], overrides: CalendarOverride[]): BusinessCalendar {
    return asNonRetryable(() =>
      buildBusinessCalendar({
        years,
        overrides,
        workdayStart: deps.workday?.start,
        workdayEnd: deps.workday?.end,
      }),
    );
  }
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
