import * as m from '../../../domain/documents/document-machine';
import type { DocumentState } from '../../../domain/documents/document-state';
import type { ApprovalStage, ExecutionStage, RouteDefinition, Stage } from '../../../domain/routes/route-model';

const actor = (employeeId: string, roles: string[] = ['employee'], onBehalfOf?: string) => ({ employeeId, roles, onBehalfOf });

function approval(mode: 'sequential' | 'parallel', quorum: ApprovalStage['quorum']): ApprovalStage {
  return { id: 'approval', type: 'approval', mode, quorum, participants: [{ kind: 'card-field', field: 'approvers' }], onReject: 'create-point' };
}
const execution: ExecutionStage = { id: 'execution', type: 'execution', participants: [{ kind: 'author' }], control: 'controlled' };

function routeOf(...stages: Stage[]): RouteDefinition {
  return { key: 't', title: { kk: 't', ru: 't' }, stages };
}

function submitted(stage: Stage, assignees: string[]): DocumentState {
  const state = m.createInitialState('doc1', 'author', { key: 't', version: 1 });
  m.applySubmit(state, { actor: actor('author') }, 1);
  m.beginStage(state, 0, stage, [{ kind: m.taskKindOf(stage), assigneeIds: assignees }], 2);
  return state;
}

describe('approval stages', () => {
  it('sequential approval opens one task at a time and completes when all approved', () => {
    const stage = approval('sequential', 'all');
    const state = submitted(stage, ['a', 'b']);
    expect(state.status).toBe('on-approval');
    expect(m.checkApprove(state, { actor: actor('b') }, routeOf(stage))?.type).toBe('WrongStage');
    m.applyApprove(state, { actor: actor('a') }, 3);
    expect(m.evaluateStage(state, stage)).toBe('pending');
    expect(m.checkApprove(state, { actor: actor('a') }, routeOf(stage))?.type).toBe('AlreadyDone');
    expect(m.checkApprove(state, { actor: actor('b') }, routeOf(stage))).toBeUndefined();
    m.applyApprove(state, { actor: actor('b') }, 4);
    expect(m.evaluateStage(state, stage)).toBe('completed');
  });

  it('refuses outsiders and the author approving their own document', () => {
    const stage = approval('parallel', 'all');
    const state = submitted(stage, ['a', 'author']);
    expect(m.checkApprove(state, { actor: actor('x') }, routeOf(stage))?.type).toBe('NotParticipant');
    expect(m.checkApprove(state, { actor: actor('author') }, routeOf(stage))?.type).toBe('ActionNotAllowed');
  });

  it('parallel "any" finishes at the first approval', () => {
    const stage = approval('parallel', 'any');
    const state = submitted(stage, ['a', 'b', 'c']);
    m.applyApprove(state, { actor: actor('b') }, 3);
    expect(m.evaluateStage(state, stage)).toBe('completed');
    m.completeStage(state, 4);
    expect(state.tasks.filter((t) => t.state === 'cancelled').map((t) => t.assigneeId)).toEqual(['a', 'c']);
  });

  it('parallel 2-of-3 fails early once the quorum can no longer be reached', () => {
    const stage = approval('parallel', { atLeast: 2 });
    const state = submitted(stage, ['a', 'b', 'c']);
    m.applyReject(state, { actor: actor('a'), comment: 'no' }, 3);
    expect(m.evaluateStage(state, stage)).toBe('pending');
    m.applyReject(state, { actor: actor('b'), comment: 'also no' }, 4);
    expect(m.evaluateStage(state, stage)).toBe('failed');
    m.returnToAuthor(state, 5);
    expect(state.status).toBe('rejected');
    expect(state.returned?.comment).toBe('also no');
    expect(state.tasks.find((t) => t.assigneeId === 'c')?.state).toBe('cancelled');
  });

  it('a rejection needs a comment, and a substitute acts on behalf of the assignee', () => {
    const stage = approval('parallel', 'all');
    const state = submitted(stage, ['a']);
    expect(m.checkReject(state, { actor: actor('a'), comment: ' ' })?.type).toBe('InvalidAction');
    expect(m.checkApprove(state, { actor: actor('sub', ['employee'], 'a') }, routeOf(stage))).toBeUndefined();
    const events = m.applyApprove(state, { actor: actor('sub', ['employee'], 'a') }, 3);
    expect(events[0]).toMatchObject({ type: 'approval.granted', actorId: 'sub', onBehalfOf: 'a' });
    expect(state.tasks[0]).toMatchObject({ actedBy: 'sub', onBehalfOf: 'a', state: 'done' });
  });
});

describe('withdrawal and resubmission', () => {
  it('the author withdraws during approval; tasks are cancelled; a new round starts on submit', () => {
    const stage = approval('parallel', 'all');
    const state = submitted(stage, ['a', 'b']);
    expect(m.checkWithdraw(state, { actor: actor('a') })?.type).toBe('NotParticipant');
    m.applyWithdraw(state, { actor: actor('author') }, 3);
    expect(state.status).toBe('withdrawn');
    expect(state.tasks.every((t) => t.state === 'cancelled')).toBe(true);
    expect(m.checkWithdraw(state, { actor: actor('author') })?.type).toBe('ActionNotAllowed');
    expect(m.checkSubmit(state, { actor: actor('author') })).toBeUndefined();
    m.applySubmit(state, { actor: actor('author') }, 4);
    expect(state.round).toBe(2);
    m.beginStage(state, 0, stage, [{ kind: 'approve', assigneeIds: ['a', 'b'] }], 5);
    expect(state.tasks.filter((t) => t.state === 'open').map((t) => t.id)).toEqual(['2.approval.1', '2.approval.2']);
  });
});

describe('execution and control', () => {
  function inExecution(): DocumentState {
    const state = submitted(execution, ['head']);
    expect(state.status).toBe('in-execution');
    return state;
  }

  it('resolution → co-executors → responsible card executes the resolution and closes sub-branches', () => {
    const state = inExecution();
    const write = { actor: actor('head'), text: 'Prepare an answer', responsibleExecutorId: 'e1', coExecutorIds: ['e2'] };
    expect(m.checkWriteResolution(state, { ...write, actor: actor('e1') })?.type).toBe('NotParticipant');
    m.applyWriteResolution(state, write, 3, { dueAtMs: 100, explanation: 'x' }, 'controlled');
    expect(m.evaluateStage(state, execution)).toBe('pending');
    // The executor delegates part of the work.
    const sub = { actor: actor('e1'), parentResolutionId: 'R1', text: 'Draft it', responsibleExecutorId: 'e3', coExecutorIds: [] };
    expect(m.checkWriteResolution(state, sub)).toBeUndefined();
    m.applyWriteResolution(state, sub, 4, undefined, 'none');
    m.applyFileExecutionCard(state, { actor: actor('e2'), resolutionId: 'R1', text: 'my part', attachmentIds: [] }, 5);
    expect(m.evaluateStage(state, execution)).toBe('pending');
    m.applyFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'done', attachmentIds: [] }, 6);
    expect(state.resolutions.map((r) => r.state)).toEqual(['executed', 'closed']);
    expect(state.tasks.find((t) => t.assigneeId === 'e3')?.state).toBe('cancelled');
    expect(m.evaluateStage(state, execution)).toBe('completed');
    expect(m.documentControl(state)).toBe('controlled');
  });

  it('the author of a card may edit it until the document is Executed, keeping the previous text', () => {
    const state = inExecution();
    m.applyWriteResolution(state, { actor: actor('head'), text: 't', responsibleExecutorId: 'e1', coExecutorIds: [] }, 3, undefined, 'none');
    m.applyFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'v1', attachmentIds: [] }, 4);
    expect(m.checkFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'again', attachmentIds: [] })?.type).toBe('AlreadyDone');
    expect(m.checkEditExecutionCard(state, { actor: actor('e2'), cardId: 'C1', text: 'v2' })?.type).toBe('NotParticipant');
    m.applyEditExecutionCard(state, { actor: actor('e1'), cardId: 'C1', text: 'v2' }, 5);
    expect(state.cards[0]).toMatchObject({ text: 'v2', edits: [{ atMs: 5, previousText: 'v1' }] });
    state.status = 'executed';
    expect(m.checkEditExecutionCard(state, { actor: actor('e1'), cardId: 'C1', text: 'v3' })?.type).toBe('ActionNotAllowed');
  });

  it('personal control makes the resolution author the controller; return for rework reopens the executor', () => {
    const state = inExecution();
    m.applyWriteResolution(state, { actor: actor('head'), text: 't', responsibleExecutorId: 'e1', coExecutorIds: [], control: 'personal' }, 3, undefined, 'none');
    m.applyFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'done', attachmentIds: [] }, 4);
    expect(m.resolutionControllers(state)).toEqual(['head']);
    m.completeStage(state, 5);
    const removal: Stage = { id: 'control-removal', type: 'control-removal', participants: [{ kind: 'role', role: 'controller' }] };
    m.beginStage(state, 1, removal, [{ kind: 'remove-control', assigneeIds: ['head'] }], 6);
    expect(state.status).toBe('awaiting-control-removal');
    expect(m.checkReturnForRework(state, { actor: actor('head'), comment: '' })?.type).toBe('InvalidAction');
    m.applyReturnForRework(state, { actor: actor('head'), comment: 'attach the answer' }, 0, 'execution', 7);
    expect(state.status).toBe('in-execution');
    expect(m.openTasksOf(state, 'e1', ['execute'])).toHaveLength(1);
    m.applyFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'done, attached', attachmentIds: ['a1'] }, 8);
    expect(m.evaluateStage(state, execution)).toBe('completed');
    m.completeStage(state, 9);
    m.beginStage(state, 1, removal, [{ kind: 'remove-control', assigneeIds: ['head'] }], 10);
    m.applyRemoveFromControl(state, { actor: actor('head') }, 11);
    expect(state.controlSheet).toMatchObject({ removedAtMs: 11, removedBy: 'head' });
    expect(m.evaluateStage(state, removal)).toBe('completed');
  });

  it('only controllers, administrators or the resolution author extend a deadline; the history is kept', () => {
    const state = inExecution();
    m.applyWriteResolution(state, { actor: actor('head'), text: 't', responsibleExecutorId: 'e1', coExecutorIds: [] }, 3, { dueAtMs: 1000, explanation: 'x' }, 'none');
    expect(m.checkExtendDeadline(state, { actor: actor('e1'), resolutionId: 'R1', newDueAtMs: 2000, reason: 'more time' }, 10)?.type).toBe('NotParticipant');
    expect(m.checkExtendDeadline(state, { actor: actor('c', ['controller']), resolutionId: 'R1', newDueAtMs: 5, reason: 'x' }, 10)?.type).toBe('InvalidAction');
    const ok = { actor: actor('head'), resolutionId: 'R1', newDueAtMs: 2000, reason: 'more time' };
    expect(m.checkExtendDeadline(state, ok, 10)).toBeUndefined();
    m.markBreached(state, m.pendingDeadlines(state)[0], 1000);
    expect(m.pendingDeadlines(state)).toHaveLength(0);
    m.applyExtendDeadline(state, ok, 1500);
    expect(state.resolutions[0].deadline).toMatchObject({ dueAtMs: 2000, breachedAtMs: undefined, extensions: [{ fromMs: 1000, toMs: 2000, by: 'head', reason: 'more time' }] });
    expect(m.pendingDeadlines(state)).toHaveLength(1);
  });

  it('orders: the stage waits for every acknowledgement as well as the resolutions', () => {
    const stage: ExecutionStage = { ...execution, acknowledgers: [{ kind: 'card-field', field: 'addressees' }] };
    const state = m.createInitialState('d', 'author', { key: 't', version: 1 });
    m.applySubmit(state, { actor: actor('author') }, 1);
    m.beginStage(state, 0, stage, [{ kind: 'resolve', assigneeIds: ['head'] }, { kind: 'acknowledge', assigneeIds: ['x', 'y'] }], 2);
    m.applyWriteResolution(state, { actor: actor('head'), text: 't', responsibleExecutorId: 'e1', coExecutorIds: [] }, 3, undefined, 'none');
    m.applyFileExecutionCard(state, { actor: actor('e1'), resolutionId: 'R1', text: 'done', attachmentIds: [] }, 4);
    m.applyAcknowledge(state, { actor: actor('x') }, 5);
    expect(m.evaluateStage(state, stage)).toBe('pending');
    expect(m.checkAcknowledge(state, { actor: actor('x') })?.type).toBe('AlreadyDone');
    m.applyAcknowledge(state, { actor: actor('y') }, 6);
    expect(m.evaluateStage(state, stage)).toBe('completed');
  });
});
