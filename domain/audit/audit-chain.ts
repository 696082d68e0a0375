/**
 * Appends audit events to a hash chain and verifies it.
 *
 * Without transactions (the embedded database has none) the chain stays linear through one rule: an
 * event's _id is its position, and _id is unique, so of two writers racing for the same position exactly
 * one wins and the other finds the new tip and tries the next. The eventKey (unique too) makes each append
 * idempotent. Positions are only ever taken in order (an ordered insert stops at its first refusal), so the
 * chain has no gaps, and the tip can be found by probing positions by `_id` from a hint — the one lookup the
 * embedded database answers without reading the whole collection.
 */
import { createHash } from 'node:crypto';
import { lastTakenPosition } from '../../db/last-taken-position';
import { auditPositionId, type AuditEventModel } from '../../db/models/audit-event';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** Where the last appender left the tip: a hint that saves probing, never trusted beyond "this link exists". */
const TIP_HINT_COLLECTION = 'audit_chain_tip';
const TIP_HINT_ID = 'tip';
/** Events of a chain with numeric positions, kept while they are rewritten (see `migrated`). */
const LEGACY_COPY_COLLECTION = 'audit_events_numeric_copy';

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

export function hashEvent(seq: number, prevHash: string, event: AuditEventInput): string {
  const body = canonicalJson({ seq, prevHash, ...event, at: event.at.toISOString() });
  return createHash('sha256').update(body).digest('hex');
}

interface Tip {
  seq: number;
  hash: string;
}

const GENESIS: Tip = { seq: 0, hash: GENESIS_HASH };

/** The first refused write of a failed ordered insert: its index in the batch, and whether it was a duplicate key. */
function firstRefusal(error: unknown): { index: number; duplicate: boolean } | undefined {
  const raw = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const first = (Array.isArray(raw) ? raw[0] : raw) as { index?: number; code?: number } | undefined;
  if (!first || typeof first.index !== 'number') return undefined;
  return { index: first.index, duplicate: first.code === 11000 };
}

export function createAuditChain(AuditEvent: AuditEventModel) {
  const tipHints = AuditEvent.db.collection<{ _id: string; seq: number; hash: string }>(TIP_HINT_COLLECTION);
  /** The newest link this process has seen; with the shared hint, where probing for the tip starts. */
  let localTip: Tip = GENESIS;

  async function linkAt(seq: number): Promise<{ seq: number; hash: string; eventKey: string } | null> {
    return AuditEvent.findById(auditPositionId(seq), { seq: 1, hash: 1, eventKey: 1 }).lean<{ seq: number; hash: string; eventKey: string }>();
  }

  /** The last link, probed by position from the best hint (db/last-taken-position.ts). */
  async function findTip(): Promise<Tip> {
    await migrated();
    const shared = await tipHints.findOne({ _id: TIP_HINT_ID });
    const start: Tip = shared && shared.seq > localTip.seq ? { seq: shared.seq, hash: shared.hash } : localTip;
    const last = await lastTakenPosition(async (seq) => {
      const link = await linkAt(seq);
      return link && { seq: link.seq, hash: link.hash };
    }, { position: start.seq, value: start });
    return last.value;
  }

  async function advanceTip(tip: Tip): Promise<void> {
    if (tip.seq > localTip.seq) localTip = tip;
    // A hint only: racing writers may leave an older one (the next reader gallops past it). `_id`-only filters.
    const shared = await tipHints.findOne({ _id: TIP_HINT_ID });
    if (shared && shared.seq >= tip.seq) return;
    try {
      await tipHints.replaceOne({ _id: TIP_HINT_ID }, { seq: tip.seq, hash: tip.hash }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // two first upserts raced: either hint will do
    }
  }

  /**
   * Chains written before positions were strings had numeric `_id`s: rewrite them once, keeping seq, links
   * and hashes (the hash covers seq, never the `_id`), so the old trail still verifies. The eventKey is
   * unique, so an event must leave before its copy can come in; a copy kept in a side collection first makes
   * that safe to interrupt: a rerun finishes from the copies, then drops them.
   */
  let migration: Promise<void> | undefined;
  function migrated(): Promise<void> {
    migration ??= (async () => {
      const copies = AuditEvent.db.collection(LEGACY_COPY_COLLECTION);
      const legacy = await AuditEvent.collection.find({ _id: { $type: 'number' } } as never).toArray();
      for (const event of legacy) {
        try {
          await copies.insertOne(event);
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
        }
      }
      const pending = await copies.find({}).toArray();
      if (!pending.length) return;
      for (const event of pending) {
        const seq = event._id as unknown as number;
        await AuditEvent.collection.deleteOne({ _id: seq } as never);
        try {
          await AuditEvent.collection.insertOne({ ...event, _id: auditPositionId(seq), seq } as never);
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error; // moved by an earlier run
        }
      }
      await copies.drop();
    })().catch((error: unknown) => {
      migration = undefined;
      throw error;
    });
    return migration;
  }

  /**
   * Group commit: appends of one process are collected while a batch is being written and go into the next
   * batch together, so one tip lookup and one insert serve many transitions. Racing our own writes for the
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
      const tip = await findTip();
      let seq = tip.seq;
      let prevHash = tip.hash;
      const links = pending.map((event) => {
        seq += 1;
        const hash = hashEvent(seq, prevHash, event);
        const link = { _id: auditPositionId(seq), seq, ...event, prevHash, hash };
        prevHash = hash;
        return link;
      });
      try {
        await AuditEvent.collection.insertMany(links as never[], { ordered: true });
        await advanceTip({ seq, hash: prevHash });
        return;
      } catch (error) {
        const refusal = firstRefusal(error);
        if (!refusal?.duplicate) throw error;
        // Links before the refused one are in (an ordered insert stops at its first refusal).
        const inserted = links.slice(0, refusal.index);
        if (inserted.length) await advanceTip({ seq: inserted[inserted.length - 1].seq, hash: inserted[inserted.length - 1].hash });
        const refused = links[refusal.index];
        // A free position means the refusal was the eventKey: an earlier try already appended this event.
        const occupant = await linkAt(refused.seq);
        const alreadyIn = !occupant || occupant.eventKey === refused.eventKey;
        pending = pending.slice(refusal.index + (alreadyIn ? 1 : 0));
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
    await migrated();
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let checked = 0;
    const cursor = AuditEvent.find({}).sort({ _id: 1 }).lean().cursor();
    for await (const stored of cursor) {
      if (stored.seq !== expected || stored._id !== auditPositionId(expected)) {
        return { ok: false, checked, brokenAt: { seq: expected, problem: 'missing-event' } };
      }
      const { _id, seq, prevHash: storedPrev, hash, ...rest } = stored;
      const event = stripNulls(rest) as unknown as AuditEventInput;
      if (storedPrev !== prevHash) {
        return { ok: false, checked, brokenAt: { seq, problem: 'link-broken', eventKey: stored.eventKey } };
      }
      if (hashEvent(seq, storedPrev, { ...event, at: new Date(stored.at) }) !== hash) {
        return { ok: false, checked, brokenAt: { seq, problem: 'content-altered', eventKey: stored.eventKey } };
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
