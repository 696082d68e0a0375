/**
 * A version token of the substitutions table, kept in one `_id`-keyed document: the worker keeps the
 * substitutions still in force or to come in memory (to tell substitutes about a task of the person they
 * stand in for) and reads them again — a full scan of `substitutions` on the embedded database — only when
 * the token has moved. Every write through the mongoose model (db/models/substitution.ts installs the hooks)
 * writes a new token once it is done; a raw collection write does not, and none in the code does.
 *
 * Why a token and not a per-person copy of the substitutions keyed by the absent person's id: the copy would
 * have to be rewritten from the table on every change, and two changes for one person at once could leave it
 * missing one of them (no transactions on the embedded database); a token moved after each write cannot.
 */
import type { Connection, Schema } from 'mongoose';
import { bumpVersionToken, readVersionToken } from './version-token';

const COLLECTION = 'substitutions_version';

export async function bumpSubstitutionsVersion(connection: Connection): Promise<void> {
  await bumpVersionToken(connection, COLLECTION);
}

/** The current token ('initial' while no write through the model has moved it). */
export async function substitutionsVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

export function installSubstitutionsVersionHooks(schema: Schema): void {
  for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
    schema.post(op, { document: false, query: true }, async function (this: { model: { db: Connection } }) {
      await bumpSubstitutionsVersion(this.model.db);
    });
  }
  schema.post('save', async function (this: { constructor: { db: Connection } }) {
    await bumpSubstitutionsVersion(this.constructor.db);
  });
  schema.post('insertMany', async function (this: { db: Connection }) {
    await bumpSubstitutionsVersion(this.db);
  });
  schema.post('bulkWrite', async function (this: { db: Connection }) {
    await bumpSubstitutionsVersion(this.db);
  });
}
