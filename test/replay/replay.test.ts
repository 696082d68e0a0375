/**
 * Every saved history replays against the current workflow code without a determinism error. A workflow
 * change that breaks one of these needs patched()/versioning, not a re-recorded file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { workflowBundle } from '../support/system';

const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

interface SavedHistory {
  workflowId: string;
  expectedState: { status: string };
  history: unknown;
}

/** What the run ended with: its result, or — for a run that continued as new — the state it carried over. */
function completionResult(history: temporal.api.history.v1.IHistory): unknown {
  const last = history.events?.at(-1);
  const payload = last?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  if (payload) return defaultPayloadConverter.fromPayload(payload);
  const next = last?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
  return next ? (defaultPayloadConverter.fromPayload(next) as { resumeState?: unknown }).resumeState : undefined;
}

it('has a saved history for every standard route', () => {
  const routes = new Set(files.map((f) => f.split('.')[0]));
  for (const key of ['outgoing-letter', 'incoming-electronic', 'incoming-paper', 'internal-memo', 'order', 'edms-change-memo', 'edms-change-notification', 'destruction-act']) {
    expect(routes).toContain(key);
  }
});

describe.each(files)('%s', (file) => {
  const saved = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as SavedHistory;
  const history = historyFromJSON(saved.history);

  it('replays deterministically against the current workflow code', async () => {
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, saved.workflowId);
  });

  it('ended in the state its run reported', () => {
    const result = completionResult(history) as { status: string } | undefined;
    expect(result).toEqual(saved.expectedState);
  });
});
