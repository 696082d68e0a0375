/**
 * Replays a document workflow's history against the current workflow code and reports: whether the code
 * is deterministic for it, which state it reconstructs at each recorded step (through the replay-capture
 * interceptor), whether each reproduces the state the original run recorded, and the state at an instant T
 * ("the card as it was on date T": the last step scheduled at or before T).
 *
 * The workflow bundle (with the capture interceptor) is built once per process and reused.
 */
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { History } from '@temporalio/common/lib/proto-utils';
import { canonicalJson } from '../../domain/audit/canonical-json';
import { recordedTransitions, type RecordedTransition } from './history-transitions';

export interface ReplayedStep {
  seq: number;
  at: string;
  /** The current code reproduced every field the original run recorded, with the same value. */
  matchesRecorded: boolean;
  /** ...and added nothing: false when newer code keeps more in its state (e.g. a new deadline field). */
  exact: boolean;
}

export interface ReplayReport {
  workflowId: string;
  events: number;
  deterministic: boolean;
  /** Why the replay failed: a determinism violation, or another error of the workflow code. */
  error?: string;
  steps: ReplayedStep[];
  statesMatchRecorded: boolean;
  firstMismatch?: { seq: number; at: string };
  /** The reconstructed state at the requested instant, or the last one when no instant was asked for. */
  stateAt?: { requestedAt?: string; at: string; seq: number; state: Record<string, unknown> };
}

let bundle: Promise<WorkflowBundle> | undefined;

function replayBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: [require.resolve('../../workflows/interceptors/replay-capture')],
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  }).catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

/** State comparison as the database and the payload converter see it: JSON, keys in order, no undefined. */
const asJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const sameState = (a: unknown, b: unknown): boolean => canonicalJson(asJson(a)) === canonicalJson(asJson(b));

/**
 * Whether `replayed` reproduces everything in `recorded`: same values for every recorded field (arrays
 * element by element), extra fields allowed. Newer code may keep more in its state without contradicting what
 * was recorded; changing or dropping a recorded value is a contradiction.
 */
export function reproduces(replayed: unknown, recorded: unknown): boolean {
  if (recorded === null || typeof recorded !== 'object') return replayed === recorded;
  if (Array.isArray(recorded)) {
    return Array.isArray(replayed) && replayed.length === recorded.length && recorded.every((r, i) => reproduces(replayed[i], r));
  }
  if (replayed === null || typeof replayed !== 'object' || Array.isArray(replayed)) return false;
  return Object.entries(recorded).every(([key, value]) => reproduces((replayed as Record<string, unknown>)[key], value));
}

function stepAt(recorded: RecordedTransition[], at: Date | undefined): RecordedTransition | undefined {
  if (!at) return recorded[recorded.length - 1];
  return [...recorded].reverse().find((r) => r.at.getTime() <= at.getTime());
}

export async function replayDocumentHistory(history: History, options: { workflowId: string; at?: Date }): Promise<ReplayReport> {
  const captured = new Map<string, Record<string, unknown>>();
  let deterministic = true;
  let error: string | undefined;
  try {
    await Worker.runReplayHistory(
      {
        workflowBundle: await replayBundle(),
        replayName: 'qujat-audit-replay',
        sinks: {
          replayCapture: {
            transition: {
              fn: (_info: unknown, activityId: string, input: { state: Record<string, unknown> }) => void captured.set(activityId, input.state),
              callDuringReplay: true,
            },
          },
        },
      },
      history,
      options.workflowId,
    );
  } catch (e) {
    deterministic = !(e instanceof DeterminismViolationError || (e as Error).name === 'DeterminismViolationError');
    error = (e as Error).message;
  }

  const recorded = recordedTransitions(history);
  const steps = recorded.map((r) => {
    const replayed = asJson(captured.get(r.activityId));
    return { seq: r.seq, at: r.at.toISOString(), matchesRecorded: captured.has(r.activityId) && reproduces(replayed, asJson(r.state)), exact: sameState(replayed, r.state) };
  });
  const mismatch = steps.find((s) => !s.matchesRecorded);
  const target = stepAt(recorded, options.at);
  const reconstructed = target ? captured.get(target.activityId) : undefined;
  return {
    workflowId: options.workflowId,
    events: history.events?.length ?? 0,
    deterministic,
    error,
    steps,
    statesMatchRecorded: !error && !mismatch,
    firstMismatch: mismatch ? { seq: mismatch.seq, at: mismatch.at } : undefined,
    stateAt:
      target && reconstructed
        ? { requestedAt: options.at?.toISOString(), at: target.at.toISOString(), seq: target.seq, state: reconstructed }
        : undefined,
  };
}
