/**
 * Runs more projections after `recordTransition` in the same activity, so they share its retry and its
 * idempotency (keyed by document id + seq) without the workflow scheduling, and replaying, anything new.
 */
import type { RecordTransitionInput, RecordTransitionResult } from '../contracts';

/**
 * What the projection read of the card (before writing it), handed to the hooks so that a hook that needs
 * only these reads nothing again. None of them is written by the projection, so the values are the ones a
 * read right after it would give (bar a concurrent card edit, which either read may miss).
 */
export interface ProjectedCard {
  type?: string | null;
  fields?: Record<string, unknown> | null;
  title?: string;
  language?: string | null;
  correspondent?: string | null;
  participants?: Record<string, unknown> | null;
  createdAt?: Date;
}

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
