/**
 * A version token of the calendar override table, kept in one document keyed by `_id` (an `_id` lookup is
 * the one read the embedded database answers without reading a whole collection). Whoever changes
 * `calendar_overrides` writes a new token after its change; a worker keeps the calendars it built and
 * rebuilds them only when the token differs from the one they were built under.
 */
import type { Connection } from 'mongoose';
import { bumpVersionToken, readVersionToken } from './version-token';

const COLLECTION = 'calendar_overrides_version';

/** Call after every change of the override table. */
export async function bumpCalendarOverridesVersion(connection: Connection): Promise<void> {
  await bumpVersionToken(connection, COLLECTION);
}

/** The current token ('initial' while the table has never been changed through the API). */
export async function calendarOverridesVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}
