/**
 * Re-verifies every stored signature of the archived documents a run covers, batch by batch, so a large
 * archive never holds the API and a worker restart resumes where the history says. After many batches the
 * run continues as new, keeping its history short. Workflow id `archive-check:<runId>`.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ArchiveCheckActivities } from '../activities/records/archive-check-contracts';
import type { ArchiveCheckInput, ArchiveCheckResult } from './definitions';

const activities = proxyActivities<ArchiveCheckActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

const BATCHES_PER_RUN = 200;

export async function archiveReverificationWorkflow(input: ArchiveCheckInput): Promise<ArchiveCheckResult> {
  const size = input.batchSize ?? 20;
  let offset: number | undefined = input.offset ?? 0;
  let checked = input.checkedBefore ?? 0;
  for (let batches = 0; offset !== undefined; batches++) {
    if (batches === BATCHES_PER_RUN) await continueAsNew<typeof archiveReverificationWorkflow>({ ...input, offset, checkedBefore: checked });
    try {
      const batch: { checked: number; next?: number } = await activities.reverifyArchiveBatch({ runId: input.runId, offset, size });
      checked += batch.checked;
      offset = batch.next;
    } catch (error) {
      // Out of retries: the run is reported as failed rather than left "running" forever.
      await activities.finishArchiveCheck({ runId: input.runId, failed: (error as Error).message });
      throw error;
    }
  }
  await activities.finishArchiveCheck({ runId: input.runId });
  return { status: 'finished', checked };
}
