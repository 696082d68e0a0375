/**
 * Records the history of each standard route walk into test/replay/histories/ (run with tsx when a
 * workflow change is deliberate and the old histories are kept: new files are added, old ones stay).
 *
 *   QUJAT_TEMPORAL_TEST_SERVER=.tools/temporal-test-server npx tsx test/replay/record-histories.ts [suffix] [route…]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import * as defs from '../../workflows/definitions';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import { fakeActivities } from '../workflows/fake-activities';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';
import { ROUTE_WALKS } from './route-walks';

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? 'v1';
  const only = process.argv.slice(3);
  const env = await createTimeSkippingEnv();
  const dir = path.join(__dirname, 'histories');
  try {
    for (const walk of ROUTE_WALKS.filter((w) => only.length === 0 || only.includes(w.routeKey))) {
      const definition = STANDARD_ROUTES.find((r) => r.key === walk.routeKey)!;
      const taskQueue = `record-${walk.routeKey}`;
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeActivities(walk.people).activities });
      await worker.runUntil(async () => {
        const documentId = `replay-${walk.routeKey}`;
        const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: defs.documentWorkflowId(documentId),
          args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
        });
        await walk.walk(h, env);
        const state = await h.query(defs.stateQuery);
        const history = await h.fetchHistory();
        const file = path.join(dir, `${walk.routeKey}.${suffix}.json`);
        // The history in Temporal's own JSON form (as `temporal workflow show --output json` prints it).
        fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, expectedState: state, history: JSON.parse(historyToJSON(history)) }, null, 1));
        console.log(`recorded ${file}: ${history.events?.length} events, final status ${state.status}`);
        if (state.status !== 'executed' && state.status !== 'rejected') await h.terminate('recorded');
      });
    }
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
