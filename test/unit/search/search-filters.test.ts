/** Search filters as pure functions: visibility, advanced criteria, dates in Astana time, validation. */
import { advancedCriteria, allOf, sortOf, termsFilter, visibilityFilter } from '../../../api/services/search-filters';
import { queryTerms } from '../../../domain/search/tokenizer';
import { lowerBound, upperBound } from '../../../api/services/search-dates';
import { advancedSearchQuery, globalSearchQuery } from '../../../api/services/search-schemas';

const now = new Date('2026-03-15T06:00:00Z');
const parse = (query: Record<string, unknown>) => advancedSearchQuery.parse(query);

describe('visibility filter', () => {
  it('lets auditors and administrators see everything', () => {
    expect(visibilityFilter({ employeeId: 'a', roles: ['employee', 'auditor'] }, [], 'array')).toEqual({});
  });

  it('is the person and everyone they stand in for, scoped substitutions by document type', () => {
    const representations = [
      { absentId: 'boss', via: ['sub', 'boss'] },
      { absentId: 'other', documentTypes: ['order'], via: ['sub', 'other'] },
    ];
    expect(visibilityFilter({ employeeId: 'sub', roles: ['employee'] }, representations, 'array')).toEqual({
      $or: [{ viewerIds: { $in: ['sub', 'boss'] } }, { viewerIds: 'other', type: { $in: ['order'] } }],
    });
    expect(visibilityFilter({ employeeId: 'sub', roles: ['employee'] }, representations, 'joined')).toEqual({
      $or: [{ viewerIds: { $regex: '(?:^| )(?:sub|boss)(?: |$)' } }, { viewerIds: { $regex: '(?:^| )(?:other)(?: |$)' }, type: { $in: ['order'] } }],
    });
  });

  it('adds every document that has a journal for a registrar', () => {
    const filter = visibilityFilter({ employeeId: 'reg', roles: ['employee', 'registrar'] }, [], 'array');
    expect(filter.$or).toContainEqual({ visibleJournal: { $type: 'string' } });
  });
});

describe('keyword filter', () => {
  const terms = queryTerms('Құжат 01-12/3.4 ақ ҚҰЖАТ');

  it('requires every term: longer ones as the beginning of a word (anchored, literal) or by their stem, short ones as a whole word', () => {
    expect(termsFilter(terms, 'array')).toEqual([
      { $or: [{ tokens: { $regex: '^кужат' } }, { tokens: { $in: ['~кужат'] } }] },
      { tokens: { $regex: '^01-12/3\\.4' } },
      { tokens: 'ак' },
    ]);
  });

  it('matches a word of the same stem by its stem token, or by the stem as a word of its own', () => {
    const [term] = queryTerms('отпуска');
    expect(termsFilter([term], 'array')).toEqual([{ $or: [{ tokens: { $regex: '^отпуска' } }, { tokens: { $in: ['отпуск', '~отпуск'] } }] }]);
    const joined = new RegExp((termsFilter([term], 'joined')[0].tokens as { $regex: string }).$regex);
    expect(joined.test('график отпусков ~отпуск')).toBe(true);
    expect(joined.test('отпуск')).toBe(true);
    expect(joined.test('отпускной')).toBe(false);
    expect(joined.test('x~отпуск')).toBe(false);
  });

  it('matches at a word start inside the joined tokens of the embedded database', () => {
    const filters = termsFilter(terms, 'joined');
    expect(filters).toEqual([
      { tokens: { $regex: '(?:^| )кужат|(?:^| )(?:~кужат)(?: |$)' } },
      { tokens: { $regex: '(?:^| )01-12/3\\.4' } },
      { tokens: { $regex: '(?:^| )ак(?: |$)' } },
    ]);
    const matches = (i: number, joined: string) => new RegExp((filters[i].tokens as { $regex: string }).$regex).test(joined);
    expect(matches(0, 'хат кужаттар')).toBe(true);
    expect(matches(0, 'хат акужат')).toBe(false);
    expect(matches(2, 'акша ак хат')).toBe(true);
    expect(matches(2, 'акша хат')).toBe(false);
  });
});

describe('advanced criteria', () => {
  it('combines every field with AND', () => {
    const q = parse({ journal: 'incoming', numberFrom: '10', numberTo: '20', status: 'registered,in-execution', author: 'a', executor: 'e', type: ['order'] });
    expect(allOf(advancedCriteria(q, now, 'array'))).toEqual({
      $and: [
        { type: { $in: ['order'] } },
        { status: { $in: ['registered', 'in-execution'] } },
        { registrationJournal: 'incoming' },
        { registrationSeq: { $gte: 10, $lte: 20 } },
        { authorId: 'a' },
        { executorIds: 'e' },
      ],
    });
  });

  it('matches a correspondent by folded substring, with regex characters escaped', () => {
    const [clause] = advancedCriteria(parse({ correspondent: 'ҚАЗ (ТОО)' }), now, 'array');
    expect(clause).toEqual({ correspondentKey: { $regex: 'каз \\(тоо\\)' } });
  });

  it('reads "none" control as "no resolution under control", and overdue against now', () => {
    expect(advancedCriteria(parse({ control: 'none' }), now, 'array')).toEqual([{ controlTypes: { $nin: ['controlled', 'personal'] } }]);
    expect(advancedCriteria(parse({ control: 'personal,none' }), now, 'array')).toEqual([
      { $or: [{ controlTypes: 'personal' }, { controlTypes: { $nin: ['controlled', 'personal'] } }] },
    ]);
    expect(advancedCriteria(parse({ overdue: 'true' }), now, 'array')).toEqual([{ openDueAt: { $lt: now } }]);
    expect(advancedCriteria(parse({ overdue: 'false' }), now, 'array')).toEqual([{ openDueAt: { $not: { $lt: now } } }]);
  });

  it('asks the joined lists of the embedded database the same questions', () => {
    expect(advancedCriteria(parse({ executor: 'e.1', control: 'personal,none' }), now, 'joined')).toEqual([
      { executorIds: { $regex: '(?:^| )(?:e\\.1)(?: |$)' } },
      { $or: [{ controlTypes: { $regex: '(?:^| )(?:personal)(?: |$)' } }, { controlTypes: { $not: /(?:^| )(?:controlled|personal)(?: |$)/ } }] },
    ]);
  });

  it('sorts by the chosen field with the id last', () => {
    expect(sortOf('-number')).toEqual({ registrationJournal: -1, registrationSeq: -1, _id: 1 });
    expect(sortOf('dueAt')).toEqual({ openDueAt: 1, _id: 1 });
  });
});

describe('date bounds', () => {
  it('reads a calendar day as the whole day in Astana time (UTC+5 since March 2024, UTC+6 before)', () => {
    expect(lowerBound('2026-03-01').toISOString()).toBe('2026-02-28T19:00:00.000Z');
    expect(upperBound('2026-03-01').toISOString()).toBe('2026-03-01T18:59:59.999Z');
    expect(lowerBound('2023-06-01').toISOString()).toBe('2023-05-31T18:00:00.000Z');
  });

  it('reads an instant as itself', () => {
    expect(lowerBound('2026-03-01T10:00:00+05:00').toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });
});

describe('validation', () => {
  const fieldsOf = (schema: typeof advancedSearchQuery | typeof globalSearchQuery, query: Record<string, unknown>) => {
    const result = schema.safeParse(query);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  it('names the field at fault', () => {
    expect(fieldsOf(advancedSearchQuery, { numberFrom: '5' })).toEqual(['journal']);
    expect(fieldsOf(advancedSearchQuery, { journal: 'j', numberFrom: '9', numberTo: '3' })).toEqual(['numberTo']);
    expect(fieldsOf(advancedSearchQuery, { registeredFrom: '2026-03-02', registeredTo: '2026-03-01' })).toEqual(['registeredTo']);
    expect(fieldsOf(advancedSearchQuery, { status: 'registered,lost' })).toEqual(['status.1']);
    expect(fieldsOf(advancedSearchQuery, { overdue: 'yes' })).toEqual(['overdue']);
    expect(fieldsOf(advancedSearchQuery, { registeredFrom: '01.03.2026' })).toEqual(['registeredFrom']);
    expect(fieldsOf(globalSearchQuery, { q: '?!' })).toEqual(['q']);
    expect(fieldsOf(globalSearchQuery, { q: 'хат', page: '30', pageSize: '50' })).toEqual(['page']);
  });

  it('accepts a single day as both ends of a range', () => {
    expect(fieldsOf(advancedSearchQuery, { registeredFrom: '2026-03-01', registeredTo: '2026-03-01' })).toEqual([]);
  });
});
