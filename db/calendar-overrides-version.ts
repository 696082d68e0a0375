/**
 * A version token of the calendar override table, kept in one document keyed by `_id` (an `_id` lookup is
 * the one read the embedded database answers without reading a whole collection). Whoever changes
 * `calendar_overrides` writes a new token after its change; a worker keeps the calendars it built and
 * rebuilds them only when the token differs from the one they were built under.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';

const COLLECTION = 'calendar_overrides_version';
const ID = 'current';

type VersionDoc = { _id: string; token: string; at: Date };

/** Call after every change of the override table. */
export async function bumpCalendarOverridesVersion(connection: Connection): Promise<void> {
  const versions = connection.collection<VersionDoc>(COLLECTION);
  const next = { token: randomUUID(), at: new Date() };
  try {
    await versions.replaceOne({ _id: ID }, next, { upsert: true });
  } catch (error) {
    // Two first upserts raced (an upsert is not atomic on the embedded database): the document is there now.
    if ((error as { code?: number }).code !== 11000) throw error;
    await versions.replaceOne({ _id: ID }, next);
  }
}

/** The current token ('initial' while the table has never been changed through the API). */
export async function calendarOverridesVersion(connection: Connection): Promise<string> {
  return (await connection.collection<VersionDoc>(COLLECTION).findOne({ _id: ID }, { projection: { token: 1 } }))?.token ?? 'initial';
}
