/**
 * Records the history of each standard route walk into test/replay/histories/ (run with tsx when a
 * workflow change is deliberate and the old histories are kept: new files are added, old ones stay).
 *
 *   QUJAT_TEMPORAL_TEST_SERVER=.tools/temporal-test-server npx tsx test/replay/record-histories.ts [suffix] [route…]
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import * as defs from '../../workflows/definitions';
import { createTimeSkippingEnv } from '../support/env';
import { ROUTE_WALKS, runWalk } from './route-walks';

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? 'v1';
  const only = process.argv.slice(3);
  const env = await createTimeSkippingEnv();
  const dir = path.join(__dirname, 'histories');
  try {
    for (const walk of ROUTE_WALKS.filter((w) => only.length === 0 || only.includes(w.routeKey))) {
      await runWalk(
        env,
        walk,
        `replay-${walk.routeKey}`,
        async (h) => {
          const state = await h.query(defs.stateQuery);
          const history = await h.fetchHistory();
          const file = path.join(dir, `${walk.routeKey}.${suffix}.json`);
          // The history in Temporal's own JSON form (as `temporal workflow show --output json` prints it).
          fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, expectedState: state, history: JSON.parse(historyToJSON(history)) }, null, 1));
          console.log(`recorded ${file}: ${history.events?.length} events, final status ${state.status}`);
          if (state.status !== 'executed' && state.status !== 'rejected') await h.terminate('recorded');
        },
        // As the API starts a new card.
        { updateWithStart: true },
      );
    }
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
