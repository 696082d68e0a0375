/** /api/calendar: the working calendar, its overrides, deadline recalculation; /api/reports/discipline. */
import type { RouteKit } from '../route-kit';
import type { CalendarService } from '../services/calendar-service';
import type { createDisciplineReport } from '../services/discipline-report';
import { z } from '../../domain/zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');
const year = z.coerce.number().int().min(2024).max(2100);

const override = z.object({ date: z.string(), kind: z.enum(['day-off', 'working-day']), reason: z.string(), createdBy: z.string() });
const calendarView = z
  .object({
    year: z.number(),
    version: z.string(),
    source: z.object({ library: z.string(), version: z.string(), country: z.string() }),
    daysOff: z.array(z.string()),
    workingWeekends: z.array(z.string()),
    overrides: z.array(override),
  })
  .openapi('BusinessCalendar');
const disciplineRow = z.object({
  unitId: z.string(),
  unitName: z.object({ kk: z.string(), ru: z.string() }).nullable(),
  overdueNow: z.number(),
  breachesInPeriod: z.number(),
  overdueDocuments: z.array(z.string()),
});

export function mountCalendarRoutes(route: RouteKit, deps: { calendar: CalendarService; discipline: ReturnType<typeof createDisciplineReport> }): void {
  const { calendar } = deps;
  route(
    { method: 'get', path: '/api/calendar', summary: 'The working calendar of a year (Astana time): days off, working weekends, overrides', tags: ['calendar'], roles: [], query: z.object({ year }).strict(), response: { description: 'The calendar', schema: calendarView } },
    async ({ query }) => calendar.calendarOf(query.year),
  );
  route(
    {
      method: 'put',
      path: '/api/calendar/overrides/:date',
      summary: 'Declare a day off or a working day (a decree moving days off); running deadlines are not moved until recalculated',
      tags: ['calendar'],
      roles: ['administrator'],
      params: z.object({ date: isoDate }),
      body: z.object({ kind: z.enum(['day-off', 'working-day']), reason: z.string().trim().min(1).max(500) }).strict(),
      response: { description: 'The calendar of that year after the change', schema: calendarView },
    },
    async ({ params, body, actor }) => calendar.putOverride(params.date, body, actor.employeeId),
  );
  route(
    { method: 'delete', path: '/api/calendar/overrides/:date', summary: 'Remove an override', tags: ['calendar'], roles: ['administrator'], params: z.object({ date: isoDate }), response: { description: 'The calendar of that year after the change', schema: calendarView } },
    async ({ params }) => calendar.deleteOverride(params.date),
  );
  route(
    {
      method: 'post',
      path: '/api/calendar/recalculate',
      summary: 'Recompute the deadlines of every running document on the current calendar (a workflow Update each)',
      tags: ['calendar'],
      roles: ['administrator'],
      response: { description: 'How many documents were updated', schema: z.object({ documents: z.number(), updated: z.number(), failed: z.array(z.string()) }) },
    },
    async ({ actor }) => calendar.recalculateRunning({ employeeId: actor.employeeId, roles: actor.roles }),
  );
  route(
    {
      method: 'get',
      path: '/api/reports/discipline',
      summary: 'Execution discipline per department: overdue now and deadline breaches in a period',
      tags: ['reports'],
      roles: ['controller', 'administrator', 'auditor'],
      query: z.object({ from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }) }).strict(),
      response: { description: 'One row per unit', schema: z.array(disciplineRow) },
    },
    async ({ query }) => deps.discipline(new Date(query.from), new Date(query.to)),
  );
}
