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
  /**
   * Group commit: appends of one process are collected while a batch is being written and go into the next
   * batch together, so one tip read and one insert serve many transitions. Racing our own writes for the
   * same position would only burn retries; other processes still race us, and the unique _id settles those.
   */
  let waiting: Array<{ events: AuditEventInput[]; resolve: () => void; reject: (e: unknown) => void }> = [];
  let draining = false;

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length) {
        const batch = waiting;
        waiting = [];
        try {
          await appendBatch(batch.flatMap((b) => b.events));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  }

  /** Appends the events not yet in the chain, as consecutive links after the current tip. */
  async function appendBatch(input: AuditEventInput[]): Promise<void> {
    // The same event may be queued twice (an activity retried while its first attempt still runs).
    let pending = [...new Map(input.map((e) => [e.eventKey, normalized(e)])).values()];
    for (let attempt = 0; attempt < 1000 && pending.length; attempt++) {
      const present = await AuditEvent.find({ eventKey: { $in: pending.map((e) => e.eventKey) } }, { eventKey: 1 }).lean();
      const known = new Set(present.map((p) => p.eventKey));
      pending = pending.filter((e) => !known.has(e.eventKey)); // already appended by an earlier try
      if (!pending.length) return;
      const tip = await AuditEvent.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
      let seq = tip?._id ?? 0;
      let prevHash = tip?.hash ?? GENESIS_HASH;
      const links = pending.map((event) => {
        seq += 1;
        const hash = hashEvent(seq, prevHash, event);
        const link = { _id: seq, ...event, prevHash, hash };
        prevHash = hash;
        return link;
      });
      try {
        await AuditEvent.insertMany(links, { ordered: true });
        return;
      } catch (error) {
        // Another process took a position first (or an earlier try got through): re-read and go on.
        if (!isDuplicateKey(error) && !isDuplicateKey((error as { writeErrors?: unknown[] }).writeErrors?.[0])) throw error;
      }
    }
    if (pending.length) throw new Error(`Audit chain: could not append ${pending[0].eventKey} after 1000 attempts`);
  }

  async function append(events: AuditEventInput[]): Promise<void> {
    if (!events.length) return;
    await new Promise<void>((resolve, reject) => {
      waiting.push({ events, resolve, reject });
      void drain();
    });
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
