/**
 * A deadline's explanation, as the route engine writes it (domain/calendar/business-calendar.ts: one English
 * sentence kept in the route's state and its audit, and so never rewritten), read back into its parts so that
 * the card can say the same in Kazakh or Russian. A sentence of another shape gives undefined: the card then
 * shows the due instant alone rather than English.
 */
export type DeadlineReasoning =
  | { kind: 'hours'; hours: number; startDate: string; startTime: string }
  | { kind: 'working'; days: number; startDate: string; skipped: string[]; dueDate: string }
  | { kind: 'calendar'; days: number; startDate: string; notMoved: boolean; moved?: { lastDay: string }; dueDate: string };

const DATE = '(\\d{4}-\\d{2}-\\d{2})';
const INSTANT = '(\\d{4}-\\d{2}-\\d{2})T[\\d:.]+[+-]\\d{2}:\\d{2}';

const HOURS = new RegExp(`^([\\d.]+) elapsed hour\\(s\\) from ${DATE}T(\\d{2}:\\d{2})[\\d:.]*[+-]\\d{2}:\\d{2} \\(weekends and holidays count\\): due ${INSTANT}\\.$`);
const WORKING = new RegExp(`^(\\d+) working day\\(s\\) after ${DATE} \\(start ${INSTANT}; the start day is not counted(?:; non-working days skipped: ([\\d, -]+))?\\): due end of ${DATE} \\(`);
const CALENDAR = new RegExp(
  `^(\\d+) calendar day\\(s\\) after ${DATE} \\(start ${INSTANT}; the start day is not counted(; the last day is not moved off weekends or holidays)?\\)(?:; ${DATE} is not a working day, so the term ends on the next working day ${DATE})?: due end of ${DATE} \\(`,
);

export function readDeadlineExplanation(text: string): DeadlineReasoning | undefined {
  let m = HOURS.exec(text);
  if (m) return { kind: 'hours', hours: Number(m[1]), startDate: m[2], startTime: m[3] };
  m = WORKING.exec(text);
  if (m) return { kind: 'working', days: Number(m[1]), startDate: m[2], skipped: m[4] ? m[4].split(', ') : [], dueDate: m[5] };
  m = CALENDAR.exec(text);
  if (m) return { kind: 'calendar', days: Number(m[1]), startDate: m[2], notMoved: Boolean(m[4]), ...(m[5] && { moved: { lastDay: m[5] } }), dueDate: m[7] };
  return undefined;
}

/** 2026-12-05 → 05.12.2026, as a clerk writes a date. */
export function clerkDate(iso: string): string {
  const [y, mo, d] = iso.split('-');
  return `${d}.${mo}.${y}`;
}
