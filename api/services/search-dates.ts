/**
 * Date bounds of search filters. A calendar day ("2026-03-01") means that whole day in Astana time, the day
 * on the registration stamp; an instant with an offset means exactly that instant. Both bounds inclusive.
 */
import { startOfAstanaDay } from '../../domain/calendar/astana-zone';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight that begins the day in Astana (the zone database knows the 2024 change to UTC+5). */
export { startOfAstanaDay };

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
