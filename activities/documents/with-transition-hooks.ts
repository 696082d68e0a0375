/**
 * Runs more projections after `recordTransition` in the same activity, so they share its retry and its
 * idempotency (keyed by document id + seq) without the workflow scheduling, and replaying, anything new.
 */
import type { RecordTransitionInput, RecordTransitionResult } from '../contracts';

export type TransitionHook = (input: RecordTransitionInput) => Promise<void>;

export function withTransitionHooks(
  record: (input: RecordTransitionInput) => Promise<RecordTransitionResult | void>,
  hooks: TransitionHook[],
): (input: RecordTransitionInput) => Promise<RecordTransitionResult | void> {
  return async (input) => {
    const result = await record(input);
    for (const hook of hooks) await hook(input);
    return result;
  };
}
