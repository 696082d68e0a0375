/**
 * A version token kept in one document keyed by `_id` (an `_id` lookup is the one read the embedded database
 * answers without reading a whole collection). A writer moves the token after its change; a reader keeps
 * what it derived from the data and derives it again only when the token differs.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';

const ID = 'current';

type VersionDoc = { _id: string; token: string; at: Date };

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
  }
}

/** The current token ('initial' while nothing has moved it yet). */
export async function readVersionToken(connection: Connection, collection: string): Promise<string> {
  return (await connection.collection<VersionDoc>(collection).findOne({ _id: ID }, { projection: { token: 1 } }))?.token ?? 'initial';
}
