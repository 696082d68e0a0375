/**
 * The business calendar and deadline arithmetic for Kazakhstan (Astana time).
 *
 * The calendar is DATA: an activity (`domain/calendar/build-calendar.ts`) computes it and the workflow records
 * it in its history, so replay sees exactly the holidays that were in force when a deadline was set. This module is
 * the arithmetic over that data. It runs inside Temporal's workflow sandbox, hence: type imports only, no clock, no
 * environment, no Intl, no `Date` at all — civil dates are plain day numbers (see `toEpochDay`).
 *
 * Conventions (see docs/calendar.md for the legal reasoning):
 * - Local time is a fixed UTC offset (`timeZoneOffsetMinutes`, 300 = Astana, UTC+5, no DST since 2024-03-01).
 * - The weekly days off are Saturday and Sunday (the five-day week of Kazakh state bodies and most employers).
 *   `daysOff` adds weekday holidays, carry-over days and decree days off; `workingWeekends` turns a Saturday or
 *   Sunday into a working day when a decree moved a day off away from it.
 * - Day-based terms start the day AFTER the event (the event day is never counted) and end at the END of their last
 *   day, 23:59:59.999 local: a legal term that ends on a day may be met until midnight of that day.
 */
import type { DeadlineRule } from '../routes/route-model';

export type { DeadlineRule };

/** Astana, UTC+5: Kazakhstan moved to a single time zone on 2024-03-01 and has no daylight saving time. */
export const ASTANA_OFFSET_MINUTES = 300;

export interface BusinessCalendar {
  /** Which calendar this is, e.g. "kz". */
  id: string;
  /** SHA-256 of the content (hex); deadline explanations name it so an audit can find the exact data used. */
  version: string;
  /** Fixed offset of local time from UTC, in minutes (300 for Astana). */
  timeZoneOffsetMinutes: number;
  /** Years the data is complete for; asking about any other year throws `CalendarNotCoveredError`. */
  years: number[];
  /** ISO dates 'YYYY-MM-DD' of weekdays that are not working days: holidays, carry-over days, decree days off. */
  daysOff: string[];
  /** ISO dates of Saturdays/Sundays that a decree made working days (the other half of a moved day off). */
  workingWeekends: string[];
  /** 'HH:MM' local: when the working day starts; reminders fire at this time. */
  workdayStart: string;
  /** 'HH:MM' local: when the working day ends; used for working-hours checks, never to shorten a legal term. */
  workdayEnd: string;
}

export interface DeadlineResult {
  /** The last millisecond in which the action is still on time (an inclusive bound). */
  dueAtMs: number;
  /** The local date of `dueAtMs`. */
  dueDate: string;
  /** One sentence a person can check by hand: the rule, the days skipped and the calendar version used. */
  explanation: string;
}

export interface ReminderOptions {
  /** 0 = the morning of the (last working) due day, 1 = the morning of the working day before it, and so on. */
  workingDaysBefore: number;
}

/**
 * A day's working status was needed for a year the calendar does not cover. Never guess: a deadline that silently
 * ignored holidays would be wrong in law. Workflow code converts this to an `ApplicationFailure` of the same type.
 */
export class CalendarNotCoveredError extends Error {
  override readonly name = 'CalendarNotCoveredError';
  constructor(
    readonly date: string,
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `The business calendar does not cover ${year} (needed for ${date}); covered years: ${
        coveredYears.length > 0 ? coveredYears.join(', ') : 'none'
      }.`,
    );
  }
}

/** A malformed date, rule, option or calendar: a programming or data error, not something a retry can fix. */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// Civil dates as day numbers. Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian
// calendar, pure integer arithmetic, so no Date object (and no host time zone) is ever involved.
// ---------------------------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Days since 1970-01-01 for an ISO date; throws `CalendarInputError` for anything that is not a real date. */
export function toEpochDay(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const epochDay = daysFromCivil(year, month, day);
    const back = civilFromDays(epochDay);
    // The round trip rejects 2025-02-30 and friends.
    if (back.year === year && back.month === month && back.day === day) return epochDay;
  }
  throw new CalendarInputError(`Not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

export function fromEpochDay(epochDay: number): string {
  const { year, month, day } = civilFromDays(epochDay);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function yearOf(date: string): number {
  toEpochDay(date);
  return Number(date.slice(0, 4));
}

export function addCalendarDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 0 = Sunday … 6 = Saturday, like `Date#getUTCDay`. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: string): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

// ---------------------------------------------------------------------------------------------------------------
// Instants ↔ local dates. Local time = UTC + fixed offset; no DST exists to make this ambiguous.
// ---------------------------------------------------------------------------------------------------------------

function offsetMs(cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>): number {
  return cal.timeZoneOffsetMinutes * MS_PER_MINUTE;
}

function assertInstant(instantMs: number, what: string): void {
  if (!Number.isFinite(instantMs))
    throw new CalendarInputError(`${what} must be a finite epoch millisecond value.`);
}

/** The local calendar date an instant falls on. 2025-03-20T23:30Z is already 2025-03-21 in Astana. */
export function toLocalDate(instantMs: number, cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>): string {
  assertInstant(instantMs, 'instant');
  return fromEpochDay(Math.floor((instantMs + offsetMs(cal)) / MS_PER_DAY));
}

/** The first millisecond of a local date (00:00:00.000 local). */
export function startOfLocalDayMs(
  date: string,
  cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>,
): number {
  return toEpochDay(date) * MS_PER_DAY - offsetMs(cal);
}

/** The last millisecond of a local date (23:59:59.999 local): the inclusive end of a day-based term. */
export function endOfLocalDayMs(date: string, cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>): number {
  return startOfLocalDayMs(date, cal) + MS_PER_DAY - 1;
}

function parseHhMm(value: string, what: string): number {
  const match = HH_MM.exec(value);
  if (!match)
    throw new CalendarInputError(`${what} must be 'HH:MM' (24-hour), got ${JSON.stringify(value)}.`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The instant of a local wall-clock time, e.g. `localTimeMs('2025-03-26', '09:00', cal)`. */
export function localTimeMs(
  date: string,
  hhmm: string,
  cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>,
): number {
  return startOfLocalDayMs(date, cal) + parseHhMm(hhmm, 'time') * MS_PER_MINUTE;
}

/** ISO 8601 with the calendar's offset, e.g. '2025-03-12T23:59:59.999+05:00': unambiguous in logs and audits. */
export function formatLocalInstant(
  instantMs: number,
  cal: Pick<BusinessCalendar, 'timeZoneOffsetMinutes'>,
): string {
  assertInstant(instantMs, 'instant');
  const local = instantMs + offsetMs(cal);
  const epochDay = Math.floor(local / MS_PER_DAY);
  let msOfDay = local - epochDay * MS_PER_DAY;
  const hours = Math.floor(msOfDay / MS_PER_HOUR);
  msOfDay -= hours * MS_PER_HOUR;
  const minutes = Math.floor(msOfDay / MS_PER_MINUTE);
  msOfDay -= minutes * MS_PER_MINUTE;
  const seconds = Math.floor(msOfDay / 1000);
  const millis = msOfDay - seconds * 1000;
  const offset = cal.timeZoneOffsetMinutes;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${fromEpochDay(epochDay)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}` +
    `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`
  );
}

/**
 * The years a workflow should ask the calendar activity for when it sets deadlines at `instantMs`: the local year
 * and the next one, because a term that starts in late December ends in January.
 */
export function calendarYearsForInstant(
  instantMs: number,
  timeZoneOffsetMinutes = ASTANA_OFFSET_MINUTES,
): number[] {
  const year = yearOf(toLocalDate(instantMs, { timeZoneOffsetMinutes }));
  return [year, year + 1];
}

// ---------------------------------------------------------------------------------------------------------------
// Working days.
// ---------------------------------------------------------------------------------------------------------------

interface CalendarIndex {
  years: ReadonlySet<number>;
  daysOff: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
  workdayStartMinutes: number;
  workdayEndMinutes: number;
}

// Calendars arrive as plain data from history and are never mutated, so the lookup sets are built (and the data
// validated) once per calendar object rather than on every day of every count. The cache holds only values derived
// from its key, so a hit or a miss gives the same answer: replay stays deterministic even if the sandbox shares it.
const indexCache = new WeakMap<BusinessCalendar, CalendarIndex>();

function indexOf(cal: BusinessCalendar): CalendarIndex {
  const cached = indexCache.get(cal);
  if (cached) return cached;
  const offset = cal.timeZoneOffsetMinutes;
  if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw new CalendarInputError(`Calendar ${cal.id}: timeZoneOffsetMinutes must be an integer within ±840.`);
  }
  for (const year of cal.years) {
    if (!Number.isInteger(year))
      throw new CalendarInputError(`Calendar ${cal.id}: year ${year} is not an integer.`);
  }
  for (const date of cal.daysOff) {
    if (isWeekend(date))
      throw new CalendarInputError(`Calendar ${cal.id}: day off ${date} is already a weekend.`);
  }
  for (const date of cal.workingWeekends) {
    if (!isWeekend(date))
      throw new CalendarInputError(`Calendar ${cal.id}: working weekend ${date} is a weekday.`);
  }
  const workdayStartMinutes = parseHhMm(cal.workdayStart, `Calendar ${cal.id}: workdayStart`);
  const workdayEndMinutes = parseHhMm(cal.workdayEnd, `Calendar ${cal.id}: workdayEnd`);
  if (workdayEndMinutes <= workdayStartMinutes) {
    throw new CalendarInputError(`Calendar ${cal.id}: workdayEnd must be after workdayStart.`);
  }
  const index: CalendarIndex = {
    years: new Set(cal.years),
    daysOff: new Set(cal.daysOff),
    workingWeekends: new Set(cal.workingWeekends),
    workdayStartMinutes,
    workdayEndMinutes,
  };
  indexCache.set(cal, index);
  return index;
}

/**
 * Checks a calendar's shape (dates, offset, working hours) and throws `CalendarInputError` if it is malformed.
 * Every function here validates lazily anyway; this lets a builder or a workflow fail early, at a clear place.
 */
export function assertBusinessCalendar(cal: BusinessCalendar): void {
  indexOf(cal);
}

/** Whether a local date is a working day. Throws `CalendarNotCoveredError` outside `cal.years`. */
export function isWorkingDay(date: string, cal: BusinessCalendar): boolean {
  const index = indexOf(cal);
  const year = yearOf(date);
  if (!index.years.has(year))
    throw new CalendarNotCoveredError(
      date,
      year,
      [...cal.years].sort((a, b) => a - b),
    );
  if (isWeekend(date)) return index.workingWeekends.has(date);
  return !index.daysOff.has(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, cal: BusinessCalendar): string {
  return addWorkingDays(date, 1, cal);
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: string, cal: BusinessCalendar): string {
  return addWorkingDays(date, -1, cal);
}

function assertWholeDays(days: number, what: string): void {
  if (!Number.isSafeInteger(days))
    throw new CalendarInputError(`${what} must be a whole number, got ${days}.`);
}

/**
 * Counts `days` working days from `date`, the start date itself never counted (the term starts the next day).
 * A non-working start needs no special case: the count simply begins at the next working day.
 * `days = 0` is "the same working day": `date` if it is a working day, else the next working day.
 * Negative `days` count backwards the same way (used for reminders).
 * Every day inspected must be in a covered year; the walk stops with `CalendarNotCoveredError` otherwise, which also
 * bounds the loop.
 */
export function addWorkingDays(date: string, days: number, cal: BusinessCalendar): string {
  return walkWorkingDays(date, days, cal).date;
}

function walkWorkingDays(
  date: string,
  days: number,
  cal: BusinessCalendar,
): { date: string; skipped: string[] } {
  assertWholeDays(days, 'Working days');
  const skipped: string[] = [];
  let epochDay = toEpochDay(date);
  if (days === 0) {
    while (!isWorkingDay(fromEpochDay(epochDay), cal)) {
      skipped.push(fromEpochDay(epochDay));
      epochDay += 1;
    }
    return { date: fromEpochDay(epochDay), skipped };
  }
  const step = days > 0 ? 1 : -1;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    epochDay += step;
    const current = fromEpochDay(epochDay);
    if (isWorkingDay(current, cal)) remaining -= 1;
    else skipped.push(current);
  }
  return { date: fromEpochDay(epochDay), skipped };
}

/** Whether an instant falls on a working day between `workdayStart` (inclusive) and `workdayEnd` (exclusive). */
export function isWithinWorkingHours(instantMs: number, cal: BusinessCalendar): boolean {
  const index = indexOf(cal);
  const date = toLocalDate(instantMs, cal);
  if (!isWorkingDay(date, cal)) return false;
  const minutes = (instantMs - startOfLocalDayMs(date, cal)) / MS_PER_MINUTE;
  return minutes >= index.workdayStartMinutes && minutes < index.workdayEndMinutes;
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines.
// ---------------------------------------------------------------------------------------------------------------

function describeSkipped(skipped: readonly string[]): string {
  return skipped.length > 0 ? `; non-working days skipped: ${skipped.join(', ')}` : '';
}

function calendarTag(cal: BusinessCalendar): string {
  return `calendar ${cal.id}@${cal.version.slice(0, 12)}`;
}

/**
 * Turns a deadline rule into an instant.
 *
 * - `{ days, kind: 'calendar' }`: "within N calendar days". The start day is not counted; the term ends at the end
 *   (23:59:59.999 local) of the N-th day after it. Because the source rule says *calendar* days, a last day that
 *   falls on a weekend or holiday is NOT moved unless the rule says `moveOffNonWorking: true` (the Civil Code's
 *   move-to-the-next-working-day rule, for sources that invoke it). N = 0 is the end of the start day.
 * - `{ days, kind: 'working' }`: "within N working days". The start day is not counted even when it is a working
 *   day; the term ends at the end of the N-th working day after it. One working day is a day, not 24 working hours:
 *   Monday 17:00 + 1 working day = end of Tuesday. N = 0 is the end of the same working day (or of the next one when
 *   the start is a non-working day).
 * - `{ hours }`: plain elapsed time, indifferent to weekends and holidays (e.g. the 24-hour access decision).
 *
 * The time of day of the start never matters for day-based rules: legal terms count days.
 */
export function computeDeadline(
  startInstantMs: number,
  rule: DeadlineRule,
  cal: BusinessCalendar,
): DeadlineResult {
  assertInstant(startInstantMs, 'Start instant');
  const startLabel = formatLocalInstant(startInstantMs, cal);

  if ('hours' in rule) {
    if (!Number.isFinite(rule.hours) || rule.hours < 0) {
      throw new CalendarInputError(`Deadline hours must be a non-negative number, got ${rule.hours}.`);
    }
    // Hours may be fractional (0.5 = 30 min); rounding keeps the result a whole millisecond.
    const dueAtMs = startInstantMs + Math.round(rule.hours * MS_PER_HOUR);
    return {
      dueAtMs,
      dueDate: toLocalDate(dueAtMs, cal),
      explanation: `${rule.hours} elapsed hour(s) from ${startLabel} (weekends and holidays count): due ${formatLocalInstant(dueAtMs, cal)}.`,
    };
  }

  const days = rule.days;
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new CalendarInputError(`Deadline days must be a non-negative whole number, got ${days}.`);
  }
  const startDate = toLocalDate(startInstantMs, cal);

  if (rule.kind === 'calendar') {
    const lastDay = addCalendarDays(startDate, days);
    let dueDate = lastDay;
    let moved = '';
    if (rule.moveOffNonWorking === true && !isWorkingDay(lastDay, cal)) {
      const walk = walkWorkingDays(lastDay, 0, cal);
      dueDate = walk.date;
      moved = `; ${lastDay} is not a working day, so the term ends on the next working day ${dueDate}`;
    }
    const dueAtMs = endOfLocalDayMs(dueDate, cal);
    return {
      dueAtMs,
      dueDate,
      explanation: `${days} calendar day(s) after ${startDate} (start ${startLabel}; the start day is not counted${
        rule.moveOffNonWorking === true ? '' : '; the last day is not moved off weekends or holidays'
      })${moved}: due end of ${dueDate} (${formatLocalInstant(dueAtMs, cal)}), ${calendarTag(cal)}.`,
    };
  }

  if (rule.kind === 'working') {
    const walk = walkWorkingDays(startDate, days, cal);
    const dueAtMs = endOfLocalDayMs(walk.date, cal);
    return {
      dueAtMs,
      dueDate: walk.date,
      explanation: `${days} working day(s) after ${startDate} (start ${startLabel}; the start day is not counted${describeSkipped(
        walk.skipped,
      )}): due end of ${walk.date} (${formatLocalInstant(dueAtMs, cal)}), ${calendarTag(cal)}.`,
    };
  }

  throw new CalendarInputError(`Unknown deadline rule: ${JSON.stringify(rule)}`);
}

/**
 * When to remind about a deadline: at `workdayStart` on the working day `workingDaysBefore` working days before the
 * due day. A due day that is not a working day (a calendar-day term ending on a Sunday) counts from the last working
 * day before it, so 0 means "the morning of the last working day you have". Mornings rather than the evening before
 * because that is when people read their inbox.
 * Returns null when that moment is not strictly before the due instant (e.g. an hours-rule due at 08:00), so callers
 * never schedule a reminder after the deadline. Callers still skip reminders that are already in the past.
 */
export function reminderInstant(
  dueAtMs: number,
  options: ReminderOptions,
  cal: BusinessCalendar,
): number | null {
  assertInstant(dueAtMs, 'Due instant');
  const before = options.workingDaysBefore;
  if (!Number.isSafeInteger(before) || before < 0) {
    throw new CalendarInputError(`workingDaysBefore must be a non-negative whole number, got ${before}.`);
  }
  const dueDate = toLocalDate(dueAtMs, cal);
  const lastWorkingDay = isWorkingDay(dueDate, cal) ? dueDate : previousWorkingDay(dueDate, cal);
  const reminderDate = before === 0 ? lastWorkingDay : addWorkingDays(lastWorkingDay, -before, cal);
  const at = localTimeMs(reminderDate, cal.workdayStart, cal);
  return at < dueAtMs ? at : null;
}
