/** The rules of a request to the system administrator (002 §§7–9), without a server. */
import { deadlineBreach, refuseAgreement, refuseAnswer, refuseDeadline, refuseRaise } from '../../../domain/documents/admin-request';

const inExecution = {
  type: 'edms-change-memo',
  status: 'in-execution',
  state: {
    status: 'in-execution',
    resolutions: [{ id: 'R1', responsibleExecutorId: 'officer', state: 'open' }],
    tasks: [
      { kind: 'execute', state: 'open', assigneeId: 'officer', resolutionId: 'R1' },
      { kind: 'execute', state: 'open', assigneeId: 'co', resolutionId: 'R1' },
    ],
  },
};

describe('raising', () => {
  it('is for the responsible executor with his task open, on a change memo in execution', () => {
    expect(refuseRaise(inExecution, 'officer', 'R1')).toBeUndefined();
    expect(refuseRaise(inExecution, 'co', 'R1')?.status).toBe(403);
    expect(refuseRaise(inExecution, 'officer', 'R2')).toMatchObject({ status: 422, field: 'body.resolutionId' });
    expect(refuseRaise({ ...inExecution, type: 'internal-memo' }, 'officer', 'R1')?.status).toBe(409);
    expect(refuseRaise({ ...inExecution, state: { ...inExecution.state, status: 'awaiting-control-removal' } }, 'officer', 'R1')?.status).toBe(409);
    const filed = { ...inExecution, state: { ...inExecution.state, tasks: [{ kind: 'execute', state: 'done', assigneeId: 'officer', resolutionId: 'R1' }] } };
    expect(refuseRaise(filed, 'officer', 'R1')?.status).toBe(403);
  });
});

describe('agreeing, timing and answering', () => {
  const waiting = { state: 'awaiting-agreement' as const, raisedBy: 'officer' };
  const agreed = { state: 'with-administrator' as const, raisedBy: 'officer' };

  it('lets only a Deputy Chairman decide, once', () => {
    expect(refuseAgreement(waiting, true)).toBeUndefined();
    expect(refuseAgreement(waiting, false)?.status).toBe(403);
    expect(refuseAgreement(agreed, true)?.status).toBe(409);
  });

  it('takes a deadline not in the past, after agreement and before the answer', () => {
    expect(refuseDeadline(agreed, 2_000, 1_000, 'body.dueOn')).toBeUndefined();
    expect(refuseDeadline(agreed, 500, 1_000, 'body.dueOn')).toMatchObject({ status: 422, field: 'body.dueOn' });
    expect(refuseDeadline(waiting, 2_000, 1_000, 'body.dueOn')?.status).toBe(409);
    expect(refuseDeadline({ ...agreed, state: 'answered' }, 2_000, 1_000, 'body.dueOn')?.status).toBe(409);
  });

  it('answers once, with the files uploaded for it only', () => {
    expect(refuseAnswer({ ...agreed, state: 'in-work' }, ['f1'], new Set(['f1']))).toBeUndefined();
    expect(refuseAnswer(agreed, ['f1', 'x'], new Set(['f1']))).toMatchObject({ status: 422, field: 'body.attachmentIds.1' });
    expect(refuseAnswer(waiting, [], new Set())?.status).toBe(409);
    expect(refuseAnswer({ ...agreed, state: 'answered' }, [], new Set())?.status).toBe(409);
  });

  it('shows a breach while open past the deadline and when answered after it', () => {
    const due = new Date(10_000);
    expect(deadlineBreach({ state: 'in-work', raisedBy: 'o', dueAt: due }, 9_000)).toBeUndefined();
    expect(deadlineBreach({ state: 'in-work', raisedBy: 'o', dueAt: due }, 11_000)).toBe('overdue');
    expect(deadlineBreach({ state: 'answered', raisedBy: 'o', dueAt: due, answeredAt: new Date(9_999) }, 20_000)).toBeUndefined();
    expect(deadlineBreach({ state: 'answered', raisedBy: 'o', dueAt: due, answeredAt: new Date(10_001) }, 20_000)).toBe('answered-late');
    expect(deadlineBreach({ state: 'with-administrator', raisedBy: 'o' }, 20_000)).toBeUndefined();
  });
});
