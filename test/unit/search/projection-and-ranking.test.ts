/** What a card stores for search, and how a query ranks cards from it. Pure: no database. */
import { projectSearch, type SearchableCard } from '../../../domain/search/search-projection';
import { relevance } from '../../../domain/search/ranking';
import { queryTerms } from '../../../domain/search/tokenizer';
import type { DocumentState, Resolution } from '../../../domain/documents/document-state';

const card = (over: Partial<SearchableCard> = {}): SearchableCard => ({
  _id: 'd1',
  type: 'incoming-paper',
  title: 'Құжат айналымы туралы',
  authorId: 'author',
  participantIds: ['author', 'reg'],
  status: 'in-execution',
  ...over,
});

const names = new Map([
  ['author', 'Әлия Серікқызы Нұрланова'],
  ['exec', 'Иван Петрович Сидоров'],
  ['ctrl', 'Бауыржан Қайратұлы'],
]);

const resolution = (over: Partial<Resolution>): Resolution => ({
  id: 'r1',
  authorId: 'boss',
  text: 'Подготовить ответ',
  responsibleExecutorId: 'exec',
  coExecutorIds: ['co'],
  control: 'controlled',
  controllerId: 'ctrl',
  writtenAtMs: Date.parse('2026-03-01T05:00:00Z'),
  state: 'open',
  ...over,
});

const state = (resolutions: Resolution[], extra: Partial<DocumentState> = {}) => ({ resolutions, tasks: [], ...extra }) as unknown as DocumentState;

describe('search projection of a card', () => {
  it('stores field-tagged words of numbers, title, correspondent, people and text', () => {
    const record = projectSearch(
      card({ draftNumber: 'Ж-17', registration: { journal: 'incoming', number: '01-12/345' }, correspondent: 'ТОО «Ромашка»', summary: 'Жауап беру керек' }),
      { names },
    );
    expect(record.words.split(' ')).toEqual(
      expect.arrayContaining(['n:01-12/345', 'n:345', 'n:ж-17', 't:құжат', 't:туралы', 'c:ромашка', 'p:нұрланова', 'x:жауап']),
    );
    expect(record.tokens).toEqual(expect.arrayContaining(['кужат', 'ромашка', '01-12/345', 'нурланова']));
    expect(new Set(record.tokens).size).toBe(record.tokens.length);
    expect(record.correspondentKey).toBe('тоо «ромашка»');
    expect(record).toMatchObject({ title: 'Құжат айналымы туралы', status: 'in-execution', registrationJournal: 'incoming', registrationNumber: '01-12/345' });
  });

  it('lists as viewers exactly the people canSee lets in: author, participants, controllers', () => {
    const personal = resolution({ id: 'r2', control: 'personal', controllerId: undefined, authorId: 'boss' });
    const uncontrolled = resolution({ id: 'r3', control: 'none', controllerId: undefined, authorId: 'nobody' });
    const { viewerIds } = projectSearch(card({ state: state([resolution({}), personal, uncontrolled]) }), { names });
    expect(viewerIds.sort()).toEqual(['author', 'boss', 'ctrl', 'reg']);
  });

  it('derives the advanced facets: executors, control types, the earliest running deadline', () => {
    const due = Date.parse('2026-03-10T13:00:00Z');
    const later = Date.parse('2026-04-10T13:00:00Z');
    const deadline = (dueAtMs: number) => ({ dueAtMs, explanation: '', extensions: [] });
    const s = state([resolution({ deadline: deadline(later) }), resolution({ id: 'r2', control: 'personal', deadline: deadline(due) }), resolution({ id: 'r3', state: 'executed', deadline: deadline(1) })]);
    const record = projectSearch(card({ state: s, registration: { journal: 'incoming', number: '01-12/345' } }), { names, journal: 'incoming', registrationSeq: 345 });
    expect(record.executorIds).toEqual(['co', 'exec']);
    expect(record.controlTypes).toEqual(['controlled', 'personal']);
    expect(record.openDueAt?.getTime()).toBe(due);
    expect(record).toMatchObject({ visibleJournal: 'incoming', registrationSeq: 345 });
  });

  it('has nothing due once the document is finished', () => {
    const s = state([resolution({ deadline: { dueAtMs: 5, explanation: '', extensions: [] } })]);
    expect(projectSearch(card({ status: 'executed', state: s }), { names }).openDueAt).toBeUndefined();
  });
});

describe('relevance', () => {
  const words = (c: Partial<SearchableCard>) => projectSearch(card(c), { names }).words;

  it('ranks a registration number above a title, a title above a name, a name above body text', () => {
    const terms = queryTerms('345');
    const byNumber = relevance(terms, words({ registration: { number: '01-12/345' }, title: 'Хат' }));
    const byTitle = relevance(terms, words({ title: 'Хат 345' }));
    const byText = relevance(terms, words({ title: 'Хат', summary: 'бет 345' }));
    expect(byNumber.score).toBeGreaterThan(byTitle.score);
    expect(byTitle.score).toBeGreaterThan(byText.score);
    expect(byNumber.matched[0]).toBe('number');
    const byName = relevance(queryTerms('Сидоров'), words({ title: 'Хат', state: state([resolution({})]) }));
    const byNameInText = relevance(queryTerms('Сидоров'), words({ title: 'Хат', summary: 'Сидоров сказал' }));
    expect(byName.score).toBeGreaterThan(byNameInText.score);
  });

  it('ranks an exact word above a prefix, and an exact letter above a folded one', () => {
    const terms = queryTerms('құжат');
    const exact = relevance(terms, words({ title: 'Құжат' }));
    const prefix = relevance(terms, words({ title: 'Құжаттар' }));
    const folded = relevance(terms, words({ title: 'Кужат' }));
    expect(exact.score).toBeGreaterThan(folded.score);
    expect(folded.score).toBeGreaterThan(prefix.score);
    expect(prefix.score).toBeGreaterThan(0);
  });

  it('adds up terms, with a bonus when the title holds them all', () => {
    const terms = queryTerms('құжат айналымы');
    const both = relevance(terms, words({ title: 'Құжат айналымы' }));
    const split = relevance(terms, words({ title: 'Құжат', summary: 'айналымы' }));
    expect(both.score).toBeGreaterThan(split.score);
  });

  it('scores nothing for a card without the terms', () => {
    expect(relevance(queryTerms('ромашка'), words({ title: 'Хат' }))).toEqual({ score: 0, matched: [] });
  });
});
