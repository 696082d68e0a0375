/**
 * The search index against the real database server: both token layouts (MongoDB's one-word-per-element
 * and the embedded database's joined string) give the same answers, a record never goes back to an older
 * card, and cards indexed by nobody are found and indexed.
 */
import { createSearchIndexer } from '../../../domain/search/search-indexer';
import type { SearchLayout } from '../../../domain/search/search-layout';
import { TOKENIZER_VERSION } from '../../../domain/search/tokenizer';
import { advancedSearchQuery, globalSearchQuery } from '../../../api/services/search-schemas';
import { createSearchService } from '../../../api/services/search-service';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
const noSubstitutes = { representationsOf: async () => [] };
const reader = { employeeId: 'reader', roles: ['employee' as const], sessionId: 's' };

const CARDS = [
  { _id: 'c1', title: 'Құжат айналымы туралы хат', correspondent: 'ТОО «Ромашка»' },
  { _id: 'c2', title: 'Құжаттар тізімі', summary: 'ақ қағаз' },
  { _id: 'c3', title: 'Письмо о документообороте', summary: 'Ақша 50 теңге' },
  { _id: 'c4', title: 'Кужат (Russian keyboard)', correspondent: 'АО Ромашка-Сервис' },
];

beforeAll(async () => {
  t = await openTestDatabase();
  for (const c of CARDS) {
    await t.models.Document.create({ ...c, type: 'internal-memo', authorId: 'reader', route: { key: 'internal-memo', version: 1 }, workflowId: `wf-${c._id}`, status: 'draft', participantIds: ['reader'] });
  }
});
afterAll(async () => t?.drop());

async function answers(layout: SearchLayout) {
  await t.models.DocumentSearch.deleteMany({});
  const indexer = createSearchIndexer(t.models, { layout });
  for (const c of CARDS) await indexer.reindex(c._id);
  const search = createSearchService({ models: t.models, substitutions: noSubstitutes, layout });
  const out: Record<string, string[]> = {};
  for (const q of ['құжат', 'кужат', 'құжаттар', 'ромашка', 'ромашка-сервис', 'ақ', 'ақша', '50', '5', 'документооборот', 'хат тізімі']) {
    out[q] = (await search.global(reader, globalSearchQuery.parse({ q }))).items.map((i) => i.id);
  }
  out['advanced q'] = (await search.advanced(reader, advancedSearchQuery.parse({ q: 'құжат', sort: 'title' }))).items.map((i) => i.id);
  return out;
}

describe('token layouts', () => {
  it('answer every query alike, and as intended', async () => {
    const array = await answers('array');
    const joined = await answers('joined');
    expect(joined).toEqual(array);
    expect(array).toEqual({
      құжат: ['c1', 'c4', 'c2'],
      кужат: ['c4', 'c1', 'c2'],
      құжаттар: ['c2', 'c4', 'c1'], // the exact word first, then other forms of its stem "құжат" (newer first)
      ромашка: ['c4', 'c1'], // both exact (c4 through the part of its compound): the newer first
      'ромашка-сервис': ['c4'],
      ақ: ['c2'],
      ақша: ['c3'],
      '50': ['c3'],
      '5': [],
      документооборот: ['c3'],
      'хат тізімі': [],
      'advanced q': ['c4', 'c1', 'c2'], // by title, in code-point order (К before Қ)
    });
  });
});

describe('the indexer', () => {
  it('never replaces a record computed from a newer card', async () => {
    const indexer = createSearchIndexer(t.models, { layout: 'array' });
    await indexer.reindex('c1');
    const newer = new Date(Date.now() + 60_000);
    await t.models.DocumentSearch.updateOne({ _id: 'c1' }, { $set: { cardUpdatedAt: newer, title: 'from a newer card' } });
    await indexer.reindex('c1'); // computed from the (older) card as stored
    expect(await t.models.DocumentSearch.findById('c1').lean()).toMatchObject({ title: 'from a newer card' });
  });

  it('removes the record of a card that is gone', async () => {
    const indexer = createSearchIndexer(t.models, { layout: 'array' });
    await t.models.Document.create({ _id: 'gone', title: 'x', type: 'internal-memo', authorId: 'reader', route: { key: 'internal-memo', version: 1 }, workflowId: 'wf-gone', status: 'draft' });
    await indexer.reindex('gone');
    await t.models.Document.deleteOne({ _id: 'gone' });
    await indexer.reindex('gone');
    expect(await t.models.DocumentSearch.exists({ _id: 'gone' })).toBeNull();
  });

  it('indexes cards with no record or one of another layout, and only those', async () => {
    await t.models.DocumentSearch.deleteMany({});
    const joined = createSearchIndexer(t.models, { layout: 'joined' });
    await joined.reindex('c1');
    const array = createSearchIndexer(t.models, { layout: 'array' });
    await array.reindex('c2');
    expect(await array.reindexStale({ batchSize: 2 })).toBe(3); // c1 (joined), c3, c4
    expect(await array.reindexStale()).toBe(0);
    expect(await t.models.DocumentSearch.countDocuments({ layout: 'array', version: TOKENIZER_VERSION })).toBe(CARDS.length);
  });
});
