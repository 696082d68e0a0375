/**
 * /api/search and /api/search/advanced against the real servers: who finds what (never a count that leaks
 * other people's documents), substitutes, the index kept by document creation and recordTransition,
 * Kazakh/Russian folding, ranking, every advanced filter, and validation errors.
 *
 * Documents walking their route are created through the API. Registered and executed cards (which need a
 * signature the test system cannot make) are written straight into the read model and indexed by the same
 * indexer `recordTransition` calls.
 */
import { createSearchIndexer } from '../../domain/search/search-indexer';
import type { AuthenticatedActor } from '../../api/request-context';
import { globalSearchQuery } from '../../api/services/search-schemas';
import { createSearchService } from '../../api/services/search-service';
import type { Role } from '../../db/models/employee';
import type { Resolution } from '../../domain/documents/document-state';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

const PEOPLE: Array<{ id: string; name: string; roles?: Role[] }> = [
  { id: 'aliya', name: 'Әлия Серікқызы Нұрланова' },
  { id: 'appr', name: 'Иван Петрович Сидоров' },
  { id: 'boss', name: 'Бауыржан Қайратұлы Омаров' },
  { id: 'outsider', name: 'Дина Маратқызы Ахметова' },
  { id: 'sub', name: 'Ерлан Болатұлы Жұмабаев' },
  { id: 'scoped', name: 'Гүлнар Асқарқызы Темірова' },
  { id: 'clerk', name: 'Мария Ивановна Ким' },
  { id: 'exec1', name: 'Асхат Нұрланұлы Сейітов' },
  { id: 'ctrl', name: 'Самат Ержанұлы Беков' },
  { id: 'reg', name: 'Айгерім Registrar', roles: ['employee', 'registrar'] },
  { id: 'aud', name: 'Аудитор Auditor', roles: ['employee', 'auditor'] },
  { id: 'hr', name: 'Сәуле Бекқызы Оспанова' },
  { id: 'hr2', name: 'Әсем Бекқызы Оспанова' },
];

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople(PEOPLE.map(({ id, roles }) => ({ id, roles })));
  for (const p of PEOPLE) {
    await sys.models.Employee.updateOne({ _id: p.id }, { $set: { fullName: p.name } });
    tokens[p.id] = await sys.tokenFor(p.id);
  }
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

async function create(who: string, body: Record<string, unknown>): Promise<string> {
  const res = await sys.http.post('/api/documents').set(auth(who)).send({ type: 'outgoing-letter', ...body }).expect(201);
  return res.body.id as string;
}

async function search(who: string, q: string, extra = '') {
  const res = await sys.http.get(`/api/search?q=${encodeURIComponent(q)}${extra}`).set(auth(who)).expect(200);
  return res.body as { total: number; truncated: boolean; terms: string[]; items: Array<{ id: string; score: number; matched: string[]; title: string }> };
}

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id).sort();

/** People of one test's own: whatever other tests created, these see only what the test makes for them. */
let sceneSerial = 0;
async function scene() {
  const n = ++sceneSerial;
  const who = { aliya: `aliya-${n}`, appr: `appr-${n}`, boss: `boss-${n}`, outsider: `outsider-${n}`, sub: `sub-${n}`, scoped: `scoped-${n}` };
  await sys.addPeople(Object.values(who).map((id) => ({ id })));
  await sys.models.Employee.updateOne({ _id: who.boss }, { $set: { fullName: 'Бауыржан Қайратұлы Омаров' } });
  for (const id of Object.values(who)) tokens[id] = await sys.tokenFor(id);
  const letter = await create(who.aliya, { title: 'Құжат айналымы туралы хат', participants: { approvers: [who.appr], signer: who.boss } });
  const secret = await create(who.outsider, { title: 'Құжат айналымы: жеке жоба', summary: 'Тек маған' });
  return { ...who, letter, secret };
}

describe('global search: only what the caller may see', () => {
  it('finds the caller’s own document and neither lists nor counts the other', async () => {
    const { aliya, outsider, letter, secret } = await scene();
    const mine = await search(aliya, 'құжат айналымы');
    expect(ids(mine)).toEqual([letter]);
    expect(mine.total).toBe(1);
    const theirs = await search(outsider, 'құжат айналымы');
    expect(ids(theirs)).toEqual([secret]);
    expect(theirs.total).toBe(1);
    // Somebody not involved finds nothing, and the total says so.
    expect(await search('clerk', 'құжат айналымы')).toMatchObject({ total: 0, items: [] });
  });

  it('finds "Құжат" whatever the case, and from a Russian keyboard ("кужат")', async () => {
    const { aliya, letter } = await scene();
    for (const q of ['құжат', 'ҚҰЖАТ', 'Құжат', 'кужат', 'КУЖАТ АЙНАЛЫМЫ', 'құжа']) {
      expect(ids(await search(aliya, q))).toEqual([letter]);
    }
  });

  it('finds a document by the name of a participant and by its draft number', async () => {
    const { aliya, letter } = await scene();
    expect(ids(await search(aliya, 'Омаров'))).toContain(letter); // the signer named on the card
    const card = await sys.models.Document.findById(letter).lean();
    expect(card?.draftNumber).toBeTruthy();
    expect(ids(await search(aliya, card!.draftNumber!))).toEqual([letter]);
  });

  it('lets an approver find the document once it reaches them (the index follows recordTransition)', async () => {
    const { aliya, appr, letter } = await scene();
    expect((await search(appr, 'айналымы')).total).toBe(0);
    await sys.http.post(`/api/documents/${letter}/actions/submit`).set(auth(aliya)).send({}).expect(200);
    await eventually(async () => expect(ids(await search(appr, 'айналымы'))).toEqual([letter]));
  });

  it('lets a substitute find the absent person’s documents during the substitution, within its document types', async () => {
    const { aliya, appr, sub, scoped, letter } = await scene();
    await sys.http.post(`/api/documents/${letter}/actions/submit`).set(auth(aliya)).send({}).expect(200);
    await eventually(async () => expect((await search(appr, 'айналымы')).total).toBe(1));
    const period = { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 3_600_000), createdBy: 'aud' };
    await sys.models.Substitution.create({ _id: `sub-for-${appr}`, absentId: appr, substituteId: sub, ...period });
    await sys.models.Substitution.create({ _id: `scoped-for-${appr}`, absentId: appr, substituteId: scoped, documentTypes: ['order'], ...period });
    expect(ids(await search(sub, 'айналымы'))).toEqual([letter]);
    expect((await search(scoped, 'айналымы')).total).toBe(0); // covers orders only
    await sys.models.Substitution.updateOne({ _id: `sub-for-${appr}` }, { $set: { cancelledAt: new Date() } });
    expect((await search(sub, 'айналымы')).total).toBe(0);
  });

  it('shows registrars every journal’s documents and auditors everything, as canSee does', async () => {
    const { letter, secret } = await scene();
    expect(ids(await search('aud', 'құжат айналымы'))).toEqual(expect.arrayContaining([letter, secret]));
    // Both routes end in a journal, but both documents are still drafts: the registry sees them once they reach it.
    expect(ids(await search('reg', 'құжат айналымы'))).not.toEqual(expect.arrayContaining([letter]));
    await sys.models.Document.updateOne({ _id: letter }, { $set: { status: 'on-registration' } });
    await createSearchIndexer(sys.models).reindex(letter);
    const registry = ids(await search('reg', 'құжат айналымы'));
    expect(registry).toContain(letter);
    expect(registry).not.toContain(secret);
  });

  it('answers alike from another API process’s index, which follows the same feed', async () => {
    const { aliya } = await scene();
    const other = createSearchService({ models: sys.models, substitutions: sys.app.services.substitutions, memoryIndex: 'on' });
    const actor: AuthenticatedActor = { employeeId: aliya, roles: ['employee'], sessionId: 'test' };
    const before = await other.global(actor, globalSearchQuery.parse({ q: 'құжат айналымы' }));
    expect(before.items.map((i) => i.id)).toEqual(ids(await search(aliya, 'құжат айналымы')));
    const late = await create(aliya, { title: 'Кешіккен құжат айналымы' });
    // Created (and indexed) by the first process; the other one finds it at its next query.
    const after = await other.global(actor, globalSearchQuery.parse({ q: 'кешіккен' }));
    expect(after.items.map((i) => i.id)).toEqual([late]);
    expect(ids(await search(aliya, 'кешіккен'))).toEqual([late]);
  });

  it('answers a query with nothing searchable, and a page past the ranked window, with 422 naming the field', async () => {
    let res = await sys.http.get('/api/search?q=%20--%20').set(auth('aliya'));
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.q' })]);
    res = await sys.http.get('/api/search?q=хат&page=100&pageSize=50').set(auth('aliya'));
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.page' })]);
    res = await sys.http.get('/api/search').set(auth('aliya'));
    expectProblem(res, 422);
    expectProblem(await sys.http.get('/api/search?q=хат'), 401);
  });
});

// ---------------------------------------------------------------- cards written straight into the read model

const T0 = Date.parse('2026-03-02T04:00:00Z'); // 09:00 in Astana
const day = 86_400_000;

interface SeedCard {
  id: string;
  type?: string;
  title: string;
  status?: string;
  authorId?: string;
  participantIds?: string[];
  correspondent?: string;
  summary?: string;
  registration?: { journal: string; seq: number; at: number };
  resolutions?: Array<Partial<Resolution>>;
}

async function seed(c: SeedCard): Promise<void> {
  const type = c.type ?? 'incoming-paper';
  const authorId = c.authorId ?? 'clerk';
  const registration = c.registration && { journal: c.registration.journal, number: `01-12/${c.registration.seq}`, registeredAt: new Date(c.registration.at) };
  const resolutions = (c.resolutions ?? []).map((r, i) => ({
    id: `r${i}`,
    authorId: 'boss',
    text: 'Орындау',
    responsibleExecutorId: 'exec1',
    coExecutorIds: [],
    control: 'controlled',
    writtenAtMs: T0,
    state: 'open',
    ...r,
  }));
  await sys.models.Document.create({
    _id: c.id,
    type,
    title: c.title,
    authorId,
    route: { key: type, version: 1 },
    workflowId: `seeded:${c.id}`,
    status: c.status ?? 'in-execution',
    participantIds: c.participantIds ?? [authorId],
    correspondent: c.correspondent,
    summary: c.summary,
    ...(registration && { registration }),
    state: { resolutions, tasks: [] },
  });
  if (c.registration) {
    await sys.models.Registration.create({
      _id: c.id,
      journal: c.registration.journal,
      year: 2026,
      seq: c.registration.seq,
      number: registration!.number,
      registrarId: 'reg',
      registeredAt: registration!.registeredAt,
    });
  }
  await createSearchIndexer(sys.models).reindex(c.id);
}

describe('ranking', () => {
  beforeAll(async () => {
    await seed({ id: 'rank-text', title: 'Хат', summary: 'Ромашка туралы ескерту' });
    await seed({ id: 'rank-title', title: 'Ромашка туралы хат' });
    await seed({ id: 'rank-corr', title: 'Хат', correspondent: 'ТОО «Ромашка»' });
    await seed({ id: 'rank-number', title: 'Хат', registration: { journal: 'internal', seq: 7731, at: T0 } });
    await seed({ id: 'rank-text-number', title: 'Хат', summary: 'Жауап 7731 хатқа' });
  });

  it('puts a title match above a correspondent match above a body-text match', async () => {
    const page = await search('clerk', 'ромашка');
    expect(page.items.map((i) => i.id)).toEqual(['rank-title', 'rank-corr', 'rank-text']);
    expect(page.items.map((i) => i.matched[0])).toEqual(['title', 'correspondent', 'text']);
    expect(page.items[0].score).toBeGreaterThan(page.items[1].score);
  });

  it('puts the registration number first when the query is a number', async () => {
    const page = await search('clerk', '7731');
    expect(page.items.map((i) => i.id)).toEqual(['rank-number', 'rank-text-number']);
    expect(ids(await search('clerk', '01-12/7731'))).toEqual(['rank-number']);
  });

  it('pages through the ranked matches without overlap, the total counting them all', async () => {
    const first = await search('clerk', 'хат', '&pageSize=2');
    const second = await search('clerk', 'хат', '&pageSize=2&page=2');
    const third = await search('clerk', 'хат', '&pageSize=2&page=3');
    expect(first.total).toBe(5);
    const all = [...first.items, ...second.items, ...third.items].map((i) => i.id);
    expect(new Set(all).size).toBe(5);
  });
});

describe('other forms of a word (Russian Snowball stems, Kazakh endings)', () => {
  beforeAll(async () => {
    await seed({ id: 'stem-ru', title: 'График отпусков на 2027 год', authorId: 'hr' });
    await seed({ id: 'stem-ru-other', title: 'График дежурств', authorId: 'hr' });
    await seed({ id: 'stem-kk', title: 'Бұйрықтар мен құжаттар тізілімі', authorId: 'hr' });
    await seed({ id: 'stem-kk-letters', title: 'Кіріс хат', authorId: 'hr' });
  });

  const marked = (item: { title: string; titleMarks: Array<[number, number]> }) => item.titleMarks.map(([a, b]) => item.title.slice(a, b));

  it('finds "График отпусков" by "график отпуска", and marks the words as written in the title', async () => {
    const page = (await search('hr', 'график отпуска')) as Awaited<ReturnType<typeof search>> & { items: Array<{ titleMarks: Array<[number, number]> }> };
    expect(ids(page)).toEqual(['stem-ru']);
    expect(page.items[0].matched).toEqual(['title']);
    expect(marked(page.items[0])).toEqual(['График', 'отпусков']);
    expect(ids(await search('hr', 'отпуском'))).toEqual(['stem-ru']);
  });

  it('finds Kazakh words by their case and plural forms ("құжаттарды", "бұйрықтың", "хаттарға")', async () => {
    expect(ids(await search('hr', 'құжаттарды'))).toEqual(['stem-kk']);
    const page = (await search('hr', 'бұйрықтың құжаттардың')) as Awaited<ReturnType<typeof search>> & { items: Array<{ titleMarks: Array<[number, number]> }> };
    expect(ids(page)).toEqual(['stem-kk']);
    expect(marked(page.items[0])).toEqual(['Бұйрықтар', 'құжаттар']);
    expect(ids(await search('hr', 'хаттарға'))).toEqual(['stem-kk-letters']);
  });

  it('ranks the exact word above another form of it, and finds forms in advanced search too', async () => {
    // Another reader's pair: an exact "Отпуска" among hr's cards would also answer the other tests' queries.
    await seed({ id: 'stem-ru-exact', title: 'Отпуска', authorId: 'hr2' });
    await seed({ id: 'stem-ru-2', title: 'График отпусков на 2027 год', authorId: 'hr2' });
    const page = await search('hr2', 'отпуска');
    expect(page.items.map((i) => i.id)).toEqual(['stem-ru-exact', 'stem-ru-2']);
    const advanced = await sys.http.get(`/api/search/advanced?q=${encodeURIComponent('график отпуска')}`).set(auth('hr')).expect(200);
    expect(advanced.body.items.map((i: { id: string }) => i.id)).toEqual(['stem-ru']);
    expect(advanced.body.items[0].titleMarks).toEqual([[0, 6], [7, 15]]);
  });
});

describe('advanced search', () => {
  const at = (d: number) => T0 + d * day;
  const deadline = (dueAtMs: number) => ({ dueAtMs, explanation: 'test', extensions: [] });

  beforeAll(async () => {
    await seed({ id: 'adv-1', title: 'Запрос о поставке', registration: { journal: 'incoming', seq: 101, at: at(0) }, correspondent: 'ТОО «Қазақ Телеком»', resolutions: [{ controllerId: 'ctrl', deadline: deadline(Date.now() + 5 * day) }] });
    // ctrl executes adv-2: its execution task made it a participant, as recordTransition records.
    await seed({ id: 'adv-2', title: 'Жалоба', participantIds: ['clerk', 'ctrl'], registration: { journal: 'incoming', seq: 102, at: at(1) }, correspondent: 'АО «Самрук»', resolutions: [{ control: 'personal', responsibleExecutorId: 'ctrl', deadline: deadline(Date.now() - day) }] });
    await seed({ id: 'adv-3', title: 'Ақпарат', registration: { journal: 'incoming', seq: 103, at: at(2) }, resolutions: [{ control: 'none' }] });
    await seed({ id: 'adv-4', title: 'Бұйрық', type: 'order', status: 'executed', registration: { journal: 'orders', seq: 102, at: at(3) } });
    await seed({ id: 'adv-5', title: 'Шығыс хат жобасы', type: 'outgoing-letter', status: 'draft', authorId: 'exec1' });
  });

  async function advanced(who: string, query: string) {
    const res = await sys.http.get(`/api/search/advanced?${query}`).set(auth(who)).expect(200);
    return res.body as { total: number; items: Array<{ id: string; overdue: boolean; registration?: { number: string } }> };
  }
  const idsOf = async (who: string, query: string) => (await advanced(who, query)).items.map((i) => i.id);

  it('filters by journal and number range, sorted by number', async () => {
    expect(await idsOf('clerk', 'journal=incoming&numberFrom=102&numberTo=103&sort=number')).toEqual(['adv-2', 'adv-3']);
    expect(await idsOf('clerk', 'journal=incoming&numberFrom=101&sort=-number')).toEqual(['adv-3', 'adv-2', 'adv-1']);
  });

  it('filters by registration date range (whole days in Astana time)', async () => {
    expect(await idsOf('clerk', 'registeredFrom=2026-03-03&registeredTo=2026-03-04&sort=registeredAt')).toEqual(['adv-2', 'adv-3']);
    expect(await idsOf('clerk', 'registeredFrom=2026-03-05&sort=registeredAt')).toEqual(['adv-4']);
  });

  it('filters by status, document type, author, executor and correspondent', async () => {
    expect(await idsOf('clerk', 'status=executed')).toEqual(['adv-4']);
    expect(await idsOf('clerk', 'type=order,outgoing-letter&sort=title')).toEqual(['adv-4']); // adv-5 is exec1's draft
    expect(await idsOf('exec1', 'type=outgoing-letter&author=exec1')).toEqual(['adv-5']);
    expect((await idsOf('clerk', 'executor=ctrl')).sort()).toEqual(['adv-2']);
    expect(await idsOf('clerk', 'correspondent=казак%20телеком')).toEqual(['adv-1']);
  });

  it('filters by control type and overdue', async () => {
    expect((await idsOf('clerk', 'control=personal'))).toEqual(['adv-2']);
    expect((await idsOf('clerk', 'control=controlled&journal=incoming'))).toEqual(['adv-1']);
    expect((await idsOf('clerk', 'control=none&journal=incoming'))).toEqual(['adv-3']);
    const overdue = await advanced('clerk', 'overdue=true');
    expect(overdue.items.map((i) => i.id)).toEqual(['adv-2']);
    expect(overdue.items[0].overdue).toBe(true);
  });

  it('combines criteria and a keyword, and pages with an exact total', async () => {
    expect(await idsOf('clerk', 'journal=incoming&q=жалоба')).toEqual(['adv-2']);
    const page1 = await advanced('clerk', 'journal=incoming&sort=number&pageSize=2');
    const page2 = await advanced('clerk', 'journal=incoming&sort=number&pageSize=2&page=2');
    expect([page1.total, page2.total]).toEqual([3, 3]);
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(['adv-1', 'adv-2', 'adv-3']);
  });

  it('never shows nor counts documents of others', async () => {
    expect(await advanced('outsider', 'journal=incoming')).toMatchObject({ total: 0, items: [] });
    // The controller of adv-1 and the executor of adv-2 see those two only (as canSee decides).
    expect((await idsOf('ctrl', 'journal=incoming')).sort()).toEqual(['adv-1', 'adv-2']);
    expect((await advanced('aud', 'journal=incoming')).total).toBe(3);
  });

  it('refuses invalid queries with problem+json naming each field', async () => {
    const fieldsOf = async (query: string) => {
      const res = await sys.http.get(`/api/search/advanced?${query}`).set(auth('clerk'));
      expectProblem(res, 422);
      return (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    };
    expect(await fieldsOf('numberFrom=5')).toEqual(['query.journal']);
    expect(await fieldsOf('journal=incoming&numberFrom=9&numberTo=2')).toEqual(['query.numberTo']);
    expect(await fieldsOf('status=lost&overdue=maybe')).toEqual(['query.overdue', 'query.status.0']);
    expect(await fieldsOf('registeredFrom=2026-13-01')).toEqual(['query.registeredFrom']);
    expect(await fieldsOf('sort=colour')).toEqual(['query.sort']);
    expect(await fieldsOf('author[$ne]=x')).toEqual(['query']); // operators are not fields
  });
});

describe('search and canSee agree', () => {
  it('returns, for every person, exactly the documents canSee lets them open', async () => {
    // Cards of every kind of access, whatever else the file has made by now.
    const { aliya, letter } = await scene();
    await sys.http.post(`/api/documents/${letter}/actions/submit`).set(auth(aliya)).send({}).expect(200);
    await seed({ id: 'agree-draft', type: 'internal-memo', title: 'Келісу жобасы', status: 'draft', authorId: 'sub' });
    await seed({ id: 'agree-exec', title: 'Келісу орындау', authorId: 'sub', participantIds: ['sub', 'exec1'], resolutions: [{ controllerId: 'boss' }] });
    await seed({ id: 'agree-reg', title: 'Келісу тіркелген', authorId: 'aliya', registration: { journal: 'internal', seq: 9101, at: T0 } });
    await seed({ id: 'agree-order', title: 'Келісу бұйрығы', type: 'order', status: 'executed', authorId: 'boss', registration: { journal: 'orders', seq: 9102, at: T0 } });
    await seed({ id: 'agree-sub', title: 'Келісу ауыстыру', authorId: 'appr', participantIds: ['appr', 'sub'] });
    await seed({ id: 'agree-hr', title: 'Келісу кадр', authorId: 'hr', status: 'on-approval', participantIds: ['hr', 'scoped'] });
    const cards = await sys.models.Document.find({}, { participantIds: 1, authorId: 1, type: 1, registration: 1, route: 1, status: 1, state: 1 }).lean();
    const allIds = cards.map((c) => c._id).sort();
    // Advanced search without criteria lists everything the caller may see.
    for (const p of PEOPLE) {
      const employee = await sys.models.Employee.findById(p.id).lean();
      const actor: AuthenticatedActor = { employeeId: p.id, roles: employee!.roles as Role[], sessionId: 'test' };
      const expected: string[] = [];
      for (const card of cards) if (await sys.app.services.documents.canSee(actor, { ...card, participantIds: card.participantIds ?? [] })) expected.push(card._id);
      const res = await sys.http.get('/api/search/advanced?pageSize=100').set(auth(p.id)).expect(200);
      expect({ who: p.id, ids: (res.body.items as Array<{ id: string }>).map((i) => i.id).sort() }).toEqual({ who: p.id, ids: expected.sort() });
      expect(res.body.total).toBe(expected.length);
    }
    expect(allIds.length).toBeGreaterThanOrEqual(8);
  });
});
