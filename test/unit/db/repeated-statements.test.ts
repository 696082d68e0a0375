/**
 * The same command, run again and again, answers as the first time: on the embedded FerretDB each SQLite
 * connection keeps its prepared statements and runs them again (scripts/setup-tools.mjs, FERRET_PATCHES), so
 * a kept statement must come back clean after a failed run, follow its table when it is dropped and created
 * again, and not be shared by two commands in flight. On MongoDB the same answers are expected.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { requiredEnv } from '../../support/system';

let client: MongoClient;
beforeAll(async () => {
  // A small pool, so the rounds below reuse the database server's connections rather than open new ones.
  client = await MongoClient.connect(requiredEnv('MONGODB_URI'), { maxPoolSize: 2 });
});
afterAll(async () => {
  await client?.close();
});

it('repeated finds, inserts, updates and deletes answer alike across failures and a dropped collection', async () => {
  const db = client.db(`${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_stmt_${randomUUID().slice(0, 8)}`);
  try {
    const docs = db.collection<{ _id: string; n: number }>('docs');
    for (let round = 0; round < 3; round++) {
      await docs.insertOne({ _id: 'a', n: round });
      // The same insert fails on the duplicate _id every time, and the next command is not affected.
      for (let i = 0; i < 3; i++) {
        await expect(docs.insertOne({ _id: 'a', n: 99 })).rejects.toMatchObject({ code: 11000 });
      }
      await docs.insertMany([{ _id: 'b', n: 10 }, { _id: 'c', n: 20 }]);
      await docs.updateOne({ _id: 'a' }, { $inc: { n: 100 } });
      expect(await docs.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 100 + round });

      // A cursor left open over the collection while the same lookups run beside it.
      const open = docs.find({}, { batchSize: 1 });
      expect(await open.next()).not.toBeNull();
      const lookups = await Promise.all(['a', 'b', 'c', 'a', 'b', 'c'].map((id) => docs.findOne({ _id: id })));
      expect(lookups.map((d) => d?.n)).toEqual([100 + round, 10, 20, 100 + round, 10, 20]);
      expect((await open.toArray()).length).toBe(2);

      expect((await docs.deleteMany({ n: { $gte: 20 } })).deletedCount).toBe(2);
      expect(await docs.find({}).toArray()).toEqual([{ _id: 'b', n: 10 }]);

      // Dropped, the collection answers empty; created again by the next round's insert, it answers anew.
      await docs.drop();
      expect(await docs.findOne({ _id: 'b' })).toBeNull();
    }
  } finally {
    await db.dropDatabase();
  }
});
