/**
 * Who hears about a document's transition: a task newly in someone's inbox (and in their substitutes'),
 * a resolution addressed to them, an order to acknowledge, a document returned to its author, an access
 * application decided. Runs inside `recordTransition`, so it shares that activity's retry; each notification
 * is keyed, so a retry or a later transition never repeats one.
 *
 * The projection calls it with the card it read (its type and title, and the keys of the tasks open at the
 * state it replaces): the new tasks are then known without a lookup per task, and their notifications are
 * written in the projection's batched writes, their people and preferences taken from a worker copy checked
 * against one version token. Called without the card (as a plain transition hook), it reads
 * what it needs, and asks by key whether each open task was already announced.
 */
import { peopleCacheVersion } from '../../db/people-cache-version';
// The document type of access applications: only their end is decided.
import { ACCESS_APPLICATION_TYPE } from '../../db/seed/access-application-route';
import type { Models } from '../../db/models';
import type { SubstitutionRecord } from '../../db/models/substitution';
import type { DocumentState, Task } from '../../domain/documents/document-state';
import type { RecordTransitionInput } from '../contracts';
import { RECIPIENT_FIELDS, type NotificationDelivery, type NotifyRow, type Recipient, type RecipientPerson, type RecipientPreference } from './delivery';

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

/** People kept at most in one copy: past this many, the copy starts again empty (a bound on the worker's memory). */
const MAX_PEOPLE_KEPT = 5_000;

/**
 * What the worker keeps about people under one token (db/people-cache-version.ts): the substitutions not yet
 * over, and per person their notification fields and preferences, filled as people are notified. Kept as
 * promises so that projections running side by side read a person once.
 */
interface PeopleCopy {
  token: string;
  substitutions?: Promise<Map<string, SubstitutionRow[]>>;
  employees: Map<string, Promise<RecipientPerson | null>>;
  preferences: Map<string, Promise<RecipientPreference | null>>;
}

/** A promise kept in `map` until it fails (a failed read is asked again next time). */
function keep<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let kept = map.get(key);
  if (!kept) {
    if (map.size >= MAX_PEOPLE_KEPT) map.clear();
    kept = read();
    map.set(key, kept);
    kept.catch(() => {
      if (map.get(key) === kept) map.delete(key);
    });
  }
  return kept;
}

export function createTransitionNotices(deps: { models: Models; delivery: NotificationDelivery; now?: () => Date }) {
  const { models, delivery } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * The copy of people data current at the token read now: one `_id` read checks every part of it; a part is
   * read again only after the token moved (the substitutions are a full scan on the embedded database, a
   * person two `_id` reads). A copy started under a token is filled only by reads made after that token was read.
   */
  let kept: PeopleCopy | undefined;
  async function currentCopy(): Promise<PeopleCopy> {
    const token = await peopleCacheVersion(models.Substitution.db);
    if (kept?.token !== token) kept = { token, employees: new Map(), preferences: new Map() };
    return kept;
  }

  function substitutionsByAbsent(copy: PeopleCopy): Promise<Map<string, SubstitutionRow[]>> {
    if (!copy.substitutions) {
      const read = (async () => {
        const rows = await models.Substitution.find({ to: { $gt: now() } }, { absentId: 1, substituteId: 1, from: 1, to: 1, cancelledAt: 1, documentTypes: 1 }).lean();
        const byAbsent = new Map<string, SubstitutionRow[]>();
        for (const row of rows) byAbsent.set(row.absentId, [...(byAbsent.get(row.absentId) ?? []), row]);
        return byAbsent;
      })();
      copy.substitutions = read;
      read.catch(() => {
        if (copy.substitutions === read) copy.substitutions = undefined;
      });
    }
    return copy.substitutions;
  }

  const employeeOf = (copy: PeopleCopy, id: string) => keep(copy.employees, id, () => models.Employee.findById(id, RECIPIENT_FIELDS).lean<RecipientPerson>().exec());
  const recipientOf =
    (copy: PeopleCopy) =>
    async (id: string): Promise<Recipient> => {
      const [employee, preference] = await Promise.all([
        employeeOf(copy, id),
        keep(copy.preferences, id, () => models.NotificationPreference.findById(id, { channels: 1 }).lean<RecipientPreference>().exec()),
      ]);
      return { employee, preference };
    };
  const nameOf = async (copy: PeopleCopy, id: string) => (await employeeOf(copy, id))?.fullName ?? '';

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

  async function taskRows(input: RecordTransitionInput, card: TransitionCard | undefined, documentType: string | undefined, copyNow: () => Promise<PeopleCopy>): Promise<NotifyRow[]> {
    const { state, documentId } = input;
    const tasks = await newTasks(input, card);
    if (!tasks.length) return [];
    const copy = await copyNow();
    const byAbsent = await substitutionsByAbsent(copy);
    const rows: NotifyRow[] = [];
    for (const task of tasks) {
      const kind = kindOfTask(task, documentType);
      const dueAtMs = dueOf(state, task);
      rows.push({ id: `${documentId}:task:${task.id}:${task.assigneeId}`, recipientId: task.assigneeId, documentId, kind, params: { dueAtMs } });
      const substitutes = substitutesOf(byAbsent, task.assigneeId, documentType);
      if (substitutes.length) {
        const onBehalfOfName = await nameOf(copy, task.assigneeId);
        for (const s of substitutes) rows.push({ id: `${documentId}:task:${task.id}:${s}`, recipientId: s, documentId, kind, params: { dueAtMs, onBehalfOfName } });
      }
    }
    return rows;
  }

  /** A decided access application, or a document returned to its author by someone else. */
  async function outcomeRows(input: RecordTransitionInput, documentType: string | undefined, typeKnown: boolean, copyNow: () => Promise<PeopleCopy>): Promise<NotifyRow[]> {
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
        params: { personName: await nameOf(await copyNow(), returned.by), comment: returned.comment },
      });
    }
    return rows;
  }

  return async function onTransition(input: RecordTransitionInput, card?: TransitionCard): Promise<void> {
    const open = input.state.tasks.some((t) => t.state === 'open');
    const stored = card ?? (open ? await models.Document.findById(input.documentId, { type: 1, title: 1, registration: 1 }).lean() : null);
    const documentType = stored?.type ?? undefined;
    // The token is read once for the whole transition, and only if something needs the copy.
    let copy: Promise<PeopleCopy> | undefined;
    const copyNow = () => (copy ??= currentCopy());
    const rows = [...(await taskRows(input, card, documentType, copyNow)), ...(await outcomeRows(input, documentType, !!card, copyNow))];
    if (!rows.length) return;
    if (card) {
      // New by the card's keys, or keyed and so added once however often this runs.
      await delivery.deliverNew(rows, { title: card.title, number: input.state.registration?.number ?? card.number }, recipientOf(await copyNow()));
      return;
    }
    await delivery.notify(rows);
  };
}

export type TransitionNotices = ReturnType<typeof createTransitionNotices>;
