/**
 * Which inbox entries a document's state implies. Pure: the activity writes what this returns.
 */
import type { InboxView } from '../../db/models/inbox-entry';
import type { DocumentState, Task, TaskKind } from './document-state';

const VIEW_OF_TASK: Record<TaskKind, InboxView> = {
  approve: 'for-approval',
  sign: 'for-signing',
  register: 'for-registration',
  // A resolve task on correspondence received from outside is "Incoming"; see viewOf for internal documents.
  resolve: 'incoming',
  execute: 'execution',
  'remove-control': 'control-removal',
  acknowledge: 'acknowledgement',
};

export interface DesiredInboxEntry {
  _id: string;
  ownerId: string;
  taskId: string;
  view: InboxView;
  openedAt: Date;
  dueAt?: Date;
  overdue: boolean;
}

function dueOf(state: DocumentState, task: Task): { dueAtMs?: number; breached: boolean } {
  const resolution = task.resolutionId ? state.resolutions.find((r) => r.id === task.resolutionId) : undefined;
  const deadline = resolution?.deadline ?? (state.stage?.id === task.stageId ? state.stage.deadline : undefined);
  return { dueAtMs: deadline?.dueAtMs, breached: !!deadline?.breachedAtMs };
}

/**
 * What the projection knows beyond the state. `receivedFromOutside`: the document is registered in an incoming
 * journal. Source 002 keeps "Incoming" for correspondence that came into the organisation and waits for the
 * head's resolution; an internal document (a memo to its addressees) is work to carry out, so its addressees
 * find it under "Execution" even though their first task is the same resolve-or-execute task.
 */
export interface InboxContext {
  receivedFromOutside?: boolean;
}

function viewOf(task: Task, context: InboxContext): InboxView {
  if (task.kind === 'resolve' && !context.receivedFromOutside) return 'execution';
  return VIEW_OF_TASK[task.kind];
}

/**
 * The id of the n-th entry a document's state wants. Entries are numbered rather than named after their task:
 * when one task closes as another opens (the next approver of a sequential stage, the signer after the last
 * approval) the projection rewrites the one entry instead of adding one and removing another, which would be
 * two commands. Every entry is rewritten whole on every projection, so what a number held before does not
 * matter. (Entries written before were named `<document>:<task id>`; the card lists them, and the next
 * projection removes them as no longer wanted.)
 */
export const inboxEntryId = (documentId: string, n: number): string => `${documentId}:#${n}`;

/** The most entries a state can have wanted: one per task it holds, and the author's. */
export const inboxEntryBound = (state: Pick<DocumentState, 'tasks'>): number => state.tasks.length + 1;

export function desiredInboxEntries(state: DocumentState, nowMs: number, context: InboxContext = {}): DesiredInboxEntry[] {
  const entries: Array<Omit<DesiredInboxEntry, '_id'>> = state.tasks
    .filter((t) => t.state === 'open')
    .map((t) => {
      const { dueAtMs, breached } = dueOf(state, t);
      return {
        ownerId: t.assigneeId,
        taskId: t.id,
        view: viewOf(t, context),
        openedAt: new Date(t.openedAtMs ?? nowMs),
        dueAt: dueAtMs === undefined ? undefined : new Date(dueAtMs),
        overdue: breached,
      };
    });
  // The author's own views: drafts at the Create point, and documents returned to them.
  const createPointView: InboxView | undefined =
    state.status === 'draft' || state.status === 'withdrawn' ? 'drafts' : state.status === 'rejected' ? 'rejected' : undefined;
  if (createPointView) {
    entries.push({
      ownerId: state.authorId,
      taskId: 'author',
      view: createPointView,
      openedAt: new Date(state.returned?.atMs ?? nowMs),
      overdue: false,
    });
  }
  return entries.map((entry, n) => ({ _id: inboxEntryId(state.documentId, n), ...entry }));
}

/** Everyone who has had a task on the document: they may see it from now on. */
export function participantIds(state: DocumentState): string[] {
  const ids = new Set<string>([state.authorId]);
  for (const t of state.tasks) {
    ids.add(t.assigneeId);
    if (t.actedBy) ids.add(t.actedBy);
  }
  for (const r of state.resolutions) if (r.controllerId) ids.add(r.controllerId);
  return [...ids];
}
