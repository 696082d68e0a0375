/** /api/oversight/incidents (the emergency journal) and /api/maintenance-windows (announced maintenance): docs/oversight.md. */
import { z } from '../../domain/zod';
import { INCIDENT_SECTIONS } from '../../db/models/oversight';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { IncidentService } from './incident-service';
import type { MaintenanceService } from './maintenance-service';

const instant = z.string().datetime({ offset: true });
const text = z.string().trim().min(1).max(4000);
const idParams = z.object({ id: z.string().uuid() });

const incidentInput = z
  .object({
    section: z.enum(INCIDENT_SECTIONS).openapi({ description: "Annex 7's section: server equipment, premises, fire alarm, air conditioning, power, flooding" }),
    cause: text.openapi({ description: 'The cause (¶43)' }),
    actions: text.openapi({ description: 'Actions taken, the measures (Annex 7 "Actions")' }),
    requiredMinutes: z.number().int().min(1).max(100_000).optional().openapi({ description: 'Required time (max), minutes' }),
    responsibleId: z.string().min(1).max(64),
    startedAt: instant,
    endedAt: instant.optional(),
  })
  .strict()
  .openapi('IncidentInput');

const incidentView = z
  .object({
    id: z.string(),
    section: z.enum(INCIDENT_SECTIONS),
    number: z.number(),
    year: z.number(),
    cause: z.string(),
    actions: z.string(),
    requiredMinutes: z.number().optional(),
    responsibleId: z.string(),
    responsibleName: z.string(),
    startedAt: z.string(),
    startedAtAstana: z.string(),
    endedAt: z.string().optional(),
    endedAtAstana: z.string().optional(),
    minutes: z.number().optional(),
    inEmergencyJournal: z.boolean(),
    recordedBy: z.string(),
  })
  .openapi('Incident');

const journalQuery = z
  .object({
    journal: z.enum(['all', 'emergency']).default('all').openapi({ description: 'emergency: only incidents longer than one hour' }),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  })
  .strict();

const maintenanceInput = z
  .object({ startsAt: instant, endsAt: instant, text: z.object({ kk: text, ru: text }).strict() })
  .strict()
  .openapi('MaintenanceWindowInput');

export const maintenanceView = z
  .object({
    id: z.string(),
    startsAt: z.string(),
    startsAtAstana: z.string(),
    endsAt: z.string(),
    endsAtAstana: z.string(),
    text: z.object({ kk: z.string(), ru: z.string() }),
    state: z.enum(['announced', 'now', 'over', 'cancelled']),
    announcedAt: z.string(),
  })
  .openapi('MaintenanceWindow');

export function mountOversightRoutes(route: RouteKit, deps: { incidents: IncidentService; maintenance: MaintenanceService }): void {
  const { incidents, maintenance } = deps;
  route(
    {
      method: 'post',
      path: '/api/oversight/incidents',
      summary: 'Record an incident (Annex 7 row and its cause); one longer than an hour goes into the emergency journal and the audit log',
      tags: ['oversight'],
      roles: ['administrator'],
      body: incidentInput,
      response: { status: 201, description: 'The incident', schema: incidentView },
    },
    async ({ actor, body, req }) => incidents.create(actor, body, clientAddress(req)),
  );
  route(
    {
      method: 'post',
      path: '/api/oversight/incidents/:id/close',
      summary: 'Close an incident with its end time (and the final actions); longer than an hour → emergency journal and audit log',
      tags: ['oversight'],
      roles: ['administrator'],
      params: idParams,
      body: z.object({ endedAt: instant, actions: text.optional() }).strict(),
      response: { description: 'The incident', schema: incidentView },
    },
    async ({ actor, params, body, req }) => incidents.close(actor, params.id, body, clientAddress(req)),
  );
  route(
    {
      method: 'get',
      path: '/api/oversight/incidents',
      summary: 'The incident register, newest first; journal=emergency for the emergency journal',
      tags: ['oversight'],
      roles: ['administrator', 'auditor'],
      query: journalQuery,
      response: { description: 'Incidents', schema: z.array(incidentView) },
    },
    async ({ query }) => incidents.list(query),
  );
  route(
    {
      method: 'get',
      path: '/api/oversight/incidents.csv',
      summary: 'The journal for printing: CSV in Annex 7 columns plus the cause, Astana time, headings in kk or ru',
      tags: ['oversight'],
      roles: ['administrator', 'auditor'],
      query: journalQuery.extend({ language: z.enum(['kk', 'ru']).default('ru') }).strict(),
      response: { description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv', schema: z.string() },
    },
    async ({ query, res }) => {
      const body = await incidents.csv(query);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${query.journal === 'emergency' ? 'emergency-journal' : 'incidents'}.csv"`);
      res.send(body);
    },
  );

  route(
    {
      method: 'post',
      path: '/api/maintenance-windows',
      summary: 'Announce a maintenance window (start, end, text in kk and ru); shown to every signed-in user until it ends',
      tags: ['oversight'],
      roles: ['administrator'],
      body: maintenanceInput,
      response: { status: 201, description: 'The window', schema: maintenanceView },
    },
    async ({ actor, body, req }) => maintenance.announce(actor, body, clientAddress(req)),
  );
  route(
    {
      method: 'get',
      path: '/api/maintenance-windows',
      summary: 'Every announced window, newest first, with its state',
      tags: ['oversight'],
      roles: ['administrator', 'auditor'],
      response: { description: 'Windows', schema: z.array(maintenanceView) },
    },
    async () => maintenance.list(),
  );
  route(
    {
      method: 'get',
      path: '/api/maintenance-windows/current',
      summary: 'Windows announced and not yet over: the banner',
      tags: ['oversight'],
      roles: [],
      response: { description: 'Windows', schema: z.array(maintenanceView) },
    },
    async () => maintenance.current(),
  );
  route(
    {
      method: 'post',
      path: '/api/maintenance-windows/:id/cancel',
      summary: 'Cancel an announced window (the banner goes)',
      tags: ['oversight'],
      roles: ['administrator'],
      params: idParams,
      response: { status: 204, description: 'Cancelled' },
    },
    async ({ actor, params, req }) => maintenance.cancel(actor, params.id, clientAddress(req)),
  );
}
