/**
 * A lookup by `_id` uses the collection's `_id` index, whatever the store: on the embedded FerretDB that holds
 * only because its build patches the lookup's SQL to the index's own expression (scripts/setup-tools.mjs,
 * FERRET_PATCHES); unpatched, every find, update and delete by `_id` reads the whole table. The build also
 * narrows a filter that names `_id` beside other keys to that row, and the other keys still decide.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { requiredEnv } from '../../support/system';

let client: MongoClient;
beforeAll(async () => {
  client = await MongoClient.connect(requiredEnv('MONGODB_URI'));
});
afterAll(async () => {
  await client?.close();
});

it('finds a document by its _id through the _id index, not by reading the collection', async () => {
  const db = client.db(`${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_idx_${randomUUID().slice(0, 8)}`);
  try {
    const docs = db.collection<{ _id: string; n: number }>('docs');
    await docs.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `d${n}`, n })));
    const build = await db.admin().command({ buildInfo: 1 });
    // Alone, and beside a condition on another field (a conditional write's filter).
    for (const filter of [{ _id: 'd7' }, { _id: 'd7', n: { $lt: 10 } }]) {
      const explained = (await db.command({ explain: { find: 'docs', filter } })) as Record<string, unknown>;
      const plan = JSON.stringify(explained.queryPlanner);
      if ('ferretdbVersion' in build) {
        // FerretDB on SQLite answers with SQLite's EXPLAIN QUERY PLAN.
        expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
        expect(plan).not.toMatch(/SCAN/);
      } else {
        expect(plan).not.toMatch(/COLLSCAN/);
      }
    }
    // And the lookups answer as before.
    expect(await docs.findOne({ _id: 'd7' })).toEqual({ _id: 'd7', n: 7 });
    // The other keys still decide: the row found by `_id` is returned, changed or removed only if it matches them.
    expect(await docs.findOne({ _id: 'd7', n: { $lt: 5 } })).toBeNull();
    expect(await docs.findOne({ _id: 'd7', n: { $lt: 10 } })).toEqual({ _id: 'd7', n: 7 });
    expect((await docs.updateOne({ _id: 'd6', n: 5 }, { $set: { n: 0 } })).matchedCount).toBe(0);
    expect(await docs.findOneAndUpdate({ _id: 'd6', n: { $lt: 7 } }, { $set: { n: 60 } })).toEqual({ _id: 'd6', n: 6 });
    expect((await docs.deleteOne({ _id: 'd5', n: 4 })).deletedCount).toBe(0);
    await docs.updateOne({ _id: 'd8' }, { $set: { n: -8 } });
    await docs.deleteOne({ _id: 'd9' });
    expect(await docs.find({}, { sort: { n: 1 } }).toArray()).toHaveLength(49);
    expect(await docs.findOne({ _id: 'd8' })).toEqual({ _id: 'd8', n: -8 });
    expect(await docs.findOne({ _id: 'd6' })).toEqual({ _id: 'd6', n: 60 });
  } finally {
    await db.dropDatabase();
  }
});
