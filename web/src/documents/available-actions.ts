/**
 * Which actions the reader may take on a document now, and only those. Derived from the live workflow state
 * the card returns (open tasks assigned to me or to someone I stand in for, and the status), mirroring the
 * workflow's own validators, which still have the last word: a refusal comes back as a problem and is shown.
 */
import type { DocumentView, Role, Task } from '../api/types';

export type ActionName =
  | 'submit'
  | 'withdraw'
  | 'approve'
  | 'reject'
  | 'sign'
  | 'register'
  | 'refuse'
  | 'write-resolution'
  | 'file-card'
  | 'edit-card'
  | 'acknowledge'
  | 'remove-from-control'
  | 'return-for-rework'
  | 'extend-deadline';

export interface AvailableAction {
  /** Unique per action and target (e.g. one "file card" per resolution). */
  key: string;
  name: ActionName;
  /** The absent colleague whose task this is, when I act as their substitute. */
  onBehalfOf?: string;
  resolutionId?: string;
  parentResolutionId?: string;
  cardId?: string;
  /** How the button reads: a positive step, a secondary one, or one that sends the document back. */
  tone: 'primary' | 'secondary' | 'danger';
}

export interface ActingAs {
  employeeId: string;
  /** Me first, then whom I substitute for now. */
  ownerIds: string[];
  roles: Role[];
}

const EXTENDERS: Role[] = ['controller', 'administrator'];

export function availableActions(doc: DocumentView, me: ActingAs): AvailableAction[] {
  const w = doc.workflow;
  if (!w) return [];
  const actions: AvailableAction[] = [];
  const add = (a: Omit<AvailableAction, 'key'> & { key?: string }) => {
    const key = a.key ?? `${a.name}:${a.onBehalfOf ?? ''}`;
    if (!actions.some((x) => x.key === key)) actions.push({ ...a, key });
  };
  const behalf = (owner: string) => (owner === me.employeeId ? undefined : owner);

  // The author at the Create point sends; during approval and signing may withdraw (002 A1 §6.8).
  if (me.ownerIds.includes(w.authorId)) {
    const onBehalfOf = behalf(w.authorId);
    const atCreatePoint = w.status === 'draft' || w.status === 'withdrawn' || (w.status === 'rejected' && w.finishedAtMs === undefined);
    if (atCreatePoint) add({ name: 'submit', onBehalfOf, tone: 'primary' });
    if (w.status === 'on-approval' || w.status === 'on-signing') add({ name: 'withdraw', onBehalfOf, tone: 'secondary' });
  }

  const mine = w.tasks.filter((t: Task) => t.state === 'open' && me.ownerIds.includes(t.assigneeId));
  for (const task of mine) {
    const onBehalfOf = behalf(task.assigneeId);
    switch (task.kind) {
      case 'approve':
        add({ name: 'approve', onBehalfOf, tone: 'primary' });
        add({ name: 'reject', onBehalfOf, tone: 'danger' });
        break;
      case 'sign':
        add({ name: 'sign', onBehalfOf, tone: 'primary' });
        add({ name: 'reject', onBehalfOf, tone: 'danger' });
        break;
      case 'register':
        add({ name: 'register', onBehalfOf, tone: 'primary' });
        // Refusal with a reason is for incoming documents that fail the checks (003 §§13–16).
        if (doc.type.startsWith('incoming')) add({ name: 'refuse', onBehalfOf, tone: 'danger' });
        break;
      case 'resolve':
        add({ name: 'write-resolution', onBehalfOf, tone: 'primary' });
        break;
      case 'execute':
        if (task.resolutionId) {
          add({ key: `file-card:${task.resolutionId}:${onBehalfOf ?? ''}`, name: 'file-card', resolutionId: task.resolutionId, onBehalfOf, tone: 'primary' });
          add({ key: `sub-resolution:${task.resolutionId}:${onBehalfOf ?? ''}`, name: 'write-resolution', parentResolutionId: task.resolutionId, onBehalfOf, tone: 'secondary' });
        }
        break;
      case 'acknowledge':
        add({ name: 'acknowledge', onBehalfOf, tone: 'primary' });
        break;
      case 'remove-control':
        add({ name: 'remove-from-control', onBehalfOf, tone: 'primary' });
        add({ name: 'return-for-rework', onBehalfOf, tone: 'danger' });
        break;
    }
  }

  // The author of a card may edit it until the document is Executed (002 A1 §6.5).
  if (w.status !== 'executed') {
    for (const card of w.cards.filter((c) => me.ownerIds.includes(c.executorId))) {
      add({ key: `edit-card:${card.id}`, name: 'edit-card', cardId: card.id, onBehalfOf: behalf(card.executorId), tone: 'secondary' });
    }
  }

  // Deadlines: controllers and administrators, or the author of a resolution for its own deadline.
  const mayExtend = me.roles.some((r) => EXTENDERS.includes(r));
  if (mayExtend && w.stage?.deadline) add({ key: 'extend-deadline:stage', name: 'extend-deadline', tone: 'secondary' });
  for (const r of w.resolutions.filter((x) => x.state === 'open' && x.deadline)) {
    if (mayExtend || me.ownerIds.includes(r.authorId)) {
      add({ key: `extend-deadline:${r.id}`, name: 'extend-deadline', resolutionId: r.id, onBehalfOf: mayExtend ? undefined : behalf(r.authorId), tone: 'secondary' });
    }
  }
  return actions;
}
