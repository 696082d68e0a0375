/**
 * Queries on our connection do not capture a stack trace each: the capture was a measurable share of the
 * process's CPU (db/connection.ts) and served only mongoose's "already executed" message.
 */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '../../../db/connection';
import { requiredEnv } from '../../support/system';

let connection: Connection;
beforeAll(async () => {
  connection = await connectDatabase(requiredEnv('MONGODB_URI'), `${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_qstack_${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

it('runs a query without capturing where it was run, and still refuses to run it twice', async () => {
  const Thing = connection.model('Thing', new Schema({ _id: String, n: Number }));
  await Thing.create({ _id: 'a', n: 1 });
  const query = Thing.findById('a').lean();
  expect(await query.exec()).toMatchObject({ n: 1 });
  // A captured stack would be a string here.
  expect((query as unknown as { _executionStack: unknown })._executionStack).toBe(true);
  await expect(query.exec()).rejects.toThrow(/already executed/);
});
