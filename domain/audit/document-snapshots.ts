/**
 * The state snapshots the projection (activities/documents/document-activities.ts) keeps: every state a document's route reports (append-only, `${documentId}:${seq}`) and chains each
 * snapshot's hash into the audit trail, so "the card as it was at T" can be read without Temporal and an
 * edited snapshot is detected. See docs/audit.md.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const SNAPSHOT_EVENT = 'document.snapshot-recorded';

export function snapshotHash(state: unknown): string {
  return createHash('sha256').update(canonicalJson(state)).digest('hex');
}
