/** Control: removing a document from control, or returning its execution for rework. */
import { REFUSALS } from '../actions';
import type { Refusal, RemoveFromControlAction, ReturnForReworkAction } from '../actions';
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
  taskOwner,
} from './tasks';
import type { DomainEvent } from './tasks';

export function checkRemoveFromControl(state: DocumentState, a: RemoveFromControlAction): Refusal | undefined {
  const wrong = requireStage(state, 'control-removal', 'remove from control');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'remove-control', 'remove from control');
  return isRefusal(task) ? task : undefined;
}

export function applyRemoveFromControl(state: DocumentState, a: RemoveFromControlAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['remove-control'])[0];
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  state.controlSheet = { removedAtMs: nowMs, removedBy: a.actor.employeeId, onBehalfOf: a.actor.onBehalfOf, comment: a.comment };
  return [{ type: 'control.removed', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), comment: a.comment }];
}

export function checkReturnForRework(state: DocumentState, a: ReturnForReworkAction): Refusal | undefined {
  const wrong = checkRemoveFromControl(state, a);
  if (wrong) return wrong;
  return a.comment?.trim() ? undefined : refuse(REFUSALS.invalid, 'Returning for rework needs a comment.');
}

/**
 * Sends the controlled resolutions back to their responsible executors: the workflow re-enters the
 * execution stage, keeping every resolution and card written so far.
 */
export function applyReturnForRework(
  state: DocumentState,
  a: ReturnForReworkAction,
  executionStageIndex: number,
  executionStageId: string,
  nowMs: number,
): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['remove-control'])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  cancelOpenTasks(state, (t) => t.stageId === task.stageId);
  state.stage = { index: executionStageIndex, id: executionStageId, type: 'execution', startedAtMs: nowMs };
  state.status = 'in-execution';
  const reopened: string[] = [];
  for (const r of state.resolutions.filter((x) => !x.parentId && x.control !== 'none')) {
    r.state = 'open';
    reopened.push(r.id);
    state.tasks.push({
      id: `${state.round}.${executionStageId}.${r.id}.${r.responsibleExecutorId}.rework${nowMs}`,
      stageId: executionStageId,
      kind: 'execute',
      assigneeId: r.responsibleExecutorId,
      state: 'open',
      resolutionId: r.id,
      openedAtMs: nowMs,
      comment: a.comment,
    });
  }
  return [{ type: 'control.returned-for-rework', atMs: nowMs, ...actorFields(a.actor), comment: a.comment, data: { resolutions: reopened } }];
}
