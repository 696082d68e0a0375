/**
 * The audit chain under concurrency, on the real database: two processes' worth of writers appending at
 * once (with retried duplicates) leave one linear chain holding every event exactly once, and tampering is
 * named precisely.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createAuditChain, type AuditEventInput } from '../../../domain/audit/audit-chain';
import { connectDatabase } from '../../../db/connection';
import { auditPositionId, createAuditEventModel, type AuditEventModel } from '../../../db/models/audit-event';
import { requiredEnv } from '../../support/system';

let db: Connection;
let AuditEvent: AuditEventModel;

beforeAll(async () => {
  db = await connectDatabase(requiredEnv('MONGODB_URI'), `${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_audit_${randomUUID().slice(0, 8)}`);
  AuditEvent = createAuditEventModel(db);
  await AuditEvent.init();
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

const event = (key: string, i: number): AuditEventInput => ({ eventKey: key, type: 'test.event', at: new Date(1_700_000_000_000 + i), actorId: `u${i % 7}`, data: { i, nested: { undefinedInside: undefined, n: i } } });

it('two writers appending concurrently, with duplicates, give one chain with each event once', async () => {
  const processA = createAuditChain(AuditEvent);
  const processB = createAuditChain(AuditEvent);
  const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
  await Promise.all(
    keys.flatMap((key, i) => {
      const writes = [(i % 2 ? processA : processB).append([event(key, i)])];
      if (i % 5 === 0) writes.push((i % 2 ? processB : processA).append([event(key, i)])); // a retried activity
      return writes;
    }),
  );
  expect(await AuditEvent.countDocuments()).toBe(keys.length);
  expect(new Set((await AuditEvent.find({}, { eventKey: 1 }).lean()).map((e) => e.eventKey)).size).toBe(keys.length);
  const verdict = await processA.verify();
  expect(verdict).toEqual({ ok: true, checked: keys.length });
});

it('names an altered, a removed and a relinked event', async () => {
  const chain = createAuditChain(AuditEvent);
  const original = (await AuditEvent.findById(auditPositionId(40)).lean())!.actorId;
  await AuditEvent.updateOne({ _id: auditPositionId(40) }, { $set: { actorId: 'someone-else' } });
  expect((await chain.verify()).brokenAt).toEqual({ seq: 40, problem: 'content-altered', eventKey: expect.any(String) });
  await AuditEvent.updateOne({ _id: auditPositionId(40) }, { $set: { actorId: original } });
  expect((await chain.verify()).ok).toBe(true);
  const removed = await AuditEvent.findByIdAndDelete(auditPositionId(77)).lean();
  expect((await chain.verify()).brokenAt).toEqual({ seq: 77, problem: 'missing-event' });
  await AuditEvent.create(removed!);
  await AuditEvent.updateOne({ _id: auditPositionId(90) }, { $set: { prevHash: '0'.repeat(64) } });
  expect((await chain.verify()).brokenAt).toMatchObject({ seq: 90, problem: 'link-broken' });
  const link89 = await AuditEvent.findById(auditPositionId(89)).lean();
  await AuditEvent.updateOne({ _id: auditPositionId(90) }, { $set: { prevHash: link89!.hash } });
  expect((await chain.verify()).ok).toBe(true);
});

it('finds the tip from a stale or missing hint, and a fresh process continues the same chain', async () => {
  const before = await AuditEvent.countDocuments();
  // The shared hint lags far behind (a racing writer left an older one) and the process knows nothing.
  await AuditEvent.db.collection('audit_chain_tip').replaceOne({ _id: 'tip' } as never, { seq: 3, hash: 'stale' });
  await createAuditChain(AuditEvent).append([event('after-stale-hint', 1)]);
  await AuditEvent.db.collection('audit_chain_tip').deleteMany({});
  await createAuditChain(AuditEvent).append([event('after-no-hint', 2)]);
  expect(await AuditEvent.countDocuments()).toBe(before + 2);
  expect((await AuditEvent.findById(auditPositionId(before + 2)).lean())?.eventKey).toBe('after-no-hint');
  expect(await createAuditChain(AuditEvent).verify()).toEqual({ ok: true, checked: before + 2 });
});

it('an event already in the chain is not appended again by a process that never saw it', async () => {
  const before = await AuditEvent.countDocuments();
  await createAuditChain(AuditEvent).append([event('k5', 5), event('new-after-k5', 6)]);
  expect(await AuditEvent.countDocuments()).toBe(before + 1);
  expect(await createAuditChain(AuditEvent).verify()).toEqual({ ok: true, checked: before + 1 });
});

it('a chain stored with numeric positions (before string _ids) is moved once and still verifies', async () => {
  const legacyDb = db.useDb(`${db.name}_legacy`);
  const Legacy = createAuditEventModel(legacyDb);
  await createAuditChain(Legacy).append([event('a', 1), event('b', 2), event('c', 3)]);
  const stored = await Legacy.find({}).sort({ _id: 1 }).lean();
  expect(stored).toHaveLength(3);
  await Legacy.collection.deleteMany({});
  // As the old code stored them: the position only as a numeric _id.
  await Legacy.collection.insertMany(stored.map(({ _id, seq, ...rest }) => ({ ...rest, _id: seq })) as never[]);
  expect(await Legacy.collection.countDocuments({ _id: { $type: 'number' } } as never)).toBe(3);
  const chain = createAuditChain(Legacy);
  expect(await chain.verify()).toEqual({ ok: true, checked: 3 });
  await chain.append([event('d', 4)]);
  expect(await createAuditChain(Legacy).verify()).toEqual({ ok: true, checked: 4 });
  expect(await Legacy.collection.countDocuments({ _id: { $type: 'number' } } as never)).toBe(0);
  await legacyDb.dropDatabase();
});
