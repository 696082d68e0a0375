/**
 * Keeps every state a document's route reports (append-only, `${documentId}:${seq}`) and chains each
 * snapshot's hash into the audit trail, so "the card as it was at T" can be read without Temporal and an
 * edited snapshot is detected. See docs/audit.md.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../db/models';
import type { RecordTransitionInput } from '../../activities/contracts';
import type { AuditChain } from './audit-chain';
import { canonicalJson } from './canonical-json';

export const SNAPSHOT_EVENT = 'document.snapshot-recorded';

export function snapshotHash(state: unknown): string {
  return createHash('sha256').update(canonicalJson(state)).digest('hex');
}

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

export function createSnapshotRecorder(deps: { models: Pick<Models, 'DocumentSnapshot'>; audit: AuditChain; now?: () => number }) {
  const now = deps.now ?? Date.now;

  return async function recordSnapshot(input: RecordTransitionInput): Promise<void> {
    const { documentId, seq } = input;
    const _id = `${documentId}:${seq}`;
    // What the database gives back (no undefined), so the hash taken now is the one recomputed later.
    const state = JSON.parse(JSON.stringify(input.state)) as Record<string, unknown>;
    const at = new Date(input.events.length ? Math.max(...input.events.map((e) => e.atMs)) : now());
    let stored = { at, sha256: snapshotHash(state) };
    try {
      await deps.models.DocumentSnapshot.create({ _id, documentId, seq, at, state, sha256: stored.sha256 });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // A retry: the first attempt's snapshot stands (same seq, same state).
      const first = await deps.models.DocumentSnapshot.findById(_id, { at: 1, sha256: 1 }).lean();
      if (first) stored = { at: first.at, sha256: first.sha256 };
    }
    await deps.audit.append([
      {
        eventKey: `${_id}:snapshot`,
        type: SNAPSHOT_EVENT,
        at: stored.at,
        documentId,
        routeKey: input.routeKey,
        routeVersion: input.routeVersion,
        data: { seq, sha256: stored.sha256 },
      },
    ]);
  };
}
