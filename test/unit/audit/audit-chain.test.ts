/**
 * The audit chain under concurrency, on the real database: two processes' worth of writers appending at
 * once (with retried duplicates) leave one linear chain holding every event exactly once, and tampering is
 * named precisely.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createAuditChain, type AuditEventInput } from '../../../activities/audit/audit-chain';
import { connectDatabase } from '../../../db/connection';
import { createAuditEventModel, type AuditEventModel } from '../../../db/models/audit-event';
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
  const original = (await AuditEvent.findById(40).lean())!.actorId;
  await AuditEvent.updateOne({ _id: 40 }, { $set: { actorId: 'someone-else' } });
  expect((await chain.verify()).brokenAt).toEqual({ seq: 40, problem: 'content-altered', eventKey: expect.any(String) });
  await AuditEvent.updateOne({ _id: 40 }, { $set: { actorId: original } });
  expect((await chain.verify()).ok).toBe(true);
  const removed = await AuditEvent.findByIdAndDelete(77).lean();
  expect((await chain.verify()).brokenAt).toEqual({ seq: 77, problem: 'missing-event' });
  await AuditEvent.create(removed!);
  await AuditEvent.updateOne({ _id: 90 }, { $set: { prevHash: '0'.repeat(64) } });
  expect((await chain.verify()).brokenAt).toMatchObject({ seq: 90, problem: 'link-broken' });
});
