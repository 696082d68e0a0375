/**
 * The business calendar as administrators see it: the computed working calendar per year, the override
 * table (a moved working Saturday, an extra day off), and the recalculation of running deadlines when the
 * calendar changes.
 */
import type { Client } from '@temporalio/client';
import type { Models } from '../../db/models';
import { buildBusinessCalendar, knownYears } from '../../domain/calendar/build-calendar';
import { bumpCalendarOverridesVersion } from '../../db/calendar-overrides-version';
import { KZ_SHIPPED_YEARS } from '../../domain/calendar/kz-decree-overrides';
import { KZ_HOLIDAY_SOURCE } from '../../domain/calendar/kz-holidays';
import { astanaParts } from '../../domain/calendar/astana-zone';
import * as defs from '../../workflows/definitions';
import type { Actor } from '../../workflows/definitions';
import { problems } from '../problem';

/** Statuses whose workflows may hold running deadlines. */
const RUNNING = ['on-approval', 'on-signing', 'on-registration', 'in-execution', 'awaiting-control-removal', 'on-acknowledgement'];

/** From this day of the year (Astana time) a missing table for next year is warned about. */
export const NEXT_YEAR_WARNING_FROM = { month: 11, day: 1 };

export function createCalendarService(deps: { models: Models; temporal: Client; now?: () => Date }) {
  const { CalendarOverride, CalendarYear, Document } = deps.models;
  const now = deps.now ?? (() => new Date());

  async function isLoaded(year: number): Promise<boolean> {
    return (await knownYears([year], async (ys) => (await CalendarYear.find({ _id: { $in: ys.map(String) } }, { year: 1 }).lean()).map((y) => y.year))).includes(year);
  }

  async function overridesFor(years: number[]) {
    const rows = await CalendarOverride.find({ year: { $in: years } }).sort({ _id: 1 }).lean();
    return rows.map((o) => ({ date: o._id, kind: o.kind, reason: o.reason, createdBy: o.createdBy }));
  }

  async function calendarOf(year: number) {
    const overrides = await overridesFor([year]);
    try {
      const cal = buildBusinessCalendar({ years: [year], overrides });
      const table = await CalendarYear.findById(String(year)).lean();
      return {
        year,
        version: cal.version,
        source: KZ_HOLIDAY_SOURCE,
        // Deadlines in a year that is not loaded wait for it (see docs/calendar.md).
        loaded: KZ_SHIPPED_YEARS.includes(year) || !!table,
        ...(table && { loadedBy: table.loadedBy, basis: table.basis }),
        daysOff: cal.daysOff,
        workingWeekends: cal.workingWeekends,
        overrides,
      };
    } catch (error) {
      throw problems.unprocessable((error as Error).message, 'calendar');
    }
  }

  async function putOverride(date: string, body: { kind: 'day-off' | 'working-day'; reason: string }, by: string) {
    const year = Number(date.slice(0, 4));
    await CalendarOverride.updateOne({ _id: date }, { $set: { year, kind: body.kind, reason: body.reason, createdBy: by } }, { upsert: true });
    await bumpCalendarOverridesVersion(CalendarOverride.db); // workers rebuild their cached calendars
    return calendarOf(year);
  }

  async function deleteOverride(date: string) {
    const removed = await CalendarOverride.deleteOne({ _id: date });
    if (removed.deletedCount === 0) throw problems.notFound(`Override for ${date}`);
    await bumpCalendarOverridesVersion(CalendarOverride.db);
    return calendarOf(Number(date.slice(0, 4)));
  }

  /** Sends the recalculation Update to every running document; reports how many deadlines moved. */
  async function recalculateRunning(actor: Actor) {
    const running = await Document.find({ status: { $in: RUNNING } }, { _id: 1 }).lean();
    let updated = 0;
    const failed: string[] = [];
    for (const doc of running) {
      try {
        await deps.temporal.workflow.getHandle(defs.documentWorkflowId(doc._id)).executeUpdate(defs.recalculateDeadlinesUpdate, { args: [{ actor }] });
        updated += 1;
      } catch {
        failed.push(doc._id); // reported, so the administrator can retry; the others are not held up
      }
    }
    return { documents: running.length, updated, failed };
  }

  /**
   * Loads a year's decree table: its moved days (each an override of that year, replacing the year's earlier
   * ones) and the mark that the year is complete. Routes waiting for the year go on at their activity's next retry.
   */
  async function loadYear(year: number, body: { basis: string; daysOff: { date: string; reason: string }[]; workingDays: { date: string; reason: string }[] }, by: string) {
    const rows = [...body.daysOff.map((d) => ({ ...d, kind: 'day-off' as const })), ...body.workingDays.map((d) => ({ ...d, kind: 'working-day' as const }))];
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const field = i < body.daysOff.length ? `body.daysOff[${i}].date` : `body.workingDays[${i - body.daysOff.length}].date`;
      if (Number(r.date.slice(0, 4)) !== year) throw problems.validation([{ field, message: `must be a date in ${year}` }]);
      if (seen.has(r.date)) throw problems.validation([{ field, message: 'is listed twice' }]);
      seen.add(r.date);
    });
    const keep = new Set(rows.map((r) => r.date));
    for (const old of await CalendarOverride.find({ year }, { _id: 1 }).lean()) if (!keep.has(old._id)) await CalendarOverride.deleteOne({ _id: old._id });
    for (const r of rows) await CalendarOverride.updateOne({ _id: r.date }, { $set: { year, kind: r.kind, reason: r.reason, createdBy: by } }, { upsert: true });
    await CalendarYear.updateOne({ _id: String(year) }, { $set: { year, basis: body.basis, loadedBy: by } }, { upsert: true });
    await bumpCalendarOverridesVersion(CalendarOverride.db); // kept calendars, and routes waiting for this year, see it
    return calendarOf(year);
  }

  /** Whether next year's table is there; from 1 November (Astana time) a missing one is a warning for the dashboard. */
  async function status() {
    const today = astanaParts(now());
    const nextYear = today.year + 1;
    const nextYearLoaded = await isLoaded(nextYear);
    const warn = !nextYearLoaded && (today.month > NEXT_YEAR_WARNING_FROM.month || (today.month === NEXT_YEAR_WARNING_FROM.month && today.day >= NEXT_YEAR_WARNING_FROM.day));
    return {
      year: today.year,
      yearLoaded: await isLoaded(today.year),
      nextYear,
      nextYearLoaded,
      ...(warn && {
        warning: {
          kk: `${nextYear} жылғы өндірістік күнтізбе (мерекелер мен ауыстырылған демалыс күндері) әлі жүктелмеген: мерзімі ${nextYear} жылға түсетін бағыттар оны күтеді.`,
          ru: `Производственный календарь на ${nextYear} год (праздники и перенесённые выходные) ещё не загружен: маршруты со сроками в ${nextYear} году будут его ждать.`,
        },
      }),
    };
  }

  return { calendarOf, overridesFor, putOverride, deleteOverride, recalculateRunning, loadYear, status };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
