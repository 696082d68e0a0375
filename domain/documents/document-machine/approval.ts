/** Approval and signing: approve, reject (and return to the author when the stage fails), sign. */
import type { ApprovalStage, RouteDefinition } from '../../routes/route-model';
import { REFUSALS } from '../actions';
import type { Actor, ApproveAction, Refusal, RejectAction } from '../actions';
import type { DocumentState } from '../document-state';
import {
  actorFields,
  cancelOpenTasks,
  closeTask,
  isRefusal,
  openTasksOf,
  refuse,
  requireStage,
  requireTask,
  stageTasks,
  taskOwner,
} from './tasks';
import type { DomainEvent } from './tasks';

export function checkApprove(state: DocumentState, a: ApproveAction, route: RouteDefinition): Refusal | undefined {
  const wrong = requireStage(state, 'approval', 'approve');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'approve', 'approve');
  if (isRefusal(task)) return task;
  const stage = route.stages[state.stage!.index] as ApprovalStage;
  if (!stage.allowSelfApproval && taskOwner(a.actor) === state.authorId) {
    return refuse(REFUSALS.notAllowed, 'The author cannot approve their own document on this route.');
  }
  return undefined;
}

function openNextSequential(state: DocumentState, nowMs: number): void {
  const next = stageTasks(state).find((t) => t.state === 'waiting');
  if (next) {
    next.state = 'open';
    next.openedAtMs = nowMs;
  }
}

export function applyApprove(state: DocumentState, a: ApproveAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['approve'])[0];
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  openNextSequential(state, nowMs);
  return [{ type: 'approval.granted', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), comment: a.comment }];
}

export function checkReject(state: DocumentState, a: RejectAction): Refusal | undefined {
  if (state.stage?.type !== 'approval' && state.stage?.type !== 'signing') {
    return refuse(REFUSALS.wrongStage, `Cannot reject: the document is ${state.status}.`);
  }
  if (!a.comment?.trim()) return refuse(REFUSALS.invalid, 'A rejection needs a comment for the author.');
  const task = requireTask(state, a.actor, state.stage.type === 'approval' ? 'approve' : 'sign', 'reject');
  return isRefusal(task) ? task : undefined;
}

/** Records the refusal; whether it sends the document back depends on the quorum (evaluateStage). */
export function applyReject(state: DocumentState, a: RejectAction, nowMs: number): DomainEvent[] {
  const kind = state.stage!.type === 'approval' ? 'approve' : 'sign';
  const task = openTasksOf(state, taskOwner(a.actor), [kind])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  if (kind === 'approve') openNextSequential(state, nowMs);
  return [
    {
      type: kind === 'approve' ? 'approval.rejected' : 'signature.declined',
      atMs: nowMs,
      stageId: task.stageId,
      taskId: task.id,
      ...actorFields(a.actor),
      comment: a.comment,
    },
  ];
}

/** A failed approval or signing stage returns the document to its author with the refusal's comment. */
export function returnToAuthor(state: DocumentState, nowMs: number): DomainEvent[] {
  const refusal = [...stageTasks(state)].reverse().find((t) => t.state === 'refused');
  const stageId = state.stage?.id;
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'rejected';
  state.returned = { reason: 'rejected', by: refusal?.actedBy ?? 'system', comment: refusal?.comment, atMs: nowMs };
  return [{ type: 'document.returned', atMs: nowMs, stageId, comment: refusal?.comment, data: { by: refusal?.actedBy } }];
}

export function checkSign(state: DocumentState, a: { actor: Actor }): Refusal | undefined {
  const wrong = requireStage(state, 'signing', 'sign');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'sign', 'sign');
  return isRefusal(task) ? task : undefined;
}

export function applySign(state: DocumentState, a: { actor: Actor; signatureId: string }, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['sign'])[0];
  closeTask(task, 'done', a.actor, nowMs);
  openNextSequential(state, nowMs);
  return [
    { type: 'signature.accepted', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), data: { signatureId: a.signatureId } },
  ];
}
