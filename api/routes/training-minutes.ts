/**
 * /api/documents/:id/training-minutes: the minutes of a training held after a change to the EDMS, recorded against
 * its change notification by the responsible employee who sent it (002 §11); readable by whoever sees the document.
 */
import { randomUUID } from 'node:crypto';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { Models } from '../../db/models';
import { astanaDay } from '../../domain/calendar/astana-zone';
import { refuseTrainingMinutes } from '../../domain/documents/training-minutes';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { RouteKit } from '../route-kit';
import { z } from '../../domain/zod';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');
const minutesView = z
  .object({ id: z.string(), documentId: z.string(), heldOn: z.string(), topic: z.string(), attendeeIds: z.array(z.string()), recordedBy: z.string(), recordedAt: z.string() })
  .openapi('TrainingMinutes');

interface Deps {
  models: Models;
  audit: AuditChain;
  /** Loads the document as its card does: 404 for whoever may not see it. */
  loadVisible(actor: AuthenticatedActor, documentId: string): Promise<{ _id: string; type?: string | null; authorId: string; status?: string | null }>;
  now?: () => Date;
}

export function mountTrainingMinutesRoutes(route: RouteKit, deps: Deps): void {
  const { TrainingMinutes, Employee } = deps.models;
  const view = (m: { _id: string; documentId: string; heldOn: string; topic: string; attendeeIds: string[]; recordedBy: string; createdAt?: Date }) => ({
    id: m._id,
    documentId: m.documentId,
    heldOn: m.heldOn,
    topic: m.topic,
    attendeeIds: m.attendeeIds,
    recordedBy: m.recordedBy,
    recordedAt: (m.createdAt ?? new Date(0)).toISOString(),
  });

  route(
    {
      method: 'post',
      path: '/api/documents/:id/training-minutes',
      summary: 'Record the minutes of a training held after the change (date, topic, attendees) against the change notification',
      tags: ['documents'],
      roles: [],
      params: z.object({ id }),
      body: z.object({ heldOn: isoDate, topic: z.string().trim().min(1).max(500), attendeeIds: z.array(id).min(1).max(500) }).strict(),
      response: { status: 201, description: 'The minutes', schema: minutesView },
    },
    async ({ actor, params, body }) => {
      const doc = await deps.loadVisible(actor, params.id);
      const attendeeIds = [...new Set(body.attendeeIds)];
      const known = new Set<string>();
      for (const a of attendeeIds) if (await Employee.exists({ _id: a })) known.add(a);
      const refusal = refuseTrainingMinutes(doc, actor.employeeId, { ...body, attendeeIds }, astanaDay((deps.now ?? (() => new Date()))()), known);
      if (refusal?.field) throw problems.validation([{ field: refusal.field, message: refusal.message }]);
      if (refusal?.status === 403) throw problems.forbidden(refusal.message);
      if (refusal) throw new HttpProblem(409, 'not-a-change-notification', 'Conflict with the current state', refusal.message);
      const created = await TrainingMinutes.create({ _id: `${doc._id}:${randomUUID()}`, documentId: doc._id, heldOn: body.heldOn, topic: body.topic, attendeeIds, recordedBy: actor.employeeId });
      await deps.audit.append([
        { eventKey: `${created._id}:training.minutes-recorded`, type: 'training.minutes-recorded', at: new Date(), actorId: actor.employeeId, documentId: doc._id, data: { minutesId: created._id, heldOn: body.heldOn, attendees: attendeeIds.length } },
      ]);
      return view(created.toObject());
    },
  );

  route(
    {
      method: 'get',
      path: '/api/documents/:id/training-minutes',
      summary: 'The training minutes recorded against a change notification, oldest first',
      tags: ['documents'],
      roles: [],
      params: z.object({ id }),
      response: { description: 'The minutes', schema: z.array(minutesView) },
    },
    async ({ actor, params }) => {
      await deps.loadVisible(actor, params.id);
      const rows = await TrainingMinutes.find({ documentId: params.id }).sort({ heldOn: 1, createdAt: 1 }).lean();
      return rows.map(view);
    },
  );
}
