/**
 * The in-memory search index against the database path, on the real database server: the same answers for a
 * mixed Kazakh/Russian corpus (keywords in any case and folding, every advanced filter and sort, visibility
 * per person with substitutes, registrars and auditors, paging and totals); a change made through the indexer
 * is in the next answer (feed catch-up), in this index and in another one (a second API process); and the feed
 * numbers its entries without gaps when two writers race.
 */
import { createSearchFeed } from '../../../domain/search/search-feed';
import { createSearchIndexer } from '../../../domain/search/search-indexer';
import { layoutOf } from '../../../domain/search/search-layout';
import type { AuthenticatedActor } from '../../../api/request-context';
import { advancedSearchQuery, globalSearchQuery } from '../../../api/services/search-schemas';
import { createSearchService, type SearchService } from '../../../api/services/search-service';
import type { Representation } from '../../../api/services/substitution-service';
import type { Role } from '../../../db/models/employee';
import { employees, random, searchRecords } from '../../../bench/lib/search-corpus';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
const NOW = new Date('2026-03-10T06:00:00Z');
const PEOPLE = employees(12, random(7));

/** emp-1 stands in for emp-2 everywhere and for emp-3 on orders only. */
const substitutions = {
  representationsOf: async (employeeId: string): Promise<Representation[]> =>
    employeeId === 'emp-1'
      ? [
          { absentId: 'emp-2', via: ['emp-1', 'emp-2'] },
          { absentId: 'emp-3', documentTypes: ['order'], via: ['emp-1', 'emp-3'] },
        ]
      : [],
};
const actor = (employeeId: string, roles: Role[] = ['employee']): AuthenticatedActor => ({ employeeId, roles, sessionId: 't' });
const ACTORS = [actor('emp-0'), actor('emp-1'), actor('emp-5'), actor('nobody'), actor('reg', ['employee', 'registrar']), actor('aud', ['employee', 'auditor'])];

const services = (memoryIndex: 'on' | 'off'): SearchService => createSearchService({ models: t.models, substitutions, now: () => NOW, memoryIndex });

beforeAll(async () => {
  t = await openTestDatabase();
  const layout = await layoutOf(t.db);
  const records = searchRecords({ start: 0, count: 400, people: PEOPLE, rnd: random(11), nowMs: NOW.getTime(), seqs: new Map(), layout });
  // A few cards without a journal: a registrar does not see those unless they take part.
  for (const r of records.slice(0, 20)) delete r.visibleJournal;
  await t.models.DocumentSearch.collection.insertMany(records as never[]);
});
afterAll(async () => t?.drop());

const GLOBAL = ['құжат айналымы', 'ҚҰЖАТ', 'кужат', 'Сатып алу', 'командировк', 'приказ отпуске', 'ромашка', 'нұрланова', 'НУРЛАНОВА', 'годовом отчете', '01-12', 'есеп', 'ж-17', 'жоқ-сөз',
  // other forms of title words: found through their stems (Snowball Russian, Kazakh endings)
  'отпуска бюджетов', 'бұйрықтар', 'өтініштерді'];
const ADVANCED = [
  {},
  { journal: 'incoming', numberFrom: '5', numberTo: '40', sort: 'number' },
  { journal: 'orders', sort: '-number' },
  { status: 'in-execution', overdue: 'true', sort: 'dueAt' },
  { overdue: 'false', sort: '-dueAt' },
  { control: 'controlled,none', sort: 'title' },
  { control: 'personal', correspondent: 'ромашка', sort: '-registeredAt' },
  { correspondent: 'КАЗАКТЕЛЕКОМ' },
  { registeredFrom: '2025-12-01', registeredTo: '2026-02-15', sort: 'registeredAt' },
  { createdFrom: '2025-06-01', sort: '-title' },
  { type: 'order,incoming-paper', q: 'бюджет', sort: 'title' },
  { author: 'emp-4', sort: 'createdAt' },
  { executor: 'emp-6', status: 'executed,in-execution' },
  { q: 'хат', sort: '-createdAt' },
];

describe('the in-memory index and the database', () => {
  it('give the same answers to every query, for every person, on every page', async () => {
    const db = services('off');
    const memory = services('on');
    let compared = 0;
    let nonEmpty = 0;
    for (const who of ACTORS) {
      for (const q of GLOBAL) {
        for (const paging of [{}, { page: '2', pageSize: '7' }]) {
          const query = globalSearchQuery.parse({ q, ...paging });
          const expected = await db.global(who, query);
          expect({ who: who.employeeId, q, paging, page: await memory.global(who, query) }).toEqual({ who: who.employeeId, q, paging, page: expected });
          compared++;
          if (expected.total > 0) nonEmpty++;
        }
      }
      for (const a of ADVANCED) {
        for (const paging of [{}, { page: '3', pageSize: '5' }]) {
          const query = advancedSearchQuery.parse({ ...a, ...paging });
          const expected = await db.advanced(who, query);
          expect({ who: who.employeeId, a, paging, page: await memory.advanced(who, query) }).toEqual({ who: who.employeeId, a, paging, page: expected });
          compared++;
          if (expected.total > 0) nonEmpty++;
        }
      }
    }
    expect(memory.memoryStats()?.records).toBe(400);
    // The comparison means something only if most answers are not empty.
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  }, 300_000); // ~1,000 database-path queries: about a minute alone, more on a shared CI machine

  it('shows a person their own cards and those of whom they stand in for, and counts nothing else', async () => {
    const memory = services('on');
    const all = await memory.advanced(actor('aud', ['employee', 'auditor']), advancedSearchQuery.parse({ pageSize: '100' }));
    expect(all.total).toBe(400);
    const mine = await memory.advanced(actor('emp-0'), advancedSearchQuery.parse({ pageSize: '100' }));
    const substitute = await memory.advanced(actor('emp-1'), advancedSearchQuery.parse({ pageSize: '100' }));
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(400);
    expect(substitute.total).toBeGreaterThan((await memory.advanced(actor('emp-2'), advancedSearchQuery.parse({}))).total);
    expect(await memory.advanced(actor('nobody'), advancedSearchQuery.parse({}))).toMatchObject({ total: 0, items: [] });
  });
});

describe('following the feed', () => {
  const card = (id: string, title: string) => ({
    _id: id,
    title,
    type: 'internal-memo',
    authorId: 'emp-0',
    route: { key: 'internal-memo', version: 1 },
    workflowId: `wf-${id}`,
    status: 'draft',
    participantIds: ['emp-0'],
  });
  const found = async (search: SearchService, q: string) => (await search.global(actor('emp-0'), globalSearchQuery.parse({ q }))).items.map((i) => i.id);
  const created: string[] = [];
  const create = async (id: string, title: string) => {
    created.push(id);
    await t.models.Document.create(card(id, title));
  };
  // The cards a test adds leave with it (through the feed, as a deletion would), so the 400 of the corpus
  // are what every other test counts, in any order.
  afterEach(async () => {
    const indexer = createSearchIndexer(t.models);
    for (const id of created.splice(0)) {
      await t.models.Document.deleteOne({ _id: id });
      await indexer.reindex(id);
    }
  });

  it('finds a change made through the indexer at the next query, in this process and in another one', async () => {
    const first = services('on');
    const second = services('on'); // another API process: an index of its own
    const indexer = createSearchIndexer(t.models);
    expect(await found(first, 'жаңалық')).toEqual([]);
    expect(await found(second, 'жаңалық')).toEqual([]);

    await create('fresh-1', 'Жаңалық туралы хат');
    await indexer.reindex('fresh-1');
    expect(await found(first, 'жаңалық')).toEqual(['fresh-1']);
    expect(await found(second, 'ЖАНАЛЫК')).toEqual(['fresh-1']);

    // A new title replaces the old words; a card that is gone is gone from the index.
    await t.models.Document.updateOne({ _id: 'fresh-1' }, { $set: { title: 'Өзгерген тақырып' } });
    await indexer.reindex('fresh-1');
    expect(await found(second, 'жаңалық')).toEqual([]);
    expect(await found(first, 'өзгерген')).toEqual(['fresh-1']);
    await t.models.Document.deleteOne({ _id: 'fresh-1' });
    await indexer.reindex('fresh-1');
    expect(await found(first, 'өзгерген')).toEqual([]);
    expect(await found(second, 'өзгерген')).toEqual([]);

    // An index loaded after all this starts where the feed is and agrees.
    const third = services('on');
    expect(await found(third, 'өзгерген')).toEqual([]);
    expect(third.memoryStats()?.records).toBe(400);
  });

  it('catches up a backlog of many changes written by another indexer', async () => {
    const reader = services('on');
    expect(await found(reader, 'топтама')).toEqual([]);
    const indexer = createSearchIndexer(t.models); // a worker: its own feed writer
    const ids = Array.from({ length: 45 }, (_, i) => `batch-${String(i).padStart(2, '0')}`);
    for (const id of ids) await create(id, `Топтама ${id}`);
    await Promise.all(ids.map((id) => indexer.reindex(id)));
    const page = await reader.advanced(actor('emp-0'), advancedSearchQuery.parse({ q: 'топтама', pageSize: '100' }));
    expect(page.total).toBe(45);
    expect(await services('off').advanced(actor('emp-0'), advancedSearchQuery.parse({ q: 'топтама', pageSize: '100' }))).toEqual(page);
  });

  it('is trimmed of what every live reader has applied, keeps numbering without reusing a number, and a dropped reader reloads', async () => {
    const feed = createSearchFeed(t.db);
    const indexer = createSearchIndexer(t.models);
    // The slow reader reports at every query, so its next query notices that it was dropped.
    const slow = createSearchService({ models: t.models, substitutions, now: () => NOW, memoryIndex: 'on', memoryReportEveryMs: 0 });
    const fast = services('on');
    await found(fast, 'қысқарту');
    await found(slow, 'қысқарту');
    const ids = ['trim-1', 'trim-2', 'trim-3'];
    for (const id of ids) await create(id, `Қысқарту ${id}`);
    await feed.append('earlier-change'); // something both readers have long applied
    const before = await feed.tip();
    for (const id of ids) await indexer.reindex(id);
    const tipAfter = await feed.tip();
    expect(tipAfter).toBe(before + 3);
    // The fast reader has applied everything, the slow one is at `before`.
    expect(await found(fast, 'қысқарту')).toEqual(expect.arrayContaining(ids));
    await feed.register(fast.memoryReaderId()!, tipAfter);
    await feed.register(slow.memoryReaderId()!, before);
    // Only these two readers: indexes made by earlier tests of this file, idle since, would hold the feed back.
    await t.db.collection('document_search_feed_readers').deleteMany({ _id: { $nin: [fast.memoryReaderId(), slow.memoryReaderId()] } } as never);
    const trimmedFirst = await feed.trim();
    expect(await feed.trimmedThrough()).toBe(before);
    expect(trimmedFirst).toBeGreaterThan(0);
    expect(await feed.read(before)).toBeNull();
    expect(await feed.read(before + 1)).not.toBeNull(); // the slow reader has not applied it yet
    // The slow reader stops reporting: after the stale period it no longer holds the feed back.
    await t.db.collection('document_search_feed_readers').updateOne({ _id: slow.memoryReaderId() } as never, { $set: { at: new Date(Date.now() - 2 * 60 * 60_000) } });
    expect(await feed.trim()).toBe(3);
    expect(await feed.read(tipAfter)).toBeNull();
    // Numbering goes on after the trimmed entries, never reusing one.
    expect(await feed.append('after-trim')).toBe(tipAfter + 1);
    // That append's guess (after its own last entry, trimmed since) was taken back, with the entry it put back to learn so.
    expect(await feed.read(before)).toBeNull();
    expect(await feed.read(before + 1)).toBeNull();
    expect(await createSearchFeed(t.db).tip()).toBe(tipAfter + 1);
    // The dropped reader notices at its next query and reloads (it registers again): it still finds everything.
    const readers = t.db.collection('document_search_feed_readers');
    expect(await readers.findOne({ _id: slow.memoryReaderId() } as never)).toBeNull();
    expect(await found(slow, 'қысқарту')).toEqual(expect.arrayContaining(ids));
    expect(await readers.findOne({ _id: slow.memoryReaderId() } as never)).toMatchObject({ position: tipAfter + 1 });
  });
});

describe('the feed', () => {
  it('numbers entries 1, 2, 3 … without gaps when writers race', async () => {
    const a = createSearchFeed(t.db);
    const b = createSearchFeed(t.db);
    const start = await a.tip();
    const seqs = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).append(`race-${i}`)));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => start + 1 + i));
    expect(await createSearchFeed(t.db).tip()).toBe(start + 30);
    expect(await a.read(start + 31)).toBeNull();
    expect((await a.read(start + 1))?.documentId).toMatch(/^race-/);
  });

});

