/**
 * A version token of the registration journals (their index, number format and direction), kept in one
 * `_id`-keyed document: registration keeps each journal it numbers in under the token and reads it again only
 * when the token has moved, instead of once per registration. Every write of a journal through the mongoose
 * model moves it once it is done (db/models/journal.ts installs the hooks), so an administrator's change is seen
 * by every process at its first registration once the token it read has run out of trust (db/version-token.ts:
 * a second by default); a raw collection write does not move it, and none in the code does.
 */
import type { Connection, Schema } from 'mongoose';
import { installVersionTokenHooks, readVersionToken } from './version-token';

const COLLECTION = 'journals_version';

/** The current token ('initial' while no write through the model has moved it). */
export function journalsVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/** Moves the token after every write through the Journal model. */
export function installJournalsVersionHooks(schema: Schema): void {
  installVersionTokenHooks(schema, COLLECTION);
}
