/**
 * One version token for the worker's copies of what the projection of a transition reads about people: the
 * substitutions still in force or to come (to tell substitutes about a task of the person they stand in for),
 * and each notified person's name, address, language and status and their notification preferences (to choose
 * the channel and write the mail). It is kept in one `_id`-keyed document, so a projection checks every copy
 * with one read, and reads the data again — a full scan of `substitutions`, an `_id` read per person — only
 * when the token has moved. Every write through the mongoose models that may change what is copied (the models
 * install the hooks: db/models/substitution.ts, employee.ts, notification.ts) writes a new token once it is
 * done, so a worker in another process sees the change at its first projection once the token it read has
 * run out of trust (db/version-token.ts: a second by default; at once in the process that wrote); a raw
 * collection write does not move it, and none in the code does.
 *
 * One token rather than one per copy: the copies change rarely (an administrator's or a person's own edit),
 * so dropping all of them on any such change costs little, and a single token moved by a plain replace cannot
 * lose a concurrent change the way two writers setting different fields of one document could on a database
 * without atomic updates. Why a token and not a per-person copy kept in the database: the copy would have to
 * be rewritten from the tables on every change, and two changes for one person at once could leave it missing
 * one of them (no transactions on the embedded database); a token moved after each write cannot.
 */
import type { Connection, Schema } from 'mongoose';
import { installVersionTokenHooks, readVersionToken } from './version-token';

const COLLECTION = 'people_cache_version';

/** The current token ('initial' while no write through the models has moved it). */
export async function peopleCacheVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/**
 * Moves the token after every write through the model; with `fields`, an update moves it only when it touches
 * one of them — the copies hold nothing else, and a login counting its failures should not drop them.
 */
export function installPeopleCacheVersionHooks(schema: Schema, options: { fields?: readonly string[] } = {}): void {
  installVersionTokenHooks(schema, COLLECTION, options);
}
