/** Creation and the Create point: a new document's state, submitting a round and withdrawing it. */
import { REFUSALS } from '../actions';
import type { Refusal, SubmitAction, WithdrawAction } from '../actions';
import { CREATE_POINT_STATUSES } from '../document-state';
import type { DocumentState } from '../document-state';
import { actorFields, cancelOpenTasks, refuse } from './tasks';
import type { DomainEvent } from './tasks';

export function createInitialState(documentId: string, authorId: string, route: { key: string; version: number }): DocumentState {
  return { documentId, authorId, route, status: 'draft', round: 0, tasks: [], resolutions: [], cards: [], seq: 0 };
}

export function checkSubmit(state: DocumentState, a: SubmitAction): Refusal | undefined {
  if (a.actor.employeeId !== state.authorId && a.actor.onBehalfOf !== state.authorId) {
    return refuse(REFUSALS.notParticipant, 'Only the author can send the document along its route.');
  }
  if (!CREATE_POINT_STATUSES.includes(state.status)) {
    return refuse(REFUSALS.notAllowed, `Cannot send: the document is already ${state.status}.`);
  }
  return undefined;
}

/** Starts a new round; the workflow then begins the first stage. */
export function applySubmit(state: DocumentState, a: SubmitAction, nowMs: number): DomainEvent[] {
  state.round += 1;
  state.returned = undefined;
  return [{ type: 'document.submitted', atMs: nowMs, ...actorFields(a.actor), comment: a.comment, data: { round: state.round } }];
}

export function checkWithdraw(state: DocumentState, a: WithdrawAction): Refusal | undefined {
  if (a.actor.employeeId !== state.authorId && a.actor.onBehalfOf !== state.authorId) {
    return refuse(REFUSALS.notParticipant, 'Only the author can withdraw the draft.');
  }
  if (state.status !== 'on-approval' && state.status !== 'on-signing') {
    return refuse(REFUSALS.notAllowed, `Cannot withdraw: withdrawal is possible during approval and signing, the document is ${state.status}.`);
  }
  return undefined;
}

export function applyWithdraw(state: DocumentState, a: WithdrawAction, nowMs: number): DomainEvent[] {
  const stageId = state.stage?.id;
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'withdrawn';
  state.returned = { reason: 'withdrawn', by: a.actor.employeeId, comment: a.comment, atMs: nowMs };
  return [{ type: 'document.withdrawn', atMs: nowMs, stageId, ...actorFields(a.actor), comment: a.comment }];
}
