/** Saved histories of the exchange workflows replay against the current code and ended as recorded. */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { workflowBundle } from '../support/system';

const dir = path.join(__dirname, 'histories-exchange');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

it('has histories of a delivery after retries, a refused delivery and a receive', () => {
  expect(files.map((f) => f.split('.')[0])).toEqual(expect.arrayContaining(['delivery-after-retries', 'delivery-refused', 'receive']));
});

describe.each(files)('%s', (file) => {
  const saved = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { workflowId: string; expectedResult: unknown; history: unknown };
  const history = historyFromJSON(saved.history);

  it('replays deterministically and ended with the recorded result', async () => {
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, saved.workflowId);
    const payload = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    expect((payload ? defaultPayloadConverter.fromPayload(payload) : undefined) ?? null).toEqual(saved.expectedResult);
  });
});
