/**
 * A version token of who holds which role or position, kept in one `_id`-keyed document: the participant
 * resolver keeps the members of a role or position in memory and reads them again (a full scan of
 * `employees` on the embedded database) only when the token has moved. Every write of an employee through
 * the mongoose model that may change `roles`, `positionId` or `status` — and every insert, delete, replace
 * or bulk write — writes a new token once it is done (db/models/employee.ts installs the hooks).
 * A write that bypasses the model (a raw collection write) does not move it: none in the code does.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, Schema } from 'mongoose';

const COLLECTION = 'employees_version';
const ID = 'current';

type VersionDoc = { _id: string; token: string; at: Date };

/** Fields whose change alters who a role or position lookup finds. */
const MEMBERSHIP_FIELDS = ['roles', 'positionId', 'status'];

export async function bumpEmployeesVersion(connection: Connection): Promise<void> {
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

export async function employeesVersion(connection: Connection): Promise<string> {
  return (await connection.collection<VersionDoc>(COLLECTION).findOne({ _id: ID }, { projection: { token: 1 } }))?.token ?? 'initial';
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
