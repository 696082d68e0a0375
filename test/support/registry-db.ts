/** A database of its own for a test file, on the server the global setup started (no Temporal). */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../db/connection';
import { createModels, type Models } from '../../db/models';
import { requiredEnv } from './system';

export interface TestDatabase {
  db: Connection;
  models: Models;
  drop(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const dbName = `${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_${randomUUID().slice(0, 8)}`;
  const db = await connectDatabase(requiredEnv('MONGODB_URI'), dbName);
  const models = createModels(db);
  await Promise.all(Object.values(models).map((m) => m.init()));
  return {
    db,
    models,
    async drop() {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}
