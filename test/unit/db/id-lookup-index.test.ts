/**
 * A lookup by `_id` uses the collection's `_id` index, whatever the store: on the embedded FerretDB that holds
 * only because its build patches the lookup's SQL to the index's own expression (scripts/setup-tools.mjs,
 * FERRET_PATCHES); unpatched, every find, update and delete by `_id` reads the whole table.
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
    const explained = (await db.command({ explain: { find: 'docs', filter: { _id: 'd7' } } })) as Record<string, unknown>;
    const plan = JSON.stringify(explained.queryPlanner);
    const build = await db.admin().command({ buildInfo: 1 });
    if ('ferretdbVersion' in build) {
      // FerretDB on SQLite answers with SQLite's EXPLAIN QUERY PLAN.
      expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
      expect(plan).not.toMatch(/SCAN/);
    } else {
      expect(plan).not.toMatch(/COLLSCAN/);
    }
    // And the lookups answer as before.
    expect(await docs.findOne({ _id: 'd7' })).toEqual({ _id: 'd7', n: 7 });
    await docs.updateOne({ _id: 'd8' }, { $set: { n: -8 } });
    await docs.deleteOne({ _id: 'd9' });
    expect(await docs.find({}, { sort: { n: 1 } }).toArray()).toHaveLength(49);
    expect(await docs.findOne({ _id: 'd8' })).toEqual({ _id: 'd8', n: -8 });
  } finally {
    await db.dropDatabase();
  }
});
