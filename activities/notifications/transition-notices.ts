/**
 * Who hears about a document's transition: a task newly in someone's inbox (and in their substitutes'),
 * a resolution addressed to them, an order to acknowledge, a document returned to its author, an access
 * application decided. Runs inside `recordTransition` (see with-transition-hooks), so it shares that
 * activity's retry; each notification is keyed, so a retry or a later transition never repeats one.
 */
import type { Models } from '../../db/models';
import type { DocumentState, Task } from '../../domain/documents/document-state';
import type { RecordTransitionInput } from '../contracts';
import type { NotificationDelivery, NotifyRow } from './delivery';

function kindOfTask(task: Task, documentType: string | undefined): string {
  if (task.kind === 'execute') return 'resolution.assigned';
  // An electronic document from another organisation waits for the registrar.
  if (task.kind === 'register' && documentType === 'incoming-electronic') return 'exchange.incoming';
  if (task.kind === 'acknowledge') return 'acknowledgement.requested';
  return 'task.assigned';
}

function dueOf(state: DocumentState, task: Task): number | undefined {
  const resolution = task.resolutionId ? state.resolutions.find((r) => r.id === task.resolutionId) : undefined;
  return (resolution?.deadline ?? (state.stage?.id === task.stageId ? state.stage?.deadline : undefined))?.dueAtMs;
}

export function createTransitionNotices(deps: { models: Models; delivery: NotificationDelivery; now?: () => Date }) {
  const { models, delivery } = deps;
  const now = deps.now ?? (() => new Date());
  const nameOf = async (id: string) => (await models.Employee.findById(id, { fullName: 1 }).lean())?.fullName ?? '';

  /** Substitutes standing in for `absentId` now, for this document type (direct links; chains see it through them). */
  async function substitutesOf(absentId: string, documentType: string | undefined): Promise<string[]> {
    const at = now();
    const rows = await models.Substitution.find({ absentId, from: { $lte: at }, to: { $gt: at } }).lean();
    return rows
      .filter((s) => !s.cancelledAt || s.cancelledAt > at)
      .filter((s) => !s.documentTypes?.length || (documentType !== undefined && s.documentTypes.includes(documentType)))
      .map((s) => s.substituteId);
  }

  return async function onTransition(input: RecordTransitionInput): Promise<void> {
    const { state, documentId } = input;
    const rows: NotifyRow[] = [];
    let documentType: string | undefined | null = null;
    for (const task of state.tasks) {
      if (task.state !== 'open') continue;
      const id = `${documentId}:task:${task.id}:${task.assigneeId}`;
      // By _id: a task already announced costs one lookup per transition.
      if (await models.Notification.exists({ _id: id })) continue;
      if (documentType === null) documentType = (await models.Document.findById(documentId, { type: 1 }).lean())?.type;
      const kind = kindOfTask(task, documentType ?? undefined);
      const dueAtMs = dueOf(state, task);
      rows.push({ id, recipientId: task.assigneeId, documentId, kind, params: { dueAtMs } });
      const substitutes = await substitutesOf(task.assigneeId, documentType ?? undefined);
      if (substitutes.length) {
        const onBehalfOfName = await nameOf(task.assigneeId);
        for (const s of substitutes) rows.push({ id: `${documentId}:task:${task.id}:${s}`, recipientId: s, documentId, kind, params: { dueAtMs, onBehalfOfName } });
      }
    }

    const application =
      state.status === 'rejected' || input.events.some((e) => e.type === 'document.executed')
        ? await models.AccessApplication.findById(documentId, { applicantId: 1, subjectId: 1, action: 1 }).lean()
        : null;
    const returned = state.returned;
    if (application) {
      const outcome = state.status === 'rejected' ? 'rejected' : 'approved';
      const recipients = new Set([application.applicantId]);
      if (application.action !== 'register' || outcome === 'approved') recipients.add(application.subjectId);
      for (const r of recipients) {
        if (!(await models.Employee.exists({ _id: r }))) continue;
        rows.push({ id: `${documentId}:access:${outcome}:${returned?.atMs ?? 'done'}:${r}`, recipientId: r, documentId, kind: 'access.decided', params: { outcome } });
      }
    } else if (state.status === 'rejected' && returned?.reason === 'rejected' && returned.by !== state.authorId) {
      rows.push({
        id: `${documentId}:returned:${returned.atMs}:${state.authorId}`,
        recipientId: state.authorId,
        documentId,
        kind: 'document.returned',
        params: { personName: await nameOf(returned.by), comment: returned.comment },
      });
    }
    await delivery.notify(rows);
  };
}
