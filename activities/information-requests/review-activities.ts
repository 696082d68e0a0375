/**
 * The monthly departmental-control task (docs/information-requests.md): opens the reviews of the month before.
 * Idempotent: a review's `_id` is month + official, so a retry or a second run opens nothing new.
 */
import type { Models } from '../../db/models';
import { openMonthlyReviews, previousAstanaMonth } from '../../domain/information-requests/reviews';
import type { InformationReviewActivities } from './review-contracts';

export function createInformationReviewActivities(deps: { models: Pick<Models, 'Unit' | 'InfoReview'> }): InformationReviewActivities {
  return {
    async openInformationReviews({ atMs }) {
      return openMonthlyReviews(deps.models, previousAstanaMonth(new Date(atMs)), new Date());
    },
  };
}
