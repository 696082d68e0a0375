/**
 * Date bounds of search filters. A calendar day ("2026-03-01") means that whole day in Astana time, the day
 * on the registration stamp; an instant with an offset means exactly that instant. Both bounds inclusive.
 */
import { astanaIso } from '../../domain/calendar/astana-time';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes east of UTC in Astana at an instant (the zone database knows the 2024 change to UTC+5). */
function astanaOffsetMinutes(at: Date): number {
  const [, sign, hours, minutes] = /([+-])(\d{2}):(\d{2})$/.exec(astanaIso(at)) ?? ['', '+', '00', '00'];
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** Midnight that begins the day in Astana. */
export function startOfAstanaDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const first = utcMidnight - astanaOffsetMinutes(new Date(utcMidnight)) * 60_000;
  // The offset at the guessed instant settles it, even on the day the zone changed.
  return new Date(utcMidnight - astanaOffsetMinutes(new Date(first)) * 60_000);
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The first instant a "from" value admits. */
export function lowerBound(value: string): Date {
  return DAY.test(value) ? startOfAstanaDay(value) : new Date(value);
}

/** The last instant a "to" value admits. */
export function upperBound(value: string): Date {
  return DAY.test(value) ? new Date(startOfAstanaDay(nextDay(value)).getTime() - 1) : new Date(value);
}

/** A MongoDB range condition for optional from/to values, or undefined when neither is given. */
export function dateRange(from?: string, to?: string): { $gte?: Date; $lte?: Date } | undefined {
  if (!from && !to) return undefined;
  return { ...(from && { $gte: lowerBound(from) }), ...(to && { $lte: upperBound(to) }) };
}
