/**
 * The read log's rules (seed-004 ¶39: reads are recorded, not only changes): which requests are reads worth
 * recording, and the hash chain over the batches they are written in. Pure: the writer and the verifier in
 * api/services/read-log-service.ts do the I/O.
 */
import { createHash } from 'node:crypto';
import type { ReadKind } from '../../db/models/oversight';
import { canonicalJson } from '../audit/canonical-json';

export interface ReadTarget {
  kind: ReadKind;
  documentId?: string;
  resource?: string;
}

/** Sub-resources of a document that show nothing of its content (they are about the log itself). */
const NOT_CONTENT = new Set(['readers']);
/** Sub-resources that hand over a file or its bytes. */
const DOWNLOADS = [/^attachments\/[^/]+$/, /^execution-files\/[^/]+$/, /^signatures\/[^/]+\/cms$/, /^paper-copy\.pdf$/, /^cover-letter$/, /^history\/export$/, /^forms\/[^/]+$/];

/**
 * What a GET of `path` reads, or undefined when it is not a read the log keeps: the document card, any of its
 * sub-resources that show its content, file downloads, and searches.
 */
export function readTargetOf(method: string, path: string): ReadTarget | undefined {
  if (method !== 'GET') return undefined;
  if (path === '/api/search' || path === '/api/search/advanced') return { kind: 'search', resource: path.slice('/api/'.length) };
  const match = /^\/api\/documents\/([^/]+)(?:\/(.+?))?\/?$/.exec(path);
  if (!match) return undefined;
  const documentId = decodeURIComponent(match[1]);
  const sub = match[2];
  if (!sub) return { kind: 'card', documentId };
  if (NOT_CONTENT.has(sub)) return undefined;
  return { kind: DOWNLOADS.some((re) => re.test(sub)) ? 'download' : 'view', documentId, resource: sub };
}

export function outcomeOf(status: number): 'shown' | 'refused' | 'failed' {
  if (status < 400) return 'shown';
  return status === 401 || status === 403 || status === 404 ? 'refused' : 'failed';
}

export interface ReadEntry {
  _id: string;
  batchKey: string;
  at: Date;
  actorId?: string;
  onBehalfOf?: string;
  kind: ReadKind;
  documentId?: string;
  resource?: string;
  query?: string;
  status: number;
  outcome: 'shown' | 'refused' | 'failed';
  source?: string;
}

/** The fields an entry's hash covers: everything it says (not how the database stores it). */
function hashedFields(e: ReadEntry) {
  return {
    id: e._id,
    at: new Date(e.at).toISOString(),
    actorId: e.actorId ?? null,
    onBehalfOf: e.onBehalfOf ?? null,
    kind: e.kind,
    documentId: e.documentId ?? null,
    resource: e.resource ?? null,
    query: e.query ?? null,
    status: e.status,
    outcome: e.outcome,
    source: e.source ?? null,
  };
}

/** SHA-256 of a batch's entries in `_id` order. */
export function batchDigest(entries: readonly ReadEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return createHash('sha256').update(canonicalJson(sorted.map(hashedFields))).digest('hex');
}

export const GENESIS_HASH = '0'.repeat(64);

export function linkHash(link: { seq: number; batchKey: string; count: number; digest: string; prevHash: string }): string {
  return createHash('sha256').update(canonicalJson({ seq: link.seq, batchKey: link.batchKey, count: link.count, digest: link.digest, prevHash: link.prevHash })).digest('hex');
}

export const linkId = (seq: number): string => String(seq).padStart(12, '0');

export interface ChainLink {
  _id: string;
  seq: number;
  batchKey: string;
  count: number;
  digest: string;
  prevHash: string;
  hash: string;
}

export type ReadLogBreak =
  | { problem: 'link-altered' | 'link-broken' | 'missing-link'; seq: number; batchKey?: string }
  | { problem: 'entries-altered'; seq: number; batchKey: string; expectedCount: number; foundCount: number };

/**
 * Walks the links in order against the digests of the entries actually stored (batchKey → digest, count):
 * names the first batch whose entries were altered, added or removed, or whose link was edited or is missing.
 */
export function verifyReadChain(links: readonly ChainLink[], stored: ReadonlyMap<string, { digest: string; count: number }>): ReadLogBreak | undefined {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const link of links) {
    if (link.seq !== expectedSeq) return { problem: 'missing-link', seq: expectedSeq };
    if (linkHash(link) !== link.hash) return { problem: 'link-altered', seq: link.seq, batchKey: link.batchKey };
    if (link.prevHash !== prev) return { problem: 'link-broken', seq: link.seq, batchKey: link.batchKey };
    const found = stored.get(link.batchKey);
    if (!found || found.digest !== link.digest || found.count !== link.count) {
      return { problem: 'entries-altered', seq: link.seq, batchKey: link.batchKey, expectedCount: link.count, foundCount: found?.count ?? 0 };
    }
    prev = link.hash;
    expectedSeq += 1;
  }
  return undefined;
}
