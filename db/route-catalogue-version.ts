/**
 * A version token of the route catalogue: the document types (which route each one follows) and the published
 * route versions, kept in one `_id`-keyed document. A create keeps the route its type starts (the type's route
 * key and the latest published version of it) under the token and reads the two again only when it has moved,
 * instead of a read of the type and a probe for a newer version on every create. Every write through the
 * mongoose models of either (db/models/route-version.ts installs the hooks) writes a new token once it is done,
 * so a process that publishes a version or rebinds a type is seen by every other at its first create once the
 * token it read has run out of trust (db/version-token.ts: a second by default); a raw collection write does
 * not move it, and none in the code does.
 */
import type { Connection, Schema } from 'mongoose';
import { installVersionTokenHooks, readVersionToken } from './version-token';

const COLLECTION = 'route_catalogue_version';

/** The current token ('initial' while no write through the models has moved it). */
export async function routeCatalogueVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/** Moves the token after every write through the model (inserts, updates, deletes, bulk writes). */
export function installRouteCatalogueVersionHooks(schema: Schema): void {
  installVersionTokenHooks(schema, COLLECTION);
}
