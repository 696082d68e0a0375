/**
 * Runs more projections after `recordTransition` in the same activity, so they share its retry and its
 * idempotency (keyed by document id + seq) without the workflow scheduling, and replaying, anything new.
 */
import type { ProjectedCard, RecordTransitionInput, RecordTransitionResult } from '../contracts';

/** `card` is absent when a hook is called on its own (tests, scripts): it then reads what it needs. */
export type TransitionHook = (input: RecordTransitionInput, card?: ProjectedCard) => Promise<void>;

export interface ProjectedTransition {
  result: RecordTransitionResult | void;
  card: ProjectedCard;
}

export function withTransitionHooks(
  project: (input: RecordTransitionInput) => Promise<ProjectedTransition>,
  hooks: TransitionHook[],
): (input: RecordTransitionInput) => Promise<RecordTransitionResult | void> {
  return async (input) => {
    const { result, card } = await project(input);
    for (const hook of hooks) await hook(input, card);
    return result;
  };
}
