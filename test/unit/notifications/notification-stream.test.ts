/**
 * The live push reads one row a second while nobody is notified, however many people it serves; a moved head
 * reaches its person's pages; a head moved by a writer that leaves the shared row alone still arrives.
 */
import type { Response } from 'express';
import { createNotificationStream } from '../../../api/services/notification-stream';
import { HEADS_VERSION_ID, headWrites, notificationHeadId } from '../../../db/models/notification';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());

/** An open page: what it was told, as `employeeId:unread`. */
function page() {
  const told: string[] = [];
  const res = {
    status: () => res,
    setHeader: () => res,
    flushHeaders: () => undefined,
    write: (chunk: string) => {
      const data = /^event: notifications\ndata: (.*)\n\n$/.exec(chunk)?.[1];
      if (data) {
        const { employeeId, unread } = JSON.parse(data) as { employeeId: string; unread: number };
        told.push(`${employeeId}:${unread}`);
      }
      return true;
    },
    on: () => res,
    end: () => undefined,
  };
  return { res: res as unknown as Response, told };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('reads only the shared row while no head moves, then the heads once one has', async () => {
  const people = ['s1', 's2', 's3', 's4', 's5'];
  const unread = new Map(people.map((p) => [p, 0]));
  const findById = jest.spyOn(t.models.Notification, 'findById'); // calls through, and keeps each call's id
  let seen = 0;
  /** The ids read since the last `forget()`. */
  const reads = () => findById.mock.calls.slice(seen).map((c) => String(c[0]));
  const forget = () => (seen = findById.mock.calls.length);
  const stream = createNotificationStream({ models: t.models, unreadCounts: async (ids) => new Map(ids.map((id) => [id, unread.get(id) ?? 0])) }, { pollMs: 20, recheckMs: 60_000 });
  try {
    const pages = people.map(() => page());
    for (const [i, p] of people.entries()) await stream.subscribe([p], pages[i].res);
    // The first poll reads every head once; every later one, the shared row alone.
    await until(() => reads().filter((id) => id === HEADS_VERSION_ID).length >= 2);
    forget();
    await until(() => reads().filter((id) => id === HEADS_VERSION_ID).length >= 5);
    expect(reads().filter((id) => id !== HEADS_VERSION_ID)).toEqual([]);

    unread.set('s3', 1);
    forget();
    await t.models.Notification.bulkWrite(headWrites(['s3'], new Date()), { ordered: true });
    await until(() => pages[2].told.includes('s3:1'));
    // Once the poll that read the heads is over (the next one has begun), every head was read once, and no more.
    await until(() => reads().filter((id) => id === HEADS_VERSION_ID).length >= 3);
    expect(reads().filter((id) => id.startsWith('head:')).sort()).toEqual(people.map(notificationHeadId).sort());
    expect(pages.flatMap((p, i) => (i === 2 ? [] : p.told.filter((x) => !x.endsWith(':0'))))).toEqual([]);
  } finally {
    stream.close();
    findById.mockRestore();
  }
});

it('counts everyone notified in a poll in one read, and counts right', async () => {
  const { createNotificationService } = await import('../../../api/services/notification-service');
  const service = createNotificationService({ models: t.models });
  const at = new Date();
  await t.models.Notification.insertMany([
    { _id: 'c1:a', recipientId: 'c1', kind: 'task.assigned', dispatchedAt: at },
    { _id: 'c1:b', recipientId: 'c1', kind: 'task.assigned', dispatchedAt: at },
    { _id: 'c1:read', recipientId: 'c1', kind: 'task.assigned', dispatchedAt: at, readAt: at },
    { _id: 'c2:a', recipientId: 'c2', kind: 'task.assigned', dispatchedAt: at },
    { _id: 'c3:read', recipientId: 'c3', kind: 'task.assigned', dispatchedAt: at, readAt: at },
  ]);
  expect(await service.unreadCounts(['c1', 'c2', 'c3', 'c-nobody'])).toEqual(new Map([['c1', 2], ['c2', 1], ['c3', 0], ['c-nobody', 0]]));

  const asked: string[][] = [];
  const stream = createNotificationStream(
    { models: t.models, unreadCounts: async (ids) => (asked.push([...ids].sort()), service.unreadCounts(ids)) },
    { pollMs: 20, recheckMs: 60_000 },
  );
  try {
    const pages = ['c1', 'c2', 'c3'].map(() => page());
    for (const [i, p] of ['c1', 'c2', 'c3'].entries()) await stream.subscribe([p], pages[i].res);
    await until(() => pages.every((p) => p.told.length === 1)); // on subscribing
    await new Promise((r) => setTimeout(r, 100)); // the first poll's read of every head is past
    asked.length = 0;
    await t.models.Notification.insertMany([
      { _id: 'c1:c', recipientId: 'c1', kind: 'task.assigned', dispatchedAt: at },
      { _id: 'c2:b', recipientId: 'c2', kind: 'task.assigned', dispatchedAt: at },
    ]);
    await t.models.Notification.bulkWrite(headWrites(['c1', 'c2'], new Date()), { ordered: true });
    await until(() => pages[0].told.includes('c1:3') && pages[1].told.includes('c2:2'));
    expect(asked).toEqual([['c1', 'c2']]);
    expect(pages[2].told).toEqual(['c3:0']);
  } finally {
    stream.close();
  }
});

it('still reads every head now and then, for a writer that leaves the shared row alone', async () => {
  const findById = jest.spyOn(t.models.Notification, 'findById');
  const stream = createNotificationStream({ models: t.models, unreadCounts: async (ids) => new Map(ids.map((id) => [id, 7])) }, { pollMs: 20, recheckMs: 1_000 });
  try {
    const p = page();
    await stream.subscribe(['r1'], p.res);
    expect(p.told).toEqual(['r1:7']); // on subscribing
    // The first poll reads every head; once the next has begun, the one after a second is the next to.
    await until(() => findById.mock.calls.filter((c) => c[0] === HEADS_VERSION_ID).length >= 2);
    // A head moved the way the version before the shared row moved it.
    await t.models.Notification.updateOne({ _id: notificationHeadId('r1') }, { $set: { version: 'older-writer', dispatchedAt: new Date() } }, { upsert: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(p.told).toEqual(['r1:7']); // the shared row has not moved: not yet
    await until(() => p.told.length === 2);
  } finally {
    stream.close();
    findById.mockRestore();
  }
});
