/**
 * Departmental control: run on the 1st of every month by a schedule (client/information-review-schedule.ts),
 * it opens each unit head's review of the month before. Deterministic: the month comes from Temporal's clock.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { InformationReviewActivities } from '../activities/information-requests/review-contracts';

const reviews = proxyActivities<InformationReviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export async function informationReviewsWorkflow(_input: Record<string, never> = {}): Promise<{ month: string; opened: number }> {
  return reviews.openInformationReviews({ atMs: Date.now() });
}
