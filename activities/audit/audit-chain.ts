/**
 * Appends audit events to a hash chain and verifies it.
 *
 * Without transactions (the embedded database has none) the chain stays linear through one rule: an
 * event's _id is its position, and _id is unique, so of two writers racing for the same position exactly
 * one wins and the other re-reads the tip and tries the next. The eventKey makes each append idempotent.
 */
import { createHash } from 'node:crypto';
import type { AuditEventModel } from '../../db/models/audit-event';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  eventKey: string;
  type: string;
  at: Date;
  actorId?: string;
  onBehalfOf?: string;
  role?: string;
  documentId?: string;
  routeKey?: string;
  routeVersion?: number;
  stageId?: string;
  comment?: string;
  /** Where the request came from (IP address), for refusals and logins. */
  source?: string;
  data?: Record<string, unknown>;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first event whose content, link or position does not match. */
  brokenAt?: { seq: number; problem: 'content-altered' | 'link-broken' | 'missing-event'; eventKey?: string };
}

const isDuplicateKey = (e: unknown): e is { code: number; keyPattern?: Record<string, unknown> } =>
  typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;

export function hashEvent(seq: number, prevHash: string, event: AuditEventInput): string {
  const body = canonicalJson({ seq, prevHash, ...event, at: event.at.toISOString() });
  return createHash('sha256').update(body).digest('hex');
}

export function createAuditChain(AuditEvent: AuditEventModel) {
  async function appendOne(input: AuditEventInput): Promise<void> {
    const event = normalized(input);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const tip = await AuditEvent.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
      const seq = (tip?._id ?? 0) + 1;
      const prevHash = tip?.hash ?? GENESIS_HASH;
      try {
        await AuditEvent.create({ _id: seq, ...event, prevHash, hash: hashEvent(seq, prevHash, event) });
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (error.keyPattern && 'eventKey' in error.keyPattern) return; // already appended by an earlier try
        if (await AuditEvent.exists({ eventKey: event.eventKey })) return;
        // Lost the race for this position: read the new tip and try the next one.
      }
    }
    throw new Error(`Audit chain: could not append ${event.eventKey} after 1000 attempts`);
  }

  async function append(events: AuditEventInput[]): Promise<void> {
    for (const event of events) await appendOne(event);
  }

  /** Walks the whole chain in order, recomputing every hash. */
  async function verify(): Promise<ChainVerdict> {
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let checked = 0;
    const cursor = AuditEvent.find({}).sort({ _id: 1 }).lean().cursor();
    for await (const stored of cursor) {
      if (stored._id !== expected) {
        return { ok: false, checked, brokenAt: { seq: expected, problem: 'missing-event' } };
      }
      const { _id, prevHash: storedPrev, hash, ...rest } = stored;
      const event = stripNulls(rest) as unknown as AuditEventInput;
      if (storedPrev !== prevHash) {
        return { ok: false, checked, brokenAt: { seq: _id, problem: 'link-broken', eventKey: stored.eventKey } };
      }
      if (hashEvent(_id, storedPrev, { ...event, at: new Date(stored.at) }) !== hash) {
        return { ok: false, checked, brokenAt: { seq: _id, problem: 'content-altered', eventKey: stored.eventKey } };
      }
      prevHash = hash;
      expected += 1;
      checked += 1;
    }
    return { ok: true, checked };
  }

  return { append, verify };
}

/**
 * What the database will give back: no undefined inside data (BSON would turn it into null) and plain
 * JSON values, so the hash taken now is the hash recomputed at verification.
 */
function normalized(event: AuditEventInput): AuditEventInput {
  return event.data === undefined ? event : { ...event, data: JSON.parse(JSON.stringify(event.data)) };
}

/** The database returns absent optional fields as null or missing; the hash was taken without them. */
function stripNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined));
}

export type AuditChain = ReturnType<typeof createAuditChain>;
