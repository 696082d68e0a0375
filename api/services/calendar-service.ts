/**
 * The business calendar as administrators see it: the computed working calendar per year, the override
 * table (a moved working Saturday, an extra day off), and the recalculation of running deadlines when the
 * calendar changes.
 */
import type { Client } from '@temporalio/client';
import type { Models } from '../../db/models';
import { buildBusinessCalendar } from '../../domain/calendar/build-calendar';
import { KZ_HOLIDAY_SOURCE } from '../../domain/calendar/kz-holidays';
import * as defs from '../../workflows/definitions';
import type { Actor } from '../../workflows/definitions';
import { problems } from '../problem';

/** Statuses whose workflows may hold running deadlines. */
const RUNNING = ['on-approval', 'on-signing', 'on-registration', 'in-execution', 'awaiting-control-removal', 'on-acknowledgement'];

export function createCalendarService(deps: { models: Models; temporal: Client }) {
  const { CalendarOverride, Document } = deps.models;

  async function overridesFor(years: number[]) {
    const rows = await CalendarOverride.find({ year: { $in: years } }).sort({ _id: 1 }).lean();
    return rows.map((o) => ({ date: o._id, kind: o.kind, reason: o.reason, createdBy: o.createdBy }));
  }

  async function calendarOf(year: number) {
    const overrides = await overridesFor([year]);
    try {
      const cal = buildBusinessCalendar({ years: [year], overrides });
      return { year, version: cal.version, source: KZ_HOLIDAY_SOURCE, daysOff: cal.daysOff, workingWeekends: cal.workingWeekends, overrides };
    } catch (error) {
      throw problems.unprocessable((error as Error).message, 'calendar');
    }
  }

  async function putOverride(date: string, body: { kind: 'day-off' | 'working-day'; reason: string }, by: string) {
    const year = Number(date.slice(0, 4));
    await CalendarOverride.updateOne({ _id: date }, { $set: { year, kind: body.kind, reason: body.reason, createdBy: by } }, { upsert: true });
    return calendarOf(year);
  }

  async function deleteOverride(date: string) {
    const removed = await CalendarOverride.deleteOne({ _id: date });
    if (removed.deletedCount === 0) throw problems.notFound(`Override for ${date}`);
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

  return { calendarOf, overridesFor, putOverride, deleteOverride, recalculateRunning };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
