/**
 * One version token for the worker's copies of what the projection of a transition reads about people: the
 * substitutions still in force or to come (to tell substitutes about a task of the person they stand in for),
 * and each notified person's name, address, language and status and their notification preferences (to choose
 * the channel and write the mail). It is kept in one `_id`-keyed document, so a projection checks every copy
 * with one read, and reads the data again — a full scan of `substitutions`, an `_id` read per person — only
 * when the token has moved. Every write through the mongoose models that may change what is copied (the models
 * install the hooks: db/models/substitution.ts, employee.ts, notification.ts) writes a new token once it is
 * done, so a worker in another process sees the change at its next projection; a raw collection write does
 * not move it, and none in the code does.
 *
 * One token rather than one per copy: the copies change rarely (an administrator's or a person's own edit),
 * so dropping all of them on any such change costs little, and a single token moved by a plain replace cannot
 * lose a concurrent change the way two writers setting different fields of one document could on a database
 * without atomic updates. Why a token and not a per-person copy kept in the database: the copy would have to
 * be rewritten from the tables on every change, and two changes for one person at once could leave it missing
 * one of them (no transactions on the embedded database); a token moved after each write cannot.
 */
import type { Connection, Schema } from 'mongoose';
import { bumpVersionToken, readVersionToken } from './version-token';

const COLLECTION = 'people_cache_version';

export async function bumpPeopleCacheVersion(connection: Connection): Promise<void> {
  await bumpVersionToken(connection, COLLECTION);
}

/** The current token ('initial' while no write through the models has moved it). */
export async function peopleCacheVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/** Whether an update document (`$set`, `$unset`, `$inc` … or a plain replacement) touches one of `fields`. */
function touches(update: unknown, fields: readonly string[]): boolean {
  if (!update || typeof update !== 'object') return true;
  const keys = Object.entries(update as Record<string, unknown>).flatMap(([k, v]) => (k.startsWith('$') && v && typeof v === 'object' ? Object.keys(v) : [k]));
  return keys.some((k) => fields.some((f) => k === f || k.startsWith(`${f}.`) || f.startsWith(`${k}.`)));
}

/**
 * Moves the token after every write through the model; with `fields`, an update (updateOne, updateMany,
 * findOneAndUpdate) moves it only when it touches one of them — the copies hold nothing else, and a login
 * counting its failures should not drop them.
 */
export function installPeopleCacheVersionHooks(schema: Schema, options: { fields?: readonly string[] } = {}): void {
  const { fields } = options;
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection }; getUpdate(): unknown }) {
      if (!fields || touches(this.getUpdate(), fields)) await bumpPeopleCacheVersion(this.model.db);
    });
  }
  for (const op of ['replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection } }) {
      await bumpPeopleCacheVersion(this.model.db);
    });
  }
  schema.post('save', async function (this: { constructor: { db: Connection } }) {
    await bumpPeopleCacheVersion(this.constructor.db);
  });
  schema.post('insertMany', async function (this: { db: Connection }) {
    await bumpPeopleCacheVersion(this.db);
  });
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await bumpPeopleCacheVersion(this.db);
  });
}
