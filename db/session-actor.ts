/**
 * What every authenticated request needs of its caller — their roles, whether they have accepted the
 * current user agreement, and their IIN (which a signature they submit is checked against) — kept on the
 * session record, so that a request reads one document by `_id` instead of the session, the employee and the
 * acceptance one after another.
 *
 * The session record is not the truth, the employee and the acceptance are: every write through their
 * mongoose models that may change what is kept (an employee's roles, status, IIN or agreement pointer; any
 * acceptance) drops the copy from that person's sessions once it is done (db/models install the hooks), and
 * the next request builds it again. A copy written by a request that read the person just before such a change
 * is caught by reading the person once more after writing it (see `rememberActor`): either that second read
 * sees the change and drops the copy, or the change came after it and its own drop removes the copy.
 * A write that bypasses the models (a raw collection write) does not drop it: none in the code does.
 */
import type { Connection, Schema } from 'mongoose';
import { forgetSessions } from './models/session';

/**
 * The copy kept on a session. `acceptedVersion`: the agreement version whose active acceptance was checked.
 * `iin`: the person's IIN (null: none on record; absent: a copy made before it was kept, which knows nothing).
 */
export interface SessionActor {
  roles: string[];
  iin?: string | null;
  agreement?: { version?: string | null; acceptanceId?: string | null } | null;
  acceptedVersion?: string | null;
}

const SESSIONS = 'sessions';

/** Drops the kept copy from the sessions of these people (all sessions when the writer's filter names nobody). */
export async function dropSessionActors(connection: Connection, employeeIds: string[] | 'all'): Promise<void> {
  if (Array.isArray(employeeIds) && !employeeIds.length) return;
  const filter = employeeIds === 'all' ? { actor: { $exists: true } } : employeeIds.length === 1 ? { employeeId: employeeIds[0] } : { employeeId: { $in: employeeIds } };
  try {
    await connection.collection(SESSIONS).updateMany(filter, { $unset: { actor: '' } });
  } finally {
    forgetSessions(connection);
  }
}

/** The people a write's filter names by `field` (a string or `$in`), or 'all' when it names nobody in particular. */
function namedIn(filter: unknown, field: string): string[] | 'all' {
  const value = (filter as Record<string, unknown> | undefined)?.[field];
  if (typeof value === 'string') return [value];
  const list = (value as { $in?: unknown } | undefined)?.$in;
  if (Array.isArray(list) && list.every((v) => typeof v === 'string')) return list as string[];
  return 'all';
}

/** The people a write concerns: named by its filter, or (a keyed upsert of a record) by the fields it writes. */
function personOf(query: QueryThis, field: string): string[] | 'all' {
  const byFilter = namedIn(query.getFilter(), field);
  if (byFilter !== 'all') return byFilter;
  const update = (query.getUpdate() ?? {}) as Record<string, unknown>;
  for (const part of [update.$set, update.$setOnInsert]) {
    const named = namedIn(part, field);
    if (named !== 'all') return named;
  }
  return 'all';
}

function touches(update: unknown, fields: string[]): boolean {
  if (!update || typeof update !== 'object') return true;
  const keys = Object.entries(update as Record<string, unknown>).flatMap(([k, v]) => (k.startsWith('$') && v && typeof v === 'object' ? Object.keys(v) : [k]));
  return keys.some((k) => fields.some((f) => k === f || k.startsWith(`${f}.`)));
}

type QueryThis = { model: { db: Connection }; getFilter(): unknown; getUpdate(): unknown };

/**
 * Installs the drops on a schema whose documents the copy is made from: `idField` names the person in the
 * write's filter (`_id` for employees, `employeeId` for acceptances); `fields`, when given, limits the updates
 * that drop it to those touching them.
 */
export function installSessionActorHooks(schema: Schema, options: { idField: string; fields?: string[] }): void {
  const drop = (self: QueryThis) => dropSessionActors(self.model.db, personOf(self, options.idField));
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate'] as const) {
    schema.post(op, async function (this: QueryThis) {
      if (!options.fields || touches(this.getUpdate(), options.fields)) await drop(this);
    });
  }
  for (const op of ['replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: QueryThis) {
      await drop(this);
    });
  }
  // An inserted acceptance concerns its person; an inserted employee has no sessions yet.
  if (options.idField !== '_id') {
    schema.post('save', async function (this: Record<string, unknown> & { constructor: { db: Connection } }) {
      await dropSessionActors(this.constructor.db, [String(this[options.idField])]);
    });
    schema.post('insertMany', async function (this: { db: Connection }, docs: unknown) {
      await dropSessionActors(this.db, (docs as Array<Record<string, unknown>>).map((d) => String(d[options.idField])));
    });
  }
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await dropSessionActors(this.db, 'all');
  });
}
