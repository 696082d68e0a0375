/**
 * Who hears about a document's transition: a task newly in someone's inbox (and in their substitutes'),
 * a resolution addressed to them, an order to acknowledge, a document returned to its author, an access
 * application decided. Runs inside `recordTransition`, so it shares that activity's retry; each notification
 * is keyed, so a retry or a later transition never repeats one.
 *
 * The projection calls it with the card it read (its type and title, and the keys of the tasks open at the
 * state it replaces): the new tasks are then known without a lookup per task, and their notifications are
 * written in the projection's batched writes. Called without the card (as a plain transition hook), it reads
 * what it needs, and asks by key whether each open task was already announced.
 */
import { substitutionsVersion } from '../../db/substitutions-version';
import type { Models } from '../../db/models';
import type { SubstitutionRecord } from '../../db/models/substitution';
import type { DocumentState, Task } from '../../domain/documents/document-state';
import type { RecordTransitionInput } from '../contracts';
import type { NotificationDelivery, NotifyRow } from './delivery';

/** What the projection read of the card, handed over so that the notices read nothing again. */
export interface TransitionCard {
  type?: string | null;
  title: string;
  /** The registration number, once there is one (for the mails' texts). */
  number: string | null;
  /** `openTaskKey` of every open task at the state the card holds; absent on a card projected before they were kept. */
  openTaskKeys?: string[] | null;
}

/** A task as announced: the same task handed to another person is announced to them. */
export const openTaskKey = (task: Pick<Task, 'id' | 'assigneeId'>): string => `${task.id}:${task.assigneeId}`;

export function openTaskKeys(state: Pick<DocumentState, 'tasks'>): string[] {
  return state.tasks.filter((t) => t.state === 'open').map(openTaskKey);
}

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

type SubstitutionRow = Pick<SubstitutionRecord, 'absentId' | 'substituteId' | 'from' | 'to' | 'cancelledAt' | 'documentTypes'>;

/** The document type of access applications (db/seed/access-application-route.ts): only their end is decided. */
const ACCESS_APPLICATION_TYPE = 'access-application';

export function createTransitionNotices(deps: { models: Models; delivery: NotificationDelivery; now?: () => Date }) {
  const { models, delivery } = deps;
  const now = deps.now ?? (() => new Date());
  const nameOf = async (id: string) => (await models.Employee.findById(id, { fullName: 1 }).lean())?.fullName ?? '';

  /**
   * The substitutions not yet over, kept until the substitutions' version token moves
   * (db/substitutions-version.ts): reading them is a full scan on the embedded database, the token one `_id` read.
   */
  let kept: { token: string; byAbsent: Map<string, SubstitutionRow[]> } | undefined;
  async function substitutionsByAbsent(): Promise<Map<string, SubstitutionRow[]>> {
    const token = await substitutionsVersion(models.Substitution.db);
    if (kept?.token === token) return kept.byAbsent;
    const rows = await models.Substitution.find({ to: { $gt: now() } }, { absentId: 1, substituteId: 1, from: 1, to: 1, cancelledAt: 1, documentTypes: 1 }).lean();
    const byAbsent = new Map<string, SubstitutionRow[]>();
    for (const row of rows) byAbsent.set(row.absentId, [...(byAbsent.get(row.absentId) ?? []), row]);
    kept = { token, byAbsent };
    return byAbsent;
  }

  /** Substitutes standing in for `absentId` now, for this document type (direct links; chains see it through them). */
  function substitutesOf(byAbsent: Map<string, SubstitutionRow[]>, absentId: string, documentType: string | undefined): string[] {
    const at = now();
    return (byAbsent.get(absentId) ?? [])
      .filter((s) => s.from <= at && s.to > at && (!s.cancelledAt || s.cancelledAt > at))
      .filter((s) => !s.documentTypes?.length || (documentType !== undefined && s.documentTypes.includes(documentType)))
      .map((s) => s.substituteId);
  }

  /** The open tasks not announced yet: those new since the card's state, or (no keys kept) those without a notification. */
  async function newTasks(input: RecordTransitionInput, card: TransitionCard | undefined): Promise<Task[]> {
    const open = input.state.tasks.filter((t) => t.state === 'open');
    if (card?.openTaskKeys) {
      const before = new Set(card.openTaskKeys);
      return open.filter((t) => !before.has(openTaskKey(t)));
    }
    // By _id, side by side: one lookup per open task.
    const announced = await Promise.all(open.map((t) => models.Notification.exists({ _id: `${input.documentId}:task:${t.id}:${t.assigneeId}` })));
    return open.filter((_, i) => !announced[i]);
  }

  async function taskRows(input: RecordTransitionInput, card: TransitionCard | undefined, documentType: string | undefined): Promise<NotifyRow[]> {
    const { state, documentId } = input;
    const tasks = await newTasks(input, card);
    if (!tasks.length) return [];
    const byAbsent = await substitutionsByAbsent();
    const rows: NotifyRow[] = [];
    for (const task of tasks) {
      const kind = kindOfTask(task, documentType);
      const dueAtMs = dueOf(state, task);
      rows.push({ id: `${documentId}:task:${task.id}:${task.assigneeId}`, recipientId: task.assigneeId, documentId, kind, params: { dueAtMs } });
      const substitutes = substitutesOf(byAbsent, task.assigneeId, documentType);
      if (substitutes.length) {
        const onBehalfOfName = await nameOf(task.assigneeId);
        for (const s of substitutes) rows.push({ id: `${documentId}:task:${task.id}:${s}`, recipientId: s, documentId, kind, params: { dueAtMs, onBehalfOfName } });
      }
    }
    return rows;
  }

  /** A decided access application, or a document returned to its author by someone else. */
  async function outcomeRows(input: RecordTransitionInput, documentType: string | undefined, typeKnown: boolean): Promise<NotifyRow[]> {
    const { state, documentId } = input;
    const ended = state.status === 'rejected' || input.events.some((e) => e.type === 'document.executed');
    const application =
      ended && (!typeKnown || documentType === ACCESS_APPLICATION_TYPE)
        ? await models.AccessApplication.findById(documentId, { applicantId: 1, subjectId: 1, action: 1 }).lean()
        : null;
    const returned = state.returned;
    const rows: NotifyRow[] = [];
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
    return rows;
  }

  return async function onTransition(input: RecordTransitionInput, card?: TransitionCard): Promise<void> {
    const open = input.state.tasks.some((t) => t.state === 'open');
    const stored = card ?? (open ? await models.Document.findById(input.documentId, { type: 1, title: 1, registration: 1 }).lean() : null);
    const documentType = stored?.type ?? undefined;
    const rows = [...(await taskRows(input, card, documentType)), ...(await outcomeRows(input, documentType, !!card))];
    if (!rows.length) return;
    if (card) {
      // New by the card's keys, or keyed and so added once however often this runs.
      await delivery.deliverNew(rows, { title: card.title, number: input.state.registration?.number ?? card.number });
      return;
    }
    await delivery.notify(rows);
  };
}

export type TransitionNotices = ReturnType<typeof createTransitionNotices>;
