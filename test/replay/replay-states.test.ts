/**
 * Replaying every saved history with the audit replay (client/replay) reconstructs, step by step, the
 * states the original run recorded (every recorded field with its value; newer code may add fields), ends in
 * the state the run reported, and answers "the state at T" with the step in force at T. A workflow change that
 * alters a recorded value fails here even when it is deterministic in Temporal's sense (same commands).
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { canonicalJson } from '../../domain/audit/canonical-json';
import { replayDocumentHistory, reproduces } from '../../client/replay/document-replay';

jest.setTimeout(180_000);

const dir = path.join(__dirname, 'histories');
// The audit replay reconstructs document states; the histories of the other workflows (mail delivery, the
// notification sweep and digest) carry no such states and are replayed for determinism by replay.test.ts.
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .filter((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { workflowId: string }).workflowId.startsWith('document:'))
  .sort();

interface SavedHistory {
  workflowId: string;
  expectedState: Record<string, unknown>;
  history: unknown;
}

const json = (value: unknown) => canonicalJson(JSON.parse(JSON.stringify(value ?? null)));

it('has saved histories to replay, including the people-and-access ones', () => {
  expect(files).toEqual(expect.arrayContaining(['access-application.v1.json', 'transfer-of-cases.v1.json']));
});

describe.each(files)('%s', (file) => {
  const saved = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as SavedHistory;
  const history = historyFromJSON(saved.history);

  it('reconstructs every recorded state, and the final one the run reported', async () => {
    const report = await replayDocumentHistory(history, { workflowId: saved.workflowId });
    expect(report.error).toBeUndefined();
    expect(report.deterministic).toBe(true);
    expect(report.steps.length).toBeGreaterThan(1);
    expect(report.firstMismatch).toBeUndefined();
    expect(report.statesMatchRecorded).toBe(true);
    expect(reproduces(JSON.parse(json(report.stateAt?.state)), JSON.parse(json(saved.expectedState)))).toBe(true);
  });

  it('answers the state at an instant with the step in force then', async () => {
    const whole = await replayDocumentHistory(history, { workflowId: saved.workflowId });
    const middle = whole.steps[Math.floor(whole.steps.length / 2)];
    const at = await replayDocumentHistory(history, { workflowId: saved.workflowId, at: new Date(middle.at) });
    const last = [...whole.steps].reverse().find((s) => s.at <= middle.at)!;
    expect(at.stateAt?.seq).toBe(last.seq);
    expect(at.stateAt?.state.seq).toBe(last.seq);
    const before = await replayDocumentHistory(history, { workflowId: saved.workflowId, at: new Date(Date.parse(whole.steps[0].at) - 1) });
    expect(before.stateAt).toBeUndefined();
  });
});

describe('reproduces', () => {
  it('accepts added fields and refuses changed, dropped or reordered recorded values', () => {
    const recorded = { status: 'on-approval', tasks: [{ id: 't1', state: 'open' }], deadline: { dueAtMs: 5 } };
    expect(reproduces({ ...recorded, deadline: { dueAtMs: 5, remindAtMs: 3 } }, recorded)).toBe(true);
    expect(reproduces({ ...recorded, status: 'on-signing' }, recorded)).toBe(false);
    expect(reproduces({ status: 'on-approval', tasks: [] , deadline: { dueAtMs: 5 } }, recorded)).toBe(false);
    expect(reproduces({ status: 'on-approval', tasks: [{ id: 't1', state: 'open' }] }, recorded)).toBe(false);
    expect(reproduces({ ...recorded, tasks: [{ id: 't1', state: 'open' }, { id: 't2', state: 'open' }] }, recorded)).toBe(false);
  });
});
