/**
 * The read log (seed-004 ¶39): opening a document card or a sub-resource that shows its content, downloading
 * a file and running a search are recorded — who, what, when, from which address, and whether it was shown
 * or refused. Reads are the hot path, so nothing is written while the request runs: the middleware queues an
 * entry when the answer has gone, and the queue is written in batches (one insertMany, then one link of the
 * batches' hash chain) shortly after, when it is full, on `flush()` and on `close()`. Append-only: nothing
 * here updates or deletes an entry. The chain is per batch (docs/oversight.md).
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../../db/models';
import type { Logger } from '../../config/logger';
import { astanaIso } from '../../domain/calendar/astana-time';
import { batchDigest, GENESIS_HASH, linkHash, linkId, outcomeOf, readTargetOf, verifyReadChain, type ChainLink, type ReadEntry } from '../../domain/oversight/read-log';
import { clientAddress } from '../request-context';

type ReadLogModels = Pick<Models, 'ReadLogEntry' | 'ReadLogLink' | 'Employee'>;

export interface ReadLogOptions {
  /** Entries per batch; a full queue is written at once. */
  batchSize?: number;
  /** How long the first queued entry waits for company before its batch is written. */
  flushDelayMs?: number;
  logger?: Pick<Logger, 'error'>;
}

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

export function createReadLog(models: ReadLogModels, options: ReadLogOptions = {}) {
  const batchSize = options.batchSize ?? 200;
  const flushDelayMs = options.flushDelayMs ?? 500;
  let queue: Omit<ReadEntry, '_id' | 'batchKey'>[] = [];
  /** A batch whose write failed: retried first, under the same key, so a half-written batch is not doubled. */
  let unfinished: { batchKey: string; entries: ReadEntry[] } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let tip: { seq: number; hash: string } | undefined;
  let closed = false;

  function record(entry: Omit<ReadEntry, '_id' | 'batchKey'>): void {
    queue.push(entry);
    if (queue.length >= batchSize) void flush();
    else if (!timer && !closed) {
      timer = setTimeout(() => void flush(), flushDelayMs);
      timer.unref(); // a pending batch never keeps the process alive; close() writes it
    }
  }

  /** Express middleware: mounted before authentication, so a refused token is logged too. */
  function middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const target = readTargetOf(req.method, req.path);
      if (target) {
        const at = new Date();
        res.once('finish', () => {
          const queryAt = req.originalUrl.indexOf('?');
          record({
            at,
            actorId: req.actor?.employeeId,
            kind: target.kind,
            documentId: target.documentId,
            resource: target.resource,
            query: target.kind === 'search' && queryAt >= 0 ? req.originalUrl.slice(queryAt + 1, queryAt + 1 + 1000) : undefined,
            status: res.statusCode,
            outcome: outcomeOf(res.statusCode),
            source: clientAddress(req),
          });
        });
      }
      next();
    };
  }

  async function loadTip(): Promise<{ seq: number; hash: string }> {
    if (tip) return tip;
    // Once per process: afterwards the tip is kept here and corrected by the unique _id when another process moved it.
    const last = await models.ReadLogLink.findOne({}, { seq: 1, hash: 1 }).sort({ _id: -1 }).lean();
    tip = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return tip;
  }

  /** Takes the next position of the chain for a written batch; of two processes racing, the unique _id picks one. */
  async function chain(batchKey: string, entries: ReadEntry[]): Promise<void> {
    const digest = batchDigest(entries);
    for (;;) {
      const current = await loadTip();
      const link = { seq: current.seq + 1, batchKey, count: entries.length, digest, prevHash: current.hash };
      const hash = linkHash(link);
      try {
        await models.ReadLogLink.create({ _id: linkId(link.seq), ...link, hash, writtenAt: new Date() });
        tip = { seq: link.seq, hash };
        return;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        const taken = await models.ReadLogLink.findById(linkId(link.seq), { seq: 1, hash: 1, batchKey: 1 }).lean();
        // Free position, or ours from an attempt that failed after writing: refused for its batchKey, so chained already.
        if (!taken || taken.batchKey === batchKey) return;
        tip = { seq: taken.seq, hash: taken.hash };
      }
    }
  }

  async function writeBatch(batch: { batchKey: string; entries: ReadEntry[] }): Promise<void> {
    try {
      await models.ReadLogEntry.insertMany(batch.entries, { ordered: false });
    } catch (error) {
      // A retried batch: the entries written the first time are refused as duplicates, the rest are in now.
      const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
      const allDuplicates = isDuplicate(error) || (Array.isArray(writeErrors) && writeErrors.every((w) => (w.code ?? w.err?.code) === 11000));
      if (!allDuplicates) throw error;
    }
    await chain(batch.batchKey, batch.entries);
  }

  async function writeQueued(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (unfinished || queue.length > 0) {
      if (!unfinished) {
        const taken = queue.slice(0, batchSize);
        queue = queue.slice(taken.length);
        const batchKey = `${Date.now().toString().padStart(14, '0')}-${randomUUID().slice(0, 8)}`;
        unfinished = { batchKey, entries: taken.map((e, i) => ({ ...e, _id: `${batchKey}:${String(i).padStart(4, '0')}`, batchKey })) };
      }
      await writeBatch(unfinished);
      unfinished = undefined;
    }
  }

  /** Writes everything queued so far; resolves when it is in the database (tests read the log after this). */
  function flush(): Promise<void> {
    writing = writing.then(writeQueued).catch((error: unknown) => {
      tip = undefined; // re-read: another process may have moved it
      options.logger?.error({ err: error }, 'read log: batch not written yet; retried with the next one');
      if (!timer && !closed) {
        timer = setTimeout(() => void flush(), Math.max(flushDelayMs, 1000));
        timer.unref();
      }
    });
    return writing;
  }

  /** On shutdown: no new timer; what is queued is written. */
  async function close(): Promise<void> {
    closed = true;
    await flush();
  }

  interface ReadQuery {
    documentId?: string;
    actorId?: string;
    kind?: ReadEntry['kind'];
    from?: Date;
    to?: Date;
    limit: number;
  }

  /** Entries newest first, with the reader's name as it is now (the entry itself keeps only the id). */
  async function find(query: ReadQuery) {
    const filter: Record<string, unknown> = {};
    if (query.documentId) filter.documentId = query.documentId;
    if (query.actorId) filter.actorId = query.actorId;
    if (query.kind) filter.kind = query.kind;
    if (query.from || query.to) filter.at = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
    const rows = await models.ReadLogEntry.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).lean();
    const ids = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => Boolean(id)))];
    const names = new Map((ids.length ? await models.Employee.find({ _id: { $in: ids } }, { fullName: 1 }).lean() : []).map((e) => [e._id, e.fullName]));
    return rows.map((r) => ({
      id: r._id,
      at: r.at.toISOString(),
      atAstana: astanaIso(r.at),
      actorId: r.actorId ?? undefined,
      actorName: r.actorId ? names.get(r.actorId) : undefined,
      kind: r.kind,
      documentId: r.documentId ?? undefined,
      resource: r.resource ?? undefined,
      query: r.query ?? undefined,
      status: r.status,
      outcome: r.outcome,
      source: r.source ?? undefined,
    }));
  }

  /** Who saw this document: one row per reader with their first and last successful read and any refusals. */
  async function readersOf(documentId: string) {
    const entries = await find({ documentId, limit: 5000 });
    const byReader = new Map<string, { actorId?: string; actorName?: string; reads: number; refused: number; firstAt: string; lastAt: string }>();
    for (const e of entries) {
      const key = e.actorId ?? '';
      const row = byReader.get(key) ?? { actorId: e.actorId, actorName: e.actorName, reads: 0, refused: 0, firstAt: e.at, lastAt: e.at };
      if (e.outcome === 'shown') row.reads += 1;
      else if (e.outcome === 'refused') row.refused += 1;
      if (e.at < row.firstAt) row.firstAt = e.at;
      if (e.at > row.lastAt) row.lastAt = e.at;
      byReader.set(key, row);
    }
    return { documentId, readers: [...byReader.values()], entries: entries.slice(0, 500) };
  }

  /** Walks the chain against the entries stored: names the first batch altered, or entries outside any batch. */
  async function verify() {
    await flush();
    const links = (await models.ReadLogLink.find({}).sort({ _id: 1 }).lean()) as unknown as ChainLink[];
    const stored = new Map<string, { digest: string; count: number }>();
    let group: ReadEntry[] = [];
    const close = () => {
      if (group.length) stored.set(group[0].batchKey, { digest: batchDigest(group), count: group.length });
      group = [];
    };
    // A batch's entries share the prefix of their _id, so in _id order each batch is one run.
    for await (const entry of models.ReadLogEntry.find({}).sort({ _id: 1 }).lean().cursor()) {
      const e = entry as unknown as ReadEntry;
      if (group.length && group[0].batchKey !== e.batchKey) close();
      group.push(e);
    }
    close();
    const problem = verifyReadChain(links, stored);
    const chained = new Set(links.map((l) => l.batchKey));
    const unchained = [...stored.keys()].filter((key) => !chained.has(key));
    return {
      ok: !problem && unchained.length === 0,
      batches: links.length,
      entries: [...stored.values()].reduce((n, s) => n + s.count, 0),
      firstProblem: problem,
      /** Entries in no chained batch: written by something other than the log, or a crash between the two writes. */
      unchainedBatches: unchained,
    };
  }

  return { record, middleware, flush, close, find, readersOf, verify };
}

export type ReadLog = ReturnType<typeof createReadLog>;
