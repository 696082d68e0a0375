/** Transfer of cases: what a transfer from one employee moves on a document, and carrying it out. */
import { REFUSALS } from '../actions';
import type { ReassignTasksAction, Refusal } from '../actions';
import type { DocumentState, Resolution } from '../document-state';
import { actorFields, refuse } from './tasks';
import type { DomainEvent } from './tasks';

export interface ReassignmentPlan {
  taskIds: string[];
  resolutionIds: string[];
  authorship: boolean;
}

const MAY_REASSIGN = ['administrator'];

/** The controller a controlled resolution answers to: named, or (personal control) its author. */
const controllerOf = (r: Resolution): string | undefined => (r.control === 'none' ? undefined : (r.controllerId ?? r.authorId));

/** What a transfer from one employee would move on this document; pure, so the API can report it too. */
export function reassignmentPlan(state: DocumentState, fromId: string, moveAuthorship: boolean): ReassignmentPlan {
  const taskIds = state.tasks.filter((t) => (t.state === 'open' || t.state === 'waiting') && t.assigneeId === fromId).map((t) => t.id);
  const resolutionIds = state.resolutions
    .filter((r) => r.state === 'open' && (r.responsibleExecutorId === fromId || r.coExecutorIds.includes(fromId) || controllerOf(r) === fromId))
    .map((r) => r.id);
  const authorship = moveAuthorship && state.authorId === fromId && state.finishedAtMs === undefined;
  return { taskIds, resolutionIds, authorship };
}

export function checkReassign(state: DocumentState, a: ReassignTasksAction): Refusal | undefined {
  if (!a.actor.roles.some((r) => MAY_REASSIGN.includes(r))) return refuse(REFUSALS.notParticipant, 'Only an administrator transfers cases.');
  if (!a.fromEmployeeId || !a.toEmployeeId || a.fromEmployeeId === a.toEmployeeId) {
    return refuse(REFUSALS.invalid, 'A transfer names two different employees.');
  }
  const plan = reassignmentPlan(state, a.fromEmployeeId, a.moveAuthorship);
  if (!plan.taskIds.length && !plan.resolutionIds.length && !plan.authorship) {
    return refuse(REFUSALS.alreadyDone, `${a.fromEmployeeId} has nothing open on this document to transfer.`);
  }
  return undefined;
}

/**
 * Moves the open and waiting tasks, the execution and control of open resolutions and, when asked, the
 * authorship. Finished tasks keep their assignee: they are history. The new assignee may end up with two
 * tasks of one stage (theirs and the transferred one); each counts, as each was somebody's duty.
 */
export function applyReassign(state: DocumentState, a: ReassignTasksAction, nowMs: number): DomainEvent[] {
  const from = a.fromEmployeeId;
  const to = a.toEmployeeId;
  const plan = reassignmentPlan(state, from, a.moveAuthorship);
  for (const t of state.tasks) if (plan.taskIds.includes(t.id)) t.assigneeId = to;
  for (const r of state.resolutions) {
    if (!plan.resolutionIds.includes(r.id)) continue;
    if (controllerOf(r) === from) r.controllerId = to;
    if (r.responsibleExecutorId === from) {
      r.responsibleExecutorId = to;
      r.coExecutorIds = r.coExecutorIds.filter((id) => id !== to);
    } else if (r.coExecutorIds.includes(from)) {
      r.coExecutorIds = [...new Set(r.coExecutorIds.map((id) => (id === from ? to : id)))].filter((id) => id !== r.responsibleExecutorId);
    }
  }
  if (plan.authorship) state.authorId = to;
  return [
    {
      type: 'task.reassigned',
      atMs: nowMs,
      stageId: state.stage?.id,
      ...actorFields(a.actor),
      comment: a.comment,
      data: { from, to, taskIds: plan.taskIds, resolutionIds: plan.resolutionIds, authorship: plan.authorship },
    },
  ];
}
