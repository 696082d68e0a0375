/**
 * The log journal (seed-004 ¶¶39–40, 53): every request, answer and refusal — who, for whom, on what ground,
 * with which identifiers, for which service, when in Astana time. Append-only and hash-chained like the audit
 * trail (domain/audit/audit-chain.ts): an entry's `_id` is its position, unique, so two writers cannot both
 * take a position; the tip is found by probing positions by `_id` (db/last-taken-position.ts). Nothing in the
 * code deletes or rewrites an entry; `verify` finds the first one altered, removed or relinked.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { lastTakenPosition } from '../../db/last-taken-position';
import { canonicalJson } from '../audit/canonical-json';
import { astanaIso } from '../calendar/astana-time';
import type { LogKind } from './catalogue-seed';

export const LOG_JOURNAL_COLLECTION = 'info_log_journal';
const GENESIS = '0'.repeat(64);
const positionId = (seq: number) => String(seq).padStart(12, '0');

export { LOG_KINDS, type LogKind } from './catalogue-seed';

export interface LogEntryInput {
  kind: LogKind;
  requestId?: string;
  requestNumber?: string;
  /** Who acted: the requester, the responder, the operator. */
  actorId: string;
  /** For whom: the person or entity the information is about (IIN/BIN), or the user a check concerns. */
  subject?: string;
  basis?: string;
  identifiers?: Record<string, string>;
  service?: number;
  article?: string;
  reason?: string;
  refusalCode?: string;
  at: Date;
}

export interface LogEntry extends LogEntryInput {
  seq: number;
  /** The same instant as `at`, as Astana time with its offset (¶29). */
  atAstana: string;
  prevHash: string;
  hash: string;
}

interface Stored extends Omit<LogEntry, 'at'> {
  _id: string;
  at: Date;
}

export interface LogVerdict {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number; problem: 'content-altered' | 'link-broken' | 'missing-entry' };
}

function hashOf(seq: number, prevHash: string, entry: Omit<LogEntry, 'hash' | 'prevHash' | 'seq'>): string {
  return createHash('sha256').update(canonicalJson({ ...entry, seq, prevHash, at: entry.at.toISOString() })).digest('hex');
}

function withoutEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)))) as Record<string, unknown>;
}

export interface LogQuery {
  actorId?: string;
  subject?: string;
  kind?: LogKind;
  service?: number;
  basis?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
}

export function createLogJournal(db: Connection) {
  const entries = db.collection<Stored>(LOG_JOURNAL_COLLECTION);
  let tip = { seq: 0, hash: GENESIS };
  /** One append at a time in this process; other processes race for positions and the unique `_id` decides. */
  let queue: Promise<unknown> = Promise.resolve();

  async function findTip() {
    const last = await lastTakenPosition(async (seq) => {
      const row = await entries.findOne({ _id: positionId(seq) }, { projection: { seq: 1, hash: 1 } });
      return row && { seq: row.seq, hash: row.hash };
    }, { position: tip.seq, value: tip });
    return last.value;
  }

  async function appendOne(input: LogEntryInput): Promise<LogEntry> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const at = await findTip();
      const seq = at.seq + 1;
      const body = { ...(withoutEmpty({ ...input, at: undefined }) as Omit<LogEntryInput, 'at'>), at: input.at, atAstana: astanaIso(input.at) };
      const hash = hashOf(seq, at.hash, body);
      const entry: LogEntry = { ...body, seq, prevHash: at.hash, hash };
      try {
        await entries.insertOne({ _id: positionId(seq), ...entry });
        tip = { seq, hash };
        return entry;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        tip = at; // another writer took the position: probe again from there
      }
    }
    throw new Error('Log journal: could not take a position after 100 attempts');
  }

  function append(input: LogEntryInput): Promise<LogEntry> {
    const next = queue.then(() => appendOne(input));
    queue = next.catch(() => undefined);
    return next;
  }

  function view(row: Stored): LogEntry {
    const { _id, ...rest } = row;
    return { ...rest, at: new Date(row.at) } as LogEntry;
  }

  /** Search in position order; the journal is read by auditors and exports, never on a hot path. */
  async function search(query: LogQuery, limit = 1000): Promise<LogEntry[]> {
    const filter: Record<string, unknown> = {};
    for (const key of ['actorId', 'subject', 'kind', 'service', 'basis', 'requestId'] as const) if (query[key] !== undefined) filter[key] = query[key];
    if (query.from || query.to) filter.at = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
    const rows = await entries.find(filter).sort({ _id: 1 }).limit(limit).toArray();
    return rows.map(view);
  }

  async function verify(): Promise<LogVerdict> {
    let prevHash = GENESIS;
    let expected = 1;
    for await (const row of entries.find({}).sort({ _id: 1 })) {
      if (row.seq !== expected || row._id !== positionId(expected)) return { ok: false, checked: expected - 1, brokenAt: { seq: expected, problem: 'missing-entry' } };
      const { _id, seq, prevHash: storedPrev, hash, ...rest } = row;
      if (storedPrev !== prevHash) return { ok: false, checked: expected - 1, brokenAt: { seq, problem: 'link-broken' } };
      const body = { ...(withoutEmpty({ ...rest, at: undefined }) as Omit<LogEntryInput, 'at'>), at: new Date(row.at) } as Omit<LogEntry, 'hash' | 'prevHash' | 'seq'>;
      if (hashOf(seq, storedPrev, body) !== hash) return { ok: false, checked: expected - 1, brokenAt: { seq, problem: 'content-altered' } };
      prevHash = hash;
      expected += 1;
    }
    return { ok: true, checked: expected - 1 };
  }

  return { append, search, verify };
}

export type LogJournal = ReturnType<typeof createLogJournal>;

const shared = new WeakMap<object, LogJournal>();

/** One appender per database and process, shared by every app built on it (the API and tests' second apps). */
export function sharedLogJournal(db: Connection): LogJournal {
  let journal = shared.get(db);
  if (!journal) shared.set(db, (journal = createLogJournal(db)));
  return journal;
}

export const LOG_COLUMNS = ['seq', 'atAstana', 'kind', 'requestNumber', 'actorId', 'subject', 'basis', 'identifiers', 'service', 'article', 'refusalCode', 'reason', 'hash'] as const;

export function logCell(entry: LogEntry, column: (typeof LOG_COLUMNS)[number]): string | number {
  const value = entry[column];
  if (value === undefined) return '';
  if (column === 'identifiers') return Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`).join('; ');
  return value as string | number;
}

/** RFC 4180 CSV, with a BOM so spreadsheet programs read the Cyrillic right. */
export function logCsv(rows: LogEntry[]): string {
  const quote = (v: string | number) => {
    const s = String(v);
    return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[LOG_COLUMNS.join(','), ...rows.map((r) => LOG_COLUMNS.map((c) => quote(logCell(r, c))).join(','))].join('\r\n')}\r\n`;
}
