/**
 * A version token of who holds which role or position, kept in one `_id`-keyed document: the participant
 * resolver keeps the members of a role or position in memory and reads them again (a full scan of
 * `employees` on the embedded database) only when the token has moved. Every write of an employee through
 * the mongoose model that may change `roles`, `positionId` or `status` — and every insert, delete, replace
 * or bulk write — writes a new token once it is done (db/models/employee.ts installs the hooks).
 * A write that bypasses the model (a raw collection write) does not move it: none in the code does.
 */
import type { Connection, Schema } from 'mongoose';
import { bumpVersionToken, readVersionToken } from './version-token';

const COLLECTION = 'employees_version';

/** Fields whose change alters who a role or position lookup finds. */
const MEMBERSHIP_FIELDS = ['roles', 'positionId', 'status'];

export async function bumpEmployeesVersion(connection: Connection): Promise<void> {
  await bumpVersionToken(connection, COLLECTION);
}

export async function employeesVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/** Whether an update document (`$set`, `$unset`, `$addToSet` … or a plain replacement) touches membership. */
function touchesMembership(update: unknown): boolean {
  if (!update || typeof update !== 'object') return true;
  const keys = Object.entries(update as Record<string, unknown>).flatMap(([k, v]) => (k.startsWith('$') && v && typeof v === 'object' ? Object.keys(v) : [k]));
  return keys.some((k) => MEMBERSHIP_FIELDS.some((f) => k === f || k.startsWith(`${f}.`)));
}

export function installEmployeesVersionHooks(schema: Schema): void {
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate'] as const) {
    schema.post(op, async function (this: { model: { db: Connection }; getUpdate(): unknown }) {
      if (touchesMembership(this.getUpdate())) await bumpEmployeesVersion(this.model.db);
    });
  }
  for (const op of ['replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection } }) {
      await bumpEmployeesVersion(this.model.db);
    });
  }
  schema.post('save', async function (this: { constructor: { db: Connection } }) {
    await bumpEmployeesVersion(this.constructor.db);
  });
  schema.post('insertMany', async function (this: { db: Connection }) {
    await bumpEmployeesVersion(this.db);
  });
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await bumpEmployeesVersion(this.db);
  });
}
