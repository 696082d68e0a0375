/**
 * Runs more projections after `recordTransition` in the same activity, so they share its retry and its
 * idempotency (keyed by document id + seq) without the workflow scheduling, and replaying, anything new.
 */
import type { RecordTransitionInput } from '../contracts';

export type TransitionHook = (input: RecordTransitionInput) => Promise<void>;

export function withTransitionHooks(record: TransitionHook, hooks: TransitionHook[]): TransitionHook {
  return async (input) => {
    await record(input);
    for (const hook of hooks) await hook(input);
  };
}
