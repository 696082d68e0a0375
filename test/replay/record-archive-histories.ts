/**
 * Records the archive re-verification's history into test/replay/histories/: a run over five documents in
 * batches of two (three batch activities, then the finish). Run it when the workflow changes deliberately;
 * new files are added, old ones stay.
 *
 *   QUJAT_TEMPORAL_TEST_SERVER=.tools/temporal-test-server npx tsx test/replay/record-archive-histories.ts [suffix]
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import type { ArchiveCheckActivities } from '../../activities/records/archive-check-contracts';
import * as defs from '../../workflows/definitions';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';

/** Five documents of one signature each; the run's record is what the real activity reads, here a count. */
export function fakeArchiveCheckActivities(documents = 5): ArchiveCheckActivities & { finished: string[] } {
  const finished: string[] = [];
  return {
    finished,
    async reverifyArchiveBatch({ offset, size }) {
      const next = Math.min(offset + size, documents);
      return { checked: next - offset, next: next < documents ? next : undefined };
    },
    async finishArchiveCheck({ runId }) {
      finished.push(runId);
    },
  };
}

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? 'v1';
  const env = await createTimeSkippingEnv();
  try {
    const taskQueue = 'record-archive-check';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeArchiveCheckActivities() });
    await worker.runUntil(async () => {
      const runId = '00000000-0000-4000-8000-00000000a5c1';
      const h = await env.client.workflow.start(defs.ARCHIVE_CHECK_WORKFLOW_TYPE, { taskQueue, workflowId: defs.archiveCheckWorkflowId(runId), args: [{ runId, batchSize: 2 }] });
      const result = await h.result();
      const history = await h.fetchHistory();
      const file = path.join(__dirname, 'histories', `archive-check.${suffix}.json`);
      fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, expectedState: result, history: JSON.parse(historyToJSON(history)) }, null, 1));
      console.log(`recorded ${file}: ${history.events?.length} events, result ${JSON.stringify(result)}`);
    });
  } finally {
    await env.teardown();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
