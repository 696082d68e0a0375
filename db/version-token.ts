/**
 * A version token kept in one document keyed by `_id` (an `_id` lookup is the one read the embedded database
 * answers without reading a whole collection). A writer moves the token after its change; a reader keeps
 * what it derived from the data and derives it again only when the token differs. A token read is used again
 * for a short while (db/trusted-reads.ts): a change made in another process is seen up to a second later, one
 * made in this process at once.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, Schema } from 'mongoose';
import { trustedReads } from './trusted-reads';

const ID = 'current';

type VersionDoc = { _id: string; token: string; at: Date };

/** Keyed by token collection. */
const tokens = trustedReads<string>('version-tokens', 64);

/** Writes a new token into the collection. */
export async function bumpVersionToken(connection: Connection, collection: string): Promise<void> {
  const versions = connection.collection<VersionDoc>(collection);
  const next = { token: randomUUID(), at: new Date() };
  try {
    await versions.replaceOne({ _id: ID }, next, { upsert: true });
  } catch (error) {
    // Two first upserts raced (an upsert is not atomic on the embedded database): the document is there now.
    if ((error as { code?: number }).code !== 11000) throw error;
    await versions.replaceOne({ _id: ID }, next);
  } finally {
    // After the write, failed or not: a read on its way meanwhile is answered but not kept (db/trusted-reads.ts).
    tokens.forget(connection, collection);
  }
}

/** The current token ('initial' while nothing has moved it yet), as read at most `QUJAT_TOKEN_TRUST_MS` ago. */
export function readVersionToken(connection: Connection, collection: string): Promise<string> {
  return tokens.read(connection, collection, async () => (await connection.collection<VersionDoc>(collection).findOne({ _id: ID }, { projection: { token: 1 } }))?.token ?? 'initial');
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
