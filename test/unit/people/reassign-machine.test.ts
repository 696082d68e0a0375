import { REFUSALS } from '../../../domain/documents/actions';
import * as machine from '../../../domain/documents/document-machine';
import type { DocumentState } from '../../../domain/documents/document-state';
import type { Stage } from '../../../domain/routes/route-model';

const admin = { employeeId: 'admin', roles: ['employee', 'administrator'] };
const approval: Stage = { id: 'approval', type: 'approval', mode: 'sequential', quorum: 'all', participants: [], onReject: 'create-point' };

function stateWithApprovers(authorId: string, approvers: string[]): DocumentState {
  const state = machine.createInitialState('doc-1', authorId, { key: 'r', version: 1 });
  machine.applySubmit(state, { actor: { employeeId: authorId, roles: ['employee'] } }, 1000);
  machine.beginStage(state, 0, approval, [{ kind: 'approve', assigneeIds: approvers }], 1000);
  return state;
}

const reassign = (from: string, to: string, moveAuthorship = true) => ({ actor: admin, fromEmployeeId: from, toEmployeeId: to, moveAuthorship, comment: 'leaves the fund' });

describe('transfer of cases in the document machine', () => {
  it('moves open and waiting tasks, keeps finished ones with their actor, and records one event', () => {
    const state = stateWithApprovers('author', ['x', 'y', 'x']);
    machine.applyApprove(state, { actor: { employeeId: 'x', roles: ['employee'] } }, 2000); // x's first task done; y opens
    expect(machine.checkReassign(state, reassign('x', 'z'))).toBeUndefined();
    const events = machine.applyReassign(state, reassign('x', 'z'), 3000);
    expect(state.tasks.map((t) => [t.assigneeId, t.state])).toEqual([
      ['x', 'done'],
      ['y', 'open'],
      ['z', 'waiting'],
    ]);
    expect(events).toEqual([
      expect.objectContaining({ type: 'task.reassigned', actorId: 'admin', comment: 'leaves the fund', data: expect.objectContaining({ from: 'x', to: 'z', taskIds: ['1.approval.3'], authorship: false }) }),
    ]);
  });

  it('moves the authorship of an unfinished document when asked, and only then', () => {
    const state = stateWithApprovers('author', ['y']);
    expect(machine.reassignmentPlan(state, 'author', false).authorship).toBe(false);
    machine.applyReassign(state, reassign('author', 'heir'), 1);
    expect(state.authorId).toBe('heir');
  });

  it('moves execution and control of open resolutions to the new employee', () => {
    const state = machine.createInitialState('doc-2', 'author', { key: 'r', version: 1 });
    state.stage = { index: 0, id: 'execution', type: 'execution', startedAtMs: 1 };
    state.resolutions.push(
      { id: 'R1', authorId: 'boss', text: 't', responsibleExecutorId: 'x', coExecutorIds: ['z', 'w'], control: 'controlled', controllerId: 'x', writtenAtMs: 1, state: 'open' },
      { id: 'R2', authorId: 'x', text: 't', responsibleExecutorId: 'w', coExecutorIds: ['x'], control: 'personal', writtenAtMs: 1, state: 'open' },
      { id: 'R3', authorId: 'boss', text: 't', responsibleExecutorId: 'x', coExecutorIds: [], control: 'none', writtenAtMs: 1, state: 'executed' },
    );
    machine.applyReassign(state, reassign('x', 'z'), 5);
    const [r1, r2, r3] = state.resolutions;
    expect([r1.responsibleExecutorId, r1.coExecutorIds, r1.controllerId]).toEqual(['z', ['w'], 'z']);
    expect([r2.coExecutorIds, r2.controllerId]).toEqual([['z'], 'z']);
    expect(r3.responsibleExecutorId).toBe('x'); // history stays
  });

  it('refuses non-administrators, a transfer to oneself, and a transfer with nothing to move', () => {
    const state = stateWithApprovers('author', ['x']);
    expect(machine.checkReassign(state, { ...reassign('x', 'z'), actor: { employeeId: 'x', roles: ['employee'] } })?.type).toBe(REFUSALS.notParticipant);
    expect(machine.checkReassign(state, reassign('x', 'x'))?.type).toBe(REFUSALS.invalid);
    expect(machine.checkReassign(state, reassign('nobody', 'z'))?.type).toBe(REFUSALS.alreadyDone);
  });
});
