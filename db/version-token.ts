/**
 * A version token kept in one document keyed by `_id` (an `_id` lookup is the one read the embedded database
 * answers without reading a whole collection). A writer moves the token after its change; a reader keeps
 * what it derived from the data and derives it again only when the token differs.
 *
 * A token read is trusted for a short while (`QUJAT_TOKEN_TRUST_MS`, 1 s by default) instead of being read
 * again by every action: the four tokens were 1 to 3 of the 12–21 commands of each staff action. What that
 * costs: a change made in another process is seen here up to that long after it was written. A change made
 * in this process is seen at once — the write drops the trusted read of that database and collection (keyed by
 * database name, so every connection of the process sees it), and a read that was on its way while the token
 * moved is not kept. Reads asked while one is on its way share it; with 0 nothing is trusted beyond that.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, Schema } from 'mongoose';

const ID = 'current';

type VersionDoc = { _id: string; token: string; at: Date };

/** How long a read token is used without reading it again; a bad value is a clear error at the first read. */
function trustMs(): number {
  const raw = process.env.QUJAT_TOKEN_TRUST_MS;
  if (raw === undefined || raw === '') return 1_000;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`QUJAT_TOKEN_TRUST_MS must be a number of milliseconds >= 0, got "${raw}"`);
  return ms;
}

interface TrustedRead {
  token?: string;
  /** When the read that gave `token` was sent: the token is trusted from then on, never from its answer. */
  readAt: number;
  /** The read on its way, shared by whoever asks meanwhile. */
  pending?: Promise<string>;
  /** Moved by every write of the token here; a read started under an older value is answered but not kept. */
  writes: number;
}

/** Per database and token collection: a handful per process (plus one set per test database). */
const trusted = new Map<string, TrustedRead>();
const MAX_TRUSTED = 1_000;

const keyOf = (connection: Connection, collection: string): string => `${connection.name}\u0000${collection}`;

function entryOf(key: string): TrustedRead {
  let entry = trusted.get(key);
  if (!entry) {
    if (trusted.size >= MAX_TRUSTED) trusted.clear();
    entry = { readAt: 0, writes: 0 };
    trusted.set(key, entry);
  }
  return entry;
}

/** Writes a new token into the collection. */
export async function bumpVersionToken(connection: Connection, collection: string): Promise<void> {
  const versions = connection.collection<VersionDoc>(collection);
  const next = { token: randomUUID(), at: new Date() };
  const entry = entryOf(keyOf(connection, collection));
  // Before the write as well as after: a read sent while the write is on its way may see either token.
  forget(entry);
  try {
    await versions.replaceOne({ _id: ID }, next, { upsert: true });
  } catch (error) {
    // Two first upserts raced (an upsert is not atomic on the embedded database): the document is there now.
    if ((error as { code?: number }).code !== 11000) throw error;
    await versions.replaceOne({ _id: ID }, next);
  } finally {
    forget(entry);
  }
}

function forget(entry: TrustedRead): void {
  entry.writes += 1;
  entry.token = undefined;
  entry.pending = undefined;
}

/** The current token ('initial' while nothing has moved it yet), as read at most `QUJAT_TOKEN_TRUST_MS` ago. */
export async function readVersionToken(connection: Connection, collection: string): Promise<string> {
  const ms = trustMs();
  const entry = entryOf(keyOf(connection, collection));
  const now = Date.now();
  if (entry.token !== undefined && now - entry.readAt < ms) return entry.token;
  if (entry.pending) return entry.pending;
  const writes = entry.writes;
  const read = connection
    .collection<VersionDoc>(collection)
    .findOne({ _id: ID }, { projection: { token: 1 } })
    .then((doc) => doc?.token ?? 'initial');
  entry.pending = read;
  try {
    const token = await read;
    if (entry.writes === writes) {
      entry.token = token;
      entry.readAt = now;
    }
    return token;
  } finally {
    if (entry.pending === read) entry.pending = undefined;
  }
}

/** Whether an update document (`$set`, `$unset`, `$addToSet` … or a plain replacement) touches one of `fields`. */
function touches(update: unknown, fields: readonly string[]): boolean {
  if (!update || typeof update !== 'object') return true;
  const keys = Object.entries(update as Record<string, unknown>).flatMap(([k, v]) => (k.startsWith('$') && v && typeof v === 'object' ? Object.keys(v) : [k]));
  return keys.some((k) => fields.some((f) => k === f || k.startsWith(`${f}.`) || f.startsWith(`${k}.`)));
}

/**
 * Moves the token of `collection` after every write through the model's schema; with `fields`, an update
 * (updateOne, updateMany, findOneAndUpdate) moves it only when it touches one of them. Inserts, deletes,
 * replacements and bulk writes always move it. A raw collection write does not: none in the code does.
 */
export function installVersionTokenHooks(schema: Schema, collection: string, options: { fields?: readonly string[] } = {}): void {
  const { fields } = options;
  const bump = (connection: Connection) => bumpVersionToken(connection, collection);
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection }; getUpdate(): unknown }) {
      if (!fields || touches(this.getUpdate(), fields)) await bump(this.model.db);
    });
  }
  for (const op of ['replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection } }) {
      await bump(this.model.db);
    });
  }
  schema.post('save', async function (this: { constructor: { db: Connection } }) {
    await bump(this.constructor.db);
  });
  schema.post('insertMany', async function (this: { db: Connection }) {
    await bump(this.db);
  });
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await bump(this.db);
  });
}
