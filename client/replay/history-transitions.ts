/**
 * Reads a document workflow's history: the states the original run handed to `recordTransition` (with
 * the instant each was scheduled), and the Updates people sent (who, what, when, with which outcome).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { History, Payload } from '@temporalio/common/lib/proto-utils';

type HistoryEvent = NonNullable<History['events']>[number];

export interface RecordedTransition {
  activityId: string;
  eventId: number;
  at: Date;
  seq: number;
  state: Record<string, unknown>;
}

export interface RecordedUpdate {
  updateId: string;
  name: string;
  at: Date;
  args: unknown[];
  outcome: 'completed' | 'failed' | 'pending';
  failure?: string;
}

export function eventTime(event: HistoryEvent): Date {
  const t = event.eventTime;
  if (!t) return new Date(0);
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
}

const decode = (payloads: Payload[] | null | undefined): unknown[] =>
  (payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p as never));

/** The SDK's marker of a completed local activity: what ran (`data`) and its result. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export function recordedTransitions(history: History): RecordedTransition[] {
  const out: RecordedTransition[] = [];
  for (const event of history.events ?? []) {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === LOCAL_ACTIVITY_MARKER && !marker.failure) {
      // A local recordTransition (patch `local-projection`) returns the seq and state it projected.
      const data = decode(marker.details?.data?.payloads)[0] as { activity_id?: string; activity_type?: string } | undefined;
      const result = decode(marker.details?.result?.payloads)[0] as { seq: number; state: Record<string, unknown> } | undefined;
      if (data?.activity_type === 'recordTransition' && result?.state) {
        out.push({ activityId: data.activity_id ?? '', eventId: Number(event.eventId ?? 0), at: eventTime(event), seq: result.seq, state: result.state });
      }
      continue;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordTransition') continue;
    const input = decode(scheduled.input?.payloads)[0] as { seq: number; state: Record<string, unknown> };
    out.push({ activityId: scheduled.activityId ?? '', eventId: Number(event.eventId ?? 0), at: eventTime(event), seq: input.seq, state: input.state });
  }
  return out;
}

export function recordedUpdates(history: History): RecordedUpdate[] {
  const byId = new Map<string, RecordedUpdate>();
  for (const event of history.events ?? []) {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.acceptedRequest) {
      const request = accepted.acceptedRequest;
      const updateId = request.meta?.updateId ?? accepted.protocolInstanceId ?? '';
      byId.set(updateId, { updateId, name: request.input?.name ?? '', at: eventTime(event), args: decode(request.input?.args?.payloads), outcome: 'pending' });
    }
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed) {
      const update = byId.get(completed.meta?.updateId ?? '');
      if (!update) continue;
      update.outcome = completed.outcome?.failure ? 'failed' : 'completed';
      if (completed.outcome?.failure) update.failure = completed.outcome.failure.message ?? 'failed';
    }
  }
  return [...byId.values()];
}
