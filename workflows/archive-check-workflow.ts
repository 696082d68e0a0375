/**
 * Re-verifies every stored signature of the archived documents a run covers, batch by batch, so a large
 * archive never holds the API and a worker restart resumes where the history says. After many batches the
 * run continues as new, keeping its history short. Workflow id `archive-check:<runId>`.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ArchiveCheckActivities } from '../activities/records/archive-check-contracts';
import type { ArchiveCheckInput } from './definitions';

const activities = proxyActivities<ArchiveCheckActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

const BATCHES_PER_RUN = 200;

export async function archiveReverificationWorkflow(input: ArchiveCheckInput): Promise<void> {
  const size = input.batchSize ?? 20;
  let offset: number | undefined = input.offset ?? 0;
  for (let batches = 0; offset !== undefined; batches++) {
    if (batches === BATCHES_PER_RUN) await continueAsNew<typeof archiveReverificationWorkflow>({ ...input, offset });
    try {
      offset = (await activities.reverifyArchiveBatch({ runId: input.runId, offset, size })).next;
    } catch (error) {
      // Out of retries: the run is reported as failed rather than left "running" forever.
      await activities.finishArchiveCheck({ runId: input.runId, failed: (error as Error).message });
      throw error;
    }
  }
  await activities.finishArchiveCheck({ runId: input.runId });
}
