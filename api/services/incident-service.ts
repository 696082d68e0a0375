/**
 * Incidents (seed-004 ¶¶41–43, Annex 7): administrators record an outage or emergency in one of Annex 7's six
 * sections with its cause (¶43) and close it with its end time. One that lasted more than an hour is recorded
 * in both journals: the emergency journal (this register, marked `overOneHourAt`) and the log — the audit
 * trail, as the hash-chained `incident.over-one-hour` event with start, end, cause and measures.
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import { INCIDENT_SECTIONS, type IncidentRecord, type IncidentSection } from '../../db/models/oversight';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaIso } from '../../domain/calendar/astana-time';
import { astanaYear } from '../../domain/calendar/astana-zone';
import { isOverOneHour, journalCsv } from '../../domain/oversight/incidents';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import { createAuditRecorder } from './audit-recorder';

export interface IncidentInput {
  section: IncidentSection;
  cause: string;
  actions: string;
  requiredMinutes?: number;
  responsibleId: string;
  startedAt: string;
  endedAt?: string;
}

type IncidentRow = IncidentRecord;

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

export function createIncidentService(deps: { models: Pick<Models, 'Incident' | 'Employee'>; audit: AuditChain; now?: () => Date }) {
  const { models, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const record = createAuditRecorder(audit, now);

  function checkTimes(startedAt: Date, endedAt: Date | undefined, field: { start?: string; end: string }): void {
    const limit = now().getTime() + 60_000; // a minute of clock skew between the browser and the server
    if (field.start && startedAt.getTime() > limit) throw problems.validation([{ field: field.start, message: 'the start is in the future' }]);
    if (endedAt && endedAt.getTime() > limit) throw problems.validation([{ field: field.end, message: 'the end is in the future' }]);
    if (endedAt && endedAt.getTime() < startedAt.getTime()) throw problems.validation([{ field: field.end, message: 'the end is before the start' }]);
  }

  /** In the log and the emergency journal once known to have lasted more than an hour; the event key makes it once. */
  async function markIfOverOneHour(incident: { _id: string; section: string; startedAt: Date; cause: string; actions: string }, endedAt: Date, who: AuthenticatedActor, source: string) {
    if (!isOverOneHour(incident.startedAt, endedAt)) return false;
    await models.Incident.updateOne({ _id: incident._id }, { $set: { overOneHourAt: now() } });
    await audit.append([
      {
        eventKey: `incident:${incident._id}:over-one-hour`,
        type: 'incident.over-one-hour',
        at: now(),
        actorId: who.employeeId,
        role: who.roles.join(','),
        source,
        data: {
          incidentId: incident._id,
          section: incident.section,
          startedAt: incident.startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          minutes: Math.round((endedAt.getTime() - incident.startedAt.getTime()) / 60_000),
          cause: incident.cause,
          measures: incident.actions,
        },
      },
    ]);
    return true;
  }

  async function create(actor: AuthenticatedActor, input: IncidentInput, source: string) {
    const startedAt = new Date(input.startedAt);
    const endedAt = input.endedAt ? new Date(input.endedAt) : undefined;
    checkTimes(startedAt, endedAt, { start: 'body.startedAt', end: 'body.endedAt' });
    if (!(await models.Employee.exists({ _id: input.responsibleId }))) throw problems.validation([{ field: 'body.responsibleId', message: `no employee "${input.responsibleId}"` }]);
    const year = astanaYear(startedAt);
    const id = randomUUID();
    // The No. within the section and year: a claim under the unique index; of two racing, one takes the next.
    let number = (await models.Incident.countDocuments({ section: input.section, year })) + 1;
    for (;;) {
      try {
        await models.Incident.create({ _id: id, section: input.section, year, number, cause: input.cause, actions: input.actions, requiredMinutes: input.requiredMinutes, responsibleId: input.responsibleId, startedAt, endedAt, recordedBy: actor.employeeId, closedBy: endedAt ? actor.employeeId : undefined });
        break;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        number += 1;
      }
    }
    await record('incident.recorded', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { incidentId: id, section: input.section, number, year, startedAt: startedAt.toISOString(), endedAt: endedAt?.toISOString() } });
    if (endedAt) await markIfOverOneHour({ _id: id, section: input.section, startedAt, cause: input.cause, actions: input.actions }, endedAt, actor, source);
    return get(id);
  }

  async function close(actor: AuthenticatedActor, id: string, input: { endedAt: string; actions?: string }, source: string) {
    const incident = await models.Incident.findById(id).lean();
    if (!incident) throw problems.notFound(`Incident ${id}`);
    if (incident.endedAt) throw problems.conflict('This incident is closed already.', 'incident-closed');
    const endedAt = new Date(input.endedAt);
    checkTimes(incident.startedAt, endedAt, { end: 'body.endedAt' });
    const actions = input.actions ?? incident.actions;
    await models.Incident.updateOne({ _id: id }, { $set: { endedAt, actions, closedBy: actor.employeeId } });
    await record('incident.closed', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { incidentId: id, endedAt: endedAt.toISOString() } });
    await markIfOverOneHour({ ...incident, actions }, endedAt, actor, source);
    return get(id);
  }

  async function names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    return new Map((unique.length ? await models.Employee.find({ _id: { $in: unique } }, { fullName: 1 }).lean() : []).map((e) => [e._id, e.fullName]));
  }

  function viewOf(r: IncidentRow & { _id: string }, who: Map<string, string>) {
    const minutes = r.endedAt ? Math.round((r.endedAt.getTime() - r.startedAt.getTime()) / 60_000) : undefined;
    return {
      id: r._id,
      section: r.section as IncidentSection,
      number: r.number,
      year: r.year,
      cause: r.cause,
      actions: r.actions,
      requiredMinutes: r.requiredMinutes ?? undefined,
      responsibleId: r.responsibleId,
      responsibleName: who.get(r.responsibleId) ?? r.responsibleId,
      startedAt: r.startedAt.toISOString(),
      startedAtAstana: astanaIso(r.startedAt),
      endedAt: r.endedAt?.toISOString(),
      endedAtAstana: r.endedAt ? astanaIso(r.endedAt) : undefined,
      minutes,
      inEmergencyJournal: Boolean(r.overOneHourAt),
      recordedBy: r.recordedBy,
    };
  }

  async function get(id: string) {
    const r = await models.Incident.findById(id).lean();
    if (!r) throw problems.notFound(`Incident ${id}`);
    return viewOf(r as IncidentRow & { _id: string }, await names([r.responsibleId]));
  }

  /** `emergency`: only those in the emergency journal (more than an hour); `all`: every incident recorded. */
  async function list(query: { journal: 'all' | 'emergency'; year?: number }) {
    const filter: Record<string, unknown> = {};
    if (query.year) filter.year = query.year;
    if (query.journal === 'emergency') filter.overOneHourAt = { $exists: true };
    const rows = (await models.Incident.find(filter).sort({ startedAt: -1 }).limit(2000).lean()) as Array<IncidentRow & { _id: string }>;
    const who = await names(rows.map((r) => r.responsibleId));
    return rows.map((r) => viewOf(r, who));
  }

  async function csv(query: { journal: 'all' | 'emergency'; year?: number; language: 'kk' | 'ru' }) {
    const rows = await list(query);
    return journalCsv(
      rows.map((r) => ({ ...r, startedAt: new Date(r.startedAt), endedAt: r.endedAt ? new Date(r.endedAt) : undefined })),
      query.language,
      INCIDENT_SECTIONS,
    );
  }

  return { create, close, get, list, csv };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
