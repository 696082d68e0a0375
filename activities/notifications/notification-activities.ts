/**
 * Deadline escalations: the late participants, their heads, the author and whoever the route names
 * hear about a breach. Idempotent: one notification per recipient per breach.
 */
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { EscalateDeadlineInput, RemindDeadlineInput } from '../contracts';
import type { ParticipantResolver } from '../../domain/documents/participant-resolver';
import type { NotificationDelivery } from './delivery';

export interface NotificationActivityDeps {
  models: Models;
  audit: AuditChain;
  participants: ParticipantResolver;
  /** Shows, pushes and mails each notification by its person's choice. */
  delivery: NotificationDelivery;
}

export function createNotificationActivities(deps: NotificationActivityDeps) {
  const { models, audit, participants, delivery } = deps;

  async function escalateDeadline(input: EscalateDeadlineInput): Promise<void> {
    const context = { documentId: input.documentId, authorId: input.authorId, stageId: input.stageId ?? 'resolution' };
    const heads: string[] = [];
    for (const id of input.lateAssigneeIds) {
      const employee = await models.Employee.findById(id, { unitId: 1 }).lean();
      heads.push(...(await participants.headOf(employee?.unitId, id)));
    }
    const named = await participants.resolveAll(input.escalateTo, context, { allowEmpty: true });
    const recipients = [...new Set([...input.lateAssigneeIds, ...heads, ...named, input.authorId])];
    const doc = await models.Document.findById(input.documentId, { title: 1 }).lean();
    const what = input.resolutionId ? `resolution ${input.resolutionId}` : `stage "${input.stageId}"`;
    const message = `Deadline breached: ${what} of "${doc?.title ?? input.documentId}" was due ${new Date(input.dueAtMs).toISOString()}.`;
    await delivery.notify(
      recipients.map((recipientId) => ({
        id: `${input.documentId}:breach:${input.resolutionId ?? input.stageId}:${input.dueAtMs}:${recipientId}`,
        recipientId,
        documentId: input.documentId,
        kind: 'deadline.breached',
        params: { dueAtMs: input.dueAtMs },
        message,
      })),
    );
    await audit.append([
      {
        eventKey: `${input.documentId}:escalation:${input.resolutionId ?? input.stageId}:${input.dueAtMs}`,
        type: 'deadline.escalated',
        at: new Date(),
        documentId: input.documentId,
        stageId: input.stageId,
        data: { resolutionId: input.resolutionId, recipients, late: input.lateAssigneeIds },
      },
    ]);
  }

  /** Idempotent: one reminder per person per deadline instant. */
  async function remindDeadline(input: RemindDeadlineInput): Promise<void> {
    const doc = await models.Document.findById(input.documentId, { title: 1 }).lean();
    const what = input.resolutionId ? `resolution ${input.resolutionId}` : `stage "${input.stageId}"`;
    const message = `Reminder: ${what} of "${doc?.title ?? input.documentId}" is due ${new Date(input.dueAtMs).toISOString()}.`;
    await delivery.notify(
      input.assigneeIds.map((recipientId) => ({
        id: `${input.documentId}:reminder:${input.resolutionId ?? input.stageId}:${input.dueAtMs}:${recipientId}`,
        recipientId,
        documentId: input.documentId,
        kind: 'deadline.reminder',
        params: { dueAtMs: input.dueAtMs },
        message,
      })),
    );
  }

  return { escalateDeadline, remindDeadline };
}
