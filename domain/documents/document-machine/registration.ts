/** Registration in a journal, and the registry's refusal of an incoming document. */
import { REFUSALS } from '../actions';
import type { Actor, Refusal, RefuseIncomingAction } from '../actions';
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

export function checkRegister(state: DocumentState, a: { actor: Actor }): Refusal | undefined {
  const wrong = requireStage(state, 'registration', 'register');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'register', 'register');
  return isRefusal(task) ? task : undefined;
}

export function applyRegister(
  state: DocumentState,
  a: { actor: Actor },
  registration: { journal: string; number: string; seq?: number; direction?: string },
  nowMs: number,
): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['register'])[0];
  closeTask(task, 'done', a.actor, nowMs);
  // The journal and number only: the state keeps its shape whatever else the registration's answer carries
  // (its journal's direction and the number's seq go with the event, for the projection and hooks that follow it).
  state.registration = { journal: registration.journal, number: registration.number, registeredAtMs: nowMs, registeredBy: a.actor.employeeId };
  return [
    { type: 'document.registered', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), data: registration },
  ];
}

export function checkRefuseIncoming(state: DocumentState, a: RefuseIncomingAction): Refusal | undefined {
  const wrong = checkRegister(state, a);
  if (wrong) return wrong;
  if (!a.comment?.trim() || !a.reasonCode?.trim()) return refuse(REFUSALS.invalid, 'A refusal needs a reason code and a comment.');
  return undefined;
}

/** Final: the document goes to the Rejected view and a rejection notice is produced by an activity. */
export function applyRefuseIncoming(state: DocumentState, a: RefuseIncomingAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['register'])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'rejected';
  state.finishedAtMs = nowMs;
  return [
    { type: 'document.refused', atMs: nowMs, stageId: task.stageId, ...actorFields(a.actor), comment: a.comment, data: { reasonCode: a.reasonCode } },
  ];
}
