/**
 * Many writes to one database at once all land, whatever else runs beside them: on the embedded FerretDB the
 * writers of a database file queue on one lock inside FerretDB (scripts/setup-tools.mjs, FERRET_PATCHES), so
 * none may wait for another that waits for it — a collection created by an insert meanwhile, a cursor left
 * open, deletes and updates of the same documents. On MongoDB the same answers are expected.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { requiredEnv } from '../../support/system';

let client: MongoClient;
beforeAll(async () => {
  client = await MongoClient.connect(requiredEnv('MONGODB_URI'), { maxPoolSize: 16 });
});
afterAll(async () => {
  await client?.close();
});

it('inserts, updates, deletes and new collections sent together all land, with a cursor open beside them', async () => {
  const db = client.db(`${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_writes_${randomUUID().slice(0, 8)}`);
  try {
    const names = ['a', 'b', 'c', 'd'];
    const colls = names.map((n) => db.collection<{ _id: string; n: number; round?: number }>(n));
    await Promise.all(colls.map((c) => c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `x${i}`, n: i })))));
    const open = colls[0].find({}, { batchSize: 1 });
    expect(await open.next()).not.toBeNull();

    for (let round = 0; round < 5; round++) {
      await Promise.all([
        ...colls.map((c, k) => c.updateOne({ _id: `x${round}` }, { $set: { round, n: 100 + k } })),
        ...colls.map((c) => c.insertOne({ _id: `new-${round}`, n: round })),
        ...colls.map((c) => c.deleteOne({ _id: `x${10 + round}` })),
        // A collection each round that does not exist until this insert creates it.
        db.collection(`fresh_${round}`).insertOne({ _id: 'only', n: round } as never),
        ...colls.map((c) => c.findOne({ _id: `x${round}` })),
      ]);
    }

    for (const [k, c] of colls.entries()) {
      const docs = await c.find({}).sort({ _id: 1 }).toArray();
      expect(docs.length).toBe(20);
      expect(docs.filter((d) => d._id.startsWith('new-')).map((d) => d.n)).toEqual([0, 1, 2, 3, 4]);
      expect(docs.filter((d) => d.round !== undefined).map((d) => [d._id, d.n])).toEqual([0, 1, 2, 3, 4].map((r) => [`x${r}`, 100 + k]));
      expect(docs.some((d) => /^x1[0-4]$/.test(d._id))).toBe(false);
    }
    for (let round = 0; round < 5; round++) expect(await db.collection(`fresh_${round}`).findOne({ _id: 'only' } as never)).toEqual({ _id: 'only', n: round });
    // The cursor opened before all this still gives the rest of what it was reading.
    expect((await open.toArray()).length).toBeGreaterThan(0);
  } finally {
    await db.dropDatabase();
  }
});
