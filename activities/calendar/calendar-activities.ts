/**
 * The `getBusinessCalendar` activity: the calendar built by `domain/calendar/build-calendar.ts`, recorded in workflow
 * history so deadlines replay exactly.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarInputError, type BusinessCalendar } from '../../domain/calendar/business-calendar';
import { buildBusinessCalendar, CalendarBuildError, normalizeYears, type CalendarOverride } from '../../domain/calendar/build-calendar';
import { KzHolidayDataError } from '../../domain/calendar/kz-holidays';

export interface CalendarActivityDeps {
  /** The admin override table for the given years (the lead wires this to a mongoose model). */
  loadOverrides(years: number[]): Promise<CalendarOverride[]>;
  /** Office hours, from configuration; default 09:00–18:00. */
  workday?: { start: string; end: string };
}

export interface GetBusinessCalendarInput {
  years: number[];
}

export function createCalendarActivities(deps: CalendarActivityDeps) {
  return {
    /**
     * Read-only, so idempotent by nature; a failure to load overrides is thrown as is and retried by the activity's
     * retry policy. Bad years or bad override data fail non-retryably with the error's name as the failure type.
     */
    async getBusinessCalendar(input: GetBusinessCalendarInput): Promise<BusinessCalendar> {
      const years = asNonRetryable(() => normalizeYears(input.years));
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
