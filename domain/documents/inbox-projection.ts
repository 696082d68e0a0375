/**
 * Which inbox entries a document's state implies. Pure: the activity writes what this returns.
 */
import type { InboxView } from '../../db/models/inbox-entry';
import type { DocumentState, Task, TaskKind } from './document-state';

const VIEW_OF_TASK: Record<TaskKind, InboxView> = {
  approve: 'for-approval',
  sign: 'for-signing',
  register: 'for-registration',
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

export function desiredInboxEntries(state: DocumentState, nowMs: number): DesiredInboxEntry[] {
  const entries: DesiredInboxEntry[] = state.tasks
    .filter((t) => t.state === 'open')
    .map((t) => {
      const { dueAtMs, breached } = dueOf(state, t);
      return {
        _id: `${state.documentId}:${t.id}`,
        ownerId: t.assigneeId,
        taskId: t.id,
        view: VIEW_OF_TASK[t.kind],
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
      _id: `${state.documentId}:author`,
      ownerId: state.authorId,
      taskId: 'author',
      view: createPointView,
      openedAt: new Date(state.returned?.atMs ?? nowMs),
      overdue: false,
    });
  }
  return entries;
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
